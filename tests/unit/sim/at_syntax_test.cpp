#include "lte/sim/at_syntax.hpp"

#include <gtest/gtest.h>

namespace lte::sim {
namespace {

using Strings = std::vector<std::string>;

TEST(SplitCommands, BasicAndExtendedCommandsInOneLine) {
    EXPECT_EQ(split_commands("E0&D2+CMEE=2;+CREG=1"), (Strings{"E0", "&D2", "+CMEE=2", "+CREG=1"}));
    EXPECT_EQ(split_commands(""), Strings{});
    EXPECT_EQ(split_commands("S0=0V1"), (Strings{"S0=0", "V1"}));
}

TEST(SplitCommands, SemicolonInsideQuotesBelongsToTheArgument) {
    EXPECT_EQ(split_commands("+CGDCONT=1,\"IP\",\"a;b\";E0"), (Strings{"+CGDCONT=1,\"IP\",\"a;b\"", "E0"}));
}

TEST(SplitCommands, DialTakesTheRestOfTheLine) {
    EXPECT_EQ(split_commands("E0D*99***1#"), (Strings{"E0", "D*99***1#"}));
}

TEST(SplitCommands, MalformedLinesAreRejected) {
    EXPECT_FALSE(split_commands("+CGDCONT=1,\"IP").has_value());
    EXPECT_FALSE(split_commands("&").has_value());
    EXPECT_FALSE(split_commands("!").has_value());
}

TEST(SplitArgs, RemovesQuotesAndKeepsQuotedCommas) {
    EXPECT_EQ(split_args("1,\"IP\",\"a,b\""), (Strings{"1", "IP", "a,b"}));
    EXPECT_EQ(split_args("1, 2"), (Strings{"1", "2"}));
}

TEST(ToInt, AcceptsOnlyWholeNumbers) {
    EXPECT_EQ(to_int("42"), 42);
    EXPECT_FALSE(to_int("4x").has_value());
    EXPECT_FALSE(to_int("").has_value());
}

}  // namespace
}  // namespace lte::sim
