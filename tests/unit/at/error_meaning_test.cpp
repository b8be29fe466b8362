#include "lte/at/error_meaning.hpp"

#include <gtest/gtest.h>

#include "lte/at/reply.hpp"

namespace lte::at {
namespace {

TEST(DescribeErrorFinal, NumericCodesGetTheirStandardMeaning) {
    EXPECT_EQ(describe_error_final("+CME ERROR: 14"), "+CME ERROR: 14 (SIM busy)");
    EXPECT_EQ(describe_error_final("+CME ERROR: 10\r\n"), "+CME ERROR: 10 (SIM not inserted)");
    EXPECT_EQ(describe_error_final("+CME ERROR:30"), "+CME ERROR:30 (no network service)");
    EXPECT_EQ(describe_error_final("+CME ERROR: 149"), "+CME ERROR: 149 (PDP authentication failure)");
    EXPECT_EQ(describe_error_final("+cme error: 3"), "+cme error: 3 (operation not allowed)");
    EXPECT_EQ(describe_error_final("+CMS ERROR: 310"), "+CMS ERROR: 310 (SIM not inserted)");
    EXPECT_EQ(describe_error_final("+CMS ERROR: 500"), "+CMS ERROR: 500 (unknown error)");
}

TEST(DescribeErrorFinal, CodesWithoutAnEntrySayWhatRangeTheyAreIn) {
    EXPECT_EQ(describe_error_final("+CME ERROR: 9999"), "+CME ERROR: 9999 (a code 27.007 does not define)");
    EXPECT_EQ(describe_error_final("+CMS ERROR: 8"), "+CMS ERROR: 8 (network cause, 24.011 annex E-2)");
    EXPECT_EQ(describe_error_final("+CMS ERROR: 513"), "+CMS ERROR: 513 (manufacturer-specific code)");
}

TEST(DescribeErrorFinal, WordsAndOtherLinesComeBackAsSent) {
    EXPECT_EQ(describe_error_final("+CME ERROR: SIM not inserted"), "+CME ERROR: SIM not inserted");
    EXPECT_EQ(describe_error_final("+CME ERROR: 14 (SIM busy)"), "+CME ERROR: 14 (SIM busy)");  // said once
    EXPECT_EQ(describe_error_final("ERROR\r\n"), "ERROR");
    EXPECT_EQ(describe_error_final("+CME ERROR:"), "+CME ERROR:");
}

TEST(SplitErrorFinal, FamilyCodeAndDetail) {
    const auto numeric = split_error_final("+CME ERROR: 014");
    ASSERT_TRUE(numeric);
    EXPECT_EQ(numeric->family, ErrorFamily::Cme);
    EXPECT_EQ(numeric->code, 14);
    const auto verbose = split_error_final("+CMS ERROR:SMSC address unknown");
    ASSERT_TRUE(verbose);
    EXPECT_EQ(verbose->family, ErrorFamily::Cms);
    EXPECT_FALSE(verbose->code);
    EXPECT_EQ(verbose->detail, "SMSC address unknown");
    EXPECT_FALSE(split_error_final("+CME ERROR: "));
    EXPECT_FALSE(split_error_final("ERROR"));
    EXPECT_FALSE(split_error_final("+CME ERROR: 1234567")->code);  // not a code: kept as text
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

TEST(ReplyDescribe, ErrorFinalsInWords) {
    EXPECT_EQ((Reply{Final::CmeError, "+CME ERROR: 14", {}}).describe(), "+CME ERROR: 14 (SIM busy)");
    EXPECT_EQ((Reply{Final::CmsError, "+CMS ERROR: 322", {}}).describe(), "+CMS ERROR: 322 (memory full)");
    EXPECT_EQ((Reply{Final::Error, "COMMAND NOT SUPPORT", {}}).describe(), "COMMAND NOT SUPPORT");
}

TEST(ReplyDescribe, TimeoutSaysWhetherAnythingCame) {
    EXPECT_EQ((Reply{Final::Timeout, "within 5000 ms to AT", {}}).describe(), "no reply within 5000 ms to AT");
    EXPECT_EQ((Reply{Final::Timeout, "within 5000 ms to AT+CPIN?", {"+CPIN: READY"}}).describe(),
              "no final result (OK or ERROR) within 5000 ms to AT+CPIN?");
}

}  // namespace
}  // namespace lte::at
