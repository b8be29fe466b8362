#include "lte/at/result_code.hpp"

#include <gtest/gtest.h>

using lte::at::classify_final;
using lte::at::Final;
using lte::at::is_dial_command;

TEST(ResultCode, PlainFinals) {
    EXPECT_EQ(classify_final("OK", false), Final::Ok);
    EXPECT_EQ(classify_final("ERROR", false), Final::Error);
    EXPECT_EQ(classify_final("+CME ERROR: 10", false), Final::CmeError);
    EXPECT_EQ(classify_final("+CME ERROR: SIM not inserted", false), Final::CmeError);
    EXPECT_EQ(classify_final("+CMS ERROR: 500", false), Final::CmsError);
}

TEST(ResultCode, ConnectWithAndWithoutRate) {
    EXPECT_EQ(classify_final("CONNECT", true), Final::Connect);
    EXPECT_EQ(classify_final("CONNECT 150000000", true), Final::Connect);
    EXPECT_EQ(classify_final("CONNECT 115200/V42", false), std::nullopt);  // not digits only
    EXPECT_EQ(classify_final("CONNECT OK", false), std::nullopt);          // a TCP URC on some modems
}

TEST(ResultCode, CallEndingsAreFinalOnlyForADial) {
    for (const char* line : {"NO CARRIER", "BUSY", "NO ANSWER", "NO DIALTONE"}) {
        EXPECT_EQ(classify_final(line, false), std::nullopt) << line;
        EXPECT_TRUE(classify_final(line, true).has_value()) << line;
    }
    EXPECT_EQ(classify_final("NO CARRIER", true), Final::NoCarrier);
}

TEST(ResultCode, InformationLinesAreNotFinal) {
    for (const char* line : {"+CEREG: 0,5", "OKAY", "ERRORS", "+CPIN: READY", "SIMCOM INCORPORATED"})
        EXPECT_EQ(classify_final(line, true), std::nullopt) << line;
}

TEST(ResultCode, DialCommands) {
    EXPECT_TRUE(is_dial_command("ATD*99***1#"));
    EXPECT_TRUE(is_dial_command("atd*99#"));
    EXPECT_TRUE(is_dial_command("AT+CGDATA=\"PPP\",1"));
    EXPECT_TRUE(is_dial_command("ATO"));
    EXPECT_FALSE(is_dial_command("AT+CEREG?"));
    EXPECT_FALSE(is_dial_command("ATH"));
}
