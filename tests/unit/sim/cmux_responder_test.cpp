// The simulator's 27.010 responder, driven with the initiator frames of Zephyr's CMUX tests
// (tests/subsys/modem/modem_cmux/src/main.c): it must answer them with the frames Zephyr expects.
#include "lte/sim/cmux_responder.hpp"

#include <gtest/gtest.h>

#include "lte/mux/control_message.hpp"
#include "lte/mux/frame.hpp"
#include "lte/mux/frame_decoder.hpp"

using lte::mux::Frame;
using lte::mux::FrameType;
using lte::sim::CmuxResponder;
using Bytes = std::vector<std::uint8_t>;

namespace {

struct Wire {
    std::string written;
    std::vector<std::pair<int, std::string>> data;
    std::vector<int> closed;
    int ended = 0;
    CmuxResponder responder{
        127, CmuxResponder::Hooks{[this](std::string bytes, std::chrono::milliseconds) { written += bytes; },
                                  [this](int port, std::string_view bytes) { data.emplace_back(port, bytes); },
                                  [this](int port) { closed.push_back(port); }, [this] { ++ended; }}};

    std::string take(const Bytes& in) {
        written.clear();
        responder.receive(std::string(in.begin(), in.end()));
        return written;
    }
    static std::string str(const Bytes& b) { return {b.begin(), b.end()}; }
    std::vector<Frame> frames() const {
        lte::mux::FrameDecoder decoder(127);
        std::vector<Frame> out;
        decoder.feed(std::span(reinterpret_cast<const std::uint8_t*>(written.data()), written.size()), out);
        return out;
    }
    void open() {
        take({0xF9, 0x03, 0x3F, 0x01, 0x1C, 0xF9});
        take({0xF9, 0x07, 0x3F, 0x01, 0xDE, 0xF9});
        take({0xF9, 0x0B, 0x3F, 0x01, 0x59, 0xF9});
    }
};

}  // namespace

TEST(CmuxResponder, AnswersZephyrsSabmAndDiscWithTheUaZephyrExpects) {
    Wire w;
    EXPECT_EQ(w.take({0xF9, 0x03, 0x3F, 0x01, 0x1C, 0xF9}), Wire::str({0xF9, 0x03, 0x73, 0x01, 0xD7, 0xF9}));
    const auto dlci1 = w.take({0xF9, 0x07, 0x3F, 0x01, 0xDE, 0xF9});
    EXPECT_TRUE(dlci1.starts_with(Wire::str({0xF9, 0x07, 0x73, 0x01, 0x15, 0xF9})));
    const auto msc = w.frames();
    ASSERT_EQ(msc.size(), 2u) << "UA, then the modem's status of the new channel";
    const auto status = lte::mux::modem_status(lte::mux::decode_control(msc[1].info)->at(0));
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->dlci, 1);
    EXPECT_TRUE(status->data_valid && status->ready_to_communicate && status->ready_to_receive);
    EXPECT_TRUE(
        w.take({0xF9, 0x0B, 0x3F, 0x01, 0x59, 0xF9}).starts_with(Wire::str({0xF9, 0x0B, 0x73, 0x01, 0x92, 0xF9})));
    EXPECT_EQ(w.take({0xF9, 0x07, 0x53, 0x01, 0x3F, 0xF9}), Wire::str({0xF9, 0x07, 0x73, 0x01, 0x15, 0xF9}));
    EXPECT_EQ(w.closed, std::vector<int>{0}) << "DLCI 1 is the model's port 0";
    EXPECT_EQ(w.take({0xF9, 0x0B, 0x53, 0x01, 0xB8, 0xF9}), Wire::str({0xF9, 0x0B, 0x73, 0x01, 0x92, 0xF9}));
    EXPECT_EQ(w.closed, (std::vector<int>{0, 1}));
}

TEST(CmuxResponder, ClosesDownOnZephyrsCldWithItsResponse) {
    Wire w;
    w.open();
    const auto answer = w.take({0xF9, 0x03, 0xEF, 0x05, 0xC3, 0x01, 0xF2, 0xF9});
    const auto frames = w.frames();
    ASSERT_EQ(frames.size(), 1u) << answer.size();
    EXPECT_EQ(frames[0].info, (Bytes{0xC1, 0x01})) << "CLD's response";
    EXPECT_EQ(w.ended, 1);
}

TEST(CmuxResponder, ChannelsCarryTheModelsPortsBothWays) {
    Wire w;
    w.open();
    w.take({0xF9, 0x07, 0xEF, 0x05, 0x41, 0x54, 0x30, 0xF9});  // "AT" on DLCI 1
    ASSERT_EQ(w.data.size(), 1u);
    EXPECT_EQ(w.data[0], (std::pair<int, std::string>{0, "AT"}));
    w.written.clear();
    w.responder.send(1, std::string(300, '~'), std::chrono::milliseconds{0});
    const auto frames = w.frames();
    ASSERT_EQ(frames.size(), 3u) << "300 bytes in frames of N1 = 127 at most";
    std::size_t total = 0;
    for (const auto& f : frames) {
        EXPECT_EQ(f.dlci, 2);
        EXPECT_EQ(f.type, FrameType::UIH);
        EXPECT_LE(f.info.size(), 127u);
        total += f.info.size();
    }
    EXPECT_EQ(total, 300u);
}

TEST(CmuxResponder, RefusesChannelsBeforeDlci0AndDropsDataOnClosedOnes) {
    Wire w;
    w.take({0xF9, 0x07, 0x3F, 0x01, 0xDE, 0xF9});
    const auto frames = w.frames();
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].type, FrameType::DM);
    w.take({0xF9, 0x07, 0xEF, 0x05, 0x41, 0x54, 0x30, 0xF9});
    EXPECT_TRUE(w.data.empty());
    w.written.clear();
    w.responder.send(0, "OK", std::chrono::milliseconds{0});
    EXPECT_TRUE(w.written.empty());
}

TEST(CmuxResponder, CarrierLossIsAnMscWithoutDv) {
    Wire w;
    w.open();
    w.written.clear();
    w.responder.carrier_lost(1);
    const auto frames = w.frames();
    ASSERT_EQ(frames.size(), 1u);
    const auto status = lte::mux::modem_status(lte::mux::decode_control(frames[0].info)->at(0));
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->dlci, 2);
    EXPECT_FALSE(status->data_valid);
}

TEST(CmuxResponder, UnknownControlMessagesGetNsc) {
    Wire w;
    w.open();
    w.take(lte::mux::encode(Frame{0, FrameType::UIH, true, false, {0xFF, 0x01}}));  // type 0x3F: none
    const auto frames = w.frames();
    ASSERT_EQ(frames.size(), 1u);
    const auto nsc = lte::mux::decode_control(frames[0].info);
    ASSERT_TRUE(nsc.has_value());
    EXPECT_EQ(nsc->at(0).type, lte::mux::ControlType::NSC);
    EXPECT_EQ(nsc->at(0).values, (Bytes{0xFF}));
}
