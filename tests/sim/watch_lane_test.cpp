// `lte-dialer status --watch` through the binary: a hundred watchers see each change as it happens,
// and one that never reads is dropped with a message instead of slowing the daemon.
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstring>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lte/common/scoped_fd.hpp"

#include "daemon_fixture.hpp"

using lte::ScopedFd;
using lte::test::Daemon;
using lte::test::DaemonOptions;
using lte::test::Process;
using lte::test::SimFixture;
using testing::HasSubstr;
using namespace std::chrono_literals;

namespace {

constexpr timeval kTenSeconds{10, 0};

ScopedFd watch(const std::filesystem::path& socket) {
    ScopedFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, socket.c_str(), sizeof addr.sun_path - 1);
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) return {};
    const std::string request = "watch\n";
    if (::send(fd.get(), request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size()))
        return {};
    return fd;
}

// Reads whatever every watcher has, for `how_long`, without blocking on any one of them.
void read_all(std::vector<ScopedFd>& fds, std::vector<std::string>& got, std::chrono::milliseconds how_long) {
    const auto deadline = std::chrono::steady_clock::now() + how_long;
    std::vector<pollfd> polls;
    for (const auto& fd : fds) polls.push_back({fd.get(), POLLIN, 0});
    while (std::chrono::steady_clock::now() < deadline) {
        if (::poll(polls.data(), polls.size(), 50) <= 0) continue;
        for (std::size_t i = 0; i < polls.size(); ++i) {
            if (!(polls[i].revents & (POLLIN | POLLHUP))) continue;
            char buf[8192];
            const ssize_t n = ::recv(polls[i].fd, buf, sizeof buf, MSG_DONTWAIT);
            if (n > 0) got[i].append(buf, static_cast<std::size_t>(n));
            if (n == 0) polls[i].fd = -1;  // closed: poll skips it
        }
    }
}

std::size_t lines_with(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

}  // namespace

TEST(WatchLane, AHundredWatchersSeeEachChangeAndOneThatNeverReadsIsDropped) {
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim, DaemonOptions().with_config("monitor:\n  interval: 1s\n"));
    ASSERT_TRUE(d.wait_online());

    const ScopedFd sleeper = watch(d.socket());  // connected, never read
    ASSERT_TRUE(sleeper.valid());
    ::setsockopt(sleeper.get(), SOL_SOCKET, SO_RCVTIMEO, &kTenSeconds, sizeof kTenSeconds);
    std::vector<ScopedFd> watchers;
    for (int i = 0; i < 100; ++i) {
        watchers.push_back(watch(d.socket()));
        ASSERT_TRUE(watchers.back().valid()) << "watcher " << i;
    }
    std::vector<std::string> got(watchers.size());
    read_all(watchers, got, 1s);
    for (std::size_t i = 0; i < got.size(); ++i)
        ASSERT_THAT(got[i], HasSubstr("\"state\":\"online\"")) << "watcher " << i << " has no first line";

    // Drops and redials: each a burst of changes, while the sleeper's updates pile up.
    for (int cycle = 1; cycle <= 4; ++cycle) {
        EXPECT_EQ(sim.control("drop"), "ok");
        const auto back = d.wait_until("online again", [&](const YAML::Node& s) {
            return s["state"].as<std::string>() == "online" && s["reconnects"].as<int>() >= cycle;
        });
        ASSERT_TRUE(back);
        read_all(watchers, got, 300ms);
    }
    read_all(watchers, got, 2s);
    for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_GE(lines_with(got[i], "\"state\":\"recovering\""), 4U) << "watcher " << i;
        EXPECT_GE(lines_with(got[i], "\"state\":\"online\""), 5U) << "watcher " << i;
        EXPECT_THAT(got[i], testing::Not(HasSubstr("dropped"))) << "watcher " << i << " read all along";
    }
    ASSERT_TRUE(lte::test::eventually(
        [&] { return d.log().find("dropped the status watcher of uid") != std::string::npos; }, 15s))
        << "the sleeper was never dropped";
    EXPECT_THAT(d.log(), HasSubstr("fell 32 updates behind"));
    // The sleeper never read, so it is closed after the grace for reading the reason: when it
    // wakes it finds its backlog, then the end of the stream.
    bool closed = false;
    for (const auto deadline = std::chrono::steady_clock::now() + 10s;
         !closed && std::chrono::steady_clock::now() < deadline;) {
        char buf[8192];
        const ssize_t n = ::recv(sleeper.get(), buf, sizeof buf, 0);
        closed = n == 0 || (n < 0 && errno == ECONNRESET);
    }
    EXPECT_TRUE(closed) << "the daemon still holds the watcher that never read";

    // The command line's own watcher: one JSON object per line, the first at once.
    Process cli(LTE_DIALER_BINARY, {"status", "--watch", "--json", "--socket", d.socket().string()},
                d.dir() / "watch.out", d.dir() / "watch.err");
    ASSERT_TRUE(lte::test::eventually([&] { return cli.out().find("\"state\":\"online\"") != std::string::npos; }, 10s))
        << cli.err();
    EXPECT_EQ(d.state(), "online");
    watchers.clear();
    d.stop_cleanly();
    ASSERT_TRUE(cli.wait(10s).has_value()) << "the watcher did not end with the daemon";
    EXPECT_THAT(cli.err(), HasSubstr("closed the stream"));
}
