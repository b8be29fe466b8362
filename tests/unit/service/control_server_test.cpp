#include "lte/service/control_server.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "lte/common/scoped_fd.hpp"
#include "lte/common/secrets.hpp"
#include "lte/service/control_client.hpp"

#include "fd_count.hpp"
#include "peer_request.hpp"

namespace lte::service {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

ScopedFd raw_connect(const fs::path& path) {
    ScopedFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
    timeval tv{5, 0};
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return {};
    return fd;
}

std::string read_all(int fd) {
    std::string out;
    char buf[512];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
    return out;
}

AtOptions at_options(bool force, bool json, std::optional<std::chrono::milliseconds> timeout = std::nullopt) {
    AtOptions o;
    o.force = force;
    o.json = json;
    o.timeout = timeout;
    return o;
}

class ControlServerTest : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/lte-control-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        options_.path = dir_ / "run" / "test.sock";
        options_.request_timeout = 2s;
        options_.reply_margin = 2s;
        status_.state = connection::State::Online;
        status_.since = std::chrono::system_clock::now();
        status_.local_ip = "10.1.2.3";
        status_.interface = "ppp0";
        status_.dns = {"10.74.210.210"};
        status_.signal_dbm = -71;
        status_.connects = 1;
        status_.at_port = "/dev/ttyUSB2";
    }
    void TearDown() override {
        stop();
        fs::remove_all(dir_);
    }

    void start() {
        server_ = std::make_unique<ControlServer>(
            io_, options_, [this] { return status_; },
            [this](std::string command, std::chrono::milliseconds timeout, std::function<void(at::Reply)> done) {
                commands_.push_back(command);
                timeouts_.push_back(timeout);
                if (at_replies_) done(reply_);
            },
            [this](ControlRequest::Kind kind) {
                if (kind == ControlRequest::Kind::ResetCounters) {
                    ++resets_;
                    return std::string("counting from now");
                }
                const bool up = kind == ControlRequest::Kind::Up;
                switches_.push_back(up);
                return std::string(up ? "dialling again" : "hanging up");
            });
        work_.emplace(io_.get_executor());
        thread_ = std::thread([this] { io_.run(); });
    }
    void stop() {
        if (!thread_.joinable()) return;
        work_.reset();
        asio::post(io_, [this] { server_.reset(); });
        thread_.join();
    }

    // Our descriptors once the server has closed its side of every connection, which it does
    // asynchronously after the client saw the reply.
    std::size_t fd_count_when_idle() {
        for (int i = 0; i < 250; ++i) {
            std::promise<std::size_t> active;
            asio::post(io_, [&] { active.set_value(server_->active_clients()); });
            if (active.get_future().get() == 0) break;
            std::this_thread::sleep_for(20ms);
        }
        return test::open_fd_count();
    }

    fs::path dir_;
    ControlServerOptions options_;
    connection::Status status_;
    at::Reply reply_{at::Final::Ok, "OK", {"+CSQ: 20,99"}};
    bool at_replies_ = true;
    std::vector<std::string> commands_;  // touched on the io thread only until stop()
    std::vector<std::chrono::milliseconds> timeouts_;
    asio::io_context io_;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
    std::unique_ptr<ControlServer> server_;
    std::vector<bool> switches_;  // what `down` (false) and `up` (true) asked, in order
    int resets_ = 0;              // `reset-counters` requests that reached the daemon
    std::thread thread_;
};

TEST_F(ControlServerTest, StatusJsonParsesBack) {
    start();
    std::ostringstream out, err;
    ASSERT_EQ(run_status_command(options_.path, true, out, err), 0) << err.str();
    const YAML::Node j = YAML::Load(out.str());
    EXPECT_EQ(j["state"].as<std::string>(), "online");
    EXPECT_EQ(j["ip"].as<std::string>(), "10.1.2.3");
    EXPECT_EQ(j["interface"].as<std::string>(), "ppp0");
    EXPECT_EQ(j["signal_dbm"].as<int>(), -71);
    EXPECT_EQ(j["dns"][0].as<std::string>(), "10.74.210.210");
    EXPECT_EQ(j["at_port"].as<std::string>(), "/dev/ttyUSB2");
    EXPECT_FALSE(j["since"].IsNull());
}

