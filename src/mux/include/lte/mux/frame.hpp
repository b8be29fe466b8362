#pragma once
// 3GPP TS 27.010 basic option frames: the unit a CMUX link speaks on a single UART.
//   F9 | address | control | length (1 or 2 octets) | information | FCS | F9
// No byte stuffing: the length, not the flags, says where a frame ends (27.010 5.2.6).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace lte::mux {

inline constexpr std::uint8_t kFlag = 0xF9;
inline constexpr std::uint8_t kMaxDlci = 63;
// The longest information field a two-octet length can say (15 bits).
inline constexpr std::size_t kMaxLength = 0x7FFF;

// The control field without its P/F bit (27.010 5.2.1.3).
enum class FrameType : std::uint8_t {
    SABM = 0x2F,  // set asynchronous balanced mode: open a channel
    UA = 0x63,    // unnumbered acknowledgement
    DM = 0x0F,    // disconnected mode: the channel is not open
    DISC = 0x43,  // disconnect: close a channel
    UIH = 0xEF,   // information, the FCS over the header only: data and control messages
    UI = 0x03,    // information, the FCS over the information too
};

struct Frame {
    std::uint8_t dlci = 0;
    FrameType type = FrameType::UIH;
    // The address field's C/R bit as sent; what it means depends on who sent it (27.010 5.2.1.2):
    // set on the initiator's commands and the responder's responses.
    bool cr = false;
    bool poll_final = false;  // P on a command, F on its response
    std::vector<std::uint8_t> info;

    bool operator==(const Frame&) const = default;
};

// 27.010 5.2.1.6: CRC-8 of x^8 + x^2 + x + 1, bits reflected, register starting at FF; the FCS sent
// is its ones' complement. Over address, control and length; for UI frames the information too.
[[nodiscard]] std::uint8_t fcs(std::span<const std::uint8_t> bytes);

// The frame's bytes, both flags included. Throws std::invalid_argument for a DLCI over 63 or
// information longer than kMaxLength: a caller bug, never data from the modem.
[[nodiscard]] std::vector<std::uint8_t> encode(const Frame& frame);

// Whether `byte` (its P/F bit cleared) is one of the frame types above.
[[nodiscard]] bool is_frame_type(std::uint8_t byte);

}  // namespace lte::mux
