// A port another program holds, through the binary with a real holder on the simulator's pty:
// a lock holder (flock(1)) costs one warning naming it, then quiet retries with backoff, and the
// daemon goes online once it lets go; a holder without a lock (a plain cat, which reads the
// modem's answers away) is named in the failure instead of a bare "the modem does not answer".
#include <sstream>

#include "lte/serial/port_holders.hpp"

#include "fault_harness.hpp"

namespace lte::faults {
namespace {

using testing::HasSubstr;

// Log lines of one level ("warning", "info", "debug") that contain text.
std::size_t lines_with(const std::string& log, const std::string& level, const std::string& text) {
    std::istringstream in(log);
    std::size_t n = 0;
    for (std::string line; std::getline(in, line);)
        n += line.find(" " + level + " ") != std::string::npos && line.find(text) != std::string::npos ? 1 : 0;
    return n;
}

class PortHolderFault : public FaultCase {};

TEST_F(PortHolderFault, LockedPortWarnsOnceNamingTheHolderThenRetriesQuietly) {
    describe("busy port: flock(1) holds the AT port", "opening ports",
             "one warning naming the holder's PID and command, quiet debug retries, online once it lets go");
    SimFixture sim({"--attach-time", "0.2"});
    auto holder =
        std::make_unique<Process>("/usr/bin/flock", std::vector<std::string>{"-o", sim.at_port(), "sleep", "600"},
                                  sim.dir() / "holder.out", sim.dir() / "holder.err");
    const std::string holder_pid = std::to_string(holder->pid());
    ASSERT_TRUE(eventually([&] { return sim.control("state").find("present=1") != std::string::npos; }, 5s));
    DaemonOptions options;
    options.with_backoff("200ms", "400ms");
    Daemon d(sim, options);
    // Several looks at the port: debug lines for each, one warning in all.
    ASSERT_TRUE(eventually([&] { return lines_with(d.log(), "debug", "port busy") >= 3; }, 60s)) << d.log();
    const std::string log = d.log();
    EXPECT_EQ(lines_with(log, "warning", "port busy"), 1u) << log;
    EXPECT_THAT(log, HasSubstr("held by " + holder_pid + " (flock)"));
    const YAML::Node s = d.status();
    ASSERT_TRUE(s);
    EXPECT_THAT(s["last_error"].as<std::string>(), HasSubstr(holder_pid + " (flock)"));
    EXPECT_EQ(sim.count_received("AT"), 0u) << "nothing was sent to a port someone else holds";
    const std::size_t warned = lines_with(log, "warning", "port busy");
    const std::size_t retried = lines_with(log, "debug", "port busy");

    holder.reset();  // SIGKILL: the lock goes with it
    ASSERT_TRUE(d.wait_online(0, 90s));
    EXPECT_THAT(d.log(), HasSubstr("the port is free again"));
    observe("warned " + std::to_string(warned) + "x naming " + holder_pid + " (flock), " + std::to_string(retried) +
            " quiet retries, online after it let go");
    d.stop_with(SIGTERM);
}

TEST_F(PortHolderFault, UnlockedReaderIsNamedWhenTheModemSeemsMute) {
    describe("port held without a lock: cat reads the AT port", "probing",
             "the failure names the holder's PID and command, not only 'does not answer'");
    SimFixture sim;
    auto cat = std::make_unique<Process>("/usr/bin/cat", std::vector<std::string>{sim.at_port()}, sim.dir() / "cat.out",
                                         sim.dir() / "cat.err");
    const std::string cat_pid = std::to_string(cat->pid());
    ASSERT_TRUE(eventually([&] { return !serial::port_holders(sim.at_port()).empty(); }, 5s));
    DaemonOptions options;
    options.with_backoff("200ms", "400ms");
    options.sequence = write_sequence(sim, "probe-fast", R"yaml(name: probe-fast
steps:
  - {send: "AT", timeout: 500ms, retry: {times: 2, interval: 100ms}, fail: "the modem does not answer on its AT port"}
  - {send: "ATE0", timeout: 500ms}
  - {send: "AT+CPIN?", timeout: 500ms}
  - {send: "AT+CGDCONT?", timeout: 500ms}
  - {send: "AT+CSQ", timeout: 500ms}
  - {send: "AT+CEREG?", timeout: 500ms}
  - {send: "ATD*99***1#", expect: CONNECT, timeout: 5s, port: data}
)yaml");
    Daemon d(sim, options);
    const YAML::Node s = d.wait_until(
        "a failure naming cat",
        [&](const YAML::Node& st) {
            return st["last_error"].as<std::string>().find(cat_pid + " (cat)") != std::string::npos;
        },
        60s);
    ASSERT_TRUE(s);
    EXPECT_THAT(s["last_error"].as<std::string>(), HasSubstr("stop it"));
    observe("last_error: " + s["last_error"].as<std::string>());
    cat.reset();
    d.stop_with(SIGTERM);
}

}  // namespace
}  // namespace lte::faults
