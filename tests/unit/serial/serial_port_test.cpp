#include "lte/serial/serial_port.hpp"

#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fd_count.hpp"
#include "pty_pair.hpp"

using lte::serial::PortError;
using lte::serial::PortOptions;
using lte::serial::SerialPort;
using lte::test::PtyPair;
using testing::HasSubstr;
namespace asio = lte::asio;

namespace {

PortOptions test_options() {
    PortOptions o;
    o.lock_dir = testing::TempDir();  // keep the test's UUCP locks out of /run/lock
    return o;
}

template <typename Pred>
bool run_until(asio::io_context& io, Pred pred) {
    for (int i = 0; i < 400 && !pred(); ++i) {
        io.restart();
        io.run_one_for(std::chrono::milliseconds(10));
    }
    return pred();
}

}  // namespace

TEST(SerialPort, ReadsAndWritesARealTty) {
    PtyPair pty;
    asio::io_context io;
    SerialPort port(io, pty.slave_path(), test_options());
    std::string received;
    port.start([&](std::string_view b) { received.append(b); }, [](const std::error_code&) {});
    port.write("AT\r");
    run_until(io, [] { return false; });
    EXPECT_EQ(pty.read(), "AT\r");
    pty.write("\r\nOK\r\n");
    EXPECT_TRUE(run_until(io, [&] { return received == "\r\nOK\r\n"; })) << received;
}

TEST(SerialPort, RawModeKeepsCarriageReturnsAndBinaryBytes) {
    PtyPair pty;
    asio::io_context io;
    SerialPort port(io, pty.slave_path(), test_options());
    std::string received;
    port.start([&](std::string_view b) { received.append(b); }, [](const std::error_code&) {});
    const std::string ppp_frame("\x7e\xff\x7d\x23\xc0\x21\r\n\x03\x7e", 10);
    pty.write(ppp_frame);
    EXPECT_TRUE(run_until(io, [&] { return received.size() == ppp_frame.size(); }));
    EXPECT_EQ(received, ppp_frame);
}

TEST(SerialPort, SecondOpenIsRefusedAsBusy) {
    PtyPair pty;
    asio::io_context io;
    SerialPort first(io, pty.slave_path(), test_options());
    try {
        SerialPort second(io, pty.slave_path(), test_options());
        FAIL() << "a second open of the same port succeeded";
    } catch (const PortError& e) {
        EXPECT_THAT(e.what(), HasSubstr(pty.slave_path()));
        EXPECT_THAT(e.what(), HasSubstr("busy"));
    }
}

TEST(SerialPort, MissingPortSaysSo) {
    asio::io_context io;
    try {
        SerialPort port(io, "/dev/ttyUSB-does-not-exist", test_options());
        FAIL();
    } catch (const PortError& e) {
        EXPECT_THAT(e.what(), HasSubstr("/dev/ttyUSB-does-not-exist: no such port"));
    }
}

TEST(SerialPort, NotATtyIsRefused) {
    asio::io_context io;
    EXPECT_THROW(SerialPort(io, "/dev/null", test_options()), PortError);
}

TEST(SerialPort, FarEndClosingIsReportedOnceAsPortLoss) {
    PtyPair pty;
    asio::io_context io;
    SerialPort port(io, pty.slave_path(), test_options());
    int lost = 0;
    port.start([](std::string_view) {}, [&](const std::error_code&) { ++lost; });
    pty.close_master();
    EXPECT_TRUE(run_until(io, [&] { return lost > 0; }));
    run_until(io, [] { return false; });
    EXPECT_EQ(lost, 1);
    EXPECT_TRUE(port.lost());
    port.write("AT\r");  // ignored, never a crash
}

TEST(SerialPort, PauseLeavesBytesForTheNextReader) {
    PtyPair pty;
    asio::io_context io;
    SerialPort port(io, pty.slave_path(), test_options());
    std::string received;
    port.start([&](std::string_view b) { received.append(b); }, [](const std::error_code&) {});
    port.pause();
    pty.write("~PPP~");
    run_until(io, [] { return false; });
    EXPECT_EQ(received, "");  // pppd would read these now
    port.start([&](std::string_view b) { received.append(b); }, [](const std::error_code&) {});
    EXPECT_TRUE(run_until(io, [&] { return received == "~PPP~"; }));
}

TEST(SerialPort, ClosingReleasesDescriptorsAndLocks) {
    PtyPair pty;
    const auto before = lte::test::open_fd_count();
    {
        asio::io_context io;
        SerialPort port(io, pty.slave_path(), test_options());
        EXPECT_GT(lte::test::open_fd_count(), before);
    }
    EXPECT_EQ(lte::test::open_fd_count(), before);
    asio::io_context io;
    SerialPort again(io, pty.slave_path(), test_options());  // not busy any more
}

TEST(SerialPort, SymlinkedPortsOfDifferentDevicesDoNotShareALock) {
    // Two simulators each link their port as ".../at": the lock must follow the device.
    PtyPair a, b;
    const auto dir_a = std::filesystem::path(testing::TempDir()) / "lock-a";
    const auto dir_b = std::filesystem::path(testing::TempDir()) / "lock-b";
    std::filesystem::create_directories(dir_a);
    std::filesystem::create_directories(dir_b);
    std::filesystem::remove(dir_a / "at");
    std::filesystem::remove(dir_b / "at");
    std::filesystem::create_symlink(a.slave_path(), dir_a / "at");
    std::filesystem::create_symlink(b.slave_path(), dir_b / "at");
    asio::io_context io;
    SerialPort first(io, (dir_a / "at").string(), test_options());
    SerialPort second(io, (dir_b / "at").string(), test_options());
    EXPECT_THROW(SerialPort(io, a.slave_path(), test_options()), PortError) << "same device, other name";
}
