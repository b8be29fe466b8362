// The recovery decision, row by row: every verdict of the table, the ladder, the backoff, maxfail,
// the reconnect flag, holdoff and the immediate redial after a session that stayed up.
#include "lte/connection/recovery.hpp"

#include <set>

#include <gtest/gtest.h>

using namespace lte::connection;
using namespace std::chrono_literals;

namespace {

RecoveryPolicy policy() {
    RecoveryPolicy p;
    p.redials = 2;
    p.radio_cycles = 2;
    p.backoff_initial = 1000ms;
    p.backoff_max = 10000ms;
    p.jitter = 0.0;
    p.stable_after = 60s;
    p.holdoff = 5s;
    return p;
}

AttemptEnd failed(Verdict verdict = Verdict::StepFailed, std::chrono::milliseconds uptime = 0ms) {
    return AttemptEnd{verdict, "why", uptime};
}

// Runs a decision on `history` and moves it on; fails the test on a Stop.
Recover recover(const RecoveryPolicy& p, History& history, const AttemptEnd& end, double spread = 0) {
    const Decision d = decide(p, history, end, spread);
    history = d.next;
    const auto* step = std::get_if<Recover>(&d.action);
    EXPECT_NE(step, nullptr) << to_string(end.verdict) << " should recover";
    return step ? *step : Recover{};
}

std::optional<RunResult> stopped(const RecoveryPolicy& p, const History& history, const AttemptEnd& end) {
    const Decision d = decide(p, history, end, 0);
    if (const auto* stop = std::get_if<Stop>(&d.action)) return stop->result;
    return std::nullopt;
}

}  // namespace

// The table: what each verdict does in the daemon (reconnect on) and in one-shot `connect`.
struct Row {
    Verdict verdict;
    bool daemon_stops;
    int exit_code;    // when it stops (in the daemon, or in one-shot mode)
    Rung first_rung;  // in the daemon, when it recovers
};

class DecisionTable : public testing::TestWithParam<Row> {};

TEST_P(DecisionTable, DaemonAndOneShot) {
    const Row row = GetParam();
    const RecoveryPolicy daemon = policy();
    const auto stop = stopped(daemon, {}, failed(row.verdict));
    EXPECT_EQ(stop.has_value(), row.daemon_stops) << to_string(row.verdict);
    if (stop) {
        EXPECT_EQ(stop->exit_code(), row.exit_code) << to_string(row.verdict);
    } else {
        History h;
        EXPECT_EQ(recover(daemon, h, failed(row.verdict)).rung, row.first_rung) << to_string(row.verdict);
    }
    RecoveryPolicy one_shot = policy();
    one_shot.reconnect = false;
    const auto once = stopped(one_shot, {}, failed(row.verdict));
    ASSERT_TRUE(once) << to_string(row.verdict) << ": one-shot mode stops on every ending";
    EXPECT_EQ(once->exit_code(), row.exit_code) << to_string(row.verdict);
    EXPECT_EQ(once->message, "why");
}

INSTANTIATE_TEST_SUITE_P(
    EveryVerdict, DecisionTable,
    testing::Values(Row{Verdict::Stopped, true, 0, Rung::Redial}, Row{Verdict::Dialed, true, 0, Rung::Redial},
                    Row{Verdict::LinkLost, false, 1, Rung::Redial}, Row{Verdict::StepFailed, false, 1, Rung::Redial},
                    Row{Verdict::NoDial, false, 1, Rung::Redial}, Row{Verdict::BelowPpp, false, 1, Rung::RadioCycle},
                    Row{Verdict::PortsAbsent, false, 3, Rung::WaitForPorts},
                    Row{Verdict::NeedsPerson, true, 4, Rung::Redial}),
    [](const testing::TestParamInfo<Row>& row) {
        std::string name = to_string(row.param.verdict);
        std::erase(name, ' ');
        return name;
    });

TEST(Recovery, PppdsVerdictsFoldIntoTheTable) {
    EXPECT_EQ(verdict_of(lte::ppp::Recovery::Redial), Verdict::LinkLost);
    EXPECT_EQ(verdict_of(lte::ppp::Recovery::Escalate), Verdict::BelowPpp);
    EXPECT_EQ(verdict_of(lte::ppp::Recovery::GiveUp), Verdict::NeedsPerson);
    // pppd exit 4 (no kernel PPP) and 19 (credentials) stop the daemon with 4; 16 (hang-up) redials.
    const auto no_ppp = lte::ppp::explain_pppd_exit_code(4).recovery;
    EXPECT_EQ(stopped(policy(), {}, failed(verdict_of(no_ppp)))->exit_code(), 4);
    const auto credentials = lte::ppp::explain_pppd_exit_code(19).recovery;
    EXPECT_EQ(stopped(policy(), {}, failed(verdict_of(credentials)))->exit_code(), 4);
    History h;
    EXPECT_EQ(recover(policy(), h, failed(verdict_of(lte::ppp::explain_pppd_exit_code(16).recovery))).rung,
              Rung::Redial);
}

TEST(Recovery, ClimbsFromRedialToRadioCycleToModemReset) {
    History h;
    const auto p = policy();
    EXPECT_EQ(recover(p, h, failed()).rung, Rung::Redial);
    EXPECT_EQ(recover(p, h, failed()).rung, Rung::Redial);
    const auto third = recover(p, h, failed());
    EXPECT_EQ(third.rung, Rung::RadioCycle);
    EXPECT_EQ(third.attempt, 1u);
    EXPECT_EQ(third.rung_limit, 2u);
    EXPECT_EQ(recover(p, h, failed()).rung, Rung::RadioCycle);
    EXPECT_EQ(recover(p, h, failed()).rung, Rung::ModemReset);
    EXPECT_EQ(recover(p, h, failed()).rung, Rung::Redial) << "after its resets the ladder starts over";
}

