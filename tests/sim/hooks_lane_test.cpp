// Event hooks through the binary: the executables of hooks.dir run on up, down and each state
// change, one at a time with a clean LTE_* environment and no secret; a hook that hangs is killed
// at hooks.timeout and said so, and the daemon answers meanwhile.
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon_fixture.hpp"

using lte::test::Daemon;
using lte::test::DaemonOptions;
using lte::test::SimFixture;
using testing::HasSubstr;
using testing::Not;
using namespace std::chrono_literals;

namespace {

void write_hook(const std::filesystem::path& file, const std::string& body) {
    std::ofstream(file) << "#!/bin/sh\n" << body;
    ::chmod(file.c_str(), 0755);
}

std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST(HooksLane, HooksSeeTheLinkAndNoSecretAndAHangingOneIsKilled) {
    SimFixture sim({"--attach-time", "0.3"});
    const auto hooks = sim.dir() / "hooks.d";
    const auto record = sim.dir() / "events";
    std::filesystem::create_directories(hooks);
    // Each event on one line: its argument and the whole environment the hook got.
    write_hook(hooks / "10-record", "printf '%s|%s\\n' \"$1\" \"$(env | sort | tr '\\n' ' ')\" >>" + record.string() +
                                        "\necho \"recorded $1\"\n");
    // Hangs on "up" until killed; its pid is left for the test to check.
    write_hook(hooks / "20-hang",
               "[ \"$1\" = up ] || exit 0\necho $$ >" + (sim.dir() / "hang.pid").string() + "\nexec sleep 1000\n");
    write_hook(hooks / "30-after",
               "[ \"$1\" = up ] && echo \"after the hang $LTE_IPLOCAL\" >>" + record.string() + "\nexit 0\n");
    std::ofstream(hooks / "40-not-executable") << "#!/bin/sh\ntouch " << (sim.dir() / "ran-anyway") << "\n";
    std::ofstream(hooks / "50-old.dpkg-old") << "#!/bin/sh\n";
    ::chmod((hooks / "50-old.dpkg-old").c_str(), 0755);

    Daemon d(sim, DaemonOptions()
                      .with_config("hooks:\n  dir: " + hooks.string() + "\n  timeout: 2s\n")
                      .with_env("LTE_SECRET_PROBE=inherited"));
    ASSERT_TRUE(d.wait_online());
    EXPECT_EQ(d.state(), "online") << "the daemon answers while a hook hangs";
    ASSERT_TRUE(
        lte::test::eventually([&] { return read_file(record).find("after the hang") != std::string::npos; }, 20s))
        << read_file(record) << d.log();
    EXPECT_THAT(d.log(), HasSubstr("event hook 20-hang (up online) did not finish within 2 s (hooks.timeout): killed"));
    EXPECT_THAT(d.log(), HasSubstr("hook 10-record: recorded up"));
    std::ifstream pid_file(sim.dir() / "hang.pid");
    pid_t hang = 0;
    ASSERT_TRUE(pid_file >> hang);
    EXPECT_FALSE(lte::test::alive(hang)) << "the hanging hook outlived its time box";

    const std::string events = read_file(record);
    std::string up_line;
    std::istringstream lines(events);
    for (std::string line; std::getline(lines, line);)
        if (line.starts_with("up|")) up_line = line;
    ASSERT_FALSE(up_line.empty()) << events;
    EXPECT_THAT(up_line, HasSubstr("LTE_EVENT=up "));
    EXPECT_THAT(up_line, HasSubstr("LTE_STATE=online "));
    EXPECT_THAT(up_line, HasSubstr("LTE_IFACE=ppp0 "));
    EXPECT_THAT(up_line, HasSubstr("LTE_IPLOCAL=10.64.64.2 "));
    EXPECT_THAT(up_line, HasSubstr("LTE_IPREMOTE=10.64.64.1 "));
    EXPECT_THAT(up_line, HasSubstr("LTE_DNS1=10.64.64.1 "));
    EXPECT_THAT(up_line, HasSubstr("LTE_DNS2=10.64.64.9 "));
    EXPECT_THAT(up_line, HasSubstr("LTE_INSTANCE= "));
    EXPECT_THAT(events, Not(HasSubstr("LTE_SECRET_PROBE"))) << "a clean environment, nothing of the daemon's";
    EXPECT_THAT(events, Not(HasSubstr("NOTIFY_SOCKET")));
    EXPECT_THAT(events, Not(HasSubstr(lte::test::kPassword)));
    EXPECT_THAT(
        events,
        HasSubstr("state|LTE_DNS1= LTE_DNS2= LTE_EVENT=state LTE_IFACE= LTE_INSTANCE= LTE_IPLOCAL= LTE_IPREMOTE= "))
        << "a state change before online carries no link";
    EXPECT_FALSE(std::filesystem::exists(sim.dir() / "ran-anyway")) << "a file that is not executable is no hook";

    d.stop_cleanly();
    const std::string all = read_file(record);
    EXPECT_THAT(all, HasSubstr("down|LTE_DNS1=10.64.64.1 LTE_DNS2=10.64.64.9 LTE_EVENT=down LTE_IFACE=ppp0"))
        << "the last down reaches the hooks before the daemon exits";
    EXPECT_THAT(all, HasSubstr("LTE_STATE=stopped")) << all;
}
