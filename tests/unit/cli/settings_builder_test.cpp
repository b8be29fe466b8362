#include "lte/cli/settings_builder.hpp"

#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {

lte::config::Config config_with(const std::string& extra) {
    return lte::config::parse_config(
        "modem: {profile: sim7600, at_port: /dev/null, data_port: /dev/zero}\napn: soracom.io\n" + extra, "t.yaml");
}

lte::cli::DialerSetup setup_of(const lte::config::Config& c) {
    const std::filesystem::path src(LTE_SOURCE_DIR);
    return lte::cli::build_setup(c, {src / "config/profiles"}, {src / "config/sequences"});
}

template <typename T>
std::vector<const T*> steps_of(const std::vector<lte::sequence::Step>& steps) {
    std::vector<const T*> found;
    for (const auto& step : steps) {
        if (const auto* s = std::get_if<T>(&step.action)) found.push_back(s);
        if (const auto* w = std::get_if<lte::sequence::WhenStep>(&step.action))
            for (const auto* inner : steps_of<T>(w->steps)) found.push_back(inner);
    }
    return found;
}

}  // namespace

TEST(SettingsBuilder, ConfiguredTimeoutsOverrideTheSequencesOwn) {
    const auto setup = setup_of(config_with("timeouts: {registration: 42s, connect: 7s, command: 3s}\n"));
    const auto& steps = setup.settings.sequence.steps;
    for (const auto* wait : steps_of<lte::sequence::WaitRegisteredStep>(steps)) EXPECT_EQ(wait->timeout, 42s);
    bool dial_seen = false;
    for (const auto* send : steps_of<lte::sequence::SendStep>(steps)) {
        if (send->port == lte::sequence::Port::Data) {
            dial_seen = true;
            EXPECT_EQ(send->timeout, 7s);
        }
        EXPECT_NE(send->timeout, 5s) << send->command << ": the default 5 s becomes timeouts.command";
    }
    EXPECT_TRUE(dial_seen);
}

// #14: a step that said `timeout: 5s` was taken for one that said nothing, and got timeouts.command.
TEST(SettingsBuilder, AnExplicitTimeoutEqualToTheDefaultIsKept) {
    const auto dir = std::filesystem::temp_directory_path() / ("settings-builder-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "s.yaml") << "name: s\nsteps:\n  - {send: AT+CSQ, timeout: 5s}\n  - {send: \"AT+CREG?\"}\n"
                                     "  - {send: \"ATD*99***1#\", expect: CONNECT, port: data}\n";
    auto config = config_with("timeouts: {command: 3s}\n");
    config.sequence = (dir / "s.yaml").string();
    const auto setup = setup_of(config);
    const auto sends = steps_of<lte::sequence::SendStep>(setup.settings.sequence.steps);
    std::filesystem::remove_all(dir);
    ASSERT_EQ(sends.size(), 3u);
    EXPECT_EQ(sends[0]->timeout, 5s) << "said so in the file";
    EXPECT_EQ(sends[1]->timeout, 3s) << "unset: timeouts.command";
}

TEST(SettingsBuilder, UnsetTimeoutsLeaveTheSequenceAlone) {
    const auto setup = setup_of(config_with(""));
    for (const auto* wait : steps_of<lte::sequence::WaitRegisteredStep>(setup.settings.sequence.steps))
        EXPECT_EQ(wait->timeout, 180s) << "simcom.yaml's own";
}

TEST(SettingsBuilder, ReconnectAndPppdPolicyReachTheConnection) {
    const auto setup = setup_of(config_with(
        "pppd: {maxfail: 7, holdoff: 9s, lcp_echo_interval: 4}\n"
        "reconnect: {redial_attempts: 2, radio_cycle_attempts: 3, reset_attempts: 4, stable_after: 45s}\n"));
    const auto& s = setup.settings;
    EXPECT_EQ(s.recovery.max_failures, 7u);
    EXPECT_EQ(s.recovery.holdoff, 9s);
    EXPECT_EQ(s.ppp.lcp_echo_interval, 4u);
    EXPECT_EQ(s.recovery.redials, 2u);
    EXPECT_EQ(s.recovery.radio_cycles, 3u);
    EXPECT_EQ(s.recovery.resets, 4u);
    EXPECT_EQ(s.recovery.stable_after, 45s);
    EXPECT_EQ(s.reset_command, "AT+CFUN=1,1");
    EXPECT_EQ(setup.ports_text, "/dev/null + /dev/zero");
}

TEST(SettingsBuilder, UnknownProfileIsAClearError) {
    auto c = config_with("");
    c.profile = "sim9999";
    try {
        (void)setup_of(c);
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("sim9999"), std::string::npos);
    }
}
