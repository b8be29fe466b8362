#pragma once
// The recovery decision, in one place: after every attempt, whether the connection stops (and with
// which exit code) or recovers (which rung of the ladder, after how long). A pure function of the
// policy, the history of failures in a row and how the attempt ended, so every row of its table is
// tested without a modem, a pty or a process (tests/unit/connection/recovery_test.cpp).
#include <chrono>
#include <string>
#include <variant>

#include "lte/connection/status.hpp"
#include "lte/ppp/pppd_exit.hpp"

namespace lte::connection {

// How an attempt ended. Each verdict is a row of the decision table (recovery.cpp); a new kind of
// ending (a SIM that needs a person, say) is a new row, not a new branch.
enum class Verdict {
    Stopped,      // stop() was called
    Dialed,       // dial only: CONNECT reached, pppd not started
    LinkLost,     // the link went down or pppd ended in a way a redial mends (NO CARRIER, hang-up, echo timeout)
    StepFailed,   // a step of the connect sequence failed (no answer, not registered in time, ...)
    NoDial,       // the connect sequence ended without CONNECT
    BelowPpp,     // something below PPP is wrong (negotiation failed, no IP in time): skip the redials
    PortsAbsent,  // the modem's ports are not there, busy, or went away
    NeedsPerson,  // retrying cannot help until a person acts (no kernel PPP, credentials, a refused SIM PIN)
};

struct AttemptEnd {
    Verdict verdict = Verdict::StepFailed;
    std::string reason;                   // for the user: what happened, what to do
    std::chrono::milliseconds uptime{0};  // how long the link was online; 0: it never was
};

struct RecoveryPolicy {
    unsigned redials = 3;       // failures answered by a plain redial (the PS attach is kept)
    unsigned radio_cycles = 2;  // then this many radio off/on cycles
    unsigned resets = 1;        // then this many modem resets; then the ladder starts over (at the backoff's cap)
    std::chrono::milliseconds backoff_initial{std::chrono::seconds(2)};
    std::chrono::milliseconds backoff_max{std::chrono::minutes(5)};
    double jitter = 0.25;  // each delay is drawn from [d*(1-jitter), d*(1+jitter)]
    // A session online this long proves the modem healthy: its drop is redialled at once and the
    // ladder starts again at the bottom. Shorter sessions count as failures in a row (a flapping link).
    std::chrono::milliseconds stable_after{std::chrono::seconds(60)};
    // The least pause before redialling after a session shorter than stable_after.
    std::chrono::milliseconds holdoff{std::chrono::seconds(5)};
    unsigned max_failures = 0;  // failed attempts in a row before giving up (pppd.maxfail); 0: never
    bool reconnect = true;      // false: the first failure or loss ends the run (`lte-dialer connect`)
};

// What came before: failures in a row since the last stable session, and the ladder's position
// (an escalation moves it past the redials without counting extra failures).
struct History {
    unsigned failures = 0;
    unsigned position = 0;
};

// How a run ended, for the exit code and the last line a user reads.
struct RunResult {
    enum class Kind { Stopped, Dialed, Failed, PortUnavailable, GaveUp };
    Kind kind = Kind::Stopped;
    std::string message;
    [[nodiscard]] int exit_code() const noexcept;  // 0 stopped/dialed, 1 failed, 3 port unavailable, 4 gave up
};

struct Stop {
    RunResult result;
};

struct Recover {
    Rung rung = Rung::Redial;
    std::chrono::milliseconds delay{0};
    unsigned attempt = 1;     // 1-based count of this rung in a row, e.g. 2 in "radio cycle 2/2"
    unsigned rung_limit = 0;  // 0 when the rung has no limit
    std::string reason;
};

struct Decision {
    std::variant<Stop, Recover> action;
    History next;  // the history the next attempt's decision starts from
};

// spread in [-1, 1] places the delay within its jitter (the caller draws it; tests pass 0).
[[nodiscard]] Decision decide(const RecoveryPolicy& policy, const History& history, const AttemptEnd& end,
                              double spread);

// The verdict on pppd's ending, from what pppd(8)'s exit status and its log say (ppp::Recovery).
[[nodiscard]] Verdict verdict_of(ppp::Recovery pppd_says) noexcept;

[[nodiscard]] const char* to_string(Verdict verdict) noexcept;

}  // namespace lte::connection
