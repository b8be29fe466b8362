#include "lte/parse/operator_selection.hpp"

#include <gtest/gtest.h>

namespace lte::parse {
namespace {

// Seed 001 (SIM7672 on SORACOM roaming into NTT docomo's LTE).
TEST(Cops, SeedLineNumericWithAct) {
    const auto sel = parse_cops(R"(+COPS: 0,2,"44010",7)");
    ASSERT_TRUE(sel);
    EXPECT_EQ(sel->mode, CopsMode::Automatic);
    EXPECT_EQ(sel->format, OperatorFormat::Numeric);
    EXPECT_EQ(sel->name, "44010");
    EXPECT_EQ(sel->act, 7);
}

TEST(Cops, ModeOnlyWhenNotRegistered) {
    const auto sel = parse_cops("+COPS: 0");
    ASSERT_TRUE(sel);
    EXPECT_FALSE(sel->format);
    EXPECT_FALSE(sel->name);
    EXPECT_FALSE(sel->act);
    EXPECT_EQ(parse_cops("+COPS: 2")->mode, CopsMode::Deregistered);
}

TEST(Cops, LongAndShortNamesWithoutAct) {
    const auto long_name = parse_cops(R"(+COPS: 1,0,"NTT DOCOMO")");
    ASSERT_TRUE(long_name);
    EXPECT_EQ(long_name->mode, CopsMode::Manual);
    EXPECT_EQ(long_name->format, OperatorFormat::Long);
    EXPECT_EQ(long_name->name, "NTT DOCOMO");
    EXPECT_FALSE(long_name->act);
    EXPECT_EQ(parse_cops(R"(+COPS: 0,1,"DOCOMO",9)")->format, OperatorFormat::Short);
}

TEST(Cops, MalformedLinesAreRejected) {
    for (const char* line :
         {"+COPS:", "+COPS: 5", "+COPS: 0,3,\"x\"", R"(+COPS: 0,,"44010")", R"(+COPS: 0,2,"DOCOMO",7)",
          R"(+COPS: 0,2,"44010",x)", R"(+COPS: 0,2,"44010",7,1)", R"(+COPS: "0")", "+CSQ: 0"}) {
        EXPECT_FALSE(parse_cops(line)) << line;
    }
}

}  // namespace
}  // namespace lte::parse
