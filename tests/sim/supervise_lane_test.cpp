// `lte-dialer run` (the daemon) against lte-modem-sim, with tests/fixtures/fake-pppd in pppd's
// place: this kernel has no PPP, so real pppd exits 4 here (one test uses exactly that); the
// real-pppd lane (scripts/e2e-uml.sh) runs real pppd under User-Mode-Linux (or QEMU).
// Each test drops the link in one way and checks the rung of the ladder taken, through the
// daemon's control socket and the simulator's transcript, and that nothing leaked.
#include <sys/stat.h>

#include <fstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "lte/common/asio.hpp"
#include "lte/service/control_client.hpp"

#include "daemon_fixture.hpp"
#include "peer_request.hpp"

using lte::test::Process;
using lte::test::SimFixture;
using testing::HasSubstr;
using testing::Not;
using namespace std::chrono_literals;

namespace {

using lte::test::Daemon;
using lte::test::DaemonOptions;
using lte::test::kPassword;

void send_control(SimFixture& sim, const std::string& line) {
    const std::string reply = sim.control(line);
    ASSERT_THAT(reply, Not(HasSubstr("error"))) << line;
}

}  // namespace

TEST(SuperviseLane, ComesOnlineAnswersAtWhileOnlineAndStopsCleanly) {
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim);
    const YAML::Node s = d.wait_online();
    ASSERT_TRUE(s);
    EXPECT_EQ(s["ip"].as<std::string>(), "10.64.64.2");
    EXPECT_EQ(s["interface"].as<std::string>(), "ppp0");
    EXPECT_EQ(s["dns"][0].as<std::string>(), "10.64.64.1");
    // An operator's AT command through the daemon while PPP owns the data port.
    const YAML::Node csq = YAML::Load(lte::service::control_request(d.socket(), "at AT+CSQ", 10s));
    EXPECT_TRUE(csq["ok"].as<bool>());
    EXPECT_THAT(csq["lines"][0].as<std::string>(), HasSubstr("+CSQ:"));
    const YAML::Node refused = YAML::Load(lte::service::control_request(d.socket(), "at ATH", 10s));
    EXPECT_FALSE(refused["ok"].as<bool>());
    // pppd got the password through its pipe, and never in argv.
    EXPECT_EQ(lte::test::read_file(d.dir() / "password.1"), kPassword);
    EXPECT_THAT(lte::test::read_file(d.dir() / "argv.1"), Not(HasSubstr(kPassword)));
    EXPECT_THAT(lte::test::read_file(d.dir() / "argv.1"), HasSubstr("passwordfd"));
    d.stop_cleanly();
    EXPECT_GE(sim.count_received("ATH"), 1u) << "teardown hangs the call up";
}

TEST(SuperviseLane, PppdHangupRedialsKeepingTheAttachAndLeaksNothing) {
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim, DaemonOptions().with_script({"up-exit 16 3", "up-exit 16 1", "up"}).with_redials(3));
    ASSERT_TRUE(d.wait_online());
    // Counted while the first link is up (3 s), and confirmed by a state unchanged around the count.
    const auto fds_online = d.fds_when([](const YAML::Node& s) {
        return s["state"].as<std::string>() == "online" && s["reconnects"].as<unsigned>() == 0;
    });
    ASSERT_TRUE(fds_online);
    ASSERT_TRUE(d.wait_online(2));
    EXPECT_EQ(d.pppd_runs(), 3);
    d.expect_fds(*fds_online);  // a redial must not leak descriptors
    EXPECT_EQ(sim.count_received("ATD*99***1#"), 3u);
    EXPECT_LE(sim.count_received("AT+CFUN=4"), 1u) << "a redial keeps the PS attach: no radio cycle";
    d.stop_cleanly();
}

TEST(SuperviseLane, NoCarrierWhileOnlineEndsTheLinkAndRedials) {
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim, DaemonOptions().with_script({"up", "up"}));
    ASSERT_TRUE(d.wait_online());
    send_control(sim, "drop");  // the network ends the call: NO CARRIER on the data port
    ASSERT_TRUE(d.wait_online(1));
    EXPECT_EQ(d.pppd_runs(), 2);
    d.stop_cleanly();
}

TEST(SuperviseLane, VanishedPortsAreWaitedForAndFoundAgain) {
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim, DaemonOptions().with_script({"up", "up"}));
    ASSERT_TRUE(d.wait_online());
    send_control(sim, "vanish");  // USB gone: the ttys disappear
    d.wait_state("waiting for ports", 20s);
    send_control(sim, "return");  // back, as new devices under the same names
    ASSERT_TRUE(d.wait_online(1));
    EXPECT_EQ(d.pppd_runs(), 2);
    d.stop_cleanly();
}

