#include "lte/connection/recovery_ladder.hpp"

#include <algorithm>
#include <cmath>

namespace lte::connection {

RecoveryLadder::RecoveryLadder(LadderPolicy policy, std::uint32_t seed) : policy_(policy), rng_(seed) {}

RecoveryLadder::Step RecoveryLadder::on_failure(bool escalate) {
    if (escalate && failures_ < policy_.redials) failures_ = policy_.redials;
    ++failures_;

    // Position on the ladder; after its last reset it starts over, while the backoff stays at the cap.
    const unsigned rounds = policy_.redials + policy_.radio_cycles + std::max(policy_.resets, 1u);
    const unsigned at = (failures_ - 1) % rounds + 1;
    Step step{};
    if (at <= policy_.redials) {
        step = {Rung::Redial, {}, at, policy_.redials};
    } else if (at <= policy_.redials + policy_.radio_cycles) {
        step = {Rung::RadioCycle, {}, at - policy_.redials, policy_.radio_cycles};
    } else {
        step = {Rung::ModemReset, {}, at - policy_.redials - policy_.radio_cycles, std::max(policy_.resets, 1u)};
    }

    // 2^(n-1) times the initial delay, capped; the exponent is bounded so it cannot overflow.
    const double exponent = std::min<unsigned>(failures_ - 1, 30);
    const double base = std::min(static_cast<double>(policy_.backoff_initial.count()) * std::pow(2.0, exponent),
                                 static_cast<double>(policy_.backoff_max.count()));
    std::uniform_real_distribution<double> spread(1.0 - policy_.jitter, 1.0 + policy_.jitter);
    const double jittered = std::min(base * spread(rng_), static_cast<double>(policy_.backoff_max.count()));
    step.delay = std::chrono::milliseconds(static_cast<long long>(jittered));
    return step;
}

void RecoveryLadder::on_link_down_after(std::chrono::milliseconds uptime) {
    if (uptime >= policy_.stable_after) failures_ = 0;
}

}  // namespace lte::connection
