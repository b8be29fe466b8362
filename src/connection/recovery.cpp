#include "lte/connection/recovery.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace lte::connection {
namespace {

// What a verdict calls for.
enum class Treatment {
    Done,       // the run is over as asked (stopped, dialled): exit 0
    Retry,      // climb the ladder from where it stands
    Escalate,   // climb, but past the redials: a redial cannot mend what is below PPP
    WaitPorts,  // wait for the modem's ports to return, then start over
    GiveUp,     // stop: exit 4, the reason says what a person must do
};

struct Rule {
    Verdict verdict;
    Treatment treatment;
    RunResult::Kind stop_kind;  // how the run ends when it stops on this verdict
};

// The decision table. One row per verdict, in Verdict's order.
constexpr std::array<Rule, 8> kRules{{
    {Verdict::Stopped, Treatment::Done, RunResult::Kind::Stopped},
    {Verdict::Dialed, Treatment::Done, RunResult::Kind::Dialed},
    {Verdict::LinkLost, Treatment::Retry, RunResult::Kind::Failed},
    {Verdict::StepFailed, Treatment::Retry, RunResult::Kind::Failed},
    {Verdict::NoDial, Treatment::Retry, RunResult::Kind::Failed},
    {Verdict::BelowPpp, Treatment::Escalate, RunResult::Kind::Failed},
    {Verdict::PortsAbsent, Treatment::WaitPorts, RunResult::Kind::PortUnavailable},
    {Verdict::NeedsPerson, Treatment::GiveUp, RunResult::Kind::GaveUp},
}};

constexpr bool rules_in_order() {
    for (std::size_t i = 0; i < kRules.size(); ++i)
        if (static_cast<std::size_t>(kRules[i].verdict) != i) return false;
    return true;
}
static_assert(rules_in_order(), "kRules must hold one row per Verdict, in Verdict's order");

const Rule& rule_for(Verdict verdict) { return kRules[static_cast<std::size_t>(verdict)]; }

// 2^(failures-1) times the initial delay, capped, spread by the jitter; the exponent is bounded so
// it cannot overflow.
std::chrono::milliseconds backoff(const RecoveryPolicy& p, unsigned failures, double spread) {
    const double exponent = std::min<unsigned>(failures - 1, 30);
    const double cap = static_cast<double>(p.backoff_max.count());
    const double base = std::min(static_cast<double>(p.backoff_initial.count()) * std::pow(2.0, exponent), cap);
    const double jittered = std::min(base * (1.0 + p.jitter * std::clamp(spread, -1.0, 1.0)), cap);
    return std::chrono::milliseconds(static_cast<long long>(jittered));
}

// The rung at a 1-based ladder position; after its last reset the ladder starts over.
Recover rung_at(const RecoveryPolicy& p, unsigned position) {
    const unsigned resets = std::max(p.resets, 1u);
    const unsigned at = (position - 1) % (p.redials + p.radio_cycles + resets) + 1;
    if (at <= p.redials) return {Rung::Redial, {}, at, p.redials, {}};
    if (at <= p.redials + p.radio_cycles) return {Rung::RadioCycle, {}, at - p.redials, p.radio_cycles, {}};
    return {Rung::ModemReset, {}, at - p.redials - p.radio_cycles, resets, {}};
}

}  // namespace

int RunResult::exit_code() const noexcept {
    switch (kind) {
        case Kind::Stopped:
        case Kind::Dialed: return 0;
        case Kind::Failed: return 1;
        case Kind::PortUnavailable: return 3;
        case Kind::GaveUp: return 4;
    }
    return 1;
}

Verdict verdict_of(ppp::Recovery pppd_says) noexcept {
    switch (pppd_says) {
        case ppp::Recovery::Redial: return Verdict::LinkLost;
        case ppp::Recovery::Escalate: return Verdict::BelowPpp;
        case ppp::Recovery::GiveUp: return Verdict::NeedsPerson;
    }
    return Verdict::BelowPpp;
}

const char* to_string(Verdict verdict) noexcept {
    switch (verdict) {
        case Verdict::Stopped: return "stopped";
        case Verdict::Dialed: return "dialled";
        case Verdict::LinkLost: return "link lost";
        case Verdict::StepFailed: return "step failed";
        case Verdict::NoDial: return "no dial";
        case Verdict::BelowPpp: return "below PPP";
        case Verdict::PortsAbsent: return "ports absent";
        case Verdict::NeedsPerson: return "needs a person";
    }
    return "?";
}

Decision decide(const RecoveryPolicy& policy, const History& history, const AttemptEnd& end, double spread) {
    const Rule& rule = rule_for(end.verdict);
    const auto stop = [&](RunResult::Kind kind, std::string message) {
        return Decision{Stop{RunResult{kind, std::move(message)}}, history};
    };
    if (rule.treatment == Treatment::Done || rule.treatment == Treatment::GiveUp)
        return stop(rule.stop_kind, end.reason);
    if (!policy.reconnect) return stop(rule.stop_kind, end.reason);

    const Rung wait_or = rule.treatment == Treatment::WaitPorts ? Rung::WaitForPorts : Rung::Redial;
    // A drop after a session that stayed up: the modem is healthy, redial at once.
    if (end.uptime >= policy.stable_after) {
        Recover now = rung_at(policy, 1);
        now.rung = wait_or == Rung::WaitForPorts ? Rung::WaitForPorts : now.rung;
        now.reason = end.reason;
        return Decision{now, History{}};
    }

    History next{history.failures + 1, history.position + 1};
    if (rule.treatment == Treatment::Escalate) next.position = std::max(next.position, policy.redials + 1);
    if (policy.max_failures && next.failures >= policy.max_failures)
        return stop(RunResult::Kind::Failed, "giving up after " + std::to_string(next.failures) +
                                                 " failed attempts in a row (pppd.maxfail): " + end.reason);
    Recover step = rung_at(policy, next.position);
    if (rule.treatment == Treatment::WaitPorts) step.rung = Rung::WaitForPorts;
    step.delay = backoff(policy, next.failures, spread);
    if (end.uptime > std::chrono::milliseconds(0)) step.delay = std::max(step.delay, policy.holdoff);
    step.reason = end.reason;
    return Decision{step, next};
}

}  // namespace lte::connection