TEST(SuperviseLane, RepeatedNegotiationFailuresClimbToRadioCycleThenModemReset) {
    SimFixture sim({"--attach-time", "0.3", "--reset-time", "1"});
    // PPP negotiation failures (exit 10) say redialling alone cannot help: escalate.
    Daemon d(sim, DaemonOptions().with_script({"exit 10", "exit 10", "exit 10", "up"}));
    ASSERT_TRUE(d.wait_online(3));
    const auto commands = sim.received();
    const auto at = [&](const std::string& c) { return std::find(commands.begin(), commands.end(), c); };
    ASSERT_NE(at("AT+CFUN=4"), commands.end()) << "radio cycle";
    ASSERT_NE(at("AT+CFUN=1,1"), commands.end()) << "modem reset";
    EXPECT_LT(at("AT+CFUN=4"), at("AT+CFUN=1,1")) << "the radio cycle comes before the reset";
    d.stop_cleanly();
}

TEST(SuperviseLane, RejectedCredentialsGiveUpWithAClearMessage) {
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim, DaemonOptions().with_script({"exit 19"}));
    const auto code = d.process().wait(60s);
    ASSERT_TRUE(code.has_value());
    EXPECT_EQ(*code, 4);
    EXPECT_THAT(d.process().err(), HasSubstr("credentials"));
}

TEST(SuperviseLane, RealPppdWithoutKernelPppGivesUpNamingTheCause) {
    if (std::filesystem::exists("/dev/ppp")) GTEST_SKIP() << "this kernel has PPP: the UML lane covers real links";
    if (!std::filesystem::exists("/usr/sbin/pppd")) GTEST_SKIP() << "pppd not installed";
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim, DaemonOptions().with_pppd("/usr/sbin/pppd"));
    const auto code = d.process().wait(60s);
    ASSERT_TRUE(code.has_value());
    EXPECT_EQ(*code, 4) << d.process().err();
    EXPECT_THAT(d.process().err(), HasSubstr("kernel has no PPP support"));
    EXPECT_THAT(d.process().err(), Not(HasSubstr(kPassword)));
}

TEST(SuperviseLane, SigtermWhileRegisteringStopsAtOnce) {
    SimFixture sim({"--reg", "searching"});
    Daemon d(sim);
    d.wait_state("registering", 20s);
    d.stop_cleanly();
    EXPECT_EQ(sim.count_received("ATD"), 0u);
}

TEST(SuperviseLane, ConnectivityProbeCatchesALinkThatCarriesNothing) {
    // The "DNS server" is a loopback socket that never answers: pppd and LCP are content, but
    // nothing passes, so the probe must call the link lost and the daemon redial.
    lte::asio::io_context io;
    lte::asio::ip::udp::socket silent(io, {lte::asio::ip::make_address("127.0.0.1"), 0});
    const auto port = std::to_string(silent.local_endpoint().port());
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim, DaemonOptions().with_redials(3).with_config(
                      "probe: {interval: 200ms, failures: 2, server: 127.0.0.1, port: " + port + "}\n"));
    ASSERT_TRUE(d.wait_online(1));
    EXPECT_THAT(d.status()["last_error"].as<std::string>(), HasSubstr("DNS queries to 127.0.0.1 unanswered"));
    EXPECT_GE(silent.available(), 1u) << "the probe's queries reached the server";
    d.stop_cleanly();
}

TEST(SuperviseLane, ControlGroupFromTheConfigLetsItsMembersAsk) {
    if (::getuid() != 0) GTEST_SKIP() << "needs root to ask as uid 65534";
    SimFixture sim({"--attach-time", "0.3"});
    ::chmod(sim.dir().c_str(), 0755);  // the socket's directory: the test's, reachable by all
    Daemon d(sim, DaemonOptions().with_config("control:\n  group: 4242\n"));
    ASSERT_TRUE(d.wait_online());
    struct stat st {};
    ASSERT_EQ(::stat(d.socket().c_str(), &st), 0);
    EXPECT_EQ(st.st_gid, 4242u);
    EXPECT_THAT(d.log(), HasSubstr("control.sock: root and group 4242"));

    const YAML::Node status = YAML::Load(lte::test::request_as_nobody(d.socket(), "status", {4242}));
    ASSERT_TRUE(status.IsMap());
    EXPECT_EQ(status["state"].as<std::string>(), "online");
    const std::string csq = lte::test::request_as_nobody(d.socket(), "at AT+CSQ", {4242});
    EXPECT_THAT(csq, HasSubstr("+CSQ:"));
    // Another group: the socket's mode (0660) keeps it out.
    EXPECT_EQ(lte::test::request_as_nobody(d.socket(), "status", {4243}), "child failed at step 3");
    d.stop_cleanly();
}
