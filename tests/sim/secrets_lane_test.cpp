// Secrets at every log level: the daemon and `connect` against the simulator, at trace, debug,
// info, warning and error, with a SIM PIN and a password from the config, a password in
// LTE_DIALER_PASSWORD, and PINs, PUK and passwords typed through `lte-dialer at`. Everything they
// wrote (stdout, stderr, the `at` replies, status, the daemon's /proc/PID/environ) is searched for
// every one of them. trace must log more than debug: the raw bytes to and from the port.
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon_fixture.hpp"

using lte::test::Daemon;
using lte::test::DaemonOptions;
using lte::test::Process;
using lte::test::SimFixture;
using testing::HasSubstr;
using testing::Not;
using namespace std::chrono_literals;

namespace {

constexpr const char* kSimPin = "90817263";
constexpr const char* kEnvPassword = "env-Pw-5521x";

// Typed by hand through `at --force`: each command, and the secrets in it.
struct Typed {
    std::string command;
    std::vector<std::string> secrets;
};
const std::vector<Typed> kTyped{
    {"AT+CPIN=\"73940518\"", {"73940518"}},
    {"AT+CPIN=\"11223344\",\"90817263\"", {"11223344"}},  // PUK, new PIN
    {"AT+CPWD=\"SC\",\"61524837\",\"48372615\"", {"61524837", "48372615"}},
    {"AT+CGAUTH=1,2,\"typed-Pw-Q9\",\"typed-User-K3\"", {"typed-Pw-Q9", "typed-User-K3"}},
    {"AT+CLCK=\"SC\",0,\"29384756\"", {"29384756"}},
    {"AT+CSQ;+CPIN=\"38475610\"", {"38475610"}},
};

std::vector<std::string> all_secrets() {
    std::vector<std::string> out{lte::test::kPassword, kSimPin, kEnvPassword};
    for (const auto& t : kTyped) out.insert(out.end(), t.secrets.begin(), t.secrets.end());
    return out;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string at_cli(Daemon& d, const std::vector<std::string>& args) {
    std::vector<std::string> all{"at", "--socket", d.socket().string()};
    all.insert(all.end(), args.begin(), args.end());
    Process p(LTE_DIALER_BINARY, all, d.dir() / "at.out", d.dir() / "at.err");
    const auto code = p.wait(60s);
    EXPECT_TRUE(code.has_value());
    return p.out() + p.err();
}

void expect_no_secret(const std::string& where, const std::string& text) {
    for (const auto& secret : all_secrets()) EXPECT_THAT(text, Not(HasSubstr(secret))) << where << " shows " << secret;
}

class SecretsAtEveryLevel : public testing::TestWithParam<const char*> {};

TEST_P(SecretsAtEveryLevel, AppearNowhere) {
    const std::string level = GetParam();
    SimFixture sim({"--attach-time", "0.3", "--sim", "pin", "--sim-pin", kSimPin});
    DaemonOptions options;
    options.sim_pin = kSimPin;
    options.log_level = level;
    options.with_env(std::string("LTE_DIALER_PASSWORD=") + kEnvPassword);
    std::string written;  // everything that came out, of every process
    {
        Daemon d(sim, options);
        ASSERT_TRUE(d.wait_online()) << Daemon::tail(d.log());
        // The variable is gone from the daemon's own environment, not only from its children's.
        const std::string environ = read_file("/proc/" + std::to_string(d.pid()) + "/environ");
        EXPECT_THAT(environ, Not(HasSubstr(kEnvPassword)));
        written += environ;
        for (const auto& t : kTyped) {
            written += at_cli(d, {"--force", t.command});
            written += at_cli(d, {"--json", "--force", t.command});
            written += at_cli(d, {t.command});  // refused unforced: the refusal must not quote it either
        }
        written += at_cli(d, {"AT+CGAUTH?"});  // reads back what was typed
        written += at_cli(d, {"--json", "AT+CGAUTH?"});
        written += lte::service::control_request(d.socket(), "status", 5s);
        d.stop_cleanly();
        written += d.log();
        if (level == "trace") {
            EXPECT_THAT(d.log(), HasSubstr(" => AT")) << "trace logs the bytes sent";
            EXPECT_THAT(d.log(), HasSubstr(" <= ")) << "trace logs the bytes read";
            EXPECT_THAT(d.log(), HasSubstr("a secret command is pending"));
        }
        if (level == "debug") {
            EXPECT_THAT(d.log(), Not(HasSubstr(" => AT"))) << "raw bytes are trace's alone";
        }
    }
    // connect, in the foreground, with the transcript (-v), on the same modem.
    const auto config = sim.dir() / "daemon" / "config.yaml";
    Process connect(LTE_DIALER_BINARY, {"connect", "--dial-only", "-v", "--config", config.string()},
                    sim.dir() / "connect.out", sim.dir() / "connect.err",
                    {std::string("LTE_DIALER_PASSWORD=") + kEnvPassword});
    const auto code = connect.wait(90s);
    ASSERT_TRUE(code.has_value());
    EXPECT_EQ(*code, 0) << connect.err();
    written += connect.out() + connect.err();
    expect_no_secret("level " + level, written);
    EXPECT_THAT(written, HasSubstr("AT+CPIN=***")) << "the commands are still there, masked";
}

INSTANTIATE_TEST_SUITE_P(Levels, SecretsAtEveryLevel, testing::Values("trace", "debug", "info", "warn", "error"));

TEST(SecretsTrace, LogsMoreThanDebug) {
    std::size_t lines[2] = {0, 0};
    int i = 0;
    for (const char* level : {"debug", "trace"}) {
        SimFixture sim({"--attach-time", "0.3"});
        DaemonOptions options;
        options.log_level = level;
        Daemon d(sim, options);
        ASSERT_TRUE(d.wait_online());
        d.stop_cleanly();
        const std::string log = d.log();
        lines[i++] = static_cast<std::size_t>(std::count(log.begin(), log.end(), '\n'));
    }
    EXPECT_GT(lines[1], lines[0] + 10) << "trace " << lines[1] << " lines, debug " << lines[0];
}

}  // namespace
