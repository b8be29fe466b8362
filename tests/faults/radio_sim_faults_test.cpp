// Radio and SIM states that waiting or retrying cannot mend. A radio left off (AT+CFUN=0 by
// hand) or a modem not searching (stat 0) is turned on / sent back to automatic network selection
// within the same registration step; a failed step inside the CFUN=4 ... CFUN=1 block leaves the
// radio on; a PUK-locked SIM, a PIN asked for with no modem.sim_pin, and no SIM at all stop the
// daemon (exit 4) with a status saying what a person must do, unless modem.wait_for_sim asks to
// wait for a SIM inserted later.
#include "fault_harness.hpp"

namespace lte::faults {
namespace {

using testing::HasSubstr;

// `lte-dialer status [--json]` against the daemon's socket, as a user would run it.
struct StatusRun {
    int code = -1;
    std::string out, err;
};
StatusRun lte_status(SimFixture& sim, const std::filesystem::path& socket, bool json) {
    std::vector<std::string> args{"status", "--socket", socket.string()};
    if (json) args.emplace_back("--json");
    const std::string tag = json ? "status-json" : "status";
    Process p(LTE_DIALER_BINARY, args, sim.dir() / (tag + ".out"), sim.dir() / (tag + ".err"));
    const auto code = p.wait(10s);
    return StatusRun{code.value_or(-1), p.out(), p.err()};
}

class RadioSimFault : public FaultCase {
protected:
    // Online, then `fault` (a control line to the simulator) drops the link; the daemon must be
    // online again after one attempt whose commands are checked by the caller.
    std::vector<std::string> recover_after(SimFixture& sim, const std::string& fault) {
        DaemonOptions options;
        options.with_backoff("100ms", "100ms");
        Daemon d(sim, options);
        if (!d.wait_online()) return {};
        const std::size_t before = sim.received().size();
        EXPECT_EQ(sim.control(fault), "ok");
        // The shipped sequence's wait is 180 s: a fix that waited it out would miss this.
        const YAML::Node again = d.wait_online(1, 60s);
        EXPECT_TRUE(again);
        EXPECT_THAT(d.log(), testing::Not(HasSubstr("not registered after")));
        const auto all = sim.received();
        d.stop_with(SIGTERM);
        return {all.begin() + static_cast<std::ptrdiff_t>(std::min(before, all.size())), all.end()};
    }

