// The simulator on real ptys: a client opens the symlinked slave like lte-dialer would.
#include "lte/sim/simulator.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <regex>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "lte/common/scoped_fd.hpp"

namespace lte::sim {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr auto kPatience = 10s;  // generous: CI machines are shared

ScopedFd open_client(const std::string& path) {
    ScopedFd fd(::open(path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!fd.valid()) return fd;
    termios tio{};
    ::tcgetattr(fd.get(), &tio);
    ::cfmakeraw(&tio);
    ::tcsetattr(fd.get(), TCSANOW, &tio);
    return fd;
}

void write_all(int fd, std::string_view bytes) {
    ASSERT_EQ(::write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
}

// Reads until `until` has arrived (or the patience runs out / the port hangs up).
std::string read_until(int fd, std::string_view until) {
    std::string got;
    const auto deadline = std::chrono::steady_clock::now() + kPatience;
    while (got.find(until) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        std::array<char, 256> buffer{};
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n <= 0) break;
        got.append(buffer.data(), static_cast<std::size_t>(n));
    }
    return got;
}

template <typename Predicate>
bool eventually(Predicate predicate) {
    const auto deadline = std::chrono::steady_clock::now() + kPatience;
    while (!predicate()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

class SimulatorTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "lte-sim-test-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        dir = pattern;
        options.at_link = dir + "/at";
        options.data_link = dir + "/data";
        options.control = "";
        options.modem.attach_time = 0ms;
    }
    void TearDown() override {
        if (runner.joinable()) {
            asio::post(io, [this] {
                simulator->stop();
                io.stop();
            });
            runner.join();
        }
        fs::remove_all(dir);
    }
    void start() {
        simulator = std::make_unique<Simulator>(io, options, announce);
        simulator->start();
        runner = std::thread([this] { io.run(); });  // the work guard keeps it up while ports are gone
    }
    // Runs a control command on the simulator's thread.
    std::string control(const std::string& command) {
        std::promise<std::string> reply;
        asio::post(io, [&] { reply.set_value(simulator->control(command)); });
        return reply.get_future().get();
    }
    std::string ask(int fd, const std::string& command) {
        write_all(fd, command + "\r");
        return read_until(fd, "OK\r\n");
    }

    std::string dir;
    SimulatorOptions options;
    asio::io_context io;
    asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
    std::ostringstream announce;
    std::unique_ptr<Simulator> simulator;
    std::thread runner;
};

TEST_F(SimulatorTest, AnnouncesThePtysBehindTheSymlinks) {
    start();
    const std::string ready = announce.str();
    EXPECT_EQ(ready, "READY at=" + simulator->slave_path(0) + " data=" + simulator->slave_path(1) + "\n");
    EXPECT_EQ(fs::read_symlink(options.at_link), simulator->slave_path(0));
    EXPECT_EQ(fs::read_symlink(options.data_link), simulator->slave_path(1));
    EXPECT_NE(simulator->slave_path(0), simulator->slave_path(1));
}

TEST_F(SimulatorTest, EchoesAtOnTheRealPty) {
    start();
    auto fd = open_client(options.at_link);
    ASSERT_TRUE(fd.valid());
    EXPECT_EQ(ask(fd.get(), "AT"), "AT\r\r\nOK\r\n");
}

TEST_F(SimulatorTest, ClientCanCloseAndReopenThePortManyTimes) {
    start();
    for (int i = 0; i < 5; ++i) {
        auto fd = open_client(options.at_link);
        ASSERT_TRUE(fd.valid());
        EXPECT_EQ(ask(fd.get(), "AT+CSQ"), "AT+CSQ\r\r\n+CSQ: 20,99\r\n\r\nOK\r\n") << "round " << i;
    }
}

TEST_F(SimulatorTest, ExclusiveModeEndsWithTheClientAsOnAUsbTty) {
    start();
    {
        auto fd = open_client(options.at_link);
        ASSERT_EQ(::ioctl(fd.get(), TIOCEXCL), 0);
    }
    EXPECT_TRUE(eventually([&] {
        auto fd = open_client(options.at_link);  // root may open an exclusive tty; others get EBUSY
        int exclusive = 1;
        return fd.valid() && ::ioctl(fd.get(), TIOCGEXCL, &exclusive) == 0 && exclusive == 0;
    }));
}

TEST_F(SimulatorTest, SinglePortServesBothRoles) {
    options.modem.port_count = 1;
    start();
    EXPECT_EQ(simulator->slave_path(0), simulator->slave_path(1));
    EXPECT_EQ(fs::read_symlink(options.data_link), simulator->slave_path(0));
}

TEST_F(SimulatorTest, FragmentedRepliesStillCarryTheSameBytes) {
    options.fragment.enabled = true;
    options.fragment.max_chunk = 3;
    options.modem.apn = "soracom.io";
    start();
    auto fd = open_client(options.at_link);
    EXPECT_EQ(ask(fd.get(), "AT+CGDCONT?"),
              "AT+CGDCONT?\r\r\n+CGDCONT: 1,\"IP\",\"soracom.io\",\"0.0.0.0\",0,0\r\n\r\nOK\r\n");
}

TEST_F(SimulatorTest, BootUrcsGreetTheFirstClient) {
    options.boot_urcs = true;
    start();
    auto fd = open_client(options.at_link);
    EXPECT_EQ(read_until(fd.get(), "PB DONE\r\n"), "\r\nRDY\r\n\r\n+CPIN: READY\r\n\r\nSMS DONE\r\n\r\nPB DONE\r\n");
}

TEST_F(SimulatorTest, ClosingTheDataPortEndsTheCall) {
    start();
    {
        auto fd = open_client(options.data_link);
        write_all(fd.get(), "ATD*99***1#\r");
        EXPECT_NE(read_until(fd.get(), "CONNECT 150000000\r\n").find("CONNECT 150000000"), std::string::npos);
        EXPECT_NE(control("state").find("call=1:data"), std::string::npos);
    }
    EXPECT_TRUE(eventually([&] { return control("state").find("call=none") != std::string::npos; }));
    auto again = open_client(options.data_link);
    EXPECT_EQ(ask(again.get(), "AT"), "AT\r\r\nOK\r\n");  // command mode again, nothing stale
}

TEST_F(SimulatorTest, ControlDropSendsNoCarrier) {
    start();
    auto fd = open_client(options.data_link);
    write_all(fd.get(), "ATD*99#\r");
    read_until(fd.get(), "CONNECT 150000000\r\n");
    EXPECT_EQ(control("drop"), "ok");
    EXPECT_EQ(read_until(fd.get(), "NO CARRIER\r\n"), "\r\nNO CARRIER\r\n");
    EXPECT_EQ(control("drop"), "error: no call");
}

TEST_F(SimulatorTest, VanishedPortsHangUpAndReturnAsNewPtys) {
    start();
    auto fd = open_client(options.at_link);
    const std::string old_pty = simulator->slave_path(0);
    EXPECT_EQ(control("vanish"), "ok");
    EXPECT_FALSE(fs::exists(fs::symlink_status(options.at_link)));
    pollfd p{fd.get(), POLLIN, 0};
    ASSERT_EQ(::poll(&p, 1, 10000), 1);
    EXPECT_NE(p.revents & (POLLHUP | POLLERR), 0);

    EXPECT_EQ(control("return"), "ok");
    EXPECT_NE(announce.str().find("VANISHED\nRETURNED at="), std::string::npos);
    auto fresh = open_client(options.at_link);
    ASSERT_TRUE(fresh.valid());
    EXPECT_EQ(read_until(fresh.get(), "PB DONE\r\n"), "\r\nRDY\r\n\r\n+CPIN: READY\r\n\r\nSMS DONE\r\n\r\nPB DONE\r\n");
    EXPECT_EQ(ask(fresh.get(), "AT"), "AT\r\r\nOK\r\n");
}

TEST_F(SimulatorTest, TranscriptRecordsWhatTheClientSent) {
    options.transcript = dir + "/transcript";
    start();
    auto fd = open_client(options.at_link);
    ask(fd.get(), "AT+CFUN?");
    std::ifstream in(options.transcript);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NE(text.str().find(" at < AT+CFUN?\n"), std::string::npos) << text.str();
    EXPECT_NE(text.str().find(" at > \\r\\n+CFUN: 1\\r\\n\n"), std::string::npos) << text.str();
    // Stamped in ms to the µs: the benchmark times sub-millisecond turnarounds from these.
    const std::regex stamped(R"(\d+\.\d{3} (at|data|sim|control|peer) [<>!] .*)");
    std::istringstream lines(text.str());
    int n = 0;
    for (std::string line; std::getline(lines, line); ++n) EXPECT_TRUE(std::regex_match(line, stamped)) << line;
    EXPECT_GE(n, 2);
}

TEST_F(SimulatorTest, PppPeerIsBridgedToTheCall) {
    options.ppp_peer = "cat";
    start();
    auto fd = open_client(options.data_link);
    write_all(fd.get(), "ATD*99***1#\r");
    read_until(fd.get(), "CONNECT 150000000\r\n");
    write_all(fd.get(), "~\x7d\x23hello~");
    EXPECT_EQ(read_until(fd.get(), "hello~"), "~\x7d\x23hello~");
}

TEST_F(SimulatorTest, PeerExitEndsTheCallWithNoCarrier) {
    options.ppp_peer = "head -c 3 >/dev/null";
    start();
    auto fd = open_client(options.data_link);
    write_all(fd.get(), "ATD*99***1#\r");
    read_until(fd.get(), "CONNECT 150000000\r\n");
    write_all(fd.get(), "abc");
    EXPECT_EQ(read_until(fd.get(), "NO CARRIER\r\n"), "\r\nNO CARRIER\r\n");
    EXPECT_EQ(ask(fd.get(), "AT"), "AT\r\r\nOK\r\n");
}

TEST_F(SimulatorTest, EscapeSequenceOnThePtyReturnsToCommandMode) {
    options.modem.guard_time = 200ms;
    start();
    auto fd = open_client(options.data_link);
    write_all(fd.get(), "ATD*99#\r");
    read_until(fd.get(), "CONNECT 150000000\r\n");
    std::this_thread::sleep_for(300ms);  // guard time before the escape
    write_all(fd.get(), "+++");
    EXPECT_EQ(read_until(fd.get(), "OK\r\n"), "\r\nOK\r\n");
    EXPECT_EQ(ask(fd.get(), "ATH"), "ATH\r\r\nOK\r\n");
    EXPECT_NE(control("state").find("call=none"), std::string::npos);
}

TEST_F(SimulatorTest, CfunResetMakesThePortsVanishAndReturn) {
    options.reset_time = 100ms;
    start();
    auto fd = open_client(options.at_link);
    EXPECT_EQ(ask(fd.get(), "AT+CFUN=1,1"), "AT+CFUN=1,1\r\r\nOK\r\n");
    pollfd p{fd.get(), POLLIN, 0};
    ASSERT_EQ(::poll(&p, 1, 10000), 1);
    EXPECT_NE(p.revents & (POLLHUP | POLLERR), 0);
    ASSERT_TRUE(eventually([&] { return control("state").find("present=1") != std::string::npos; }));
    auto fresh = open_client(options.at_link);
    ASSERT_TRUE(fresh.valid());
    EXPECT_EQ(read_until(fresh.get(), "PB DONE\r\n"), "\r\nRDY\r\n\r\n+CPIN: READY\r\n\r\nSMS DONE\r\n\r\nPB DONE\r\n");
}

TEST_F(SimulatorTest, VanishAfterAndReturnAfterRunByThemselves) {
    options.vanish_after = 50ms;
    options.return_after = 50ms;
    start();
    ASSERT_TRUE(eventually([&] {
        return control("state").find("present=1") != std::string::npos &&
               announce.str().find("RETURNED") != std::string::npos;
    }));
    EXPECT_TRUE(fs::is_symlink(options.at_link));
}

TEST_F(SimulatorTest, StateFileKeepsThePdpContextAcrossRuns) {
    options.state_file = dir + "/state";
    start();
    {
        auto fd = open_client(options.at_link);
        ask(fd.get(), "AT+CGDCONT=1,\"IP\",\"kept.apn\"");
    }
    std::ifstream in(options.state_file);
    std::string first;
    std::getline(in, first);
    EXPECT_EQ(first, "AT+CGDCONT=1,\"IP\",\"kept.apn\"");

    asio::io_context other_io;
    std::ostringstream ignored;
    SimulatorOptions again = options;
    again.at_link = dir + "/at2";
    again.data_link = dir + "/data2";
    Simulator second(other_io, again, ignored);
    EXPECT_NE(second.control("state").find("apn=\"kept.apn\""), std::string::npos);
}

TEST_F(SimulatorTest, ControlSocketAnswersOneLinePerCommand) {
    options.control = dir + "/control";
    start();
    asio::io_context client_io;
    asio::local::stream_protocol::socket socket(client_io);
    socket.connect(asio::local::stream_protocol::endpoint(options.control));
    auto request = [&](const std::string& line) {
        asio::write(socket, asio::buffer(line + "\n"));
        std::string reply;
        asio::read_until(socket, asio::dynamic_buffer(reply), '\n');
        return reply;
    };
    EXPECT_EQ(request("reg 3"), "ok\n");
    EXPECT_NE(request("state").find("reg=3"), std::string::npos);
    EXPECT_TRUE(request("bogus").starts_with("error: unknown command 'bogus'"));
}

// The product binary: READY line on stdout, clean exit on SIGTERM with the symlinks gone.
TEST(ModemSimBinary, PrintsReadyAndCleansUpOnSigterm) {
    std::string pattern = (fs::temp_directory_path() / "lte-sim-bin-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    const std::string at = pattern + "/at";
    const std::string data = pattern + "/data";
    std::array<int, 2> out{};
    ASSERT_EQ(::pipe(out.data()), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::dup2(out[1], STDOUT_FILENO);
        ::execl(LTE_SIM_BINARY, LTE_SIM_BINARY, "--at-link", at.c_str(), "--data-link", data.c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(out[1]);
    ScopedFd stdout_of_sim(out[0]);
    const std::string ready = read_until(stdout_of_sim.get(), "\n");
    EXPECT_TRUE(ready.starts_with("READY at=/dev/pts/")) << ready;
    EXPECT_TRUE(fs::is_symlink(at));
    {
        auto fd = open_client(at);
        write_all(fd.get(), "AT\r");
        EXPECT_EQ(read_until(fd.get(), "OK\r\n"), "AT\r\r\nOK\r\n");
    }
    ::kill(pid, SIGTERM);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    EXPECT_FALSE(fs::exists(fs::symlink_status(at)));
    EXPECT_FALSE(fs::exists(fs::symlink_status(data)));
    fs::remove_all(pattern);
}

}  // namespace
}  // namespace lte::sim
