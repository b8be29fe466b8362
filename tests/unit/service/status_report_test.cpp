#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "lte/service/status_json.hpp"
#include "lte/service/status_text.hpp"

namespace lte::service {
namespace {

using connection::State;
using connection::Status;
using namespace std::chrono;

system_clock::time_point at_epoch_s(long long s) { return system_clock::time_point(seconds(s)); }

Status online_status() {
    Status s;
    s.state = State::Online;
    s.since = at_epoch_s(1'700'000'000);  // 2023-11-14T22:13:20Z
    s.registration = "registered (home)";
    s.technology = "LTE";
    s.operator_name = "Telekom.de";
    s.signal_dbm = -71;
    s.interface = "ppp0";
    s.local_ip = "10.1.2.3";
    s.remote_ip = "10.64.64.64";
    s.dns = {"10.74.210.210", "10.74.210.211"};
    s.online_since = at_epoch_s(1'700'000'000);
    s.connects = 3;
    s.reconnects = 2;
    s.last_error = "pppd: LCP terminated by peer";
    s.at_port = "/dev/ttyUSB2";
    s.data_port = "/dev/ttyUSB3";
    return s;
}

TEST(StatusJson, CarriesEveryFieldOfTheSnapshot) {
    const YAML::Node j = YAML::Load(status_to_json(online_status(), at_epoch_s(1'700'000'125)));
    EXPECT_EQ(j["state"].as<std::string>(), "online");
    EXPECT_EQ(j["since"].as<std::string>(), "2023-11-14T22:13:20Z");
    EXPECT_EQ(j["registration"].as<std::string>(), "registered (home)");
    EXPECT_EQ(j["technology"].as<std::string>(), "LTE");
    EXPECT_EQ(j["operator"].as<std::string>(), "Telekom.de");
    EXPECT_EQ(j["signal_dbm"].as<int>(), -71);
    EXPECT_EQ(j["interface"].as<std::string>(), "ppp0");
    EXPECT_EQ(j["ip"].as<std::string>(), "10.1.2.3");
    EXPECT_EQ(j["remote_ip"].as<std::string>(), "10.64.64.64");
    ASSERT_EQ(j["dns"].size(), 2u);
    EXPECT_EQ(j["dns"][1].as<std::string>(), "10.74.210.211");
    EXPECT_EQ(j["uptime_s"].as<long long>(), 125);
    EXPECT_EQ(j["connects"].as<int>(), 3);
    EXPECT_EQ(j["reconnects"].as<int>(), 2);
    EXPECT_EQ(j["last_error"].as<std::string>(), "pppd: LCP terminated by peer");
    EXPECT_EQ(j["at_port"].as<std::string>(), "/dev/ttyUSB2");
    EXPECT_EQ(j["data_port"].as<std::string>(), "/dev/ttyUSB3");
}

TEST(StatusJson, UnknownValuesAreNull) {
    Status s;
    s.state = State::Registering;
    const YAML::Node j = YAML::Load(status_to_json(s, at_epoch_s(1'700'000'000)));
    EXPECT_EQ(j["state"].as<std::string>(), "registering");
    EXPECT_TRUE(j["since"].IsNull());
    EXPECT_TRUE(j["signal_dbm"].IsNull());
    EXPECT_TRUE(j["uptime_s"].IsNull());
    EXPECT_TRUE(j["dns"].IsSequence());
    EXPECT_EQ(j["dns"].size(), 0u);
}

TEST(StatusText, OnlineNamesAddressAndInterface) {
    EXPECT_EQ(status_text(online_status()), "online 10.1.2.3 via ppp0");
}

TEST(StatusText, ProgressDetailInParentheses) {
    Status s;
    s.state = State::Registering;
    s.detail = "searching, 12 s";
    EXPECT_EQ(status_text(s), "registering (searching, 12 s)");
    s.detail.clear();
    EXPECT_EQ(status_text(s), "registering");
}

TEST(StatusText, RecoveryNamesTheRung) {
    Status s;
    s.state = State::Recovering;
    s.detail = "radio cycle 2/3";
    EXPECT_EQ(status_text(s), "recovering: radio cycle 2/3");
}

TEST(StatusText, FailureFallsBackToTheLastError) {
    Status s;
    s.state = State::Failed;
    s.last_error = "the kernel has no PPP support (pppd exit 4)";
    EXPECT_EQ(status_text(s), "failed: the kernel has no PPP support (pppd exit 4)");
}

}  // namespace
}  // namespace lte::service

namespace lte::service {
namespace {

TEST(StatusSecrets, AFailedSecretCommandIsMaskedInJsonAndText) {
    connection::Status s;
    s.state = connection::State::Failed;
    s.last_error = "AT+CPIN=\"73940518\" answered +CME ERROR: 16 (incorrect password)";
    s.detail = "step pin: AT+CPIN=73940518";
    const std::string json = status_to_json(s, std::chrono::system_clock::now());
    EXPECT_EQ(json.find("73940518"), std::string::npos) << json;
    EXPECT_NE(json.find("AT+CPIN=***"), std::string::npos) << json;
    const std::string text = status_text(s);
    EXPECT_EQ(text.find("73940518"), std::string::npos) << text;
}

}  // namespace
}  // namespace lte::service
