// Who else has a port open, through /proc: a rival reader is named, a pty's own far end (the
// process holding its master, as lte-modem-sim or a terminal does) is not.
#include "lte/serial/port_holders.hpp"

#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace {

using testing::HasSubstr;

// A child that runs body (which may open things), then waits to be killed.
struct Child {
    pid_t pid = -1;
    ~Child() {
        if (pid > 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
    }
};

bool eventually(const std::function<bool()>& check) {
    for (int i = 0; i < 200; ++i) {
        if (check()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

TEST(PortHolders, NamesARivalReaderButNotThePtysFarEnd) {
    std::array<int, 2> pipe_fds{};
    ASSERT_EQ(::pipe(pipe_fds.data()), 0);
    Child owner;  // holds master and slave, as the simulator does
    owner.pid = ::fork();
    ASSERT_GE(owner.pid, 0);
    if (owner.pid == 0) {
        int master = -1;
        int slave = -1;
        std::array<char, 64> name{};
        if (::openpty(&master, &slave, name.data(), nullptr, nullptr) != 0) ::_exit(1);
        (void)::write(pipe_fds[1], name.data(), sizeof name);
        ::pause();
        ::_exit(0);
    }
    std::array<char, 64> name{};
    ASSERT_EQ(::read(pipe_fds[0], name.data(), sizeof name), static_cast<ssize_t>(sizeof name));
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    const std::string slave(name.data());
    EXPECT_TRUE(lte::serial::port_holders(slave).empty()) << "the pty's owner is its far end, not a rival";

    Child reader;  // a plain `cat`: the slave only
    reader.pid = ::fork();
    ASSERT_GE(reader.pid, 0);
    if (reader.pid == 0) {
        if (::open(slave.c_str(), O_RDONLY | O_NOCTTY) < 0) ::_exit(1);
        ::pause();
        ::_exit(0);
    }
    ASSERT_TRUE(eventually([&] { return !lte::serial::port_holders(slave).empty(); }));
    const auto holders = lte::serial::port_holders(slave);
    ASSERT_EQ(holders.size(), 1u);
    EXPECT_THAT(holders[0], HasSubstr(std::to_string(reader.pid) + " ("));
    EXPECT_THAT(lte::serial::holders_text(slave), HasSubstr("; held by " + std::to_string(reader.pid)));
}

}  // namespace
