// `lte-dialer connect` against the real lte-modem-sim on ptys: the issue's "done means" for the
// connect sequence. Both programs run as real processes; the simulator's transcript shows what the
// dialer really sent.
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "lte/serial/serial_port.hpp"

#include "sim_fixture.hpp"

using lte::test::SimFixture;
using testing::HasSubstr;
using testing::Not;
using namespace std::chrono_literals;

namespace {

const std::vector<std::string> kDialOnly{"--apn", "soracom.io", "--profile", "sim7600", "--dial-only"};

std::vector<std::string> with(std::vector<std::string> base, const std::vector<std::string>& more) {
    base.insert(base.end(), more.begin(), more.end());
    return base;
}

}  // namespace

TEST(ConnectLane, ReachesConnectAgainstTheSimulator) {
    SimFixture sim({"--attach-time", "0.5", "--boot-urcs"});
    auto dialer = sim.dialer("connect", kDialOnly);
    ASSERT_EQ(dialer->wait(), 0) << dialer->out() << dialer->err();
    EXPECT_THAT(dialer->out(), HasSubstr("CONNECT 150000000"));
    EXPECT_EQ(sim.count_received("ATD*99***1#"), 1u);
    EXPECT_EQ(sim.count_received("ATH"), 1u) << "--dial-only hangs the call up again";
}

TEST(ConnectLane, DialsOnTheRegistrationUrcNotOnAPoll) {
    SimFixture sim({"--attach-time", "1.5"});
    auto dialer = sim.dialer(
        "connect", with(kDialOnly, {"--sequence", std::string(LTE_TEST_DATA_DIR) + "/sequence-urc-only.yaml"}));
    // The sequence polls only every 10 minutes: reaching CONNECT at all means the URC did it.
    ASSERT_EQ(dialer->wait(120s), 0) << dialer->out() << dialer->err();
    EXPECT_EQ(sim.count_received("AT+CEREG?"), 1u) << sim.transcript();
    EXPECT_THAT(sim.transcript(), HasSubstr("+CEREG: 5"));
}

TEST(ConnectLane, FragmentedRepliesAndUrcNoiseStillConnect) {
    for (const char* seed : {"1", "2", "3"}) {
        SimFixture sim({"--attach-time", "0.3", "--fragment", "--fragment-max", "5", "--urc-noise", "--boot-urcs",
                        "--seed", seed});
        auto dialer = sim.dialer("connect", kDialOnly);
        ASSERT_EQ(dialer->wait(), 0) << "seed " << seed << "\n" << dialer->out() << dialer->err();
        EXPECT_THAT(dialer->out(), HasSubstr("CONNECT 150000000"));
    }
}

TEST(ConnectLane, SimMissingStopsWithWhatToDo) {
    SimFixture sim({"--sim", "missing"});
    auto dialer = sim.dialer("connect", kDialOnly);
    ASSERT_EQ(dialer->wait(), 4) << dialer->out() << dialer->err();
    EXPECT_THAT(dialer->err(), HasSubstr("no SIM card in the modem: insert one"));
    EXPECT_EQ(sim.count_received("ATD"), 0u);
}

TEST(ConnectLane, RegistrationDeniedFailsClearly) {
    SimFixture sim({"--reg", "denied"});
    auto dialer = sim.dialer("connect", kDialOnly);
    ASSERT_EQ(dialer->wait(), 1) << dialer->out() << dialer->err();
    EXPECT_THAT(dialer->err(), HasSubstr("denied"));
    EXPECT_EQ(sim.count_received("ATD"), 0u);
}

TEST(ConnectLane, NoReplyNamesTheCommand) {
    SimFixture sim({"--fault", "no-reply=AT+CGDCONT?"});
    auto dialer = sim.dialer("connect", kDialOnly);
    ASSERT_EQ(dialer->wait(), 1) << dialer->out() << dialer->err();
    EXPECT_THAT(dialer->err(), HasSubstr("AT+CGDCONT?"));
    EXPECT_THAT(dialer->err(), HasSubstr("no reply"));
}

TEST(ConnectLane, PdpAlreadyRightWritesNothing) {
    SimFixture sim({"--apn", "soracom.io", "--attach-time", "0.2"});
    auto dialer = sim.dialer("connect", kDialOnly);
    ASSERT_EQ(dialer->wait(), 0) << dialer->out() << dialer->err();
    EXPECT_EQ(sim.count_received("AT+CFUN="), 0u) << sim.transcript();
    EXPECT_EQ(sim.count_received("AT+CGDCONT="), 0u);
    EXPECT_EQ(sim.count_received("AT+CGAUTH="), 0u);
}

