#include "lte/ppp/ppp_supervisor.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "lte/common/scoped_fd.hpp"

#include "process_test_support.hpp"

namespace lte::ppp {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test::run_until;

constexpr const char* kPassword = "s3cret-Pw-7781";

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// A pty pair's slave: stands for the modem's data tty.
struct Pty {
    ScopedFd master{::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)};
    ScopedFd slave;
    Pty() {
        if (master.valid() && ::grantpt(master.get()) == 0 && ::unlockpt(master.get()) == 0)
            slave.reset(::open(::ptsname(master.get()), O_RDWR | O_NOCTTY | O_CLOEXEC));
    }
};

struct Recorder {
    std::vector<std::string> lines;
    std::optional<LinkInfo> link;
    std::optional<ExitReport> report;
    PppSupervisor::Callbacks callbacks() {
        return {[this](const LinkInfo& l) { link = l; }, [this](const ExitReport& r) { report = r; },
                [this](std::string_view line) { lines.emplace_back(line); }};
    }
};

// A stand-in for pppd (test fixture; the product never runs a shell): a script that takes pppd's
// argv, saves what it reads from the passwordfd fd, then runs the test's behaviour snippet.
// The test directory reaches it as the ipparam value, since the environment is not ours to set.
class FakePppd : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "lte-ppp-test-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
        std::ofstream(dir_ / "fake-pppd") << "#!/bin/sh\n"
                                             "while [ $# -gt 0 ]; do\n"
                                             "  case \"$1\" in ipparam) dir=$2;; passwordfd) fd=$2;;\n"
                                             "    ip-up-script) up=$2;; set) export \"$2\";; esac\n"
                                             "  shift\n"
                                             "done\n"
                                             "if [ -n \"$fd\" ]; then eval \"cat <&$fd\" > \"$dir/password\"; fi\n"
                                             ". \"$dir/behaviour\"\n";
        fs::permissions(dir_ / "fake-pppd", fs::perms::owner_all);
        options_.pppd_path = (dir_ / "fake-pppd").string();
        options_.ipparam = dir_.string();
        options_.user = "bob";
        ASSERT_TRUE(pty_.slave.valid());
    }
    void TearDown() override { fs::remove_all(dir_); }

    void behave(const std::string& snippet) { std::ofstream(dir_ / "behaviour") << snippet; }

    fs::path dir_;
    PppOptions options_;
    Pty pty_;
    asio::io_context io_;
    Recorder rec_;
};

TEST_F(FakePppd, PasswordArrivesThroughTheFdAndNeverInArgvOrLog) {
    behave("echo ready\nsleep 1000 & wait\n");
    PppSupervisor sup(io_, rec_.callbacks());
    sup.start(options_, pty_.slave.get(), kPassword);
    ASSERT_TRUE(run_until(io_, [&] { return !rec_.lines.empty(); }));

    const auto cmdline = read_file("/proc/" + std::to_string(sup.pid()) + "/cmdline");
    EXPECT_NE(cmdline.find("passwordfd"), std::string::npos);  // we are reading the right argv
    EXPECT_EQ(cmdline.find(kPassword), std::string::npos);
    EXPECT_EQ(read_file(dir_ / "password"), kPassword);  // exact bytes, and EOF: our write end is closed
    const auto proc_fd0 = fs::read_symlink("/proc/" + std::to_string(sup.pid()) + "/fd/0");
    EXPECT_EQ(proc_fd0, fs::read_symlink("/proc/self/fd/" + std::to_string(pty_.slave.get())));

    sup.stop(5s);
    ASSERT_TRUE(run_until(io_, [&] { return rec_.report.has_value(); }));
    EXPECT_TRUE(rec_.report->stop_requested);
    EXPECT_EQ(rec_.report->signal, SIGTERM);
    EXPECT_EQ(rec_.report->decision, Recovery::GiveUp);
    EXPECT_FALSE(sup.running());
}

