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
                                           "ATE0+CFUN=0", "CSQ", ""));

INSTANTIATE_TEST_SUITE_P(Commands, SessionSafe,
                         ::testing::Values("AT", "ATI", "ATE0", "AT+CSQ", "at+csq", "AT+CFUN?", "AT+CGATT?",
                                           "AT+CGACT?", "AT+CEREG?", "AT+COPS?", "AT+CGDCONT?", "AT+CPIN?",
                                           "AT+CSQ;+CEREG?", "ATS0?", "AT+CFUN=?", "AT+CPSI?",
                                           "AT+QENG=\"servingcell\"", "AT+CGMI;+CGMM;+CGMR", "ATV1", "AT&V"));

}  // namespace
}  // namespace lte::service
