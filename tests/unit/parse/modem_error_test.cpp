#include "lte/parse/modem_error.hpp"

#include <gtest/gtest.h>

namespace lte::parse {
namespace {

TEST(DescribeError, NumericCmeGetsItsStandardMeaning) {
    EXPECT_EQ(describe_error("+CME ERROR: 10"), "SIM not inserted (CME 10)");
    EXPECT_EQ(describe_error("+CME ERROR: 30"), "no network service (CME 30)");
    EXPECT_EQ(describe_error("+CME ERROR: 149"), "PDP authentication failure (CME 149)");
    EXPECT_EQ(describe_error("+CME ERROR: 178"), "maximum number of PDP contexts reached (CME 178)");
    EXPECT_EQ(describe_error("+CME ERROR: 192"), "PDN type IPv4 only allowed (CME 192)");
}

TEST(DescribeError, VerboseCmeIsMappedBackToItsCode) {
    EXPECT_EQ(describe_error("+CME ERROR: SIM not inserted"), "SIM not inserted (CME 10)");
    EXPECT_EQ(describe_error("+CME ERROR: sim PIN required\r\n"), "sim PIN required (CME 11)");
}

TEST(DescribeError, UnknownCodesAndTextsStayVisible) {
    EXPECT_EQ(describe_error("+CME ERROR: 9999"), "unknown error (CME 9999)");
    EXPECT_EQ(describe_error("+CME ERROR: vendor trouble"), "vendor trouble (CME)");
}

TEST(DescribeError, CmsCodes) {
    EXPECT_EQ(describe_error("+CMS ERROR: 310"), "SIM not inserted (CMS 310)");
    EXPECT_EQ(describe_error("+CMS ERROR: 500"), "unknown error (CMS 500)");
    EXPECT_EQ(describe_error("+CMS ERROR: SMSC address unknown"), "SMSC address unknown (CMS 330)");
}

TEST(DescribeError, OtherLinesComeBackTrimmed) {
    EXPECT_EQ(describe_error("ERROR\r\n"), "ERROR");
    EXPECT_EQ(describe_error("NO CARRIER"), "NO CARRIER");
    EXPECT_EQ(describe_error("+CME ERROR:"), "+CME ERROR:");
}

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

TEST(ErrorTables, CoverTheCodesModemUsersMeet) {
    for (int code : {0,   1,   2,   3,   4,   10,  11,  12,  13,  14,  15,  16,  17,  18,  20,  21,  22,  23,  24,
                     30,  31,  32,  40,  41,  42,  43,  44,  45,  46,  47,  48,  100, 103, 106, 107, 111, 112, 113,
                     114, 115, 132, 133, 134, 148, 149, 150, 171, 172, 173, 174, 177, 178, 179, 180, 181}) {
        EXPECT_NE(cme_meaning(code), nullptr) << code;
    }
    for (int code : {300, 301, 302, 303, 304, 305, 310, 311, 312, 313, 314,
                     315, 316, 317, 318, 320, 321, 322, 330, 331, 332, 500}) {
        EXPECT_NE(cms_meaning(code), nullptr) << code;
    }
    EXPECT_EQ(cme_meaning(9), nullptr);
    EXPECT_EQ(cms_meaning(10), nullptr);
}

TEST(ErrorTables, TextLookupIsCaseInsensitiveAndExact) {
    EXPECT_EQ(cme_code_for_text("INCORRECT PASSWORD"), 16);
    EXPECT_EQ(cms_code_for_text("memory full"), 322);
    EXPECT_FALSE(cme_code_for_text("SIM not"));
}

}  // namespace
}  // namespace lte::parse
