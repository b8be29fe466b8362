// 27.010 basic-option frames against bytes from outside this project: the frame vectors of
// Zephyr's CMUX tests (zephyrproject-rtos/zephyr, tests/subsys/modem/modem_cmux/src/main.c, an
// independent implementation), whose values follow 27.010 5.2 (address, control, length, FCS).
#include "lte/mux/frame.hpp"

#include <gtest/gtest.h>

#include "lte/mux/frame_decoder.hpp"

using lte::mux::FrameDecoder;
using lte::mux::FrameType;
using Bytes = std::vector<std::uint8_t>;

namespace {

lte::mux::Frame frame(std::uint8_t dlci, FrameType type, bool cr, bool pf, Bytes info = {}) {
    return {dlci, type, cr, pf, std::move(info)};
}

std::vector<lte::mux::Frame> decode(const Bytes& bytes, std::size_t n1 = 127) {
    FrameDecoder decoder(n1);
    std::vector<lte::mux::Frame> out;
    decoder.feed(bytes, out);
    return out;
}

struct Vector {
    const char* name;
    lte::mux::Frame frame;
    Bytes bytes;
};

const Bytes kAtCgdcont{'A', 'T', '+', 'C', 'G', 'D', 'C', 'O', 'N', 'T', '=', '1', ',', '"', 'I', 'P', '"',
                       ',', '"', 't', 'r', 'a', 'c', 'k', 'u', 'n', 'i', 't', '.', 'm', '2', 'm', '"'};

// Zephyr's vectors: the initiator's commands carry C/R, the modem's UA responses too.
const std::vector<Vector> kZephyr{
    {"SABM on DLCI 0", frame(0, FrameType::SABM, true, true), {0xF9, 0x03, 0x3F, 0x01, 0x1C, 0xF9}},
    {"UA on DLCI 0", frame(0, FrameType::UA, true, true), {0xF9, 0x03, 0x73, 0x01, 0xD7, 0xF9}},
    {"SABM on DLCI 1", frame(1, FrameType::SABM, true, true), {0xF9, 0x07, 0x3F, 0x01, 0xDE, 0xF9}},
    {"UA on DLCI 1", frame(1, FrameType::UA, true, true), {0xF9, 0x07, 0x73, 0x01, 0x15, 0xF9}},
    {"DISC on DLCI 1", frame(1, FrameType::DISC, true, true), {0xF9, 0x07, 0x53, 0x01, 0x3F, 0xF9}},
    {"SABM on DLCI 2", frame(2, FrameType::SABM, true, true), {0xF9, 0x0B, 0x3F, 0x01, 0x59, 0xF9}},
    {"UA on DLCI 2", frame(2, FrameType::UA, true, true), {0xF9, 0x0B, 0x73, 0x01, 0x92, 0xF9}},
    {"DISC on DLCI 2", frame(2, FrameType::DISC, true, true), {0xF9, 0x0B, 0x53, 0x01, 0xB8, 0xF9}},
    {"CLD command in UIH",
     frame(0, FrameType::UIH, true, false, {0xC3, 0x01}),
     {0xF9, 0x03, 0xEF, 0x05, 0xC3, 0x01, 0xF2, 0xF9}},
    {"MSC command in UIH",
     frame(0, FrameType::UIH, false, true, {0xE3, 0x07, 0x0B, 0x09, 0x01}),
     {0xF9, 0x01, 0xFF, 0x0B, 0xE3, 0x07, 0x0B, 0x09, 0x01, 0x6C, 0xF9}},
    {"FCon command in UIH",
     frame(0, FrameType::UIH, false, true, {0xA3, 0x01}),
     {0xF9, 0x01, 0xFF, 0x05, 0xA3, 0x01, 0x86, 0xF9}},
    {"AT on DLCI 1",
     frame(1, FrameType::UIH, true, false, {'A', 'T'}),
     {0xF9, 0x07, 0xEF, 0x05, 0x41, 0x54, 0x30, 0xF9}},
    {"CR LF on DLCI 2",
     frame(2, FrameType::UIH, true, false, {'\r', '\n'}),
     {0xF9, 0x0B, 0xEF, 0x05, 0x0D, 0x0A, 0xB7, 0xF9}},
};

}  // namespace

TEST(CmuxFrame, EncodesAsAnIndependentImplementationDoes) {
    for (const auto& v : kZephyr) EXPECT_EQ(lte::mux::encode(v.frame), v.bytes) << v.name;
}

TEST(CmuxFrame, DecodesWhatAnIndependentImplementationSends) {
    for (const auto& v : kZephyr) {
        const auto frames = decode(v.bytes);
        ASSERT_EQ(frames.size(), 1u) << v.name;
        EXPECT_EQ(frames[0], v.frame) << v.name;
    }
}

TEST(CmuxFrame, AtCommandOfThirtyThreeBytesOnDlci2) {
    Bytes bytes{0xF9, 0x0B, 0xEF, 0x43};
    bytes.insert(bytes.end(), kAtCgdcont.begin(), kAtCgdcont.end());
    bytes.insert(bytes.end(), {0x23, 0xF9});
    EXPECT_EQ(lte::mux::encode(frame(2, FrameType::UIH, true, false, kAtCgdcont)), bytes);
    const auto frames = decode(bytes);
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].info, kAtCgdcont);
}