TEST_F(ControlServerTest, StatusTableShowsTheLink) {
    start();
    std::ostringstream out, err;
    ASSERT_EQ(run_status_command(options_.path, false, out, err), 0) << err.str();
    EXPECT_NE(out.str().find("online"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("10.1.2.3 on ppp0"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("-71 dBm"), std::string::npos) << out.str();
}

TEST_F(ControlServerTest, SocketAndDirectoryAreRestricted) {
    start();
    struct stat st {};
    ASSERT_EQ(::stat(options_.path.c_str(), &st), 0);
    EXPECT_TRUE(S_ISSOCK(st.st_mode));
    EXPECT_EQ(st.st_mode & 07777, 0660u);
    ASSERT_EQ(::stat(options_.path.parent_path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0750u);
}

TEST_F(ControlServerTest, AtCommandIsRoutedToTheHandler) {
    start();
    std::ostringstream out, err;
    EXPECT_EQ(run_at_command(options_.path, "AT+CSQ", {}, out, err), 0) << err.str();
    EXPECT_EQ(out.str(), "+CSQ: 20,99\nOK\n");
    stop();
    EXPECT_EQ(commands_, std::vector<std::string>{"AT+CSQ"});
}

TEST_F(ControlServerTest, ModemErrorExitsNonZero) {
    reply_ = at::Reply{at::Final::CmeError, "+CME ERROR: 10", {}};
    start();
    std::ostringstream out, err;
    EXPECT_EQ(run_at_command(options_.path, "AT+CPIN?", {}, out, err), 1);
    EXPECT_EQ(out.str(), "+CME ERROR: 10 (SIM not inserted)\n");  // in 27.007's words
    // The JSON keeps the final as the modem sent it, for programs, beside the words.
    const std::string json = control_request(options_.path, "at AT+CPIN?", 5s);
    EXPECT_NE(json.find(R"("final":"+CME ERROR: 10")"), std::string::npos) << json;
    EXPECT_NE(json.find(R"x("describe":"+CME ERROR: 10 (SIM not inserted)")x"), std::string::npos) << json;
}

TEST_F(ControlServerTest, ReplyLinesAreMasked) {
    SecretRegistry::instance().add("apn-pw-123");
    reply_ = at::Reply{at::Final::Ok, "OK", {"+CGAUTH: 1,1,\"user\",\"apn-pw-123\""}};
    start();
    const std::string json = control_request(options_.path, "at AT+CGAUTH?", 5s);
    SecretRegistry::instance().clear();
    EXPECT_EQ(json.find("apn-pw-123"), std::string::npos) << json;
    EXPECT_NE(json.find("***"), std::string::npos) << json;
}

TEST_F(ControlServerTest, SessionBreakingCommandIsRefusedUnlessForced) {
    start();
    std::ostringstream out, err;
    EXPECT_EQ(run_at_command(options_.path, "AT+CFUN=0", {}, out, err), 1);
    EXPECT_NE(err.str().find("refused"), std::string::npos) << err.str();
    EXPECT_NE(err.str().find("--force"), std::string::npos) << err.str();
    EXPECT_EQ(run_at_command(options_.path, "AT+CSQ;H", {}, out, err), 1);

    std::ostringstream forced_out, forced_err;
    EXPECT_EQ(run_at_command(options_.path, "AT+CFUN=0", at_options(true, false), forced_out, forced_err), 0)
        << forced_err.str();
    stop();
    EXPECT_EQ(commands_, std::vector<std::string>{"AT+CFUN=0"}) << "only the forced one reaches the modem";
}

TEST_F(ControlServerTest, UnknownRequestIsAnError) {
    start();
    const YAML::Node j = YAML::Load(control_request(options_.path, "reboot", 5s));
    EXPECT_FALSE(j["ok"].as<bool>());
    EXPECT_NE(j["error"].as<std::string>().find("unknown request"), std::string::npos);
}

TEST_F(ControlServerTest, OversizedRequestIsRefused) {
    start();
    const YAML::Node j = YAML::Load(control_request(options_.path, "at AT+" + std::string(5000, 'X'), 5s));
    EXPECT_FALSE(j["ok"].as<bool>());
    EXPECT_NE(j["error"].as<std::string>().find("too large"), std::string::npos);
    stop();
    EXPECT_TRUE(commands_.empty());
}

TEST_F(ControlServerTest, SilentClientIsDisconnected) {
    options_.request_timeout = 200ms;
    start();
    ScopedFd fd = raw_connect(options_.path);
    ASSERT_TRUE(fd.valid());
    EXPECT_EQ(read_all(fd.get()), "") << "closed without a reply, not left hanging";
}

TEST_F(ControlServerTest, HandlerThatNeverAnswersTimesOut) {
    at_replies_ = false;
    options_.reply_margin = 100ms;
    start();
    const YAML::Node j = YAML::Load(control_request(options_.path, "at timeout=200 AT+COPS=?", 5s));
    EXPECT_FALSE(j["ok"].as<bool>());
    EXPECT_EQ(j["error"].as<std::string>(), "no reply to AT+COPS=? within 200 ms; wait longer with --timeout");
}

TEST_F(ControlServerTest, ChannelTimeoutSaysNoReplyAndWhichCommand) {
    reply_ = at::Reply{at::Final::Timeout, "within 30000 ms to AT+CSQ", {}};
    start();
    std::ostringstream out, err;
    EXPECT_EQ(run_at_command(options_.path, "AT+CSQ", {}, out, err), 1);
    EXPECT_EQ(out.str(), "no reply to AT+CSQ within 30 s; wait longer with --timeout\n");
}

TEST_F(ControlServerTest, SlowCommandsGetLongerDefaultsAndTimeoutOverrides) {
    start();
    std::ostringstream out, err;
    EXPECT_EQ(run_at_command(options_.path, "AT+CSQ", {}, out, err), 0) << err.str();
    EXPECT_EQ(run_at_command(options_.path, "AT+COPS=?", {}, out, err), 0) << err.str();
    EXPECT_EQ(run_at_command(options_.path, "AT+CSQ", at_options(false, false, 2500ms), out, err), 0) << err.str();
    stop();
    EXPECT_EQ(timeouts_, (std::vector<std::chrono::milliseconds>{30s, 180s, 2500ms}));
}

TEST_F(ControlServerTest, ControlBytesAreRefusedAndNothingIsSent) {
    start();
    for (const std::string& bad :
         std::vector<std::string>{"at AT+CSQ\rATH", "at AT+CSQ\r", std::string("at AT+CSQ\0ATH", 14), "at AT\x1b"}) {
        const YAML::Node j = YAML::Load(control_request(options_.path, bad, 5s));
        EXPECT_FALSE(j["ok"].as<bool>()) << bad;
        EXPECT_NE(j["error"].as<std::string>().find("exactly one command line"), std::string::npos) << bad;
    }
    // Forced, too: a control byte is never a command.
    const YAML::Node forced = YAML::Load(control_request(options_.path, "at! AT+CSQ\rATH", 5s));
    EXPECT_NE(forced["error"].as<std::string>().find("carriage return"), std::string::npos);
    // A second line after the first is not dropped unseen: the whole request is refused.
    const YAML::Node two = YAML::Load(control_request(options_.path, "at AT+CSQ\nATH", 5s));
    EXPECT_NE(two["error"].as<std::string>().find("more than one line"), std::string::npos);
    std::ostringstream out, err;
    EXPECT_EQ(run_at_command(options_.path, "AT+CSQ\nATH", {}, out, err), 2);
    EXPECT_NE(err.str().find("line feed (LF) at byte 7"), std::string::npos) << err.str();
    stop();
    EXPECT_TRUE(commands_.empty()) << testing::PrintToString(commands_);
}

TEST_F(ControlServerTest, JsonReplyCarriesLinesFinalAndErrorMeaning) {
    start();
    std::ostringstream out, err;
    EXPECT_EQ(run_at_command(options_.path, "AT+CSQ", at_options(false, true), out, err), 0) << err.str();
    EXPECT_EQ(out.str(), R"({"ok":true,"command":"AT+CSQ","lines":["+CSQ: 20,99"],"final":"OK","error":null})"
                         "\n");
    reply_ = at::Reply{at::Final::CmeError, "+CME ERROR: 10", {}};
    std::ostringstream bad;
    EXPECT_EQ(run_at_command(options_.path, "AT+CPIN?", at_options(false, true), bad, err), 1);
    const YAML::Node j = YAML::Load(bad.str());
    EXPECT_EQ(j["final"].as<std::string>(), "+CME ERROR: 10");
    EXPECT_EQ(j["error"].as<std::string>(), "+CME ERROR: 10 (SIM not inserted)");
    std::ostringstream refused;
    EXPECT_EQ(run_at_command(options_.path, "ATH", at_options(false, true), refused, err), 1);
    const YAML::Node r = YAML::Load(refused.str());
    EXPECT_FALSE(r["ok"].as<bool>());
    EXPECT_NE(r["error"].as<std::string>().find("refused: ATH hangs up"), std::string::npos) << refused.str();
}

TEST_F(ControlServerTest, ClientsBeyondTheLimitAreTurnedAway) {
    options_.max_clients = 1;
    start();
    ScopedFd holder = raw_connect(options_.path);  // takes the only slot and says nothing
    ASSERT_TRUE(holder.valid());
    std::this_thread::sleep_for(100ms);
    const YAML::Node busy = YAML::Load(control_request(options_.path, "status", 5s));
    EXPECT_NE(busy["error"].as<std::string>().find("too many clients"), std::string::npos);
    holder.reset();
    std::string reply;
    for (int i = 0; i < 50 && reply.find("\"state\"") == std::string::npos; ++i) {
        std::this_thread::sleep_for(20ms);
        reply = control_request(options_.path, "status", 5s);
    }
    EXPECT_NE(reply.find("\"state\":\"online\""), std::string::npos) << reply;
}

// Beyond the clients and as many being told "too many clients", a connection is closed at once:
// a flood cannot take the daemon's descriptors.
TEST_F(ControlServerTest, AFloodOfClientsIsClosedUnansweredBeyondTwiceTheLimit) {
    options_.max_clients = 1;
    options_.request_timeout = 5s;
    start();
    ScopedFd holder = raw_connect(options_.path);  // takes the only slot and says nothing
    ASSERT_TRUE(holder.valid());
    std::this_thread::sleep_for(100ms);
    ScopedFd told = raw_connect(options_.path);  // told "too many clients", and kept open
    ASSERT_TRUE(told.valid());
    std::this_thread::sleep_for(100ms);
    std::vector<ScopedFd> flood;
    for (int i = 0; i < 20; ++i) flood.push_back(raw_connect(options_.path));
    const auto started = std::chrono::steady_clock::now();
    for (auto& fd : flood) {
        ASSERT_TRUE(fd.valid());
        EXPECT_EQ(read_all(fd.get()), "") << "a client beyond twice the limit got an answer";
    }
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s) << "the flood was held open, not closed at once";
    char buf[256];
    const ssize_t n = ::read(told.get(), buf, sizeof buf);
    ASSERT_GT(n, 0);
    EXPECT_NE(std::string(buf, static_cast<std::size_t>(n)).find("too many clients"), std::string::npos);
}

TEST_F(ControlServerTest, NoDescriptorLeaksAfterManyConnections) {
    start();
    (void)control_request(options_.path, "status", 5s);  // let lazily opened descriptors settle
    const std::size_t before = fd_count_when_idle();
    for (int i = 0; i < 100; ++i) {
        switch (i % 4) {
            case 0: (void)control_request(options_.path, "status", 5s); break;
            case 1: (void)control_request(options_.path, "at AT+CSQ", 5s); break;
            case 2: (void)control_request(options_.path, std::string(5000, 'x'), 5s); break;
            case 3: raw_connect(options_.path); break;  // connects and hangs up at once
        }
    }
    // Answered only after every earlier connection was accepted: none is still in the backlog.
    (void)control_request(options_.path, "status", 5s);
    EXPECT_EQ(fd_count_when_idle(), before);
}

TEST_F(ControlServerTest, NoDaemonGivesAnActionableError) {
    std::ostringstream out, err;
    EXPECT_EQ(run_status_command(options_.path, false, out, err), 1);
    EXPECT_EQ(err.str(),
              "lte-dialer: no lte-dialer daemon at " + options_.path.string() + ": is the service running?\n");
    EXPECT_EQ(run_at_command(options_.path, "AT", {}, out, err), 1);
}

TEST_F(ControlServerTest, LiveSocketIsNotStolenAndIsRemovedOnShutdown) {
    start();
    asio::io_context other;
    EXPECT_THROW(ControlServer(
                     other, options_, [] { return connection::Status{}; }, nullptr),
                 std::runtime_error);
    stop();
    EXPECT_FALSE(fs::exists(options_.path));
}

TEST_F(ControlServerTest, StaleSocketIsReplaced) {
    // A socket file nobody listens on, as a crashed daemon leaves behind.
    fs::create_directories(options_.path.parent_path());
    {
        ScopedFd fd(::socket(AF_UNIX, SOCK_STREAM, 0));
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strncpy(addr.sun_path, options_.path.c_str(), sizeof addr.sun_path - 1);
        ASSERT_EQ(::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    }
    ASSERT_TRUE(fs::is_socket(options_.path));
    start();
    std::ostringstream out, err;
    EXPECT_EQ(run_status_command(options_.path, true, out, err), 0) << err.str();
}

TEST_F(ControlServerTest, RegularFileInTheWayIsNotDeleted) {
    fs::create_directories(options_.path.parent_path());
    { std::ofstream(options_.path) << "precious"; }
    EXPECT_THROW(ControlServer(
                     io_, options_, [] { return connection::Status{}; }, nullptr),
                 std::runtime_error);
    EXPECT_TRUE(fs::is_regular_file(options_.path));
}

TEST_F(ControlServerTest, PeerWithAnotherUidIsRefused) {
    if (::getuid() != 0) GTEST_SKIP() << "needs root to switch to uid 65534";
    // Open the file modes so only the SO_PEERCRED check stands between nobody and the daemon.
    start();
    ::chmod(dir_.c_str(), 0755);
    ::chmod(options_.path.parent_path().c_str(), 0755);
    ::chmod(options_.path.c_str(), 0666);

    const std::string reply = test::request_as_nobody(options_.path, "status");
    const YAML::Node j = YAML::Load(reply);
    ASSERT_TRUE(j.IsMap()) << reply;
    EXPECT_FALSE(j["ok"].as<bool>());
    EXPECT_NE(j["error"].as<std::string>().find("permission denied: uid 65534"), std::string::npos) << reply;
    EXPECT_FALSE(j["state"]) << "no status leaked";
}

TEST_F(ControlServerTest, MemberOfTheAllowedGroupIsServed) {
    if (::getuid() != 0) GTEST_SKIP() << "needs root to switch to uid 65534";
    const gid_t group = 4242;  // a gid no file here belongs to: only our chgrp can let it in
    options_.allowed_group = group;
    ::chmod(dir_.c_str(), 0755);  // the test's own temporary directory; the server's stays 0750
    start();
    struct stat st {};
    ASSERT_EQ(::stat(options_.path.c_str(), &st), 0);
    EXPECT_EQ(st.st_gid, group);
    EXPECT_EQ(st.st_mode & 07777, 0660u);
    ASSERT_EQ(::stat(options_.path.parent_path().c_str(), &st), 0);
    EXPECT_EQ(st.st_gid, group);
    EXPECT_EQ(st.st_mode & 07777, 0750u);

    std::string reply = test::request_as_nobody(options_.path, "status", {group});
    YAML::Node j = YAML::Load(reply);
    ASSERT_TRUE(j.IsMap()) << reply;
    EXPECT_EQ(j["state"].as<std::string>(), "online") << reply;
    EXPECT_EQ(j["ip"].as<std::string>(), "10.1.2.3") << reply;

    // Not a member: the file modes stop it before SO_PEERCRED is asked.
    EXPECT_EQ(test::request_as_nobody(options_.path, "status"), "child failed at step 3");
}

TEST_F(ControlServerTest, ForceIsRootOnlyUnlessForceGroup) {
    if (::getuid() != 0) GTEST_SKIP() << "needs root to switch to uid 65534";
    const gid_t group = 4242;
    options_.allowed_group = group;
    ::chmod(dir_.c_str(), 0755);
    start();
    // A member of control.group may ask, and send what is harmless, but not force.
    YAML::Node j = YAML::Load(test::request_as_nobody(options_.path, "at AT+CSQ", {group}));
    EXPECT_TRUE(j["ok"].as<bool>());
    j = YAML::Load(test::request_as_nobody(options_.path, "at! AT+CFUN=0", {group}));
    EXPECT_NE(j["error"].as<std::string>().find("permission denied: --force needs root or a member of "
                                                "control.force_group (uid 65534 is neither)"),
              std::string::npos);
    stop();
    EXPECT_EQ(commands_, std::vector<std::string>{"AT+CSQ"});
}

TEST_F(ControlServerTest, MemberOfTheForceGroupMayForce) {
    if (::getuid() != 0) GTEST_SKIP() << "needs root to switch to uid 65534";
    const gid_t group = 4242, force_group = 4343;
    options_.allowed_group = group;
    options_.force_group = force_group;
    ::chmod(dir_.c_str(), 0755);
    start();
    const YAML::Node j = YAML::Load(test::request_as_nobody(options_.path, "at! AT+CFUN=0", {group, force_group}));
    EXPECT_TRUE(j["ok"].as<bool>());
    stop();
    EXPECT_EQ(commands_, std::vector<std::string>{"AT+CFUN=0"});
}

TEST(PeerMayForce, RootOrTheForceGroupOnly) {
    EXPECT_TRUE(peer_may_force(0, 0, {}, std::nullopt));
    EXPECT_FALSE(peer_may_force(1000, 1000, {27}, std::nullopt)) << "not even the daemon's own non-root uid";
    EXPECT_TRUE(peer_may_force(1000, 1000, {20, 28}, gid_t{28}));
    EXPECT_TRUE(peer_may_force(1000, 28, {}, gid_t{28}));
    EXPECT_FALSE(peer_may_force(1000, 1000, {27}, gid_t{28}));
}

TEST(PeerAllowed, RootOwnUidAndTheConfiguredGroup) {
    EXPECT_TRUE(peer_allowed(0, 0, {}, 1000, std::nullopt));
    EXPECT_TRUE(peer_allowed(1000, 1000, {}, 1000, std::nullopt));
    EXPECT_FALSE(peer_allowed(65534, 65534, {}, 0, std::nullopt));
    EXPECT_FALSE(peer_allowed(1001, 1001, {27}, 0, std::nullopt)) << "no group configured: root only";
    EXPECT_TRUE(peer_allowed(1001, 1001, {20, 27}, 0, gid_t{27})) << "supplementary group";
    EXPECT_TRUE(peer_allowed(1001, 27, {}, 0, gid_t{27})) << "primary group";
    EXPECT_FALSE(peer_allowed(1001, 1001, {20}, 0, gid_t{27}));
}

TEST_F(ControlServerTest, DownAndUpReachTheConnectionForRoot) {
    start();
    YAML::Node j = YAML::Load(control_request(options_.path, "down", 5s));
    EXPECT_TRUE(j["ok"].as<bool>());
    EXPECT_EQ(j["message"].as<std::string>(), "hanging up");
    j = YAML::Load(control_request(options_.path, "up", 5s));
    EXPECT_EQ(j["message"].as<std::string>(), "dialling again");
    stop();
    EXPECT_EQ(switches_, (std::vector<bool>{false, true}));
}

TEST_F(ControlServerTest, DownIsRefusedToAMemberOfTheControlGroupOnly) {
    if (::getuid() != 0) GTEST_SKIP() << "needs root to switch to uid 65534";
    const gid_t group = 4242;
    options_.allowed_group = group;
    ::chmod(dir_.c_str(), 0755);
    start();
    const YAML::Node j = YAML::Load(test::request_as_nobody(options_.path, "down", {group}));
    EXPECT_FALSE(j["ok"].as<bool>());
    EXPECT_NE(j["error"].as<std::string>().find("`lte-dialer down` needs root or a member of control.force_group"),
              std::string::npos)
        << j["error"].as<std::string>();
    stop();
    EXPECT_TRUE(switches_.empty());
}

TEST_F(ControlServerTest, ResetCountersReachesTheDaemonForRoot) {
    start();
    const YAML::Node j = YAML::Load(control_request(options_.path, "reset-counters", 5s));
    EXPECT_TRUE(j["ok"].as<bool>());
    EXPECT_EQ(j["message"].as<std::string>(), "counting from now");
    stop();
    EXPECT_EQ(resets_, 1);
}

TEST_F(ControlServerTest, ResetCountersIsRefusedToAMemberOfTheControlGroupOnly) {
    if (::getuid() != 0) GTEST_SKIP() << "needs root to switch to uid 65534";
    const gid_t group = 4242;
    options_.allowed_group = group;
    ::chmod(dir_.c_str(), 0755);
    start();
    const YAML::Node j = YAML::Load(test::request_as_nobody(options_.path, "reset-counters", {group}));
    EXPECT_FALSE(j["ok"].as<bool>());
    EXPECT_THAT(
        j["error"].as<std::string>(),
        testing::HasSubstr("`lte-dialer status --reset-counters` needs root or a member of control.force_group"));
    stop();
    EXPECT_EQ(resets_, 0);
}

}  // namespace
}  // namespace lte::service
