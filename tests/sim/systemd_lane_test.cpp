// The daemon as systemd sees it: NOTIFY_SOCKET points at a datagram socket this test reads, the
// way systemd's own end does. READY=1 must wait for IP, STATUS= must follow the states, WATCHDOG=1
// must keep coming from the event loop, STOPPING=1 must precede the exit.
#include <sys/socket.h>
#include <sys/un.h>

#include <atomic>
#include <mutex>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lte/common/scoped_fd.hpp"

#include "daemon_fixture.hpp"

using lte::test::Daemon;
using lte::test::DaemonOptions;
using lte::test::SimFixture;
using testing::HasSubstr;
using namespace std::chrono_literals;

namespace {

// Plays systemd's end of NOTIFY_SOCKET: a thread drains it at once, as systemd does (a datagram
// socket nobody reads blocks its sender after a few messages).
class NotifyListener {
public:
    explicit NotifyListener(const std::filesystem::path& path) {
        fd_.reset(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
        if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
            throw std::runtime_error("cannot bind " + path.string());
        timeval tv{0, 100000};
        ::setsockopt(fd_.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        reader_ = std::thread([this] {
            char buf[4096];
            while (!stop_) {
                const ssize_t n = ::recv(fd_.get(), buf, sizeof buf, 0);
                if (n <= 0) continue;
                std::lock_guard lock(mutex_);
                messages_.emplace_back(buf, static_cast<std::size_t>(n));
            }
        });
    }
    ~NotifyListener() {
        stop_ = true;
        reader_.join();
    }
    std::vector<std::string> messages() {
        std::lock_guard lock(mutex_);
        return messages_;
    }
    std::size_t count(const std::string& text) {
        std::size_t n = 0;
        for (const auto& m : messages()) n += m.find(text) != std::string::npos ? 1 : 0;
        return n;
    }
    std::ptrdiff_t index_of(const std::string& text) {
        const auto all = messages();
        for (std::size_t i = 0; i < all.size(); ++i)
            if (all[i].find(text) != std::string::npos) return static_cast<std::ptrdiff_t>(i);
        return -1;
    }

private:
    lte::ScopedFd fd_;
    std::mutex mutex_;
    std::vector<std::string> messages_;
    std::atomic<bool> stop_{false};
    std::thread reader_;
};

}  // namespace

TEST(SystemdLane, ReadyOnlyOnceIpIsUpStatusFollowsStatesWatchdogPingsStoppingAtTheEnd) {
    SimFixture sim({"--attach-time", "2"});
    NotifyListener systemd(sim.dir() / "notify");
    Daemon d(sim, DaemonOptions()
                      .with_script({"up-exit 16 1", "up"})
                      .with_redials(3)
                      .with_env("NOTIFY_SOCKET=" + (sim.dir() / "notify").string())
                      .with_env("WATCHDOG_USEC=400000"));
    ASSERT_TRUE(d.wait_state("registering", 20s));
    EXPECT_EQ(systemd.count("READY=1"), 0u) << "READY=1 before IP is up would let boot go on without a link";
    ASSERT_TRUE(d.wait_online(1));
    EXPECT_EQ(systemd.count("READY=1"), 1u) << "READY=1 once, however often the link comes back";
    EXPECT_GE(systemd.count("STATUS=registering"), 1u);
    const auto online = systemd.index_of("STATUS=online 10.64.64.2 via ppp0");
    ASSERT_GE(online, 0);
    EXPECT_GT(systemd.index_of("READY=1"), online) << "READY=1 follows the online status";
    EXPECT_GE(systemd.count("STATUS=recovering"), 1u);
    EXPECT_GE(systemd.count("WATCHDOG=1"), 3u) << "pings every half WATCHDOG_USEC from the event loop";
    d.stop_cleanly();
    EXPECT_EQ(systemd.count("STOPPING=1"), 1u);
    for (const auto& m : systemd.messages()) EXPECT_THAT(m, testing::Not(HasSubstr(lte::test::kPassword)));
}

TEST(SystemdLane, NoNotifySocketMeansNoNotificationsAndNoErrors) {
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim);
    ASSERT_TRUE(d.wait_online());
    d.stop_cleanly();
    EXPECT_THAT(d.process().err(), testing::Not(HasSubstr("sd_notify")));
}

// profile auto at boot, before the modem has enumerated: the daemon waits for it (STATUS= says so)
// instead of failing into systemd's restart loop, a reload does not kill it, SIGTERM ends it cleanly.
TEST(SystemdLane, ProfileAutoWithoutAModemWaitsForItInsteadOfFailing) {
    SimFixture sim({"--attach-time", "0.3"});
    NotifyListener systemd(sim.dir() / "notify");
    const auto config = sim.dir() / "auto.yaml";
    std::ofstream(config) << "modem:\n  profile: auto\napn: soracom.io\n";
    lte::test::Process daemon(LTE_DIALER_BINARY,
                              {"run", "--config", config.string(), "--socket", (sim.dir() / "auto.sock").string()},
                              sim.dir() / "auto.out", sim.dir() / "auto.err",
                              {"NOTIFY_SOCKET=" + (sim.dir() / "notify").string(), "WATCHDOG_USEC=400000"});
    ASSERT_TRUE(lte::test::eventually([&] { return systemd.count("STATUS=waiting for a modem on USB") == 1; }, 10s))
        << daemon.err();
    EXPECT_THAT(daemon.err(), HasSubstr("no modem any profile knows is on USB (looked for "));
    EXPECT_THAT(daemon.err(), HasSubstr("1e0e:9001 sim7000/sim7600"));
    EXPECT_THAT(daemon.err(), HasSubstr("waiting for it"));
    daemon.signal(SIGHUP);
    EXPECT_TRUE(lte::test::eventually([&] { return daemon.err().find("still waiting") != std::string::npos; }, 10s))
        << "SIGHUP re-reads the file and goes on waiting: " << daemon.err();
    EXPECT_FALSE(daemon.wait(1s).has_value()) << "the daemon gave up: " << daemon.err();
    EXPECT_GE(systemd.count("WATCHDOG=1"), 2u) << "the watchdog is fed while waiting";
    daemon.signal(SIGTERM);
    const auto code = daemon.wait(10s);
    ASSERT_TRUE(code.has_value()) << "still running 10 s after SIGTERM";
    EXPECT_EQ(*code, 0) << daemon.err();
    EXPECT_EQ(systemd.count("READY=1"), 0u);
}
