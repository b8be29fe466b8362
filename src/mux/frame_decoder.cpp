#include "lte/mux/frame_decoder.hpp"

namespace lte::mux {

namespace {

constexpr std::uint8_t kEa = 0x01;
constexpr std::uint8_t kCr = 0x02;
constexpr std::uint8_t kPollFinal = 0x10;

}  // namespace

FrameDecoder::FrameDecoder(std::size_t max_info) : max_info_(max_info < kMaxLength ? max_info : kMaxLength) {
    header_.reserve(4);
}

void FrameDecoder::feed(std::span<const std::uint8_t> bytes, std::vector<Frame>& out) {
    for (const std::uint8_t b : bytes) step(b, out);
}

void FrameDecoder::drop(std::uint64_t& counter, std::uint8_t byte) {
    ++counter;
    // The byte that broke the frame may be the flag that opens the next one (its predecessor lost
    // bytes): take it as such rather than hunt past it.
    expect_ = byte == kFlag ? Expect::Address : Expect::Flag;
}

void FrameDecoder::step(std::uint8_t byte, std::vector<Frame>& out) {
    switch (expect_) {
        case Expect::Flag:
            if (byte == kFlag)
                expect_ = Expect::Address;
            else
                ++stats_.skipped_bytes;
            return;
        case Expect::Address:
            if (byte == kFlag) return;  // flags between frames, or a closing flag then an opening one
            if ((byte & kEa) == 0) return drop(stats_.malformed, byte);  // the basic option has one address octet
            header_.assign(1, byte);
            frame_ = Frame{};
            frame_.dlci = static_cast<std::uint8_t>(byte >> 2U);
            frame_.cr = (byte & kCr) != 0;
            expect_ = Expect::Control;
            return;
        case Expect::Control:
            if (!is_frame_type(byte)) return drop(stats_.malformed, byte);
            header_.push_back(byte);
            frame_.type = static_cast<FrameType>(byte & ~kPollFinal);
            frame_.poll_final = (byte & kPollFinal) != 0;
            expect_ = Expect::Length;
            return;
        case Expect::Length:
            header_.push_back(byte);
            length_ = byte >> 1U;
            if ((byte & kEa) == 0) {
                expect_ = Expect::LengthHigh;
                return;
            }
            return start_info(byte);
        case Expect::LengthHigh:
            header_.push_back(byte);
            length_ |= static_cast<std::size_t>(byte) << 7U;
            return start_info(byte);
        case Expect::Info:
            frame_.info.push_back(byte);
            if (frame_.info.size() == length_) expect_ = Expect::Fcs;
            return;
        case Expect::Fcs: return finish(byte);
        case Expect::ClosingFlag:
            if (byte != kFlag) return drop(stats_.malformed, byte);  // the length was wrong: not a frame
            if (!fcs_ok_) {
                ++stats_.bad_fcs;
            } else {
                ++stats_.frames;
                out.push_back(std::move(frame_));
            }
            frame_ = Frame{};
            expect_ = Expect::Address;  // this flag may open the next frame as well
            return;
    }
}

void FrameDecoder::start_info(std::uint8_t length_byte) {
    if (length_ > max_info_) return drop(stats_.malformed, length_byte);
    frame_.info.reserve(length_);
    expect_ = length_ == 0 ? Expect::Fcs : Expect::Info;
}

void FrameDecoder::finish(std::uint8_t received_fcs) {
    std::uint8_t expected = 0;
    if (frame_.type == FrameType::UI) {
        std::vector<std::uint8_t> covered = header_;
        covered.insert(covered.end(), frame_.info.begin(), frame_.info.end());
        expected = fcs(covered);
    } else {
        expected = fcs(header_);
    }
    fcs_ok_ = expected == received_fcs;
    expect_ = Expect::ClosingFlag;
}

}  // namespace lte::mux
