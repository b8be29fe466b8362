// What a fleet's operator reads, through the binary: counters that survive a daemon restart and a
// reset that starts a new period; the metrics textfile as Debian's real node_exporter serves it.
#include <netinet/in.h>
#include <sys/socket.h>

#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lte/common/scoped_fd.hpp"

#include "daemon_fixture.hpp"

using lte::test::Daemon;
using lte::test::DaemonOptions;
using lte::test::Process;
using lte::test::SimFixture;
using testing::HasSubstr;
using namespace std::chrono_literals;

namespace {

// fake-pppd says "Sent 1200 bytes, received 3400 bytes." at the end of every session.
constexpr std::uint64_t kReceivedPerSession = 3400;
constexpr std::uint64_t kSentPerSession = 1200;

std::uint64_t counter(const YAML::Node& status, const std::string& key) {
    return status["period_" + key].as<std::uint64_t>();
}

YAML::Node saved_counters(const std::filesystem::path& state) {
    std::ifstream in(state / "counters.json");
    std::stringstream text;
    text << in.rdbuf();
    return text.str().empty() ? YAML::Node() : YAML::Load(text.str());
}

DaemonOptions keeping_state_in(const std::filesystem::path& state, const std::string& tag) {
    return DaemonOptions().with_tag(tag).with_env("STATE_DIRECTORY=" + state.string());
}

}  // namespace

TEST(FleetLane, CountersSurviveARestartAndAResetStartsANewPeriod) {
    SimFixture sim({"--attach-time", "0.3"});
    const auto state = sim.dir() / "state";
    {
        // A session that the modem ends after 1 s (a drop), then one that holds until the stop.
        Daemon d(sim, keeping_state_in(state, "first").with_script({"up-exit 16 1", "up"}));
        const auto online = d.wait_until("online a second time", [](const YAML::Node& s) {
            return s["state"].as<std::string>() == "online" && counter(s, "connects") == 2;
        });
        ASSERT_TRUE(online);
        EXPECT_EQ(counter(online, "attempts"), 2U);
        EXPECT_EQ(counter(online, "drops"), 1U);
        EXPECT_EQ(counter(online, "received_bytes"), kReceivedPerSession) << "the dropped session's bytes";
        EXPECT_EQ(counter(online, "sent_bytes"), kSentPerSession);
        EXPECT_FALSE(online["last_failure_at"].IsNull());
        d.stop_cleanly();
    }
    const YAML::Node saved = saved_counters(state);
    ASSERT_TRUE(saved) << "no " << (state / "counters.json") << " after the stop";
    EXPECT_EQ(saved["received_bytes"].as<std::uint64_t>(), 2 * kReceivedPerSession) << "both sessions, at stop";
    EXPECT_EQ(saved["drops"].as<int>(), 1);

    Daemon d(sim, keeping_state_in(state, "second"));
    const auto online = d.wait_online();
    ASSERT_TRUE(online);
    EXPECT_EQ(counter(online, "received_bytes"), 2 * kReceivedPerSession) << "the totals came back after a restart";
    EXPECT_EQ(counter(online, "attempts"), 3U);
    EXPECT_EQ(counter(online, "connects"), 3U);
    EXPECT_EQ(online["connects"].as<int>(), 1) << "this run's own count stays this run's";
    const auto since = online["period_since"].as<std::string>();
    EXPECT_THAT(d.log(), HasSubstr("counters since " + since + " restored from " + (state / "counters.json").string()));

    const auto [table_code, table] = d.cli({"status"});
    EXPECT_EQ(table_code, 0);
    EXPECT_THAT(table, HasSubstr("Data:         6.8 kB received, 2.4 kB sent, online "));
    EXPECT_THAT(table, HasSubstr("Attempts:     3 (3 online, 1 drops)"));

    const auto [code, said] = d.cli({"status", "--reset-counters"});
    EXPECT_EQ(code, 0) << said;
    EXPECT_THAT(said, HasSubstr("counters reset: a new period from "));
    const auto fresh = d.status();
    EXPECT_EQ(counter(fresh, "received_bytes"), 0U);
    EXPECT_EQ(counter(fresh, "attempts"), 0U);
    EXPECT_NE(fresh["period_since"].as<std::string>(), since) << "a new start";
    EXPECT_EQ(saved_counters(state)["attempts"].as<int>(), 0) << "the reset is saved at once";
    d.stop_cleanly();
    EXPECT_EQ(saved_counters(state)["received_bytes"].as<std::uint64_t>(), kReceivedPerSession)
        << "the session under way at the reset counts in the new period";
}