// pppd opens its stdin's tty again by name. Our port holds TIOCEXCL, which refuses that open to a
// process without CAP_SYS_ADMIN: under the hardened unit pppd failed with EBUSY (exit 7) on every
// dial (found by scripts/e2e-system.sh). The stand-in reopens it as pppd does, without that cap.
TEST_F(FakePppd, PppdCanReopenItsTtyByNameAndThePortIsExclusiveAgainAfter) {
    ASSERT_EQ(::ioctl(pty_.slave.get(), TIOCEXCL), 0);
    behave(
        "setpriv --bounding-set -sys_admin sh -c "
        "'t=$(readlink /proc/$$/fd/0); if true 3<>\"$t\" 2>/dev/null; then echo reopened; else echo busy; fi'\n");
    PppSupervisor sup(io_, rec_.callbacks());
    sup.start(options_, pty_.slave.get());
    ASSERT_TRUE(run_until(io_, [&] { return rec_.report.has_value(); }));
    EXPECT_EQ(rec_.lines, (std::vector<std::string>{"reopened"}));
    int exclusive = 0;
    ASSERT_EQ(::ioctl(pty_.slave.get(), TIOCGEXCL, &exclusive), 0);
    EXPECT_EQ(exclusive, 1) << "the port is ours alone again once pppd is gone";
}

TEST_F(FakePppd, LinkUpCarriesAddressesAndDnsThenTheLogExplainsTheEnd) {
    behave(
        "echo 'Using interface ppp0'\n"
        "echo 'Connect: ppp0 <--> /dev/pts/3'\n"
        "echo 'local  IP address 10.172.102.128'\n"
        "echo 'remote IP address 10.64.64.64'\n"
        "echo 'primary   DNS address 168.95.1.1'\n"
        "echo 'secondary DNS address 168.95.192.1'\n"
        "read -r go < \"$dir/go\"\n"  // wait until the test has seen the link
        "echo 'No response to 3 echo-requests' >&2\n"
        "echo 'Serial link appears to be disconnected.' >&2\n"
        "echo 'Connection terminated.' >&2\n"
        "echo 'Modem hangup' >&2\n"
        "exit 16\n");
    ASSERT_EQ(::mkfifo((dir_ / "go").c_str(), 0600), 0);
    PppSupervisor sup(io_, rec_.callbacks());
    sup.start(options_, pty_.slave.get());
    ASSERT_TRUE(run_until(io_, [&] { return rec_.link.has_value(); }));
    EXPECT_EQ(rec_.link->interface, "ppp0");
    EXPECT_EQ(rec_.link->local_ip, "10.172.102.128");
    EXPECT_EQ(rec_.link->remote_ip, "10.64.64.64");
    EXPECT_EQ(rec_.link->dns, (std::vector<std::string>{"168.95.1.1", "168.95.192.1"}));
    EXPECT_FALSE(rec_.report);
    std::ofstream(dir_ / "go") << "go\n";

    ASSERT_TRUE(run_until(io_, [&] { return rec_.report.has_value(); }));
    EXPECT_EQ(rec_.report->code, 16);
    EXPECT_EQ(rec_.report->decision, Recovery::Redial);
    EXPECT_NE(rec_.report->reason.find("echo"), std::string::npos) << rec_.report->reason;
    ASSERT_FALSE(rec_.report->last_lines.empty());
    EXPECT_EQ(rec_.report->last_lines.back(), "Modem hangup");
    EXPECT_FALSE(rec_.report->stop_requested);
}

TEST_F(FakePppd, LinkWithoutDnsIsReportedOnceTheLinesSettle) {
    behave(
        "echo 'Using interface ppp1'\n"
        "echo 'local  IP address 100.64.0.7'\n"
        "sleep 0.05\n"
        "echo 'remote IP address 10.64.64.64'\n"
        "sleep 1000 & wait\n");
    PppSupervisor sup(io_, rec_.callbacks());
    sup.start(options_, pty_.slave.get());
    ASSERT_TRUE(run_until(io_, [&] { return rec_.link.has_value(); }));
    EXPECT_EQ(rec_.link->interface, "ppp1");
    EXPECT_EQ(rec_.link->local_ip, "100.64.0.7");
    EXPECT_EQ(rec_.link->remote_ip, "10.64.64.64");
    EXPECT_TRUE(rec_.link->dns.empty());
}

