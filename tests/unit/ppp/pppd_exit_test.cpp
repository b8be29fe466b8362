#include "lte/ppp/pppd_exit.hpp"

#include <signal.h>

#include <set>

#include <gtest/gtest.h>

namespace lte::ppp {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

ProcessExit exited(int code) { return ProcessExit{code, std::nullopt}; }

TEST(PppdExit, EveryDocumentedCodeHasItsOwnSentence) {
    std::set<std::string> reasons;
    for (int code = 0; code <= 21; ++code) reasons.insert(explain_pppd_exit_code(code).reason);
    EXPECT_EQ(reasons.size(), 22U);
    EXPECT_TRUE(contains(explain_pppd_exit_code(22).reason, "unknown status 22"));
    EXPECT_EQ(explain_pppd_exit_code(22).recovery, Recovery::Escalate);
}

TEST(PppdExit, DecisionsFollowWhatCanFixTheProblem) {
    EXPECT_EQ(explain_pppd_exit_code(4).recovery, Recovery::GiveUp);
    EXPECT_TRUE(contains(explain_pppd_exit_code(4).reason, "no PPP support"));
    EXPECT_EQ(explain_pppd_exit_code(19).recovery, Recovery::GiveUp);
    EXPECT_TRUE(contains(explain_pppd_exit_code(19).reason, "check user/password"));
    for (int code : {0, 15, 16}) EXPECT_EQ(explain_pppd_exit_code(code).recovery, Recovery::Redial) << code;
    for (int code : {7, 10, 17}) EXPECT_EQ(explain_pppd_exit_code(code).recovery, Recovery::Escalate) << code;
}

TEST(PppdExit, TheLogCauseExplainsTheUsualExit16) {
    const auto echo = explain_pppd_exit(exited(16), PppEventKind::EchoTimeout, false);
    EXPECT_EQ(echo.recovery, Recovery::Redial);
    EXPECT_TRUE(contains(echo.reason, "echo")) << echo.reason;
    EXPECT_TRUE(contains(echo.reason, "exit code 16")) << echo.reason;

    const auto pap = explain_pppd_exit(exited(16), PppEventKind::PapFailed, false);
    EXPECT_EQ(pap.recovery, Recovery::GiveUp);
    EXPECT_TRUE(contains(pap.reason, "PAP")) << pap.reason;
}

TEST(PppdExit, AGenericLogCauseDoesNotHideASpecificCode) {
    const auto e = explain_pppd_exit(exited(19), PppEventKind::ModemHangup, false);
    EXPECT_EQ(e.recovery, Recovery::GiveUp);
    EXPECT_TRUE(contains(e.reason, "credentials")) << e.reason;
    const auto neg = explain_pppd_exit(exited(10), PppEventKind::PeerTerminated, false);
    EXPECT_EQ(neg.recovery, Recovery::Escalate);
}

TEST(PppdExit, SignalsAndRequestedStops) {
    const auto stopped = explain_pppd_exit(exited(5), std::nullopt, true);
    EXPECT_TRUE(contains(stopped.reason, "on request")) << stopped.reason;
    EXPECT_EQ(stopped.recovery, Recovery::GiveUp);
    const auto killed = explain_pppd_exit(ProcessExit{std::nullopt, SIGKILL}, std::nullopt, false);
    EXPECT_EQ(killed.recovery, Recovery::Redial);
    EXPECT_TRUE(contains(killed.reason, "signal 9")) << killed.reason;
}

}  // namespace
}  // namespace lte::ppp
