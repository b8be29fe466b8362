// `lte-dialer run` (the daemon) against lte-modem-sim, with tests/fixtures/fake-pppd in pppd's
// place: this kernel has no PPP, so real pppd exits 4 here (one test uses exactly that); the
// real-pppd lane (scripts/e2e-uml.sh) runs real pppd under User-Mode-Linux.
// Each test drops the link in one way and checks the rung of the ladder taken, through the
// daemon's control socket and the simulator's transcript, and that nothing leaked.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <thread>

#include "lte/service/control_client.hpp"
#include "sim_fixture.hpp"

using lte::test::Process;
using lte::test::SimFixture;
using testing::HasSubstr;
using testing::Not;
using namespace std::chrono_literals;

namespace {

const std::string kPassword = "pw-Zr8-secret";

struct Daemon {
    SimFixture& sim;
    std::filesystem::path socket;
    std::unique_ptr<Process> process;

    Daemon(SimFixture& s, const std::vector<std::string>& behaviour, const std::string& pppd_path = "",
           int redials = 1)
        : sim(s), socket(s.dir() / "control.sock") {
        {
            std::ofstream script(s.dir() / "pppd-script");
            for (const auto& line : behaviour) script << line << '\n';
        }
        const auto config = s.dir() / "config.yaml";
        {
            std::ofstream out(config);
            out << "modem:\n  profile: sim7600\n  at_port: " << s.at_port() << "\n  data_port: " << s.data_port()
                << "\napn: soracom.io\nuser: sora\npassword: " << kPassword
                << "\nauth: chap\ntimeouts:\n  ppp_up: 20s\npppd:\n  path: "
                << (pppd_path.empty() ? std::string(LTE_SOURCE_DIR) + "/tests/fixtures/fake-pppd" : pppd_path)
                << "\n  options: [\"ipparam " << (s.dir() / "pppd-script").string() << "\"]\n"
                << "reconnect:\n  backoff_initial: 100ms\n  backoff_max: 400ms\n  redial_attempts: " << redials
                << "\n  radio_cycle_attempts: 1\nlog_level: debug\n";
        }
        ::chmod(config.c_str(), 0600);
        process = std::make_unique<Process>(
            LTE_DIALER_BINARY, std::vector<std::string>{"run", "--config", config.string(), "--socket", socket.string()},
            s.dir() / "daemon.out", s.dir() / "daemon.err");
    }

    // The daemon's status as JSON, or an empty node while it does not answer yet.
    YAML::Node status() const {
        try {
            return YAML::Load(lte::service::control_request(socket, "status", 2s));
        } catch (const std::exception&) {
            return {};
        }
    }

    // Waits until the daemon's state is `state` and pred(status) holds.
    template <typename Pred>
    YAML::Node wait_for(const std::string& state, Pred pred, std::chrono::seconds timeout = 40s) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            const YAML::Node s = status();
            if (s && s["state"] && s["state"].as<std::string>() == state && pred(s)) return s;
            if (process->wait(50ms)) break;  // it exited
        }
        ADD_FAILURE() << "daemon never reached '" << state << "'; last status "
                      << YAML::Dump(status()) << "\nlog:\n" << process->err();
        return {};
    }
    YAML::Node wait_for(const std::string& state, std::chrono::seconds timeout = 40s) {
        return wait_for(state, [](const YAML::Node&) { return true; }, timeout);
    }

    [[nodiscard]] std::size_t fd_count() const {
        std::size_t n = 0;
        for ([[maybe_unused]] const auto& e :
             std::filesystem::directory_iterator("/proc/" + std::to_string(process->pid()) + "/fd"))
            ++n;
        return n;
    }

    [[nodiscard]] int pppd_runs() const {
        std::ifstream in(sim.dir() / "runs");
        int n = 0;
        in >> n;
        return n;
    }

    // SIGTERM: exit 0, pppd gone, nothing secret in the log.
    void stop_cleanly() {
        const std::string pid_file = (sim.dir() / "pppd.pid").string();
        process->signal(SIGTERM);
        const auto code = process->wait(30s);
        ASSERT_TRUE(code.has_value()) << "daemon still running 30 s after SIGTERM";
        EXPECT_EQ(*code, 0) << process->err();
        std::ifstream pid_in(pid_file);
        int pid = 0;
        if (pid_in >> pid) {
            EXPECT_FALSE(std::filesystem::exists("/proc/" + std::to_string(pid))) << "pppd left behind";
        }
        EXPECT_THAT(process->err() + process->out(), Not(HasSubstr(kPassword)));
        EXPECT_FALSE(std::filesystem::exists(socket)) << "control socket left behind";
    }
};

bool reconnected(const YAML::Node& s, unsigned n) { return s["reconnects"].as<unsigned>() >= n; }

void send_control(SimFixture& sim, const std::string& line) {
    const std::string reply = sim.control(line);
    ASSERT_THAT(reply, Not(HasSubstr("error"))) << line;
}

}  // namespace

