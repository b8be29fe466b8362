// Hostile requests on the control socket while the daemon is online: a line break inside an `at`
// command (the text after it would ride along as a second command, or be cut). The request must
// be refused, nothing of it reach the modem, and the session stay as it was: no hang-up, no redial.
#include "lte/service/control_client.hpp"

#include "fault_harness.hpp"

namespace lte::faults {
namespace {

using testing::HasSubstr;

// `lte-dialer at ...` as a user types it; returns the exit code and what it printed.
std::pair<int, std::string> at_cli(Daemon& d, const std::vector<std::string>& args) {
    std::vector<std::string> all{"at", "--socket", d.socket().string()};
    all.insert(all.end(), args.begin(), args.end());
    Process p(LTE_DIALER_BINARY, all, d.dir() / "at.out", d.dir() / "at.err");
    const int code = p.wait(60s).value_or(-1);
    return {code, p.out() + p.err()};
}

class ControlFault : public FaultCase {};

TEST_F(ControlFault, CrInAt) {
    describe("CR in at", "online", "refused (exit 2), nothing sent, session untouched, no redial");
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim);
    ASSERT_TRUE(d.wait_online());
    const auto pppd = d.pppd_pid();
    ASSERT_TRUE(pppd);

    // Through the CLI: refused before anything is sent.
    for (const std::string bad : {"AT+CSQ\rATH", "AT+CSQ\nATH"}) {
        const auto [code, output] = at_cli(d, {bad});
        EXPECT_EQ(code, 2) << output;
        EXPECT_THAT(output, HasSubstr("exactly one command line")) << output;
    }
    // Straight onto the socket, past the CLI, forced too: the daemon refuses it itself.
    for (const std::string request : {"at AT+CSQ\rATH", "at! AT+CSQ\rATH", "at AT+CSQ\nATH"}) {
        const YAML::Node j = YAML::Load(service::control_request(d.socket(), request, 10s));
        EXPECT_FALSE(j["ok"].as<bool>()) << request;
        EXPECT_TRUE(j["error"]) << request;
    }
    // The session is as it was, and the port still answers a proper command.
    const auto [code, output] = at_cli(d, {"AT+CGMI"});
    EXPECT_EQ(code, 0) << output;
    const YAML::Node s = d.status();
    EXPECT_EQ(s["state"].as<std::string>(), "online");
    EXPECT_EQ(s["reconnects"].as<unsigned>(), 0U);
    EXPECT_EQ(d.pppd_pid(), pppd) << "pppd was replaced: the call was dropped";
    EXPECT_TRUE(alive(*pppd));
    EXPECT_EQ(sim.count_received("ATH"), 0U) << "the text after the CR reached the modem";
    for (const auto& command : sim.received()) EXPECT_THAT(command, testing::Not(HasSubstr("ATH"))) << command;
    observe("refused x5, reconnects 0, pppd " + std::to_string(*pppd) + " unchanged, no ATH received");
    d.stop_with(SIGTERM);
}

}  // namespace
}  // namespace lte::faults
