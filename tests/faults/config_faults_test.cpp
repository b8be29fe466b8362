// Configuration mistakes, through the binary: `lte-dialer run`, `connect` and `check-config` on
// files written here. Each must end with exit 2 and a message naming file:line:column, before any
// modem is touched (the ports named do not exist).
#include <sys/stat.h>
#include <unistd.h>

#include "fault_harness.hpp"

namespace lte::faults {
namespace {

using testing::HasSubstr;
using testing::Not;

class ConfigFault : public FaultCase {
protected:
    ConfigFault() {
        char pattern[] = "/tmp/lte-config-fault-XXXXXX";
        dir_ = ::mkdtemp(pattern);
    }
    ~ConfigFault() override { std::filesystem::remove_all(dir_); }

    std::string write(const std::string& name, const std::string& text, mode_t mode = 0600) const {
        const auto path = (dir_ / name).string();
        std::ofstream(path) << text;
        ::chmod(path.c_str(), mode);
        return path;
    }
    // Runs lte-dialer with args; returns its exit code, stderr in err.
    int run(const std::vector<std::string>& args, std::string& err) const {
        Process p(LTE_DIALER_BINARY, args, dir_ / "out", dir_ / "err");
        const auto code = p.wait(20s);
        err = p.err() + p.out();
        return code.value_or(-1);
    }