TEST(ConnectLane, PdpDifferentIsWrittenOnceThenKept) {
    SimFixture sim({"--attach-time", "0.2"});  // the modem's context has an empty APN
    const auto args = with(kDialOnly, {"--user", "sora", "--password", "sora"});
    auto first = sim.dialer("connect", args, "first");
    ASSERT_EQ(first->wait(), 0) << first->out() << first->err();
    EXPECT_EQ(sim.count_received("AT+CFUN=4"), 1u);
    EXPECT_EQ(sim.count_received("AT+CGDCONT=1,\"IP\",\"soracom.io\""), 1u);
    EXPECT_EQ(sim.count_received("AT+CGAUTH=1,"), 1u);
    EXPECT_EQ(sim.count_received("AT+CFUN=1"), 1u);
    auto second = sim.dialer("connect", args, "second");  // a reconnect: nothing changed
    ASSERT_EQ(second->wait(), 0) << second->out() << second->err();
    EXPECT_EQ(sim.count_received("AT+CFUN=4"), 1u) << "a redial must not cost a re-attach";
    EXPECT_EQ(sim.count_received("AT+CGDCONT=1,"), 1u);
}

TEST(ConnectLane, BusyPortIsReportedWithItsHolder) {
    SimFixture sim;
    lte::asio::io_context io;
    lte::serial::PortOptions options;
    options.lock_dir = "";
    lte::serial::SerialPort holder(io, sim.at_port(), options);
    auto dialer = sim.dialer("connect", kDialOnly);
    ASSERT_EQ(dialer->wait(), 3) << dialer->out() << dialer->err();
    EXPECT_THAT(dialer->err(), HasSubstr("busy"));
}

TEST(ConnectLane, PasswordNeverInOutputLogsOrArgv) {
    SimFixture sim({"--attach-time", "3"});
    const std::string password = "Xq7-not-in-logs";
    auto dialer = sim.dialer("connect", with(kDialOnly, {"--user", "sora", "--password", password, "--verbose"}));
    ASSERT_TRUE(dialer->wait_for_output("registering"));
    const std::string cmdline = lte::test::read_file("/proc/" + std::to_string(dialer->pid()) + "/cmdline");
    EXPECT_THAT(cmdline, HasSubstr("--password"));
    EXPECT_THAT(cmdline, Not(HasSubstr(password)));
    ASSERT_EQ(dialer->wait(), 0) << dialer->out() << dialer->err();
    EXPECT_THAT(dialer->err(), HasSubstr("AT+CGAUTH"));                    // verbose: the transcript is there ...
    EXPECT_THAT(dialer->out() + dialer->err(), Not(HasSubstr(password)));  // ... masked
}

TEST(ConnectLane, MissingApnIsAUsageError) {
    SimFixture sim;
    auto dialer = sim.dialer("connect", {"--profile", "sim7600", "--dial-only"});
    EXPECT_EQ(dialer->wait(), 2);
    EXPECT_THAT(dialer->err(), HasSubstr("APN"));
}

TEST(ConnectLane, InfoShowsTheModemWithSubscriberIdsMasked) {
    SimFixture sim({"--attach-time", "0.2"});
    auto table = sim.dialer("info", {"--profile", "sim7600"}, "info");
    ASSERT_EQ(table->wait(), 0) << table->err();
    EXPECT_THAT(table->out(), HasSubstr("SIMCOM"));
    EXPECT_THAT(table->out(), HasSubstr("IMSI          44010********01"));
    auto json = sim.dialer("info", {"--profile", "sim7600", "--json", "--show-ids"}, "info-json");
    ASSERT_EQ(json->wait(), 0) << json->err();
    const YAML::Node info = YAML::Load(json->out());
    EXPECT_EQ(info["imsi"].as<std::string>(), "440103000000001");
    EXPECT_EQ(info["sim"].as<std::string>(), "ready");
    ASSERT_TRUE(info["rssi_dbm"]);  // -73 once registered; null (CSQ 99) while still searching
    if (!info["rssi_dbm"].IsNull()) {
        EXPECT_EQ(info["rssi_dbm"].as<int>(), -73);
    }
}

TEST(ConnectLane, CheckConfigNamesFileLineAndColumn) {
    SimFixture sim;
    const auto bad = sim.dir() / "bad.yaml";
    std::ofstream(bad) << "apn: soracom.io\ntimeouts:\n  comand: 5s\n";
    lte::test::Process check(LTE_DIALER_BINARY, {"check-config", bad.string()}, sim.dir() / "c.out",
                             sim.dir() / "c.err");
    EXPECT_EQ(check.wait(), 2);
    EXPECT_THAT(check.err(), HasSubstr(bad.string() + ":3:3"));
    EXPECT_THAT(check.err(), HasSubstr("command"));  // did you mean
}
