#pragma once
// Multiplexer control messages (27.010 5.4.6): carried in UIH frames on DLCI 0 as
//   type octet (EA, C/R, 6 type bits) | length octets (EA-extended) | values
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace lte::mux {

// The six type bits (27.010 5.4.6.3). Any other value may arrive; it is answered with NSC.
enum class ControlType : std::uint8_t {
    PN = 0x20,     // DLC parameter negotiation
    PSC = 0x10,    // power saving control
    CLD = 0x30,    // multiplexer close down: back to plain AT
    Test = 0x08,   // echo
    FCon = 0x28,   // flow control on, all channels
    FCoff = 0x18,  // flow control off, all channels
    MSC = 0x38,    // modem status: V.24 signals of one DLCI
    NSC = 0x04,    // not supported command response
    RPN = 0x24,    // remote port negotiation
    RLS = 0x14,    // remote line status
    SNC = 0x34,    // service negotiation
};

struct ControlMessage {
    ControlType type = ControlType::Test;
    bool command = true;  // C/R in the type octet: a command, or the response to one
    std::vector<std::uint8_t> values;

    bool operator==(const ControlMessage&) const = default;
};

// The information field of the UIH frame that carries `message`.
[[nodiscard]] std::vector<std::uint8_t> encode(const ControlMessage& message);

// The messages in one information field (27.010 lets several share a frame), or nullopt when a
// length runs past the end: the frame is then ignored, not half-read.
[[nodiscard]] std::optional<std::vector<ControlMessage>> decode_control(std::span<const std::uint8_t> info);

// MSC's values: the DLCI and its V.24 signals (27.010 5.4.6.3.7).
struct ModemStatus {
    std::uint8_t dlci = 0;
    bool flow_control = false;         // FC: the sender cannot take frames on this DLCI now
    bool ready_to_communicate = true;  // RTC (DSR/DTR)
    bool ready_to_receive = true;      // RTR (CTS/RTS)
    bool ring = false;                 // IC
    bool data_valid = true;            // DV (DCD): carrier; its loss ends the call

    bool operator==(const ModemStatus&) const = default;
};

[[nodiscard]] ControlMessage modem_status_message(const ModemStatus& status, bool command);
// The status an MSC carries, or nullopt when the message is no MSC or is too short.
[[nodiscard]] std::optional<ModemStatus> modem_status(const ControlMessage& message);

}  // namespace lte::mux
