#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "lte/mux/frame.hpp"

namespace lte::mux {

// What the decoder threw away, for `status` and the logs: a UART drops and garbles bytes, and a
// modem that leaves mux mode talks plain AT again.
struct DecodeStats {
    std::uint64_t frames = 0;         // good frames delivered
    std::uint64_t bad_fcs = 0;        // frames whose FCS did not match
    std::uint64_t malformed = 0;      // a header no frame can have, or a length over N1
    std::uint64_t skipped_bytes = 0;  // bytes outside any frame (garbage, plain-AT text)
};

// Turns the UART's bytes, cut into reads anyhow, into checked frames. A frame is delivered only
// when its FCS matches and its closing flag is there; anything else is dropped and the decoder
// hunts for the next flag. Memory stays under N1 (`max_info`) plus the header whatever comes.
class FrameDecoder {
public:
    // max_info: N1, the longest information field agreed (AT+CMUX's N1; 31 by default in 27.010).
    explicit FrameDecoder(std::size_t max_info);

    // Appends the frames completed by `bytes` to `out`, in order.
    void feed(std::span<const std::uint8_t> bytes, std::vector<Frame>& out);

    [[nodiscard]] const DecodeStats& stats() const noexcept { return stats_; }

private:
    enum class Expect : std::uint8_t { Flag, Address, Control, Length, LengthHigh, Info, Fcs, ClosingFlag };

    void step(std::uint8_t byte, std::vector<Frame>& out);
    void start_info(std::uint8_t length_byte);
    void finish(std::uint8_t received_fcs);
    void drop(std::uint64_t& counter, std::uint8_t byte);

    std::size_t max_info_;
    Expect expect_ = Expect::Flag;
    std::vector<std::uint8_t> header_;  // address, control, length octets: what the FCS covers
    std::size_t length_ = 0;
    Frame frame_;
    bool fcs_ok_ = false;
    DecodeStats stats_;
};

}  // namespace lte::mux
