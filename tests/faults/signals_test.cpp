// Signals in every state the daemon spends time in: SIGTERM/SIGINT stop it (exit 0, no pppd, no
// child, ports free); SIGHUP reloads the configuration and it stays where it was; SIGKILL leaves
// no pppd holding the port (PDEATHSIG) and a new daemon can open the ports and get as far again.
#include "fault_harness.hpp"

namespace lte::faults {
namespace {

using testing::HasSubstr;

struct SignalCase {
    const char* state;  // registering, dialing, online, recovering
    int signo;
};

struct StateSetup {
    std::vector<std::string> sim_args;
    DaemonOptions options;
};

// How to hold the daemon in each state long enough to signal it there.
StateSetup setup_for(const std::string& state) {
    if (state == "registering") return {{"--reg", "searching"}, {}};
    if (state == "dialing") return {{"--attach-time", "0.3", "--fault", "no-reply=ATD"}, {}};  // ATD unanswered 30 s
    if (state == "online") return {{"--attach-time", "0.3"}, {}};
    // recovering: pppd hangs up at once, and the backoff before the redial is long
    return {{"--attach-time", "0.3"}, DaemonOptions().with_script({"exit 16", "up"}).with_backoff("40s", "40s")};
}

// Reaches `state`; true when it is there.
bool reach(Daemon& d, const std::string& state) {
    if (state == "online") return static_cast<bool>(d.wait_online());
    return static_cast<bool>(d.wait_state(state));
}

class Signals : public FaultCase, public testing::WithParamInterface<SignalCase> {};

TEST_P(Signals, InEveryState) {
    const auto [state_c, signo] = GetParam();
    const std::string state = state_c;
    const std::string sig = sigabbrev_np(signo);
    describe("SIG" + sig, state,
             signo == SIGHUP    ? "config reloaded, stays " + state
             : signo == SIGKILL ? "pppd gone (PDEATHSIG), ports free, new daemon gets there"
                                : "exit 0, no pppd/child left, ports free");
    const StateSetup setup = setup_for(state);
    SimFixture sim(setup.sim_args);
    Daemon d(sim, setup.options);
    ASSERT_TRUE(reach(d, state));
    d.expect_no_zombie_children();

    if (signo == SIGTERM || signo == SIGINT) {
        d.stop_with(signo);
        observe("exit " + std::to_string(d.process().wait(0ms).value_or(-1)));
        return;
    }

    if (signo == SIGHUP) {
        const auto pppd_before = d.pppd_pid();
        const int runs_before = d.pppd_runs();
        d.process().signal(SIGHUP);
        ASSERT_TRUE(
            eventually([&] { return d.log().find("SIGHUP: configuration reloaded") != std::string::npos; }, 10s))
            << Daemon::tail(d.process().err());
        EXPECT_FALSE(d.process().wait(1s).has_value()) << "SIGHUP must not end the daemon";
        EXPECT_EQ(d.state(), state);
        EXPECT_EQ(d.pppd_runs(), runs_before) << "a reload applies from the next connect, not now";
        if (state == "online") {
            ASSERT_TRUE(pppd_before);
            EXPECT_TRUE(alive(*pppd_before)) << "the online pppd must survive a reload";
        }
        d.expect_no_zombie_children();
        observe("still " + d.state() + ", reloaded");
        d.stop_with(SIGTERM);
        return;
    }

    const auto pppd = d.pppd_pid();
    d.process().signal(SIGKILL);
    ASSERT_TRUE(d.process().wait(10s));
    if (pppd && state == "online") {
        EXPECT_TRUE(eventually([&] { return !alive(*pppd); }, 10s))
            << "pppd " << *pppd << " outlived a SIGKILLed daemon";
    }
    d.expect_nothing_left();

    StateSetup again = setup_for(state);
    again.options.tag = "after-kill";
    if (state == "recovering") again.options = DaemonOptions().with_tag("after-kill");  // this time it comes online
    Daemon next(sim, again.options);
    const std::string target = state == "recovering" ? "online" : state;
    ASSERT_TRUE(reach(next, target)) << "a new daemon could not take the modem over";
    EXPECT_THAT(next.process().err(), testing::Not(HasSubstr("busy")));
    observe("new daemon reached " + target);
    next.stop_with(SIGTERM);
}

std::vector<SignalCase> all_cases() {
    std::vector<SignalCase> out;
    for (const char* state : {"registering", "dialing", "online", "recovering"})
        for (int signo : {SIGTERM, SIGINT, SIGHUP, SIGKILL}) out.push_back({state, signo});
    return out;
}

INSTANTIATE_TEST_SUITE_P(States, Signals, testing::ValuesIn(all_cases()),
                         [](const testing::TestParamInfo<SignalCase>& param_info) {
                             std::string state = param_info.param.state;
                             return state + "_SIG" + sigabbrev_np(param_info.param.signo);
                         });

}  // namespace
}  // namespace lte::faults
