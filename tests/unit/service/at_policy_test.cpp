#include "lte/service/at_policy.hpp"

#include <gtest/gtest.h>

namespace lte::service {
namespace {

class SessionBreaking : public ::testing::TestWithParam<const char*> {};
class SessionSafe : public ::testing::TestWithParam<const char*> {};

TEST_P(SessionBreaking, IsRefused) {
    const auto why = session_breaking_reason(GetParam());
    ASSERT_TRUE(why.has_value()) << GetParam();
    EXPECT_FALSE(why->empty());
}

TEST_P(SessionSafe, IsAllowed) {
    const auto why = session_breaking_reason(GetParam());
    EXPECT_FALSE(why.has_value()) << GetParam() << ": " << why.value_or("");
}

INSTANTIATE_TEST_SUITE_P(Commands, SessionBreaking,
                         ::testing::Values("ATD*99***1#", "atd*99#", "ATH", "ATH0", "ATO", "ATA", "ATZ", "AT&F",
                                           "AT&F0", "AT+CFUN=0", "AT+CFUN=1,1", "at+cfun=4", "AT+CGATT=0",
                                           "AT+CGACT=0,1", "AT+CGDATA=\"PPP\",1", "+++", "AT+CRESET", "AT+QPOWD=1",
                                           "AT+CSQ;+CFUN=0", "AT+CSQ; +CGATT=0", "ATE0H", "ATE0V1Z", "AT+CSQ;H",
                                           "ATE0+CFUN=0", "CSQ", "", "AT;ATH", "AT+CSQ;AT+CFUN=0", "ATV0", "ATV",
                                           "ATQ1", "AT+COPS=2", "AT+CGDCONT=1,\"IP\",\"x\"", "AT+CPIN=\"1234\"",
                                           "AT+CLCK=\"SC\",0,\"1234\"", "AT+IPR=9600", "AT+CMUX=0",
                                           "AT+CGAUTH=1,2,\"pw\",\"u\"", "AT+QICSGP=1,1,\"a\"", "ATS0=1", "AT+XYZ=1",
                                           "AT+CMEE=0", "AT+CSQ\rATH", "AT+CSQ\nATH", "AT+CLCK=\"SC\",1,\"1234\"",
                                           "AT+CSIM=24,\"01A4\"", "AT&C0"));

INSTANTIATE_TEST_SUITE_P(Commands, SessionSafe,
                         ::testing::Values("AT", "ATI", "ATE0", "AT+CSQ", "at+csq", "AT+CFUN?", "AT+CGATT?",
                                           "AT+CGACT?", "AT+CEREG?", "AT+COPS?", "AT+CGDCONT?", "AT+CPIN?",
                                           "AT+CSQ;+CEREG?", "ATS0?", "AT+CFUN=?", "AT+CPSI?",
                                           "AT+QENG=\"servingcell\"", "AT+CGMI;+CGMM;+CGMR", "ATV1", "AT&V",
                                           "AT+COPS=?", "AT+CGDCONT?", "AT+CPIN?", "AT+CLCK=?", "AT+CSQ;AT+CREG?",
                                           "ATE1V1Q0", "AT+CGSN=1", "AT;", "AT+QENG=\"a;b\";+CSQ", "AT+CLCK=\"SC\",2",
                                           "AT+GCAP", "AT&C1", "AT+CUSD=1,\"*100#\",15", "AT+CMGF=1", "AT+CMGL=4"));

TEST(AtPolicy, ChainedHangUpIsNamedForWhatItIs) {
    EXPECT_EQ(session_breaking_reason("AT;ATH"), "ATH hangs up the data call the session runs on");
    EXPECT_EQ(session_breaking_reason("ATE0H"), "ATH hangs up the data call the session runs on");
    EXPECT_EQ(session_breaking_reason("AT+CSQ;+CFUN=0"), "AT+CFUN switches the radio under the live session");
}

TEST(AtPolicy, ALineIsSplitIntoItsCommands) {
    const AtJudgement j = judge_at_command("ATE0V1;+CSQ;+CEREG?;+QENG=\"x;y\";S7?");
    ASSERT_EQ(j.parts.size(), 6U);
    EXPECT_EQ(j.parts[0].name, "E");
    EXPECT_EQ(j.parts[0].args, "0");
    EXPECT_EQ(j.parts[1].name, "V");
    EXPECT_EQ(j.parts[2].name, "+CSQ");
    EXPECT_EQ(j.parts[3].name, "+CEREG");
    EXPECT_EQ(j.parts[3].form, AtPart::Form::Read);
    EXPECT_EQ(j.parts[4].args, "=\"x;y\"") << "a ';' inside quotes does not end the command";
    EXPECT_EQ(j.parts[5].name, "S");
    EXPECT_EQ(j.parts[5].form, AtPart::Form::Read);
    EXPECT_FALSE(j.refusal);
}

TEST(AtPolicy, UnknownCommandsAreRefusedAsNotKnownHarmless) {
    const auto why = session_breaking_reason("AT+XYZ=1");
    ASSERT_TRUE(why);
    EXPECT_EQ(*why,
              "AT+XYZ is not on the list of commands known to be harmless (queries, read '?' and test '=?' forms)");
}

TEST(AtPolicy, ControlBytesMakeALineInvalidEvenForced) {
    const AtJudgement cr = judge_at_command("AT+CSQ\rATH");
    ASSERT_TRUE(cr.invalid);
    EXPECT_EQ(*cr.invalid,
              "the command contains a carriage return (CR) at byte 7: a request is exactly one command line "
              "(chain commands with ';' instead)");
    EXPECT_TRUE(cr.parts.empty()) << "nothing of it is judged sendable";
    EXPECT_TRUE(judge_at_command(std::string("AT\0H", 4)).invalid);
    EXPECT_TRUE(judge_at_command("AT\x7f").invalid);
    EXPECT_TRUE(judge_at_command("AT\t+CSQ").invalid);
    EXPECT_FALSE(judge_at_command("AT+CSQ").invalid);
}

TEST(AtPolicy, SlowCommandsWaitLonger) {
    using namespace std::chrono_literals;
    EXPECT_EQ(default_at_timeout("AT+CSQ"), 30s);
    EXPECT_EQ(default_at_timeout("AT+COPS=?"), 180s);
    EXPECT_EQ(default_at_timeout("AT+COPS?"), 30s);
    EXPECT_EQ(default_at_timeout("AT+CSQ;+CGATT=1"), 140s);
    EXPECT_EQ(default_at_timeout("AT+CGACT=1,1"), 150s);
}

}  // namespace
}  // namespace lte::service
