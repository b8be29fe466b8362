// Faults that strike during the connect sequence (probing, SIM check, PDP configuration,
// registration, dialling). A fault that persists must end `lte-dialer connect` with exit 1 and a
// message naming it, and must keep the daemon retrying (a network may come back) with the
// same message as its last error, without dialling and without leaking a descriptor per attempt.
// A fault that passes (NO CARRIER before registration) must be recovered from.
#include "fault_harness.hpp"

namespace lte::faults {
namespace {

using testing::HasSubstr;

// The shipped generic sequence with short timeouts, so that a modem that never answers costs
// seconds, not minutes (timeouts.command in the config does not reach the sequence's steps).
std::string fast_sequence(bool wait_registered = true) {
    std::string yaml = R"yaml(name: fault-fast
abort: ["NO CARRIER", "BUSY", "NO DIALTONE", "NO ANSWER"]
steps:
  - {send: "AT", timeout: 1s, retry: {times: 3, interval: 200ms}, fail: "the modem does not answer on its AT port"}
  - {send: "ATE0", timeout: 1s}
  - {send: "AT+CMEE=2", timeout: 1s, optional: true}
  - {send: "AT+CPIN?", expect: "+CPIN: READY", timeout: 1s, retry: {times: 2, interval: 200ms}}
  - send: "AT+CGDCONT?"
    timeout: 1s
    capture: {cur_apn: '^\+CGDCONT: 1,"[^"]*","([^"]*)"'}
  - when: "${cur_apn} != ${apn}"
    steps:
      - {send: "AT+CFUN=4"}
      - {send: 'AT+CGDCONT=1,"IP","${apn}"'}
      - {send: "AT+CFUN=1"}
)yaml";
    if (wait_registered) yaml += "  - {wait_registered: {timeout: 4s, poll: 1s}}\n";
    yaml += "  - {send: \"ATD*99***1#\", expect: CONNECT, timeout: 30s, port: data}\n";
    return yaml;
}

// Waiting out the backoff before the next rung: the ports are open and nothing is in flight, so
// every attempt's sample must hold the same descriptors.
bool in_backoff(const YAML::Node& s) {
    const auto detail = s["detail"].as<std::string>();
    return s["state"].as<std::string>() == "recovering" &&
           (detail.rfind("redial", 0) == 0 || detail.rfind("radio cycle", 0) == 0 ||
            detail.rfind("modem reset", 0) == 0);
}

class SequenceFault : public FaultCase {
protected:
    // connect: exit 1 naming the fault; run: retries with the same error, never dials, no
    // descriptor leaked across attempts (radio cycle and modem reset included), SIGTERM exits 0.
    // failures: how many attempts to watch (4 climbs past the radio cycle to a modem reset).
    void expect_clear_error(const std::vector<std::string>& sim_args, const std::string& sequence_yaml,
                            const std::vector<std::string>& texts, unsigned failures = 4) {
        SimFixture sim(sim_args);
        std::vector<std::string> args{"--apn", "soracom.io", "--profile", "sim7600", "--dial-only"};
        DaemonOptions options;
        options.with_backoff("1s", "1s");  // long enough to sample the daemon between attempts
        if (!sequence_yaml.empty()) {
            options.sequence = write_sequence(sim, "fault-fast", sequence_yaml);
            args.insert(args.end(), {"--sequence", options.sequence});
        }
        {
            auto connect = sim.dialer("connect", args, "connect");
            const auto code = connect->wait(120s);
            ASSERT_TRUE(code.has_value()) << "connect still running after 120 s";
            EXPECT_EQ(*code, 1) << connect->err();
            for (const auto& t : texts) EXPECT_THAT(connect->err(), HasSubstr(t));
            observe("connect exit " + std::to_string(*code));
        }

        Daemon d(sim, options);
        const auto failed_with_text = [&](unsigned n) {
            return [&, n](const YAML::Node& s) {
                return s["reconnects"].as<unsigned>() >= n &&
                       s["last_error"].as<std::string>().find(texts.front()) != std::string::npos;
            };
        };
        const YAML::Node first =
            d.wait_until("a first failure naming '" + texts.front() + "'", failed_with_text(1), 90s);
        ASSERT_TRUE(first);
        const auto fds_first = d.fds_when(in_backoff);
        // Failures climb redial -> radio cycle -> modem reset (redials 1, radio cycles 1).
        const YAML::Node later = d.wait_until("failure " + std::to_string(failures), failed_with_text(failures), 150s);
        ASSERT_TRUE(later);
        for (const auto& t : texts) EXPECT_THAT(later["last_error"].as<std::string>(), HasSubstr(t));
        const auto fds_later = d.fds_when(in_backoff);
        ASSERT_TRUE(fds_first && fds_later);
        EXPECT_EQ(*fds_later, *fds_first) << "descriptors grew across attempts:\n" << d.fd_list();
        d.expect_no_zombie_children();
        EXPECT_EQ(d.pppd_runs(), 0) << "pppd started although the sequence failed";
        EXPECT_EQ(sim.count_received("ATD"), 0u) << "dialled although the sequence failed";
        observe("run: '" + later["last_error"].as<std::string>() + "', fds " + std::to_string(*fds_first) + "->" +
                std::to_string(*fds_later));
        d.stop_with(SIGTERM);
    }
};

TEST_F(SequenceFault, NoReplyWhileProbing) {
    describe("no reply (modem mute)", "probing", "connect exit 1 'does not answer'; run retries");
    // Two attempts: every radio cycle or reset command of a mute modem costs its 30 s timeout.
    expect_clear_error({"--fault", "no-reply=AT"}, fast_sequence(), {"does not answer"}, 2);
}

TEST_F(SequenceFault, NoReplyToCpin) {
    describe("no reply to AT+CPIN?", "checking SIM", "exit 1 naming AT+CPIN?, no reply; run retries");
    expect_clear_error({"--fault", "no-reply=AT+CPIN?"}, fast_sequence(), {"AT+CPIN?", "no reply"});
}

TEST_F(SequenceFault, NoReplyToCgdcontQuery) {
    describe("no reply to AT+CGDCONT?", "configuring", "exit 1 naming AT+CGDCONT?, no reply; run retries");
    expect_clear_error({"--fault", "no-reply=AT+CGDCONT?"}, fast_sequence(), {"AT+CGDCONT?", "no reply"});
}

// A missing, PIN-locked (no modem.sim_pin) or PUK-locked SIM stops with exit 4: sim_faults_test.cpp.

TEST_F(SequenceFault, SimPinUnlockedWithTheConfiguredPin) {
    describe("SIM PIN required, modem.sim_pin set", "checking SIM", "unlocked once, online; PIN in no output");
    SimFixture sim({"--sim", "pin", "--sim-pin", "35172046"});
    DaemonOptions options;
    options.sim_pin = "35172046";
    Daemon d(sim, options);
    ASSERT_TRUE(d.wait_online());
    EXPECT_EQ(sim.count_received("AT+CPIN=\"35172046\""), 1u) << sim.transcript();
    EXPECT_THAT(d.log(), testing::Not(HasSubstr("35172046")));
    observe("online; AT+CPIN= sent " + std::to_string(sim.count_received("AT+CPIN=")) + " time(s)");
    d.stop_with(SIGTERM);
}

TEST_F(SequenceFault, WrongSimPinStopsTheDaemonForGood) {
    describe("SIM PIN refused (wrong modem.sim_pin)", "checking SIM",
             "run exit 4 'refused modem.sim_pin', PIN sent once (3 wrong lock the SIM)");
    SimFixture sim({"--sim", "pin", "--sim-pin", "35172046"});
    DaemonOptions options;
    options.sim_pin = "90817263";
    options.with_backoff("100ms", "100ms");  // a retry, were there one, would come at once
    Daemon d(sim, options);
    const auto code = d.process().wait(60s);
    ASSERT_TRUE(code.has_value()) << "the daemon kept running after the SIM refused its PIN";
    EXPECT_EQ(*code, 4) << Daemon::tail(d.log());
    EXPECT_THAT(d.log(), HasSubstr("refused modem.sim_pin"));
    EXPECT_THAT(d.log(), testing::Not(HasSubstr("90817263")));
    EXPECT_EQ(sim.count_received("AT+CPIN="), 1u) << sim.transcript();
    EXPECT_THAT(sim.control("state"), HasSubstr(" sim=pin ")) << "still PIN-locked, two tries left";
    d.expect_nothing_left();
    observe("run exit " + std::to_string(*code) + ", AT+CPIN= sent once");
}

TEST_F(SequenceFault, RegistrationDenied) {
    describe("registration denied", "registering", "exit 1 'registration denied'; run retries");
    expect_clear_error({"--reg", "denied"}, "", {"registration denied"});
}

TEST_F(SequenceFault, SearchingForever) {
    describe("searching forever", "registering", "exit 1 'not registered after 4 s'");
    expect_clear_error({"--reg", "searching"}, fast_sequence(), {"not registered after 4 s"});
}

TEST_F(SequenceFault, ErrorOnCgdcontSet) {
    describe("ERROR on AT+CGDCONT=", "configuring", "exit 1 naming AT+CGDCONT=; run retries");
    expect_clear_error({"--fault", "error=AT+CGDCONT="}, "", {"AT+CGDCONT=1,\"IP\",\"soracom.io\""});
}

TEST_F(SequenceFault, NoCarrierWhileDialling) {
    describe("NO CARRIER on ATD (not registered yet)", "dialing", "connect exit 1 'NO CARRIER'; run recovers");
    {
        SimFixture fresh({"--attach-time", "1.5"});
        auto connect = fresh.dialer("connect",
                                    {"--apn", "soracom.io", "--profile", "sim7600", "--dial-only", "--sequence",
                                     write_sequence(fresh, "no-wait", fast_sequence(false))},
                                    "connect");
        const auto code = connect->wait(60s);
        ASSERT_TRUE(code.has_value());
        EXPECT_EQ(*code, 1) << connect->err();
        EXPECT_THAT(connect->err(), HasSubstr("NO CARRIER"));
        observe("connect exit " + std::to_string(*code));
    }
    SimFixture sim({"--attach-time", "1.5"});  // a fresh modem: still searching when the daemon dials
    DaemonOptions options;
    options.sequence = write_sequence(sim, "no-wait", fast_sequence(false));
    options.redials = 8;  // redials keep the attach running: no radio cycle restarts it
    Daemon d(sim, options);
    const YAML::Node s = d.wait_online(1);
    ASSERT_TRUE(s);
    EXPECT_GE(sim.count_received("ATD*99***1#"), 2u);
    EXPECT_THAT(d.log(), HasSubstr("NO CARRIER"));
    const auto fds_online = d.fds_when([](const YAML::Node& st) { return st["state"].as<std::string>() == "online"; });
    ASSERT_TRUE(fds_online);
    d.expect_no_zombie_children();
    observe("online after " + std::to_string(s["reconnects"].as<unsigned>()) + " reconnects");
    d.stop_with(SIGTERM);
}

// The modem answers the PDP query but never says OK: the step fails on its timeout naming what
// happened (not "no reply"), and the late final is not taken for the next command's.
TEST_F(SequenceFault, MissingFinalResult) {
    describe("answer without a final result (no OK)", "configuring", "connect exit 1 'no final result'; run retries");
    expect_clear_error({"--fault", "no-final=AT+CGDCONT?"}, fast_sequence(), {"no final result"}, 2);
}

// Vendor indications between the answer and its OK while online: the at door shows the answer
// alone, and the daemon stays online.
TEST_F(SequenceFault, UnknownUrcMidCommand) {
    describe("unknown URC (+MSTK) and boot URC in the middle of a reply", "online",
             "the at answer is the modem's alone; stays online; nothing leaks");
    SimFixture sim({"--attach-time", "0.3", "--fault", "urc-in-reply=AT+CGMM", "--fault", "urc-in-reply=AT+CGDCONT?"});
    Daemon d(sim);
    ASSERT_TRUE(d.wait_online());
    const auto fds = d.fds_when([](const YAML::Node& s) { return s["state"].as<std::string>() == "online"; });
    auto at = std::make_unique<Process>(LTE_DIALER_BINARY,
                                        std::vector<std::string>{"at", "AT+CGMM", "--socket", d.socket().string()},
                                        sim.dir() / "at.out", sim.dir() / "at.err");
    ASSERT_EQ(at->wait(30s), 0) << at->err();
    EXPECT_EQ(at->out(), "SIM7600G-H\nOK\n");
    EXPECT_EQ(d.state(), "online");
    ASSERT_TRUE(fds);
    d.expect_fds(*fds);
    d.expect_no_zombie_children();
    observe("at AT+CGMM -> '" + at->out().substr(0, at->out().find('\n')) + "', still " + d.state());
    d.stop_with(SIGTERM);
}

// A line before our echo is not the answer: info shows the model, and a daemon whose first probe
// gets such a line comes online all the same.
TEST_F(SequenceFault, LineBeforeTheEcho) {
    describe("a line before the command's echo", "probing / info", "info shows the model; run comes online");
    SimFixture sim({"--attach-time", "0.3", "--fault", "line-before-echo=AT+CGMM", "--fault", "line-before-echo=AT"});
    {
        auto info =
            sim.dialer("info", {"--json", "--profile", "sim7600", "--socket", (sim.dir() / "none").string()}, "info");
        ASSERT_EQ(info->wait(60s), 0) << info->err();
        const YAML::Node json = YAML::Load(info->out());
        EXPECT_EQ(json["model"].as<std::string>(), "SIM7600G-H") << info->out();
        observe("info model '" + json["model"].as<std::string>() + "'");
    }
    Daemon d(sim);
    ASSERT_TRUE(d.wait_online());
    d.expect_no_zombie_children();
    observe("run online");
    d.stop_with(SIGTERM);
}

}  // namespace
}  // namespace lte::faults