    std::filesystem::path dir_;
};

constexpr const char* kModem =
    "modem: {profile: sim7600, at_port: /dev/lte-no-such-port, data_port: /dev/lte-no-such-port}\n";

TEST_F(ConfigFault, DuplicateKey) {
    describe("duplicate key", "start", "daemon refuses to start: exit 2, both positions");
    const auto file = write("dup.yaml", std::string(kModem) + "apn: old.example\nlog_level: info\napn: new.example\n");
    std::string err;
    EXPECT_EQ(run({"run", "--config", file, "--socket", (dir_ / "s.sock").string()}, err), 2) << err;
    EXPECT_THAT(err, HasSubstr(file + ":4:1: duplicate key 'apn': it is also at " + file + ":2:1")) << err;
    EXPECT_EQ(run({"check-config", file}, err), 2) << err;
    EXPECT_THAT(err, HasSubstr(file + ":4:1: duplicate key 'apn'")) << err;
    observe("exit 2; " + err.substr(0, err.find('\n')));
}

// #14: an unknown profile stopped `run` and `connect` with exit 1 ("failed"), as if retrying could
// help, and without the place in the file.
TEST_F(ConfigFault, UnknownProfile) {
    describe("unknown modem.profile", "start", "exit 2 with file:line:column and the known names");
    const auto file =
        write("profile.yaml", "apn: soracom.io\nmodem:\n  profile: sim9999\n  at_port: /dev/lte-no-such-port\n");
    std::string err;
    for (const char* command : {"run", "connect"}) {
        std::vector<std::string> args{command, "--config", file};
        if (std::string(command) == "run") args.insert(args.end(), {"--socket", (dir_ / "s.sock").string()});
        EXPECT_EQ(run(args, err), 2) << command << ": " << err;
        EXPECT_THAT(err, HasSubstr(file + ":3:12: unknown modem profile 'sim9999' (known: ")) << err;
        EXPECT_THAT(err, HasSubstr("sim7600")) << err;
    }
    observe("exit 2; " + err.substr(0, err.find('\n')));
}

TEST_F(ConfigFault, CheckConfigReportsEveryProblem) {
    describe("several mistakes", "check-config", "each reported with file:line:column, exit 2");
    const auto file = write("many.yaml", std::string(kModem) +
                                             "apn: ''\n"
                                             "probe: {server: dns.example, interval: 1h}\n"
                                             "pppd: {path: /nonexistent/pppd}\n"
                                             "reconnect: {backoff_max: 1h30m}\n");
    std::string err;
    EXPECT_EQ(run({"check-config", file}, err), 2) << err;
    EXPECT_THAT(err, HasSubstr(file + ":3:17: probe.server 'dns.example' must be the IP address")) << err;
    EXPECT_THAT(err, HasSubstr(file + ":2:6: apn is empty")) << "checks of the whole run beside a bad setting";
    EXPECT_THAT(err, HasSubstr(file + ":4:14: pppd.path /nonexistent/pppd: No such file or directory")) << err;
    EXPECT_THAT(err, Not(HasSubstr("interval"))) << "1h is a duration";
    EXPECT_THAT(err, Not(HasSubstr("backoff_max"))) << "1h30m is a duration";

    // Each setting good on its own: what only the whole or the machine tells.
    const auto file2 = write("machine.yaml", std::string(kModem) +
                                                 "apn: ''\n"
                                                 "pppd: {path: /nonexistent/pppd}\n"
                                                 "timeouts: {registration: 1h}\n");
    EXPECT_EQ(run({"check-config", file2}, err), 2) << err;
    EXPECT_THAT(err, HasSubstr(file2 + ":2:6: apn is empty")) << err;
    EXPECT_THAT(err, HasSubstr(file2 + ":3:14: pppd.path /nonexistent/pppd: No such file or directory")) << err;

    const auto not_executable = write("pppd", "#!/bin/sh\n", 0644);
    const auto long_apn = write("long.yaml", std::string(kModem) + "apn: " + std::string(300, 'a') +
                                                 "\npppd: {path: " + not_executable + "}\n");
    EXPECT_EQ(run({"check-config", long_apn}, err), 2) << err;
    EXPECT_THAT(err, HasSubstr(long_apn + ":2:6: apn is 300 characters long; 3GPP TS 23.003 §9.1 allows at most 100"))
        << err;
    observe("exit 2, every problem listed");
}

TEST_F(ConfigFault, SequenceThatNeverDials) {
    describe("sequence without a dial", "check-config", "refused: it never dials");
    const auto sequence = write("nodial.yaml", "name: nodial\nsteps:\n  - {send: AT}\n");
    const auto file = write("c.yaml", "modem: {profile: sim7600, at_port: /dev/x, sequence: " + sequence +
                                          "}\napn: internet\npppd: {path: /bin/sh}\n");
    std::string err;
    EXPECT_EQ(run({"check-config", file}, err), 2) << err;
    EXPECT_THAT(err, HasSubstr(sequence + ": sequence 'nodial' never dials")) << err;
    observe("exit 2: never dials");
}

TEST_F(ConfigFault, PasswordFileOpenToOthersOrEmpty) {
    describe("password file 0644 / empty", "connect", "refused (exit 2) unless insecure_permissions: true");
    const auto config = write("c.yaml", std::string(kModem) + "apn: internet\n");
    const auto open = write("open.pw", "pw-open-Zr8\n", 0644);
    std::string err;
    EXPECT_EQ(run({"connect", "--config", config, "--password-file", open}, err), 2) << err;
    EXPECT_THAT(err, HasSubstr(open + ": holds a password but is open to everyone (mode 0644); run: chmod 600")) << err;
    EXPECT_THAT(err, Not(HasSubstr("pw-open-Zr8")));

    const auto empty = write("empty.pw", "\npw-second-line\n", 0600);
    EXPECT_EQ(run({"connect", "--config", config, "--password-file", empty}, err), 2) << err;
    EXPECT_THAT(err, HasSubstr("the first line of " + empty + " is empty")) << err;

    // insecure_permissions: true lets the open file through with a warning; the port then fails (3).
    const auto lenient = write("lenient.yaml", std::string(kModem) + "apn: internet\ninsecure_permissions: true\n");
    EXPECT_EQ(run({"connect", "--config", lenient, "--password-file", open}, err), 3) << err;
    EXPECT_THAT(err, HasSubstr("warning: " + open + ": holds a password but is open to everyone")) << err;
    observe("0644 and empty first line refused with exit 2");
}

}  // namespace
}  // namespace lte::faults
