// `lte-dialer down` / `up` through the binary: the daemon hangs up and stays down (pppd gone, the
// call ended, `at` still answered), a reload keeps it down, and `up` dials again.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon_fixture.hpp"

using lte::test::Daemon;
using lte::test::DaemonOptions;
using lte::test::SimFixture;
using testing::HasSubstr;
using namespace std::chrono_literals;

namespace {

unsigned connects(const YAML::Node& status) { return status["connects"].as<unsigned>(); }

}  // namespace

TEST(DownUpLane, DownHangsUpAndStaysDownThroughAReloadUpDialsAgain) {
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim);
    ASSERT_TRUE(d.wait_online());
    const auto pppd = d.pppd_pid();
    ASSERT_TRUE(pppd.has_value());

    const auto down = d.cli({"down"});
    EXPECT_EQ(down.code, 0) << down.out;
    EXPECT_THAT(down.out, HasSubstr("stays down until `lte-dialer up`"));
    const auto status = d.wait_state("down", 30s);
    ASSERT_TRUE(status);
    EXPECT_THAT(status["detail"].as<std::string>(), HasSubstr("by request"));
    EXPECT_TRUE(lte::test::eventually([&] { return !lte::test::alive(*pppd); }, 10s)) << "pppd still runs";
    EXPECT_THAT(sim.control("state"), HasSubstr("call=none")) << "the call was hung up";
    const auto at = d.cli({"at", "AT+CSQ"});
    EXPECT_EQ(at.code, 0) << "AT works while down: " << at.out;
    EXPECT_THAT(at.out, HasSubstr("+CSQ:"));
    EXPECT_THAT(d.cli({"down"}).out, HasSubstr("already down"));

    d.process().signal(SIGHUP);
    std::this_thread::sleep_for(3s);
    EXPECT_EQ(d.state(), "down") << "a reload keeps the link down";
    EXPECT_EQ(connects(d.status()), 1u);

    const auto up = d.cli({"up"});
    EXPECT_EQ(up.code, 0) << up.out;
    EXPECT_TRUE(d.wait_until("online again", [](const YAML::Node& s) {
        return s["state"].as<std::string>() == "online" && connects(s) == 2;
    }));
    EXPECT_THAT(d.cli({"up"}).out, HasSubstr("not down"));
    d.stop_cleanly();
}

TEST(DownUpLane, DownWhileDialingEndsTheSequenceAndStaysDown) {
    SimFixture sim({"--attach-time", "30"});  // registering for long: down comes mid-sequence
    Daemon d(sim);
    ASSERT_TRUE(d.wait_state("registering", 30s));
    EXPECT_EQ(d.cli({"down"}).code, 0);
    ASSERT_TRUE(d.wait_state("down", 30s));
    std::this_thread::sleep_for(2s);
    EXPECT_EQ(d.state(), "down") << "no recovery attempt after a requested down";
    EXPECT_EQ(d.pppd_runs(), 0);
    d.stop_cleanly();
}