TEST(Recovery, SeveralResetsBeforeStartingOverAtTheCappedBackoff) {
    auto p = policy();
    p.resets = 2;
    History h;
    for (int i = 0; i < 4; ++i) recover(p, h, failed());
    const auto first_reset = recover(p, h, failed());
    EXPECT_EQ(first_reset.rung, Rung::ModemReset);
    EXPECT_EQ(first_reset.attempt, 1u);
    EXPECT_EQ(first_reset.rung_limit, 2u);
    EXPECT_EQ(recover(p, h, failed()).rung, Rung::ModemReset);
    const auto again = recover(p, h, failed());
    EXPECT_EQ(again.rung, Rung::Redial);
    EXPECT_EQ(again.delay, 10000ms) << "the second round keeps the capped backoff";
}

TEST(Recovery, BackoffDoublesUpToTheCap) {
    History h;
    const auto p = policy();
    EXPECT_EQ(recover(p, h, failed()).delay, 1000ms);
    EXPECT_EQ(recover(p, h, failed()).delay, 2000ms);
    EXPECT_EQ(recover(p, h, failed()).delay, 4000ms);
    EXPECT_EQ(recover(p, h, failed()).delay, 8000ms);
    EXPECT_EQ(recover(p, h, failed()).delay, 10000ms);
    for (int i = 0; i < 100; ++i) EXPECT_EQ(recover(p, h, failed()).delay, 10000ms);  // no overflow
}

TEST(Recovery, JitterSpreadsDelaysWithinBounds) {
    auto p = policy();
    p.jitter = 0.5;
    std::set<long long> seen;
    for (double spread : {-1.0, -0.5, 0.0, 0.3, 1.0, 7.0, -7.0}) {
        History h;
        const auto delay = recover(p, h, failed(), spread).delay;
        EXPECT_GE(delay, 500ms) << spread;
        EXPECT_LE(delay, 1500ms) << spread;
        seen.insert(delay.count());
    }
    EXPECT_EQ(seen.size(), 5u) << "the spread places the delay within the jitter, clamped to [-1, 1]";
}

TEST(Recovery, TheFirstDropAfterAStableSessionRedialsAtOnce) {
    const auto p = policy();
    History h;
    recover(p, h, failed());
    recover(p, h, failed());  // two failures in a row before the session
    const auto drop = recover(p, h, failed(Verdict::LinkLost, 61s));
    EXPECT_EQ(drop.rung, Rung::Redial);
    EXPECT_EQ(drop.delay, 0ms) << "no holdoff, no backoff after a session that stayed up";
    EXPECT_EQ(h.failures, 0u) << "the ladder starts again at the bottom";
    // The redial that follows fails: failures in a row back off again, from the start.
    EXPECT_EQ(recover(p, h, failed()).delay, 1000ms);
    EXPECT_EQ(recover(p, h, failed()).delay, 2000ms);
    const auto third = recover(p, h, failed());
    EXPECT_EQ(third.delay, 4000ms) << "the third failure in a row backs off";
    EXPECT_EQ(third.rung, Rung::RadioCycle);
}

TEST(Recovery, AShortSessionCountsAsAFailureAndWaitsTheHoldoff) {
    const auto p = policy();
    History h;
    recover(p, h, failed());
    recover(p, h, failed());
    const auto flap = recover(p, h, failed(Verdict::LinkLost, 5s));
    EXPECT_EQ(flap.rung, Rung::RadioCycle) << "a flapping link climbs the ladder";
    EXPECT_EQ(flap.delay, 5s) << "holdoff is the least pause after a short session";
    const auto stable_threshold = recover(p, h, failed(Verdict::LinkLost, 60s));
    EXPECT_EQ(stable_threshold.delay, 0ms) << "stable_after itself counts as stable";
}

TEST(Recovery, PortsLostAfterAStableSessionAreWaitedForAtOnce) {
    History h{3, 3};
    const auto step = recover(policy(), h, failed(Verdict::PortsAbsent, 120s));
    EXPECT_EQ(step.rung, Rung::WaitForPorts);
    EXPECT_EQ(step.delay, 0ms);
}

TEST(Recovery, EscalationSkipsTheRedialsWithoutCountingExtraFailures) {
    auto p = policy();
    p.max_failures = 2;
    History h;
    EXPECT_EQ(recover(p, h, failed(Verdict::BelowPpp)).rung, Rung::RadioCycle);
    EXPECT_EQ(h.failures, 1u) << "maxfail counts attempts, not ladder positions";
    const auto stop = stopped(p, h, failed(Verdict::BelowPpp));
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->exit_code(), 1);
}

TEST(Recovery, MaxfailGivesUpAfterThatManyFailuresInARow) {
    auto p = policy();
    p.max_failures = 3;
    History h;
    recover(p, h, failed());
    recover(p, h, failed());
    const auto stop = stopped(p, h, failed());
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->kind, RunResult::Kind::Failed);
    EXPECT_EQ(stop->message, "giving up after 3 failed attempts in a row (pppd.maxfail): why");
    History after_stable{2, 2};
    EXPECT_FALSE(stopped(p, after_stable, failed(Verdict::LinkLost, 90s))) << "a stable session resets the count";
}
