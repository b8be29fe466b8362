#include "lte/mux/frame.hpp"

#include <array>
#include <stdexcept>
#include <string>

namespace lte::mux {

namespace {

constexpr std::uint8_t kPollFinal = 0x10;

// The reflected polynomial of x^8 + x^2 + x + 1 (0x07 bit-reversed), a table of all 256 steps.
constexpr std::array<std::uint8_t, 256> make_crc_table() {
    std::array<std::uint8_t, 256> table{};
    for (unsigned i = 0; i < 256; ++i) {
        auto crc = static_cast<std::uint8_t>(i);
        for (int bit = 0; bit < 8; ++bit)
            crc = static_cast<std::uint8_t>((crc & 1U) != 0 ? (crc >> 1U) ^ 0xE0U : crc >> 1U);
        table[i] = crc;
    }
    return table;
}
constexpr auto kCrcTable = make_crc_table();

}  // namespace

std::uint8_t fcs(std::span<const std::uint8_t> bytes) {
    std::uint8_t crc = 0xFF;
    for (const std::uint8_t b : bytes) crc = kCrcTable[crc ^ b];
    return static_cast<std::uint8_t>(0xFF - crc);
}

bool is_frame_type(std::uint8_t byte) {
    switch (static_cast<FrameType>(byte & ~kPollFinal)) {
        case FrameType::SABM:
        case FrameType::UA:
        case FrameType::DM:
        case FrameType::DISC:
        case FrameType::UIH:
        case FrameType::UI: return true;
    }
    return false;
}

std::vector<std::uint8_t> encode(const Frame& frame) {
    if (frame.dlci > kMaxDlci) throw std::invalid_argument("CMUX DLCI " + std::to_string(frame.dlci) + " is over 63");
    if (frame.info.size() > kMaxLength)
        throw std::invalid_argument("CMUX frame of " + std::to_string(frame.info.size()) + " bytes is over " +
                                    std::to_string(kMaxLength));
    std::vector<std::uint8_t> out;
    out.reserve(frame.info.size() + 7);
    out.push_back(kFlag);
    out.push_back(static_cast<std::uint8_t>((frame.dlci << 2U) | (frame.cr ? 0x02U : 0U) | 0x01U));
    out.push_back(
        static_cast<std::uint8_t>(static_cast<std::uint8_t>(frame.type) | (frame.poll_final ? kPollFinal : 0U)));
    const std::size_t length = frame.info.size();
    if (length <= 0x7F) {
        out.push_back(static_cast<std::uint8_t>((length << 1U) | 0x01U));
    } else {  // EA clear: a second octet carries the high bits
        out.push_back(static_cast<std::uint8_t>((length & 0x7FU) << 1U));
        out.push_back(static_cast<std::uint8_t>(length >> 7U));
    }
    const std::size_t header_end = out.size();
    out.insert(out.end(), frame.info.begin(), frame.info.end());
    const std::size_t covered = frame.type == FrameType::UI ? out.size() : header_end;
    out.push_back(fcs(std::span(out).subspan(1, covered - 1)));
    out.push_back(kFlag);
    return out;
}

}  // namespace lte::mux
