#include "lte/mux/control_message.hpp"

namespace lte::mux {

namespace {

constexpr std::uint8_t kEa = 0x01;
constexpr std::uint8_t kCr = 0x02;
// V.24 signal bits of MSC's second value octet (27.010 table 6), EA in bit 0.
constexpr std::uint8_t kFc = 0x02;
constexpr std::uint8_t kRtc = 0x04;
constexpr std::uint8_t kRtr = 0x08;
constexpr std::uint8_t kIc = 0x40;
constexpr std::uint8_t kDv = 0x80;

}  // namespace

std::vector<std::uint8_t> encode(const ControlMessage& message) {
    std::vector<std::uint8_t> out;
    out.reserve(message.values.size() + 3);
    out.push_back(
        static_cast<std::uint8_t>((static_cast<unsigned>(message.type) << 2U) | (message.command ? kCr : 0U) | kEa));
    // Length octets, seven bits each, low first; EA marks the last.
    std::size_t length = message.values.size();
    do {
        auto octet = static_cast<std::uint8_t>((length & 0x7FU) << 1U);
        length >>= 7U;
        if (length == 0) octet |= kEa;
        out.push_back(octet);
    } while (length != 0);
    out.insert(out.end(), message.values.begin(), message.values.end());
    return out;
}

std::optional<std::vector<ControlMessage>> decode_control(std::span<const std::uint8_t> info) {
    std::vector<ControlMessage> messages;
    std::size_t pos = 0;
    while (pos < info.size()) {
        const std::uint8_t type = info[pos++];
        std::size_t length = 0;
        unsigned shift = 0;
        bool last = false;
        while (!last) {
            if (pos == info.size() || shift > 14) return std::nullopt;  // no 27.010 message is that long
            const std::uint8_t octet = info[pos++];
            length |= static_cast<std::size_t>(octet >> 1U) << shift;
            shift += 7;
            last = (octet & kEa) != 0;
        }
        if (length > info.size() - pos) return std::nullopt;
        const auto values = info.subspan(pos, length);
        messages.push_back({static_cast<ControlType>(type >> 2U), (type & kCr) != 0, {values.begin(), values.end()}});
        pos += length;
    }
    return messages;
}

ControlMessage modem_status_message(const ModemStatus& status, bool command) {
    const auto address = static_cast<std::uint8_t>((status.dlci << 2U) | kCr | kEa);
    const auto signals = static_cast<std::uint8_t>(
        kEa | (status.flow_control ? kFc : 0U) | (status.ready_to_communicate ? kRtc : 0U) |
        (status.ready_to_receive ? kRtr : 0U) | (status.ring ? kIc : 0U) | (status.data_valid ? kDv : 0U));
    return {ControlType::MSC, command, {address, signals}};
}

std::optional<ModemStatus> modem_status(const ControlMessage& message) {
    if (message.type != ControlType::MSC || message.values.size() < 2) return std::nullopt;
    const std::uint8_t signals = message.values[1];
    return ModemStatus{static_cast<std::uint8_t>(message.values[0] >> 2U),
                       (signals & kFc) != 0,
                       (signals & kRtc) != 0,
                       (signals & kRtr) != 0,
                       (signals & kIc) != 0,
                       (signals & kDv) != 0};
}

}  // namespace lte::mux
