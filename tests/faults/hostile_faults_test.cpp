// Hostile modems (issue 17): a reply without end, a line without end. The daemon must report the
// overflow in words through the `at` door and its log, keep its memory flat (VmRSS) however often
// it happens, stay online, and answer the next command: the channel resynchronises.
#include <fstream>

#include "fault_harness.hpp"

namespace lte::faults {
namespace {

using testing::HasSubstr;

long rss_kb(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

// The daemon may grow by this much across the repeated overflows (allocator slack, the log's
// buffers); an unbounded reply grows it by megabytes per second.
constexpr long kRssSlackKb = 4 * 1024;

class HostileModem : public FaultCase {
protected:
    struct Answer {
        int code = -1;
        std::string text;  // stdout and stderr
        std::string out;
    };
    static Answer at(const Daemon& d, const SimFixture& sim, const std::string& command) {
        Process p(LTE_DIALER_BINARY, std::vector<std::string>{"at", command, "--socket", d.socket().string()},
                  sim.dir() / "at.out", sim.dir() / "at.err");
        const auto code = p.wait(60s);
        EXPECT_TRUE(code.has_value()) << "at " << command << " still running after 60 s";
        return {code.value_or(-1), p.out() + p.err(), p.out()};
    }

    // `at AT+CSQ` against the fault, again and again: each answer names the overflow; then the
    // daemon's memory, its state and the next command.
    void expect_bounded(const std::string& fault, const std::string& what) {
        SimFixture sim({"--attach-time", "0.3", "--fault", fault + "=AT+CSQ"});
        Daemon d(sim);
        ASSERT_TRUE(d.wait_online());
        const auto first = at(d, sim, "AT+CSQ");
        EXPECT_NE(first.code, 0);
        EXPECT_THAT(first.text, HasSubstr("reply from the modem to AT+CSQ"));
        EXPECT_THAT(first.text, HasSubstr(what));
        const long before = rss_kb(d.pid());
        for (int i = 0; i < 15; ++i) {
            EXPECT_THAT(at(d, sim, "AT+CSQ").text, HasSubstr(what));
        }
        const long after = rss_kb(d.pid());
        ASSERT_GT(before, 0);
        EXPECT_LE(after, before + kRssSlackKb) << "VmRSS grew from " << before << " kB to " << after << " kB";
        const auto next = at(d, sim, "AT+CGMM");
        EXPECT_EQ(next.code, 0) << next.text;
        EXPECT_EQ(next.out, "SIM7600G-H\nOK\n") << "the channel did not resynchronise";
        EXPECT_EQ(d.state(), "online");
        EXPECT_THAT(d.log(), HasSubstr(what));
        d.expect_no_zombie_children();
        observe("16 overflows, VmRSS " + std::to_string(before) + " -> " + std::to_string(after) +
                " kB; next command OK; " + d.state());
        d.stop_with(SIGTERM);
    }
};

TEST_F(HostileModem, EndlessReply) {
    describe("endless reply (4000-byte lines, no final)", "online, at door",
             "'exceeded 65536 bytes', flat VmRSS, next command answered, stays online");
    expect_bounded("endless", "exceeded 65536 bytes");
}

TEST_F(HostileModem, EndlessLine) {
    describe("endless line (no line end)", "online, at door",
             "'line longer than 4096 bytes', flat VmRSS, next command answered, stays online");
    expect_bounded("endless-line", "had a line longer than 4096 bytes");
}

// A nested quantifier that backtracking engines (std::regex) take exponential time over, against
// ATI's 33-character "Manufacturer: SIMCOM INCORPORATED": with RE2 the step fails at once (no X), the
// daemon retries, and it answers `status` and SIGTERM throughout.
TEST_F(HostileModem, CatastrophicRegex) {
    describe("catastrophic regex ^([A-Za-z0-9:. ]+)+X$ in a sequence", "probing (ATI)",
             "step fails at once naming the pattern; status answers; SIGTERM stops the daemon");
    SimFixture sim({"--attach-time", "0.3"});
    const std::string yaml = R"yaml(name: catastrophic
steps:
  - {send: "AT", timeout: 1s}
  - {send: "ATI", expect_regex: '^([A-Za-z0-9:. ]+)+X$', timeout: 2s}
  - {send: "ATD*99***1#", expect: CONNECT, timeout: 30s, port: data}
)yaml";
    DaemonOptions options;
    options.sequence = write_sequence(sim, "catastrophic", yaml);
    options.with_backoff("200ms", "200ms");
    Daemon d(sim, options);
    {
        Process check(LTE_DIALER_BINARY, {"check-config", (d.dir() / "config.yaml").string()}, sim.dir() / "check.out",
                      sim.dir() / "check.err");
        EXPECT_EQ(check.wait(30s), 0) << "RE2 compiles the pattern: " << check.err();
    }
    const YAML::Node failed = d.wait_until(
        "three failures naming the pattern",
        [](const YAML::Node& s) {
            return s["reconnects"].as<unsigned>() >= 3 &&
                   s["last_error"].as<std::string>().find("expected a line matching") != std::string::npos;
        },
        60s);
    ASSERT_TRUE(failed);
    int answered = 0;
    for (int i = 0; i < 10; ++i) {
        const auto started = std::chrono::steady_clock::now();
        if (d.status()) ++answered;
        EXPECT_LT(std::chrono::steady_clock::now() - started, 2s) << "status was slow: the event loop is busy";
    }
    EXPECT_EQ(answered, 10);
    EXPECT_GE(sim.count_received("ATI"), 3u);
    observe("failed " + failed["reconnects"].as<std::string>() + "x: '" + failed["last_error"].as<std::string>() +
            "'; status answered " + std::to_string(answered) + "/10");
    d.stop_with(SIGTERM);
}

// What RE2 cannot compile (look-around, back-references) is a configuration error at its place.
TEST_F(HostileModem, PatternRe2CannotCompileIsRefusedByCheckConfig) {
    describe("sequence pattern with a back-reference", "check-config",
             "exit 2 naming file:line:column and back-references");
    SimFixture sim;
    DaemonOptions options;
    options.sequence = write_sequence(sim, "backref", R"yaml(name: backref
steps:
  - {send: "AT", timeout: 1s}
  - {send: "ATI", expect_regex: '^(\w+) \1$'}
)yaml");
    const auto config = sim.dir() / "config.yaml";
    std::ofstream(config) << "modem:\n  at_port: " << sim.at_port() << "\n  sequence: " << options.sequence
                          << "\napn: soracom.io\n";
    Process check(LTE_DIALER_BINARY, {"check-config", config.string()}, sim.dir() / "check.out",
                  sim.dir() / "check.err");
    EXPECT_EQ(check.wait(30s), 2) << check.out() << check.err();
    EXPECT_THAT(check.err() + check.out(), HasSubstr(options.sequence + ":4:"));
    EXPECT_THAT(check.err() + check.out(), HasSubstr("back-references"));
    observe("exit 2: " + check.err().substr(0, check.err().find('\n')));
}

}  // namespace
}  // namespace lte::faults
