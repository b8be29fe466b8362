// The counters' state file and the Prometheus text: what survives a restart, and what a scraper reads.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "lte/service/counter_store.hpp"
#include "lte/service/metrics.hpp"
#include "lte/service/status_json.hpp"

#include "env_guard.hpp"

namespace lte::service {
namespace {

using connection::State;
using connection::Status;
using std::chrono::system_clock;
using testing::HasSubstr;
using testing::Not;
using namespace std::chrono_literals;

const system_clock::time_point kNow = system_clock::time_point(std::chrono::seconds(1'780'000'000));

Status online_status() {
    Status s;
    s.state = State::Online;
    s.since = kNow - 100s;
    s.online_since = kNow - 100s;
    s.interface = "ppp0";
    s.session = {3000, 700};
    s.counters.since = kNow - 24h;
    s.counters.traffic = {10'000'000'000ULL, 2000};  // over 4 GiB: 64 bits all the way
    s.counters.online = 3600s;
    s.counters.attempts = 5;
    s.counters.connects = 3;
    s.counters.drops = 1;
    s.counters.failures["step failed"] = 2;
    s.counters.last_failure_at = kNow - 1h;
    s.counters.last_failure = "no answer to AT+CPIN=\"1234\"";
    s.signal_dbm = -71;
    s.operator_name = "SORACOM";
    s.technology = "LTE";
    return s;
}

std::filesystem::path scratch(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / ("lte-counters-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir / name;
}

TEST(CounterStore, ThePeriodWithTheCurrentSessionSurvivesARestart) {
    const auto file = scratch("counters.json");
    save_counters(file, online_status(), kNow);
    EXPECT_EQ(
        std::filesystem::status(file).permissions() & std::filesystem::perms::all,
        std::filesystem::perms::owner_read | std::filesystem::perms::owner_write | std::filesystem::perms::group_read);
    const auto back = load_counters(file);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->since, kNow - 24h);
    EXPECT_EQ(back->traffic.received, 10'000'003'000ULL) << "the session so far is in the saved period";
    EXPECT_EQ(back->traffic.sent, 2700U);
    EXPECT_EQ(back->online, 3700s);
    EXPECT_EQ(back->attempts, 5U);
    EXPECT_EQ(back->connects, 3U);
    EXPECT_EQ(back->drops, 1U);
    EXPECT_EQ(back->failures.at("step failed"), 2U);
    EXPECT_EQ(back->last_failure_at, kNow - 1h);
    std::filesystem::remove_all(file.parent_path());
}

TEST(CounterStore, NoFileIsNoCountersAndABrokenOneSaysWhichFile) {
    EXPECT_FALSE(load_counters(scratch("absent.json")));
    const auto file = scratch("broken.json");
    std::ofstream(file) << "{\"version\": 1, \"since\": ";
    try {
        (void)load_counters(file);
        ADD_FAILURE() << "a truncated file was accepted";
    } catch (const CounterFileError& e) {
        EXPECT_THAT(e.what(), HasSubstr(file.string()));
    }
    EXPECT_THROW(counters_from_json("{\"version\": 7, \"since\": 1}", "x"), CounterFileError);
    EXPECT_THROW(counters_from_json("[1, 2]", "x"), CounterFileError);
    std::filesystem::remove_all(file.parent_path());
}

TEST(CounterStore, SystemdsStateDirectoryElseVarLib) {
    test::EnvGuard env({"STATE_DIRECTORY"});
    ::unsetenv("STATE_DIRECTORY");
    EXPECT_EQ(counters_path(""), "/var/lib/lte-dialer/counters.json");
    EXPECT_EQ(counters_path("north"), "/var/lib/lte-dialer/north/counters.json");
    ::setenv("STATE_DIRECTORY", "/var/lib/lte-dialer/north:/var/lib/other", 1);
    EXPECT_EQ(counters_path("north"), "/var/lib/lte-dialer/north/counters.json");
}

TEST(Metrics, NamesUnitsAndTheCurrentState) {
    const std::string text = metrics_text(online_status(), "", kNow);
    EXPECT_THAT(text, HasSubstr("# TYPE lte_dialer_up gauge\nlte_dialer_up 1\n"));
    EXPECT_THAT(text, HasSubstr("lte_dialer_state{state=\"online\"} 1\n"));
    EXPECT_THAT(text, HasSubstr("lte_dialer_state{state=\"registering\"} 0\n"));
    EXPECT_THAT(
        text, HasSubstr("# TYPE lte_dialer_receive_bytes_total counter\nlte_dialer_receive_bytes_total 10000003000\n"));
    EXPECT_THAT(text, HasSubstr("lte_dialer_transmit_bytes_total 2700\n"));
    EXPECT_THAT(text, HasSubstr("lte_dialer_online_seconds_total 3700\n"));
    EXPECT_THAT(text, HasSubstr("lte_dialer_failures_total{reason=\"step failed\"} 2\n"));
    EXPECT_THAT(text, HasSubstr("lte_dialer_failures_total{reason=\"below PPP\"} 0\n"));
    EXPECT_THAT(text, HasSubstr("lte_dialer_signal_rssi_dbm -71\n"));
    EXPECT_THAT(text, HasSubstr("lte_dialer_last_change_timestamp_seconds 1779999900\n"));
    EXPECT_THAT(text, Not(HasSubstr("1234"))) << "no failure text, so no secret, in the metrics";
}

TEST(Metrics, AnInstanceLabelsEverySeriesAndValuesAreEscaped) {
    Status s = online_status();
    s.operator_name = "Op \"X\"\\\n\x01\xff";
    const std::string text = metrics_text(s, "north", kNow);
    EXPECT_THAT(text, HasSubstr("lte_dialer_up{lte_instance=\"north\"} 1\n"));
    EXPECT_THAT(text, HasSubstr("lte_dialer_state{lte_instance=\"north\",state=\"online\"} 1\n"));
    EXPECT_THAT(text, HasSubstr("operator=\"Op \\\"X\\\"\\\\\\n \xEF\xBF\xBD\""));
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        if (!line.starts_with("#")) {
            EXPECT_THAT(line, HasSubstr("lte_instance=\"north\"")) << line;
        }
}

TEST(StatusJson, TheCountersAndTheSessionUnderNamesOfTheirOwn) {
    const std::string json = status_to_json(online_status(), kNow);
    const YAML::Node j = YAML::Load(json);
    EXPECT_EQ(j["session_received_bytes"].as<std::uint64_t>(), 3000U);
    EXPECT_EQ(j["period_received_bytes"].as<std::uint64_t>(), 10'000'003'000ULL);
    EXPECT_EQ(j["period_online_s"].as<int>(), 3700);
    EXPECT_EQ(j["period_failures"]["step failed"].as<int>(), 2);
    EXPECT_EQ(j["signal"]["rssi_dbm"].as<int>(), -71);
    EXPECT_THAT(j["last_failure"].as<std::string>(), Not(HasSubstr("1234")))
        << "masked like every text: AT+CPIN= carries a SIM code";
    // A shell script's `sed 's/.*"connects":\([0-9]*\).*/\1/'` must find the one it means.
    for (const auto& entry : j) {
        const std::string key = "\"" + entry.first.as<std::string>() + "\":";
        EXPECT_EQ(json.find(key), json.rfind(key)) << key << " appears twice";
    }
}

}  // namespace
}  // namespace lte::service
