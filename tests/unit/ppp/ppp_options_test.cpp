#include "lte/ppp/ppp_options.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace lte::ppp {
namespace {

bool has(const std::vector<std::string>& argv, const std::string& word) {
    return std::find(argv.begin(), argv.end(), word) != argv.end();
}

// The word after `option`, or "" when the option is absent.
std::string value_of(const std::vector<std::string>& argv, const std::string& option) {
    const auto it = std::find(argv.begin(), argv.end(), option);
    return it == argv.end() || it + 1 == argv.end() ? "" : *(it + 1);
}

TEST(PppOptions, DefaultsSuperviseInTheForegroundAndCounterDebianOptions) {
    PppOptions o;
    const auto argv = build_pppd_argv(o, std::nullopt);
    EXPECT_EQ(argv.front(), "/usr/sbin/pppd");
    EXPECT_EQ(value_of(argv, "logfd"), "2");
    for (const auto* word : {"nodetach", "noauth", "nolock", "nocrtscts", "modem", "noipdefault", "usepeerdns",
                             "defaultroute", "hide-password"})
        EXPECT_TRUE(has(argv, word)) << word;
    EXPECT_EQ(value_of(argv, "linkname"), "lte");
    EXPECT_EQ(value_of(argv, "lcp-echo-interval"), "10");
    EXPECT_EQ(value_of(argv, "lcp-echo-failure"), "3");
    for (const auto* word : {"persist", "plugin", "user", "ipparam", "debug", "auth", "lock", "crtscts"})
        EXPECT_FALSE(has(argv, word)) << word;
}

TEST(PppOptions, EachInstanceHasItsOwnLinkName) {
    EXPECT_EQ(link_name_for_instance(""), "lte");
    EXPECT_EQ(link_name_for_instance("a"), "lte-a");
    EXPECT_NE(link_name_for_instance("a"), link_name_for_instance("b"));
    EXPECT_EQ(link_name_for_instance("../x y"), "lte-.._x_y") << "no '/' can reach the pid file's path";
    EXPECT_EQ(link_name_for_instance(std::string(100, 'n')).size(), 48u);
}

TEST(PppOptions, ConfiguredAlternativesReplaceTheDefaults) {
    PppOptions o;
    o.default_route = false;
    o.use_peer_dns = false;
    o.modem_control = false;
    o.hardware_flow_control = true;
    o.baud = 921600;
    o.lcp_echo_interval = 0;
    o.link_name = "wwan";
    o.ipparam = "cell0";
    o.user = "web user";
    o.debug = true;
    const auto argv = build_pppd_argv(o, std::nullopt);
    for (const auto* word : {"nodefaultroute", "local", "crtscts", "921600", "debug"})
        EXPECT_TRUE(has(argv, word)) << word;
    for (const auto* word : {"defaultroute", "usepeerdns", "modem", "nocrtscts", "lcp-echo-interval"})
        EXPECT_FALSE(has(argv, word)) << word;
    EXPECT_EQ(value_of(argv, "linkname"), "wwan");
    EXPECT_EQ(value_of(argv, "ipparam"), "cell0");
    EXPECT_EQ(value_of(argv, "user"), "web user");  // one argv word: no shell splits it
}

// Debian's pppd adds no default route beside an existing one (Ethernet, Wi-Fi) unless told a
// metric: the cellular route went missing without a word (scripts/e2e-system.sh: STEP default-route).
TEST(PppOptions, DefaultRouteIsAddedWithAMetricBesideOthers) {
    PppOptions o;
    EXPECT_EQ(value_of(build_pppd_argv(o, std::nullopt), "defaultroute-metric"), "700");
    o.default_route_metric = 50;
    EXPECT_EQ(value_of(build_pppd_argv(o, std::nullopt), "defaultroute-metric"), "50");
    // Debian 12's pppd adds nothing beside another route even so: the hook does, with this metric.
    EXPECT_EQ(value_of(build_pppd_argv(o, std::nullopt), "set"), "LTE_DEFAULT_ROUTE_METRIC=50");
    o.default_route = false;
    EXPECT_FALSE(has(build_pppd_argv(o, std::nullopt), "defaultroute-metric"));
}

// pppd runs the package's hook instead of /etc/ppp/ip-up (which the hook then runs itself), when
// the hook is installed; a build that is not installed leaves pppd's default.
TEST(PppOptions, DnsHookRunsAsIpUpAndIpDownWhenInstalled) {
    const auto dir = std::filesystem::temp_directory_path() / ("ppp-hook-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    PppOptions o;
    o.dns_hook_dir = dir.string();
    EXPECT_FALSE(has(build_pppd_argv(o, std::nullopt), "ip-up-script"));  // not there yet
    for (const char* name : {"ip-up", "ip-down"}) {
        std::ofstream(dir / name) << "#!/bin/sh\n";
        std::filesystem::permissions(dir / name, std::filesystem::perms::owner_all);
    }
    auto argv = build_pppd_argv(o, std::nullopt);
    EXPECT_EQ(value_of(argv, "ip-up-script"), (dir / "ip-up").string());
    EXPECT_EQ(value_of(argv, "ip-down-script"), (dir / "ip-down").string());
    o.use_peer_dns = false;  // the hook still adds the route, and runs the system's scripts
    argv = build_pppd_argv(o, std::nullopt);
    EXPECT_TRUE(has(argv, "ip-up-script"));
    std::filesystem::remove_all(dir);
}

TEST(PppOptions, PasswordGoesThroughThePasswordfdPluginOnly) {
    PppOptions o;
    o.user = "bob";
    const auto argv = build_pppd_argv(o, 3);
    EXPECT_EQ(value_of(argv, "plugin"), "passwordfd.so");
    EXPECT_EQ(value_of(argv, "passwordfd"), "3");
    EXPECT_FALSE(has(argv, "password"));
}

TEST(PppOptions, UserOptionsAreAppendedWordByWord) {
    PppOptions o;
    o.extra_options = {"mtu 1400", "noccp"};
    const auto argv = build_pppd_argv(o, std::nullopt);
    ASSERT_GE(argv.size(), 3U);
    EXPECT_EQ(std::vector<std::string>(argv.end() - 3, argv.end()), (std::vector<std::string>{"mtu", "1400", "noccp"}));
}

TEST(PppOptions, RefusesOptionsThatLeakSecretsOrTakeControlAway) {
    for (const char* entry : {"password hunter2", "passwordfd 0", "plugin rp-pppoe.so", "persist", "updetach",
                              "logfile /tmp/x", "call provider", "noccp password", "connect /bin/chat"}) {
        PppOptions o;
        o.extra_options = {entry};
        try {
            (void)build_pppd_argv(o, std::nullopt);
            ADD_FAILURE() << "accepted '" << entry << "'";
        } catch (const PppOptionError& e) {
            EXPECT_NE(std::string(e.what()).find(entry), std::string::npos) << e.what();
        }
    }
}

TEST(PppOptions, RefusesMalformedEntriesAndLinkNames) {
    PppOptions o;
    o.extra_options = {"mtu 1400 noccp"};
    EXPECT_THROW((void)build_pppd_argv(o, std::nullopt), PppOptionError);
    o.extra_options = {"   "};
    EXPECT_THROW((void)build_pppd_argv(o, std::nullopt), PppOptionError);
    o.extra_options.clear();
    o.link_name = "../etc/x";
    EXPECT_THROW((void)build_pppd_argv(o, std::nullopt), PppOptionError);
}

}  // namespace
}  // namespace lte::ppp
