#pragma once
#include <chrono>
#include <random>

#include "lte/connection/status.hpp"

namespace lte::connection {

struct LadderPolicy {
    unsigned redials = 3;       // failures answered by a plain redial (the PS attach is kept)
    unsigned radio_cycles = 2;  // then this many radio off/on cycles
    unsigned resets = 1;        // then this many modem resets; then the ladder starts over (at the backoff's cap)
    std::chrono::milliseconds backoff_initial{std::chrono::seconds(2)};
    std::chrono::milliseconds backoff_max{std::chrono::minutes(5)};
    double jitter = 0.25;  // each delay is drawn from [d*(1-jitter), d*(1+jitter)]
    // A link that stayed up this long proves the modem healthy: the ladder starts again at the bottom.
    std::chrono::milliseconds stable_after{std::chrono::minutes(2)};
};

// Which rung the next attempt takes and how long to wait before it: exponential backoff with
// jitter and a cap; redial → radio cycle → modem reset as failures repeat, then round again.
class RecoveryLadder {
public:
    explicit RecoveryLadder(LadderPolicy policy, std::uint32_t seed = std::random_device{}());

    struct Step {
        Rung rung;
        std::chrono::milliseconds delay;
        unsigned attempt;     // 1-based count of this rung in a row, e.g. 2 in "radio cycle 2/2"
        unsigned rung_limit;  // 0 when the rung has no limit
    };

    // A failure happened; returns what to do. escalate: the failure says redialling cannot help
    // (e.g. PPP negotiation failed), so skip straight past the redial rung.
    Step on_failure(bool escalate = false);
    // The link was up for `uptime`: a long enough one resets the ladder.
    void on_link_down_after(std::chrono::milliseconds uptime);
    void reset() { failures_ = 0; }
    [[nodiscard]] unsigned failures() const noexcept { return failures_; }

private:
    LadderPolicy policy_;
    std::mt19937 rng_;
    unsigned failures_ = 0;
};

}  // namespace lte::connection
