// 27.010 5.4.6 control messages against Zephyr's CMUX test vectors (see frame_test.cpp) and the
// type octets of 27.010 5.4.6.3.
#include "lte/mux/control_message.hpp"

#include <gtest/gtest.h>

using lte::mux::ControlMessage;
using lte::mux::ControlType;
using Bytes = std::vector<std::uint8_t>;

TEST(CmuxControl, TypeOctetsAreThoseOfTheStandard) {
    EXPECT_EQ(lte::mux::encode(ControlMessage{ControlType::CLD, true, {}}), (Bytes{0xC3, 0x01}));
    EXPECT_EQ(lte::mux::encode(ControlMessage{ControlType::CLD, false, {}}), (Bytes{0xC1, 0x01}));
    EXPECT_EQ(lte::mux::encode(ControlMessage{ControlType::FCon, true, {}}), (Bytes{0xA3, 0x01}));
    EXPECT_EQ(lte::mux::encode(ControlMessage{ControlType::FCoff, false, {}}), (Bytes{0x61, 0x01}));
    EXPECT_EQ(lte::mux::encode(ControlMessage{ControlType::Test, true, {1, 2}}), (Bytes{0x23, 0x05, 1, 2}));
}

TEST(CmuxControl, DecodesZephyrsMscWithItsBreakOctet) {
    const auto messages = lte::mux::decode_control(Bytes{0xE3, 0x07, 0x0B, 0x09, 0x01});
    ASSERT_TRUE(messages.has_value());
    ASSERT_EQ(messages->size(), 1u);
    const auto& msc = (*messages)[0];
    EXPECT_EQ(msc.type, ControlType::MSC);
    EXPECT_TRUE(msc.command);
    const auto status = lte::mux::modem_status(msc);
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->dlci, 2);
    EXPECT_TRUE(status->ready_to_receive);
    EXPECT_FALSE(status->ready_to_communicate);
    EXPECT_FALSE(status->data_valid);
    EXPECT_FALSE(status->flow_control);
}

TEST(CmuxControl, ModemStatusRoundTripsAndCarrierLossIsSeen) {
    lte::mux::ModemStatus up{2, false, true, true, false, true};
    const auto bytes = lte::mux::encode(lte::mux::modem_status_message(up, true));
    EXPECT_EQ(bytes, (Bytes{0xE3, 0x05, 0x0B, 0x8D}));
    auto decoded = lte::mux::decode_control(bytes);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(lte::mux::modem_status((*decoded)[0]), up);
    up.data_valid = false;
    decoded = lte::mux::decode_control(lte::mux::encode(lte::mux::modem_status_message(up, false)));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_FALSE(lte::mux::modem_status((*decoded)[0])->data_valid);
    EXPECT_FALSE((*decoded)[0].command);
}

TEST(CmuxControl, SeveralMessagesInOneFrameAndAnUnknownTypeKept) {
    const auto messages = lte::mux::decode_control(Bytes{0xA3, 0x01, 0xFF, 0x03, 0x42});
    ASSERT_TRUE(messages.has_value());
    ASSERT_EQ(messages->size(), 2u);
    EXPECT_EQ((*messages)[0].type, ControlType::FCon);
    EXPECT_EQ(static_cast<unsigned>((*messages)[1].type), 0x3Fu) << "kept raw, to be answered with NSC";
    EXPECT_EQ((*messages)[1].values, (Bytes{0x42}));
}

TEST(CmuxControl, ALengthPastTheEndIsRefusedWhole) {
    EXPECT_FALSE(lte::mux::decode_control(Bytes{0xE3, 0x07, 0x0B}).has_value());
    EXPECT_FALSE(lte::mux::decode_control(Bytes{0xE3}).has_value()) << "no length octet";
    EXPECT_FALSE(lte::mux::decode_control(Bytes{0xE3, 0x00, 0x00, 0x00}).has_value()) << "a length without end";
}

TEST(CmuxControl, LongValuesTakeTwoLengthOctets) {
    const ControlMessage test{ControlType::Test, true, Bytes(200, 0x55)};
    const auto bytes = lte::mux::encode(test);
    EXPECT_EQ(bytes[1], (200 & 0x7F) << 1);
    EXPECT_EQ(bytes[2], ((200 >> 7) << 1) | 1);
    const auto decoded = lte::mux::decode_control(bytes);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ((*decoded)[0], test);
}
