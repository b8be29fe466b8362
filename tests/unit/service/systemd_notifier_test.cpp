#include "lte/service/systemd_notifier.hpp"

#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "lte/common/scoped_fd.hpp"
#include "lte/common/secrets.hpp"

#include "env_guard.hpp"

namespace lte::service {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Plays systemd's side: a datagram socket the notifier is pointed at through NOTIFY_SOCKET.
class NotifySocketTest : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/lte-notify-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        path_ = dir_ / "notify";
        fd_.reset(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
        ASSERT_TRUE(fd_.valid());
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strncpy(addr.sun_path, path_.c_str(), sizeof addr.sun_path - 1);
        ASSERT_EQ(::bind(fd_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0) << std::strerror(errno);
        ::setenv("NOTIFY_SOCKET", path_.c_str(), 1);
        ::unsetenv("WATCHDOG_USEC");
        ::unsetenv("WATCHDOG_PID");
    }
    void TearDown() override {
        fd_.reset();
        fs::remove_all(dir_);
    }

    std::vector<std::string> received() {
        std::vector<std::string> messages;
        char buf[4096];
        for (;;) {
            const ssize_t n = ::recv(fd_.get(), buf, sizeof buf, MSG_DONTWAIT);
            if (n < 0) break;
            messages.emplace_back(buf, static_cast<std::size_t>(n));
        }
        return messages;
    }

    static long count(const std::vector<std::string>& messages, const std::string& m) {
        return std::count(messages.begin(), messages.end(), m);
    }

    test::EnvGuard env_{"NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"};
    fs::path dir_;
    fs::path path_;
    ScopedFd fd_;
    asio::io_context io_;
};

TEST_F(NotifySocketTest, NothingIsSentWithoutNotifySocket) {
    ::unsetenv("NOTIFY_SOCKET");
    ::setenv("WATCHDOG_USEC", "100000", 1);
    SystemdNotifier notifier(io_);
    EXPECT_FALSE(notifier.enabled());
    EXPECT_FALSE(notifier.watchdog_interval());
    notifier.ready();
    notifier.status("online");
    notifier.stopping();
    io_.run_for(300ms);
    EXPECT_TRUE(received().empty());
}

TEST_F(NotifySocketTest, ReadyOnlyWhenToldAndStatusTextsInOrder) {
    SystemdNotifier notifier(io_);
    ASSERT_TRUE(notifier.enabled());
    EXPECT_FALSE(notifier.watchdog_interval());
    notifier.status("registering (searching, 12 s)");
    notifier.status("dialing");
    EXPECT_EQ(received(), (std::vector<std::string>{"STATUS=registering (searching, 12 s)", "STATUS=dialing"}));
    notifier.ready();
    notifier.status("online 10.1.2.3 via ppp0");
    notifier.stopping();
    EXPECT_EQ(received(), (std::vector<std::string>{"READY=1", "STATUS=online 10.1.2.3 via ppp0", "STOPPING=1"}));
}

TEST_F(NotifySocketTest, StatusTextIsMasked) {
    SecretRegistry::instance().add("pa55word-x");
    SystemdNotifier notifier(io_);
    notifier.status("failed: auth pa55word-x rejected");
    SecretRegistry::instance().clear();
    EXPECT_EQ(received(), (std::vector<std::string>{"STATUS=failed: auth *** rejected"}));
}

TEST_F(NotifySocketTest, WatchdogPingsComeFromTheRunningLoop) {
    ::setenv("WATCHDOG_USEC", "100000", 1);
    SystemdNotifier notifier(io_);
    ASSERT_TRUE(notifier.watchdog_interval());
    EXPECT_EQ(*notifier.watchdog_interval(), 100ms);
    // Drain while the loop runs, as systemd would: a full datagram queue would block sd_notify.
    long pings = 0, readies = 0;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (pings < 3 && std::chrono::steady_clock::now() < deadline) {
        io_.run_for(50ms);
        const auto messages = received();
        pings += count(messages, "WATCHDOG=1");
        readies += count(messages, "READY=1");
    }
    EXPECT_GE(pings, 3) << "one at start-up, then the timer's";
    EXPECT_EQ(readies, 0);
}

TEST_F(NotifySocketTest, AHungLoopStopsThePings) {
    ::setenv("WATCHDOG_USEC", "100000", 1);
    SystemdNotifier notifier(io_);
    std::this_thread::sleep_for(500ms);  // the loop is "hung": nobody runs io_
    EXPECT_EQ(count(received(), "WATCHDOG=1"), 1) << "only the start-up ping";
}

TEST_F(NotifySocketTest, WatchdogMeantForAnotherProcessIsIgnored) {
    ::setenv("WATCHDOG_USEC", "100000", 1);
    ::setenv("WATCHDOG_PID", "1", 1);  // systemd addressed its watchdog to pid 1, not us
    SystemdNotifier notifier(io_);
    EXPECT_FALSE(notifier.watchdog_interval());
    io_.run_for(300ms);
    EXPECT_EQ(count(received(), "WATCHDOG=1"), 0);
}

TEST_F(NotifySocketTest, DestroyedNotifierStopsPinging) {
    ::setenv("WATCHDOG_USEC", "100000", 1);
    {
        SystemdNotifier notifier(io_);
        io_.run_for(200ms);
    }
    received();
    io_.restart();
    io_.run_for(400ms);
    EXPECT_EQ(count(received(), "WATCHDOG=1"), 0);
}

}  // namespace
}  // namespace lte::service
