// pppd's exit statuses 1..21 (pppd(8) EXIT STATUS; 20, 21 from pppd.h), delivered by fake-pppd:
// the ones a person must fix (options, root, kernel, credentials...) end the daemon with exit 4 and
// a sentence saying what to fix; the others are recovered from, by a plain redial (the PS attach
// is kept: no AT+CFUN) or by climbing to a radio cycle (something below PPP is wrong).
// The expectations are written here from pppd(8), independently of src/ppp/pppd_exit.cpp.
#include "fault_harness.hpp"

namespace lte::faults {
namespace {

using testing::HasSubstr;

enum class Expect { Redial, RadioCycle, GiveUp };

struct ExitCase {
    int code;
    Expect expect;
    const char* text;  // for GiveUp: what the exit message must say
};

const ExitCase kCases[] = {
    {1, Expect::RadioCycle, ""},             // fatal error: something below is wrong
    {2, Expect::GiveUp, "options"},          // bad options
    {3, Expect::GiveUp, "root"},             // not setuid root
    {4, Expect::GiveUp, "PPP support"},      // no kernel PPP
    {5, Expect::Redial, ""},                 // SIGINT/SIGTERM/SIGHUP, not ours
    {6, Expect::RadioCycle, ""},             // serial port lock
    {7, Expect::RadioCycle, ""},             // serial port open failed
    {8, Expect::RadioCycle, ""},             // connect script failed
    {9, Expect::GiveUp, "pty"},              // pty command
    {10, Expect::RadioCycle, ""},            // negotiation failed
    {11, Expect::GiveUp, "authenticate"},    // peer failed to authenticate
    {12, Expect::Redial, ""},                // idle
    {13, Expect::Redial, ""},                // connect time limit
    {14, Expect::GiveUp, "callback"},        // callback
    {15, Expect::Redial, ""},                // LCP echoes unanswered
    {16, Expect::Redial, ""},                // modem hung up
    {17, Expect::RadioCycle, ""},            // loopback: modem still in command mode
    {18, Expect::RadioCycle, ""},            // init script failed
    {19, Expect::GiveUp, "credentials"},     // we failed to authenticate
    {20, Expect::GiveUp, "traffic limit"},   // maxoctets
    {21, Expect::GiveUp, "calling number"},  // remotenumber
};

const char* name(Expect e) {
    switch (e) {
        case Expect::Redial: return "redial, online";
        case Expect::RadioCycle: return "radio cycle, online";
        case Expect::GiveUp: return "exit 4 with reason";
    }
    return "?";
}

class PppdExit : public FaultCase, public testing::WithParamInterface<ExitCase> {};

TEST_P(PppdExit, FollowsTheDocumentedDecision) {
    const ExitCase c = GetParam();
    const std::string code = std::to_string(c.code);
    describe("pppd exit " + code, c.expect == Expect::GiveUp ? "negotiating" : "online",
             std::string(name(c.expect)) + (c.expect == Expect::GiveUp ? " '" + std::string(c.text) + "'" : ""));
    SimFixture sim({"--attach-time", "0.3"});

    if (c.expect == Expect::GiveUp) {
        Daemon d(sim, DaemonOptions().with_script({"exit " + code}));
        const auto exit_code = d.process().wait(120s);
        ASSERT_TRUE(exit_code.has_value()) << "the daemon kept retrying: " << d.state();
        EXPECT_EQ(*exit_code, 4) << Daemon::tail(d.process().err());
        EXPECT_THAT(d.process().err(), HasSubstr(c.text));
        EXPECT_THAT(d.process().err(), HasSubstr("pppd exit code " + code));
        EXPECT_EQ(d.pppd_runs(), 1) << "a give-up must not retry";
        d.expect_nothing_left();
        observe("exit " + std::to_string(*exit_code) + ", pppd runs " + std::to_string(d.pppd_runs()));
        return;
    }

    // Online first, then pppd ends with the code after 3 s (long enough to sample it online):
    // the recovery must come back to the first-online descriptor count.
    Daemon d(sim, DaemonOptions().with_script({"up-exit " + code + " 3", "up"}));
    ASSERT_TRUE(d.wait_online());
    const auto fds_first = d.fds_when([](const YAML::Node& s) { return s["state"].as<std::string>() == "online"; });
    ASSERT_TRUE(fds_first);
    const std::size_t first_dial = first_index(sim.received(), "ATD");
    const YAML::Node s = d.wait_online(1);
    ASSERT_TRUE(s);
    EXPECT_EQ(d.pppd_runs(), 2);
    const std::size_t radio_offs = count_from(sim.received(), first_dial, "AT+CFUN=4");
    if (c.expect == Expect::Redial)
        EXPECT_EQ(radio_offs, 0u) << "exit " << code << " calls for a plain redial, keeping the attach";
    else
        EXPECT_GE(radio_offs, 1u) << "exit " << code << " calls for the ladder's radio cycle";
    EXPECT_THAT(d.log(), HasSubstr("pppd exit code " + code));
    d.expect_fds(*fds_first);
    d.expect_no_zombie_children();
    observe(std::string("online, reconnects ") + std::to_string(s["reconnects"].as<unsigned>()) + ", radio offs " +
            std::to_string(radio_offs));
    d.stop_with(SIGTERM);
}

INSTANTIATE_TEST_SUITE_P(Codes, PppdExit, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<ExitCase>& param_info) {
                             return "exit" + std::to_string(param_info.param.code);
                         });

}  // namespace
}  // namespace lte::faults