TEST(SuperviseLane, ComesOnlineAnswersAtWhileOnlineAndStopsCleanly) {
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim, {"up"});
    const YAML::Node s = d.wait_for("online");
    ASSERT_TRUE(s);
    EXPECT_EQ(s["ip"].as<std::string>(), "10.64.64.2");
    EXPECT_EQ(s["interface"].as<std::string>(), "ppp0");
    EXPECT_EQ(s["dns"][0].as<std::string>(), "10.64.64.1");
    // An operator's AT command through the daemon while PPP owns the data port.
    const YAML::Node csq = YAML::Load(lte::service::control_request(d.socket, "at AT+CSQ", 10s));
    EXPECT_TRUE(csq["ok"].as<bool>());
    EXPECT_THAT(csq["lines"][0].as<std::string>(), HasSubstr("+CSQ:"));
    const YAML::Node refused = YAML::Load(lte::service::control_request(d.socket, "at ATH", 10s));
    EXPECT_FALSE(refused["ok"].as<bool>());
    // pppd got the password through its pipe, and never in argv.
    EXPECT_EQ(lte::test::read_file(sim.dir() / "password.1"), kPassword);
    EXPECT_THAT(lte::test::read_file(sim.dir() / "argv.1"), Not(HasSubstr(kPassword)));
    EXPECT_THAT(lte::test::read_file(sim.dir() / "argv.1"), HasSubstr("passwordfd"));
    d.stop_cleanly();
    EXPECT_GE(sim.count_received("ATH"), 1u) << "teardown hangs the call up";
}

TEST(SuperviseLane, PppdHangupRedialsKeepingTheAttachAndLeaksNothing) {
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim, {"up-exit 16 1", "up-exit 16 1", "up"}, "", 3);
    ASSERT_TRUE(d.wait_for("online"));
    const auto fds_first = d.fd_count();
    ASSERT_TRUE(d.wait_for("online", [](const YAML::Node& s) { return reconnected(s, 2); }));
    EXPECT_EQ(d.pppd_runs(), 3);
    EXPECT_EQ(d.fd_count(), fds_first) << "a redial must not leak descriptors";
    EXPECT_EQ(sim.count_received("ATD*99***1#"), 3u);
    EXPECT_LE(sim.count_received("AT+CFUN=4"), 1u) << "a redial keeps the PS attach: no radio cycle";
    d.stop_cleanly();
}

TEST(SuperviseLane, NoCarrierWhileOnlineEndsTheLinkAndRedials) {
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim, {"up", "up"});
    ASSERT_TRUE(d.wait_for("online"));
    send_control(sim, "drop");  // the network ends the call: NO CARRIER on the data port
    ASSERT_TRUE(d.wait_for("online", [](const YAML::Node& s) { return reconnected(s, 1); }));
    EXPECT_EQ(d.pppd_runs(), 2);
    d.stop_cleanly();
}

TEST(SuperviseLane, VanishedPortsAreWaitedForAndFoundAgain) {
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim, {"up", "up"});
    ASSERT_TRUE(d.wait_for("online"));
    send_control(sim, "vanish");  // USB gone: the ttys disappear
    d.wait_for("waiting for ports", 20s);
    send_control(sim, "return");  // back, as new devices under the same names
    ASSERT_TRUE(d.wait_for("online", [](const YAML::Node& s) { return reconnected(s, 1); }));
    EXPECT_EQ(d.pppd_runs(), 2);
    d.stop_cleanly();
}

TEST(SuperviseLane, RepeatedNegotiationFailuresClimbToRadioCycleThenModemReset) {
    SimFixture sim({"--attach-time", "0.3", "--reset-time", "1"});
    // PPP negotiation failures (exit 10) say redialling alone cannot help: escalate.
    Daemon d(sim, {"exit 10", "exit 10", "exit 10", "up"});
    ASSERT_TRUE(d.wait_for("online", [](const YAML::Node& s) { return reconnected(s, 3); }, 60s));
    const auto commands = sim.received();
    const auto at = [&](const std::string& c) { return std::find(commands.begin(), commands.end(), c); };
    ASSERT_NE(at("AT+CFUN=4"), commands.end()) << "radio cycle";
    ASSERT_NE(at("AT+CFUN=1,1"), commands.end()) << "modem reset";
    EXPECT_LT(at("AT+CFUN=4"), at("AT+CFUN=1,1")) << "the radio cycle comes before the reset";
    d.stop_cleanly();
}

TEST(SuperviseLane, RejectedCredentialsGiveUpWithAClearMessage) {
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim, {"exit 19"});
    const auto code = d.process->wait(60s);
    ASSERT_TRUE(code.has_value());
    EXPECT_EQ(*code, 4);
    EXPECT_THAT(d.process->err(), HasSubstr("credentials"));
}

TEST(SuperviseLane, RealPppdWithoutKernelPppGivesUpNamingTheCause) {
    if (std::filesystem::exists("/dev/ppp")) GTEST_SKIP() << "this kernel has PPP: the UML lane covers real links";
    if (!std::filesystem::exists("/usr/sbin/pppd")) GTEST_SKIP() << "pppd not installed";
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim, {"up"}, "/usr/sbin/pppd");
    const auto code = d.process->wait(60s);
    ASSERT_TRUE(code.has_value());
    EXPECT_EQ(*code, 4) << d.process->err();
    EXPECT_THAT(d.process->err(), HasSubstr("kernel has no PPP support"));
    EXPECT_THAT(d.process->err(), Not(HasSubstr(kPassword)));
}

TEST(SuperviseLane, SigtermWhileRegisteringStopsAtOnce) {
    SimFixture sim({"--reg", "searching"});
    Daemon d(sim, {"up"});
    d.wait_for("registering", 20s);
    d.stop_cleanly();
    EXPECT_EQ(sim.count_received("ATD"), 0u);
}
