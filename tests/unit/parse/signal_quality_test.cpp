#include "lte/parse/signal_quality.hpp"

#include <gtest/gtest.h>

namespace lte::parse {
namespace {

// Seed 001 (SIM7672 right after PPP came up): nothing known yet.
TEST(Csq, SeedLineAllUnknown) {
    const auto q = parse_csq("+CSQ: 99,99");
    ASSERT_TRUE(q);
    EXPECT_FALSE(q->rssi_dbm);
    EXPECT_FALSE(q->ber);
}

// Seed 003 (SIM7000 on NB-IoT).
TEST(Csq, SeedLineRssiEighteen) {
    const auto q = parse_csq("+CSQ: 18,99");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->rssi_dbm, -113 + 2 * 18);
    EXPECT_FALSE(q->ber);
}

TEST(Csq, RangeEndsAndBer) {
    EXPECT_EQ(parse_csq("+CSQ: 0,0")->rssi_dbm, -113);
    EXPECT_EQ(parse_csq("+CSQ: 31,7")->rssi_dbm, -51);
    EXPECT_EQ(parse_csq("+CSQ:31,7")->ber, 7);
}

TEST(Csq, OutOfRangeOrMalformedIsRejected) {
    for (const char* line : {"+CSQ: 32,0", "+CSQ: 98,0", "+CSQ: 20,8", "+CSQ: 20", "+CSQ: 20,0,1", "+CSQ: -1,0",
                             "+CSQ: a,b", "+CSQ:", R"(+CSQ: "20",0)", "+CESQ: 20,0"}) {
        EXPECT_FALSE(parse_csq(line)) << line;
    }
}

TEST(Cesq, LteOnlyValuesAndConversions) {
    const auto q = parse_cesq("+CESQ: 99,99,255,255,20,61");
    ASSERT_TRUE(q);
    EXPECT_FALSE(q->rxlev);
    EXPECT_FALSE(q->rscp);
    EXPECT_EQ(q->rsrq, 20);
    EXPECT_EQ(q->rsrp, 61);
    EXPECT_EQ(q->rsrp_dbm(), 61 - 141);
    EXPECT_DOUBLE_EQ(q->rsrq_db().value_or(0), -10.0);
}

TEST(Cesq, UnknownLteGivesNoDbm) {
    const auto q = parse_cesq("+CESQ: 40,0,255,255,255,255");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->rxlev, 40);
    EXPECT_FALSE(q->rsrp_dbm());
    EXPECT_FALSE(q->rsrq_db());
}

TEST(Cesq, TrailingFiveGFieldsAreIgnored) {
    const auto q = parse_cesq("+CESQ: 99,99,255,255,18,50,255,255,255");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->rsrp, 50);
}

TEST(Cesq, OutOfRangeOrShortIsRejected) {
    for (const char* line : {"+CESQ: 99,99,255,255,35,50", "+CESQ: 99,99,255,255,20,98", "+CESQ: 64,99,255,255,20,50",
                             "+CESQ: 99,99,255,255,20", "+CESQ: 99,99,255,255,20,x"}) {
        EXPECT_FALSE(parse_cesq(line)) << line;
    }
}

}  // namespace
}  // namespace lte::parse