    // The daemon stops by itself with exit 4, naming what to do in its log and in `status`.
    void expect_needs_person(SimFixture& sim, DaemonOptions options, const std::string& says) {
        options.with_backoff("100ms", "100ms");  // a retry, were there one, would come at once
        Daemon d(sim, options);
        const auto code = d.process().wait(60s);
        ASSERT_TRUE(code.has_value()) << "the daemon kept retrying: " << d.state();
        EXPECT_EQ(*code, 4) << Daemon::tail(d.log());
        EXPECT_THAT(d.log(), HasSubstr(says));
        EXPECT_EQ(sim.count_received("ATD"), 0u);
        EXPECT_EQ(sim.count_received("AT+CPIN="), 0u) << "a PIN or PUK was guessed";

        const StatusRun text = lte_status(sim, d.socket(), false);
        EXPECT_EQ(text.code, 1) << "status of a stopped daemon must not look like success";
        EXPECT_THAT(text.err, HasSubstr("not running"));
        EXPECT_THAT(text.out, HasSubstr("failed"));
        EXPECT_THAT(text.out, HasSubstr("Action:"));
        EXPECT_THAT(text.out, HasSubstr(says));
        const StatusRun json = lte_status(sim, d.socket(), true);
        const YAML::Node node = YAML::Load(json.out);
        ASSERT_TRUE(node.IsMap()) << json.out << json.err;
        EXPECT_EQ(node["state"].as<std::string>(), "failed");
        EXPECT_THAT(node["action"].as<std::string>(), HasSubstr(says));
        d.expect_nothing_left();
        observe("run exit " + std::to_string(*code) + "; status action: " + node["action"].as<std::string>());
    }
};

TEST_F(RadioSimFault, RadioLeftOff) {
    describe("radio left off (AT+CFUN=0 by a third party)", "online",
             "one attempt: AT+CFUN? finds 0, AT+CFUN=1, registered, dialled; no 180 s wait");
    SimFixture sim({"--attach-time", "0.5"});
    const auto after = recover_after(sim, "cfun 0");
    ASSERT_FALSE(after.empty());
    const auto query = first_index(after, "AT+CFUN?");
    const auto on = first_index(after, "AT+CFUN=1");
    const auto dial = first_index(after, "ATD");
    EXPECT_LT(query, on);
    EXPECT_LT(on, dial) << "the radio must be on before the dial";
    EXPECT_EQ(count_from(after, 0, "ATD"), 1u) << "back after one attempt, not after a ladder of them";
    EXPECT_EQ(count_from(after, 0, "AT+CFUN=4"), 0u) << "no radio cycle was needed";
    observe("after CFUN=0: CFUN? at " + std::to_string(query) + ", CFUN=1 at " + std::to_string(on) + ", ATD at " +
            std::to_string(dial) + ", " + std::to_string(count_from(after, 0, "ATD")) + " dial(s)");
}

TEST_F(RadioSimFault, NotSearching) {
    describe("stat 0: deregistered, radio on (AT+COPS=2 by a third party)", "online",
             "one attempt: the wait sees stat 0, sends AT+CFUN=1 and AT+COPS=0 at once, dials");
    SimFixture sim({"--attach-time", "0.5"});
    const auto after = recover_after(sim, "reg 0");
    ASSERT_FALSE(after.empty());
    const auto poll = first_index(after, "AT+CEREG?");
    const auto select = first_index(after, "AT+COPS=0");
    const auto dial = first_index(after, "ATD");
    EXPECT_LT(poll, select) << "the wait must see stat 0 first";
    EXPECT_LT(select, dial);
    EXPECT_EQ(count_from(after, 0, "AT+COPS=0"), 1u);
    EXPECT_EQ(count_from(after, 0, "ATD"), 1u);
    observe("after stat 0: AT+COPS=0 at " + std::to_string(select) + ", ATD at " + std::to_string(dial));
}

TEST_F(RadioSimFault, FailedStepInsideCfun4BlockRestoresTheRadio) {
    describe("ERROR on AT+CGAUTH= (inside CFUN=4 ... CFUN=1)", "configuring",
             "connect exit 1 naming AT+CGAUTH=, and the modem left at CFUN=1 (finally:)");
    SimFixture sim({"--fault", "error=AT+CGAUTH="});
    auto connect = sim.dialer(
        "connect", {"--apn", "soracom.io", "--user", "sora", "--auth", "chap", "--profile", "sim7600", "--dial-only"},
        "connect");
    const auto code = connect->wait(60s);
    ASSERT_TRUE(code.has_value());
    EXPECT_EQ(*code, 1) << connect->err();
    EXPECT_THAT(connect->err(), HasSubstr("AT+CGAUTH="));
    const auto commands = sim.received();
    const auto off = first_index(commands, "AT+CFUN=4");
    const auto auth = first_index(commands, "AT+CGAUTH=");
    ASSERT_LT(off, commands.size());
    EXPECT_LT(off, auth);
    EXPECT_EQ(count_from(commands, auth, "AT+CFUN=1"), 1u) << "the radio was not turned back on";
    EXPECT_THAT(sim.control("state"), HasSubstr("cfun=1 "));
    observe("connect exit " + std::to_string(*code) + "; " + sim.control("state").substr(0, 6));
}

TEST_F(RadioSimFault, PukLockedSim) {
    describe("PUK SIM", "checking SIM", "run exit 4 at the first attempt; status action: unlock it with its PUK");
    SimFixture sim({"--sim", "puk"});
    expect_needs_person(sim, {}, "PUK");
}

TEST_F(RadioSimFault, PinLockedSimWithoutSimPin) {
    describe("SIM PIN asked, no modem.sim_pin", "checking SIM", "run exit 4; status action: set modem.sim_pin");
    SimFixture sim({"--sim", "pin", "--sim-pin", "35172046"});
    expect_needs_person(sim, {}, "modem.sim_pin");
}

TEST_F(RadioSimFault, NoSim) {
    describe("SIM not inserted", "checking SIM", "run exit 4; status action: insert one (or modem.wait_for_sim)");
    SimFixture sim({"--sim", "missing"});
    expect_needs_person(sim, {}, "insert one");
}

TEST_F(RadioSimFault, NoSimWithWaitForSimKeepsRetryingUntilOneIsInserted) {
    describe("SIM not inserted, modem.wait_for_sim: true", "checking SIM",
             "retries with 'SIM not ready'; online once a SIM is inserted");
    SimFixture sim({"--sim", "missing", "--attach-time", "0.3"});
    DaemonOptions options;
    options.wait_for_sim = true;
    options.with_backoff("100ms", "100ms");
    Daemon d(sim, options);
    const YAML::Node failing = d.wait_until(
        "two failures naming the SIM",
        [](const YAML::Node& s) {
            return s["reconnects"].as<unsigned>() >= 2 &&
                   s["last_error"].as<std::string>().find("SIM not ready") != std::string::npos;
        },
        90s);
    ASSERT_TRUE(failing);
    EXPECT_EQ(failing["action"].as<std::string>(), "");
    EXPECT_EQ(sim.control("sim ready"), "ok");
    ASSERT_TRUE(d.wait_online(2, 90s));
    observe("retried " + failing["reconnects"].as<std::string>() + " times, online after the SIM came");
    d.stop_with(SIGTERM);
}

}  // namespace
}  // namespace lte::faults