TEST(CmuxFrame, ALengthOverN1IsDroppedAndTheNextFrameStillComes) {
    // Zephyr's "invalid length" case: 0xFE says 127 bytes with EA clear, far past N1 and the frame.
    Bytes bytes{0xF9, 0x0B, 0xEF, 0xFE};
    bytes.insert(bytes.end(), kAtCgdcont.begin(), kAtCgdcont.end());
    bytes.insert(bytes.end(), {0x23, 0xF9, 0xF9, 0x07, 0xEF, 0x05, 0x41, 0x54, 0x30, 0xF9});
    FrameDecoder decoder(127);
    std::vector<lte::mux::Frame> out;
    decoder.feed(bytes, out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].info, (Bytes{'A', 'T'}));
    EXPECT_EQ(decoder.stats().malformed, 1u);
}

TEST(CmuxFrame, TwoOctetLengthsRoundTrip) {
    const Bytes info(300, 0x7E);
    const auto bytes = lte::mux::encode(frame(2, FrameType::UIH, true, false, info));
    EXPECT_EQ(bytes[3], (300 & 0x7F) << 1) << "EA clear: a second length octet follows";
    EXPECT_EQ(bytes[4], 300 >> 7);
    const auto frames = decode(bytes, 1500);
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].info, info);
}

TEST(CmuxFrame, UiFramesCoverTheirInformationInTheFcs) {
    auto bytes = lte::mux::encode(frame(1, FrameType::UI, true, false, {'A', 'T'}));
    const auto uih = lte::mux::encode(frame(1, FrameType::UIH, true, false, {'A', 'T'}));
    EXPECT_NE(bytes[bytes.size() - 2], uih[uih.size() - 2]);
    bytes[5] ^= 0x01;  // 'T' -> 'U': only a UI frame notices
    EXPECT_TRUE(decode(bytes).empty());
}

TEST(CmuxFrame, BadFcsIsCountedAndDroppedNotDelivered) {
    FrameDecoder decoder(127);
    std::vector<lte::mux::Frame> out;
    decoder.feed(Bytes{0xF9, 0x07, 0xEF, 0x05, 0x41, 0x54, 0x31, 0xF9}, out);
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(decoder.stats().bad_fcs, 1u);
    decoder.feed(Bytes{0xF9, 0x07, 0xEF, 0x05, 0x41, 0x54, 0x30, 0xF9}, out);
    EXPECT_EQ(out.size(), 1u) << "the decoder is not stuck after a bad frame";
}

TEST(CmuxFrame, GarbageAndPlainAtTextBetweenFramesAreSkipped) {
    Bytes bytes{'\r', '\n', 'O', 'K', '\r', '\n', 0x00, 0xF9, 0xF9, 0xF9};
    const auto at = lte::mux::encode(frame(1, FrameType::UIH, true, false, {'A', 'T'}));
    bytes.insert(bytes.end(), at.begin() + 1, at.end());  // one flag closes the run of flags, opens it
    const auto ua = lte::mux::encode(frame(0, FrameType::UA, true, true));
    bytes.insert(bytes.end(), ua.begin() + 1, ua.end());  // the closing flag of one opens the next
    FrameDecoder decoder(127);
    std::vector<lte::mux::Frame> out;
    decoder.feed(bytes, out);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].info, (Bytes{'A', 'T'}));
    EXPECT_EQ(out[1].type, FrameType::UA);
    EXPECT_EQ(decoder.stats().skipped_bytes, 7u);
}

TEST(CmuxFrame, AFlagThatBreaksAFrameOpensTheNext) {
    // A frame cut short after its address: the next frame's opening flag lands as its control.
    Bytes bytes{0xF9, 0x07};
    const auto at = lte::mux::encode(frame(1, FrameType::UIH, true, false, {'A', 'T'}));
    bytes.insert(bytes.end(), at.begin(), at.end());
    const auto frames = decode(bytes);
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].info, (Bytes{'A', 'T'}));
}

TEST(CmuxFrame, BytesCutAtEveryPositionGiveTheSameFrames) {
    Bytes stream;
    for (const auto& v : kZephyr) stream.insert(stream.end(), v.bytes.begin(), v.bytes.end());
    FrameDecoder decoder(127);
    std::vector<lte::mux::Frame> out;
    for (const std::uint8_t b : stream) decoder.feed(std::span(&b, 1), out);
    ASSERT_EQ(out.size(), kZephyr.size());
    for (std::size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], kZephyr[i].frame) << kZephyr[i].name;
}

TEST(CmuxFrame, EncodeRefusesWhatNoFrameCanCarry) {
    EXPECT_THROW((void)lte::mux::encode(frame(64, FrameType::UIH, true, false)), std::invalid_argument);
    EXPECT_THROW((void)lte::mux::encode(frame(1, FrameType::UIH, true, false, Bytes(lte::mux::kMaxLength + 1))),
                 std::invalid_argument);
}
