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

}  // namespace
}  // namespace lte::faults
