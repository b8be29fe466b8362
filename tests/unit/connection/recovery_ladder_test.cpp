#include "lte/connection/recovery_ladder.hpp"

#include <gtest/gtest.h>

using lte::connection::LadderPolicy;
using lte::connection::RecoveryLadder;
using lte::connection::Rung;
using namespace std::chrono_literals;

namespace {

LadderPolicy policy() {
    LadderPolicy p;
    p.redials = 2;
    p.radio_cycles = 2;
    p.backoff_initial = 1000ms;
    p.backoff_max = 10000ms;
    p.jitter = 0.0;
    p.stable_after = 60s;
    return p;
}

}  // namespace

TEST(RecoveryLadder, ClimbsFromRedialToRadioCycleToModemReset) {
    RecoveryLadder ladder(policy(), 1);
    EXPECT_EQ(ladder.on_failure().rung, Rung::Redial);
    EXPECT_EQ(ladder.on_failure().rung, Rung::Redial);
    const auto third = ladder.on_failure();
    EXPECT_EQ(third.rung, Rung::RadioCycle);
    EXPECT_EQ(third.attempt, 1u);
    EXPECT_EQ(third.rung_limit, 2u);
    EXPECT_EQ(ladder.on_failure().rung, Rung::RadioCycle);
    EXPECT_EQ(ladder.on_failure().rung, Rung::ModemReset);
    EXPECT_EQ(ladder.on_failure().rung, Rung::Redial) << "after its resets the ladder starts over";
}

TEST(RecoveryLadder, SeveralResetsBeforeStartingOverAtTheCappedBackoff) {
    auto p = policy();
    p.resets = 2;
    RecoveryLadder ladder(p, 1);
    for (int i = 0; i < 4; ++i) ladder.on_failure();
    const auto first_reset = ladder.on_failure();
    EXPECT_EQ(first_reset.rung, Rung::ModemReset);
    EXPECT_EQ(first_reset.attempt, 1u);
    EXPECT_EQ(first_reset.rung_limit, 2u);
    EXPECT_EQ(ladder.on_failure().rung, Rung::ModemReset);
    const auto again = ladder.on_failure();
    EXPECT_EQ(again.rung, Rung::Redial);
    EXPECT_EQ(again.delay, 10000ms) << "the second round keeps the capped backoff";
}

TEST(RecoveryLadder, BackoffDoublesUpToTheCap) {
    RecoveryLadder ladder(policy(), 1);
    EXPECT_EQ(ladder.on_failure().delay, 1000ms);
    EXPECT_EQ(ladder.on_failure().delay, 2000ms);
    EXPECT_EQ(ladder.on_failure().delay, 4000ms);
    EXPECT_EQ(ladder.on_failure().delay, 8000ms);
    EXPECT_EQ(ladder.on_failure().delay, 10000ms);
    for (int i = 0; i < 100; ++i) EXPECT_EQ(ladder.on_failure().delay, 10000ms);  // no overflow
}

TEST(RecoveryLadder, JitterSpreadsDelaysWithinBounds) {
    auto p = policy();
    p.jitter = 0.5;
    RecoveryLadder ladder(p, 42);
    const auto first = ladder.on_failure().delay;
    EXPECT_GE(first, 500ms);
    EXPECT_LE(first, 1500ms);
    std::set<long long> seen;
    for (int i = 0; i < 20; ++i) {
        RecoveryLadder l(p, static_cast<std::uint32_t>(i));
        seen.insert(l.on_failure().delay.count());
    }
    EXPECT_GT(seen.size(), 5u) << "jitter must actually vary the delay";
}

TEST(RecoveryLadder, AStableLinkResetsTheLadderAShortOneDoesNot) {
    RecoveryLadder ladder(policy(), 1);
    ladder.on_failure();
    ladder.on_failure();
    ladder.on_link_down_after(5s);
    EXPECT_EQ(ladder.on_failure().rung, Rung::RadioCycle);
    ladder.on_link_down_after(61s);
    const auto after = ladder.on_failure();
    EXPECT_EQ(after.rung, Rung::Redial);
    EXPECT_EQ(after.delay, 1000ms);
}

TEST(RecoveryLadder, EscalationSkipsTheRedials) {
    RecoveryLadder ladder(policy(), 1);
    EXPECT_EQ(ladder.on_failure(true).rung, Rung::RadioCycle);
}
