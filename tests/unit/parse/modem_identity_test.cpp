#include "lte/parse/modem_identity.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lte::parse {
namespace {

using Lines = std::vector<std::string>;

TEST(Identity, FirstNonBlankLine) {
    EXPECT_EQ(parse_identity(Lines{"", "SIMCOM INCORPORATED"}), "SIMCOM INCORPORATED");
    EXPECT_EQ(parse_identity(Lines{"Quectel", "EC25"}), "Quectel");
    EXPECT_FALSE(parse_identity(Lines{}));
    EXPECT_FALSE(parse_identity(Lines{"", "  "}));
}

TEST(Identity, StripsPrefixAndQuotesWhenPresent) {
    EXPECT_EQ(parse_identity(Lines{"+CGMR: LE11B12SIM7600M22"}, "+CGMR:"), "LE11B12SIM7600M22");
    EXPECT_EQ(parse_identity(Lines{R"(+CGMM: "SIM7672")"}, "+CGMM:"), "SIM7672");
    EXPECT_EQ(parse_identity(Lines{"EC21J"}, "+CGMM:"), "EC21J");
}

TEST(Imei, BareOrPrefixed) {
    EXPECT_EQ(parse_imei(Lines{"867584030000000"}), "867584030000000");
    EXPECT_EQ(parse_imei(Lines{R"(+CGSN: "867584030000000")"}), "867584030000000");
}

TEST(Imei, RejectsNonDigitsAndWrongLengths) {
    EXPECT_FALSE(parse_imei(Lines{"86758403000000X"}));
    EXPECT_FALSE(parse_imei(Lines{"1234"}));
    EXPECT_FALSE(parse_imei(Lines{"12345678901234567"}));
    EXPECT_FALSE(parse_imei(Lines{}));
}

}  // namespace
}  // namespace lte::parse
