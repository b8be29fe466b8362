// Instances of lte-dialer@.service (`run --instance %i`) never share pppd's linkname (pid file
// /run/ppp-<linkname>.pid) or ipparam (the ppp hook's 6th argument): read from the argv the daemon
// gave pppd (tests/fixtures/fake-pppd records it in argv.N).
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon_fixture.hpp"

namespace {

using lte::test::Daemon;
using lte::test::DaemonOptions;
using lte::test::SimFixture;
using testing::HasSubstr;
using testing::Not;

std::string pppd_argv(const Daemon& d) {
    std::ifstream in(d.dir() / "argv.1");
    std::stringstream text;
    text << in.rdbuf();
    return " " + text.str();
}

void expect_link(const std::vector<std::string>& args, const std::string& link) {
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim, DaemonOptions().with_args(args));
    ASSERT_TRUE(d.wait_online());
    const auto argv = pppd_argv(d);
    EXPECT_THAT(argv, HasSubstr(" linkname " + link + " ")) << argv;
    EXPECT_THAT(argv, HasSubstr(" ipparam " + link + " ")) << argv;
    d.stop_cleanly();
}

TEST(InstanceLane, DefaultInstanceLinksAsLte) { expect_link({}, "lte"); }

TEST(InstanceLane, NamedInstanceLinksAsLteDashName) { expect_link({"--instance", "a"}, "lte-a"); }

TEST(InstanceLane, InstanceNameIsSanitisedForThePidFile) { expect_link({"--instance", "../x y"}, "lte-.._x_y"); }

}  // namespace
