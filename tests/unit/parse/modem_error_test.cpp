#include "lte/parse/modem_error.hpp"

#include <gtest/gtest.h>

namespace lte::parse {
namespace {

TEST(ParseModemError, FamilyCodeAndText) {
    const auto cme = parse_modem_error("+CME ERROR: 3");
    ASSERT_TRUE(cme);
    EXPECT_EQ(cme->family, ErrorFamily::Cme);
    EXPECT_EQ(cme->code, 3);
    EXPECT_EQ(cme->text, "operation not allowed");
    const auto cms = parse_modem_error("+CMS ERROR:302");
    ASSERT_TRUE(cms);
    EXPECT_EQ(cms->family, ErrorFamily::Cms);
    EXPECT_EQ(cms->code, 302);
    EXPECT_FALSE(parse_modem_error("ERROR"));
    EXPECT_FALSE(parse_modem_error("+CME ERROR: "));
}

TEST(ParseModemError, VerboseTextsAreMappedBackToTheirCode) {
    const auto verbose = parse_modem_error("+CME ERROR: SIM not inserted");
    ASSERT_TRUE(verbose);
    EXPECT_EQ(verbose->code, 10);
    EXPECT_EQ(verbose->text, "SIM not inserted");
    EXPECT_EQ(parse_modem_error("+CME ERROR: sim PIN required\r\n")->code, 11);
    EXPECT_FALSE(parse_modem_error("+CME ERROR: vendor trouble")->code);
}

TEST(ParseModemError, AlreadyDescribedLinesKeepTheirCode) {
    // What the daemon's `at` answer carries, read back by `info` through the socket.
    EXPECT_EQ(parse_modem_error("+CME ERROR: 14 (SIM busy)")->code, 14);
}

}  // namespace
}  // namespace lte::parse