// "Online" means names resolve: the system lane's DNS checks, run the moment the unit was online,
// found the resolver without the network's servers, which the hook handed on a moment later. pppd
// runs ip-up without waiting for it, and sends its output nowhere: the hook's report says when it
// is done and what it did.
TEST_F(FakePppd, LinkIsOnlineOnlyOnceTheHookHasHandedOnTheDns) {
    const fs::path hooks = dir_ / "hooks";
    fs::create_directory(hooks);
    for (const char* name : {"ip-up", "ip-down"}) {
        std::ofstream(hooks / name) << "#!/bin/sh\n"
                                       "read -r go < \"$6/hook-go\"\n"  // until the test lets it finish
                                       "echo 'DNS 10.64.64.1 on ppp0 through resolvconf' >\"$LTE_HOOK_REPORT.tmp\"\n"
                                       "mv \"$LTE_HOOK_REPORT.tmp\" \"$LTE_HOOK_REPORT\"\n";
        fs::permissions(hooks / name, fs::perms::owner_all);
    }
    options_.dns_hook_dir = hooks.string();
    ASSERT_EQ(::mkfifo((dir_ / "hook-go").c_str(), 0600), 0);
    behave(
        "echo 'Using interface ppp0'\n"
        "echo 'local  IP address 10.64.64.2'\n"
        "echo 'remote IP address 10.64.64.1'\n"
        "echo 'primary   DNS address 10.64.64.1'\n"
        "echo 'secondary DNS address 10.64.64.1'\n"
        "\"$up\" ppp0 /dev/pts/3 0 10.64.64.2 10.64.64.1 \"$dir\" &\n"
        "sleep 1000 & wait\n");
    PppSupervisor sup(io_, rec_.callbacks());
    sup.start(options_, pty_.slave.get());
    ASSERT_TRUE(run_until(io_, [&] { return rec_.lines.size() >= 5; }));
    EXPECT_FALSE(run_until(
        io_, [&] { return rec_.link.has_value(); }, 1s))
        << "online before the hook finished";
    std::ofstream(dir_ / "hook-go") << "go\n";
    ASSERT_TRUE(run_until(io_, [&] { return rec_.link.has_value(); }));
    EXPECT_EQ(rec_.link->local_ip, "10.64.64.2");
    EXPECT_EQ(rec_.link->hook_messages, (std::vector<std::string>{"DNS 10.64.64.1 on ppp0 through resolvconf"}));
    const auto cmdline = read_file("/proc/" + std::to_string(sup.pid()) + "/cmdline");
    const auto at = cmdline.find("LTE_HOOK_REPORT=");
    ASSERT_NE(at, std::string::npos);
    const fs::path report_dir = fs::path(cmdline.substr(at + 16, cmdline.find('\0', at) - at - 16)).parent_path();
    EXPECT_TRUE(fs::exists(report_dir));
    sup.stop(5s);
    ASSERT_TRUE(run_until(io_, [&] { return rec_.report.has_value(); }));
    EXPECT_FALSE(fs::exists(report_dir)) << "the report's directory outlived its pppd";
}

TEST_F(FakePppd, StopEscalatesToSigkillAndExitedMayStartAgain) {
    behave("trap '' TERM\necho ready\nwhile :; do sleep 0.05; done\n");
    int starts = 0;
    PppSupervisor* self = nullptr;
    PppSupervisor sup(io_, {nullptr,
                            [&](const ExitReport& r) {
                                rec_.report = r;
                                if (++starts == 1) self->start(options_, pty_.slave.get());
                            },
                            [&](std::string_view line) { rec_.lines.emplace_back(line); }});
    self = &sup;
    sup.start(options_, pty_.slave.get());
    ASSERT_TRUE(run_until(io_, [&] { return !rec_.lines.empty(); }));
    const pid_t first = sup.pid();
    sup.stop(300ms);
    ASSERT_TRUE(run_until(io_, [&] { return rec_.report.has_value(); }));
    EXPECT_EQ(rec_.report->signal, SIGKILL);
    EXPECT_TRUE(rec_.report->stop_requested);
    ASSERT_TRUE(sup.running());  // restarted from inside exited()
    EXPECT_NE(sup.pid(), first);
    EXPECT_THROW(sup.start(options_, pty_.slave.get()), std::logic_error);
}