namespace {

// One HTTP GET over loopback, as Prometheus would scrape; the body, or "" if nothing answers.
std::string scrape(int port) {
    lte::ScopedFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) return {};
    const std::string request = "GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n";
    if (::send(fd.get(), request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size()))
        return {};
    std::string reply;
    char buf[8192];
    for (ssize_t n; (n = ::recv(fd.get(), buf, sizeof buf, 0)) > 0;) reply.append(buf, static_cast<std::size_t>(n));
    const auto body = reply.find("\r\n\r\n");
    return body == std::string::npos ? std::string() : reply.substr(body + 4);
}

// A free loopback port, found by binding port 0.
int free_port() {
    lte::ScopedFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        return 0;
    return ntohs(addr.sin_port);
}

constexpr const char* kNodeExporter = "/usr/bin/prometheus-node-exporter";
// Whole sample lines: the HELP line also begins "node_textfile_scrape_error 1 if ...".
constexpr const char* kScrapeFailed = "\nnode_textfile_scrape_error 1\n";
constexpr const char* kScrapeSucceeded = "\nnode_textfile_scrape_error 0\n";

}  // namespace

// Debian's prometheus-node-exporter (1.5) reads the textfile directory and serves it over HTTP: its
// parser, not ours, judges the file; a scrape error would show as node_textfile_scrape_error 1.
TEST(FleetLane, MetricsAreServedByARealNodeExporter) {
    ASSERT_TRUE(std::filesystem::exists(kNodeExporter))
        << kNodeExporter << " is missing: install prometheus-node-exporter (scripts/setup.sh --tests)";
    SimFixture sim({"--attach-time", "0.3"});
    const auto textfiles = sim.dir() / "textfiles";
    std::filesystem::create_directories(textfiles);
    const int port = free_port();
    ASSERT_NE(port, 0);
    Process exporter(kNodeExporter,
                     {"--web.listen-address=127.0.0.1:" + std::to_string(port), "--collector.disable-defaults",
                      "--collector.textfile", "--collector.textfile.directory=" + textfiles.string()},
                     sim.dir() / "exporter.out", sim.dir() / "exporter.err");
    std::string body;
    ASSERT_TRUE(lte::test::eventually([&] { return !(body = scrape(port)).empty(); }, 20s)) << exporter.err();

    // The exporter can say no: a file it cannot parse is a scrape error.
    std::ofstream(textfiles / "broken.prom") << "lte_dialer_up{ 1\n";
    EXPECT_THAT(scrape(port), HasSubstr(kScrapeFailed));
    std::filesystem::remove(textfiles / "broken.prom");

    Daemon d(sim,
             DaemonOptions().with_config("metrics:\n  textfile: " + (textfiles / "lte-dialer.prom").string() + "\n"));
    ASSERT_TRUE(d.wait_online());
    ASSERT_TRUE(
        lte::test::eventually([&] { return (body = scrape(port)).find("lte_dialer_up 1") != std::string::npos; }, 20s))
        << body;
    EXPECT_THAT(body, HasSubstr(kScrapeSucceeded));
    EXPECT_THAT(body, HasSubstr("# HELP lte_dialer_up 1 while the link is online (IP up), else 0."));
    EXPECT_THAT(body, HasSubstr("lte_dialer_state{state=\"online\"} 1"));
    EXPECT_THAT(body, HasSubstr("lte_dialer_state{state=\"registering\"} 0"));
    EXPECT_THAT(body, HasSubstr("lte_dialer_connects_total 1"));
    EXPECT_THAT(body, HasSubstr("lte_dialer_failures_total{reason=\"step failed\"} 0"));
    EXPECT_THAT(body, HasSubstr("lte_dialer_signal_rssi_dbm "));
    EXPECT_THAT(body,
                HasSubstr("node_textfile_mtime_seconds{file=\"" + (textfiles / "lte-dialer.prom").string() + "\"}"));
    for (const auto& entry : std::filesystem::directory_iterator(textfiles))
        EXPECT_EQ(entry.path().extension(), ".prom") << "a temporary left behind: " << entry.path();

    d.stop_cleanly();
    body = scrape(port);
    EXPECT_THAT(body, HasSubstr("lte_dialer_up 0")) << "the last word after a stop: not online";
    EXPECT_THAT(body, HasSubstr("lte_dialer_state{state=\"stopped\"} 1"));
    EXPECT_THAT(body, HasSubstr("lte_dialer_receive_bytes_total 3400"));
    EXPECT_THAT(body, HasSubstr(kScrapeSucceeded));
    exporter.signal(SIGTERM);
    EXPECT_TRUE(exporter.wait(10s).has_value());
}

