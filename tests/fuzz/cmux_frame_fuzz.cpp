// Fuzzes mux::FrameDecoder: whatever the UART delivers and however it is cut into reads, the
// decoder gives the same frames, none longer than N1, each one that re-encodes to bytes it decodes
// back from; its counters agree with what it delivered. The frame decoder is what a modem (or
// line noise) talks to first on a single-UART link.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "lte/mux/control_message.hpp"
#include "lte/mux/frame.hpp"
#include "lte/mux/frame_decoder.hpp"

namespace {

void check(bool ok) {
    if (!ok) std::abort();
}

std::vector<lte::mux::Frame> decode(std::span<const std::uint8_t> bytes, std::size_t n1, std::uint8_t seed,
                                    bool one_read) {
    lte::mux::FrameDecoder decoder(n1);
    std::vector<lte::mux::Frame> out;
    if (one_read) {
        decoder.feed(bytes, out);
    } else {
        unsigned state = seed | 1U;
        while (!bytes.empty()) {
            state = state * 1103515245U + 12345U;
            const std::size_t n = std::min<std::size_t>(bytes.size(), 1 + (state >> 16U) % 23);
            decoder.feed(bytes.first(n), out);
            bytes = bytes.subspan(n);
        }
    }
    check(decoder.stats().frames == out.size());
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::size_t n1 = 1 + data[0];  // 1..256: small N1s make the length check matter
    const std::uint8_t seed = data[1];
    const std::span<const std::uint8_t> bytes(data + 2, size - 2);

    const auto whole = decode(bytes, n1, seed, true);
    const auto pieces = decode(bytes, n1, seed, false);
    check(whole == pieces);
    for (const auto& frame : whole) {
        check(frame.info.size() <= n1 && frame.dlci <= lte::mux::kMaxDlci);
        const auto again = decode(lte::mux::encode(frame), n1, seed, true);
        check(again.size() == 1 && again[0] == frame);
        if (frame.dlci == 0 && frame.type == lte::mux::FrameType::UIH) {
            // Control messages: whatever decodes re-encodes to a field that decodes the same.
            if (const auto messages = lte::mux::decode_control(frame.info)) {
                std::vector<std::uint8_t> field;
                for (const auto& m : *messages) {
                    const auto one = lte::mux::encode(m);
                    field.insert(field.end(), one.begin(), one.end());
                }
                check(lte::mux::decode_control(field) == messages);
            }
        }
    }
    return 0;
}