TEST_F(FakePppd, RefusesAPasswordOptionFromTheConfig) {
    behave("exit 0\n");
    options_.extra_options = {"password hunter2"};
    PppSupervisor sup(io_, rec_.callbacks());
    EXPECT_THROW(sup.start(options_, pty_.slave.get()), PppOptionError);
    EXPECT_FALSE(sup.running());
}

TEST_F(FakePppd, DestroyingTheSupervisorKillsAndReapsPppd) {
    behave("trap '' TERM\necho ready\nwhile :; do sleep 0.05; done\n");
    pid_t pid = -1;
    {
        PppSupervisor sup(io_, rec_.callbacks());
        sup.start(options_, pty_.slave.get());
        ASSERT_TRUE(run_until(io_, [&] { return !rec_.lines.empty(); }));
        pid = sup.pid();
    }
    errno = 0;
    EXPECT_EQ(::waitpid(pid, nullptr, WNOHANG), -1);
    EXPECT_EQ(errno, ECHILD);
    EXPECT_FALSE(fs::exists("/proc/" + std::to_string(pid)));
    io_.restart();
    io_.poll();
    EXPECT_FALSE(rec_.report);  // no callback from a destroyed supervisor
}

TEST_F(FakePppd, RefusesAPasswordPppdWouldTruncate) {
    behave("exit 0\n");
    PppSupervisor sup(io_, rec_.callbacks());
    EXPECT_THROW(sup.start(options_, pty_.slave.get(), std::string(256, 'x')), PppOptionError);
    EXPECT_NO_THROW(sup.start(options_, pty_.slave.get(), std::string(255, 'x')));
    ASSERT_TRUE(run_until(io_, [&] { return rec_.report.has_value(); }));
    EXPECT_EQ(read_file(dir_ / "password"), std::string(255, 'x'));
}

// The real pppd on this kernel, which has no PPP: the end must be understood, the password kept out
// of the log (pppd reads it at authentication, which it never reaches here) and of argv.
TEST(RealPppd, NoKernelSupportIsAGiveUpWithTheKernelMessage) {
    if (!fs::exists("/usr/sbin/pppd")) GTEST_SKIP() << "pppd is not installed";
    if (fs::exists("/dev/ppp")) GTEST_SKIP() << "this kernel has PPP; the exit-4 path cannot be seen here";
    if (::geteuid() != 0) GTEST_SKIP() << "pppd needs root";
    Pty pty;
    ASSERT_TRUE(pty.slave.valid());
    asio::io_context io;
    Recorder rec;
    PppSupervisor sup(io, rec.callbacks());
    PppOptions options;
    options.link_name = "lte-test-" + std::to_string(::getpid());
    options.user = "bob";
    options.debug = true;  // as much log as pppd will give
    sup.start(options, pty.slave.get(), kPassword);
    ASSERT_TRUE(run_until(io, [&] { return rec.report.has_value(); }));

    const auto& r = *rec.report;
    EXPECT_EQ(r.code, 4);
    EXPECT_EQ(r.decision, Recovery::GiveUp);
    EXPECT_NE(r.reason.find("no PPP support"), std::string::npos) << r.reason;
    std::string log;
    for (const auto& line : rec.lines) log += line + "\n";
    EXPECT_NE(log.find("Plugin passwordfd.so loaded."), std::string::npos) << log;  // the argv was accepted
    EXPECT_NE(log.find("/dev/ppp"), std::string::npos) << log;
    EXPECT_EQ(log.find(kPassword), std::string::npos);
    for (const auto& line : r.last_lines) EXPECT_EQ(line.find(kPassword), std::string::npos);
}

}  // namespace
}  // namespace lte::ppp