// monitor.interval: the signal while online follows the modem within one interval, with its age;
// at 0 nothing is asked while online.
TEST(FleetLane, TheSignalWhileOnlineFollowsTheModem) {
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim, DaemonOptions().with_config("monitor:\n  interval: 1s\n"));
    const auto first = d.wait_online();
    ASSERT_TRUE(first);
    EXPECT_EQ(sim.control("signal 25 70"), "ok");
    const auto moved = d.wait_until(
        "the new signal",
        [](const YAML::Node& s) {
            return s["signal_dbm"].IsScalar() && s["signal_dbm"].as<int>() == -63 &&
                   s["signal"]["rsrp_dbm"].IsScalar() && s["signal"]["rsrp_dbm"].as<int>() == -71;
        },
        15s);
    ASSERT_TRUE(moved);
    EXPECT_LE(moved["signal"]["age_s"].as<int>(), 2);
    EXPECT_EQ(moved["signal"]["rsrq_db"].as<double>(), -10.0);
    EXPECT_EQ(moved["signal"]["cell"].as<std::string>(), "440-10, TAC 1698, cell 39683652, EUTRAN-BAND28")
        << "the sim7600 profile's serving_cell: AT+CPSI?";
    const auto [code, table] = d.cli({"status"});
    EXPECT_THAT(table, HasSubstr("Signal:       -63 dBm, RSRP -71 dBm, RSRQ -10 dB (read "));
    EXPECT_THAT(table, HasSubstr("Cell:         440-10, TAC 1698, cell 39683652, EUTRAN-BAND28"));
    d.stop_cleanly();
}

TEST(FleetLane, MonitorOffAsksNothingWhileOnline) {
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim, DaemonOptions().with_config("monitor:\n  interval: 0s\n"));
    ASSERT_TRUE(d.wait_online());
    const auto before = sim.received().size();
    std::this_thread::sleep_for(3s);
    EXPECT_EQ(sim.received().size(), before) << "AT traffic while online with monitor.interval 0";
    EXPECT_TRUE(d.status()["signal"]["age_s"].IsNull()) << "no reading taken while online";
    d.stop_cleanly();
}

// budget: with action disconnect the daemon hangs up once the period's bytes reach the limit and
// stays down; with warn it says so and stays up.
TEST(FleetLane, ASpentBudgetHangsUpOrWarns) {
    SimFixture sim({"--attach-time", "0.3"});
    {
        Daemon d(sim,
                 DaemonOptions().with_tag("disconnect").with_config("budget:\n  monthly: 4kB\n  action: disconnect\n"));
        ASSERT_TRUE(d.wait_online());
        EXPECT_EQ(d.status()["budget_spent"].as<bool>(), false);
        EXPECT_EQ(sim.control("drop"), "ok");  // the session ends: its 4.6 kB count
        const auto down = d.wait_state("down", 30s);
        ASSERT_TRUE(down);
        EXPECT_THAT(down["detail"].as<std::string>(), HasSubstr("data budget spent (4.6 kB of 4.0 kB used since "));
        EXPECT_TRUE(down["budget_spent"].as<bool>());
        EXPECT_EQ(down["budget_action"].as<std::string>(), "disconnect");
        std::this_thread::sleep_for(2s);
        EXPECT_EQ(d.pppd_runs(), 1) << "no redial while the budget is spent";
        const auto [code, table] = d.cli({"status"});
        EXPECT_THAT(table,
                    HasSubstr("Budget:       4.0 kB a month, 4.6 kB used (spent: disconnect); the next period from "));
        d.stop_cleanly();
    }
    Daemon d(sim, DaemonOptions().with_tag("warn").with_config("budget:\n  monthly: 4kB\n"));
    ASSERT_TRUE(d.wait_online());
    EXPECT_EQ(sim.control("drop"), "ok");
    ASSERT_TRUE(d.wait_online(1));
    EXPECT_TRUE(d.status()["budget_spent"].as<bool>());
    EXPECT_THAT(d.log(), HasSubstr("data budget spent: 4.6 kB of 4.0 kB used since "));
    EXPECT_THAT(d.log(), HasSubstr("the link stays up (budget.action: warn)"));
    d.stop_cleanly();
}
