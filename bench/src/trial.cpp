#include "trial.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "child.hpp"

namespace bench {

namespace {

using Ms = std::chrono::duration<double, std::milli>;

double now_ms() { return Ms(std::chrono::steady_clock::now().time_since_epoch()).count(); }

void sleep_until_ms(double t) {
    const double left = t - now_ms();
    if (left > 0) std::this_thread::sleep_for(Ms(left));
}

class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    [[nodiscard]] int get() const noexcept { return fd_; }

private:
    int fd_;
};

// One command on the simulator's control socket; returns its one-line answer.
std::string control(const std::string& socket_path, const std::string& command) {
    Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, socket_path.c_str(), sizeof addr.sun_path - 1);
    if (fd.get() < 0 || ::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        throw std::runtime_error(fmt::format("simulator control socket {}: {}", socket_path, std::strerror(errno)));
    const std::string line = command + "\n";
    if (::write(fd.get(), line.data(), line.size()) != static_cast<ssize_t>(line.size()))
        throw std::runtime_error("cannot write to the simulator control socket " + socket_path);
    std::string reply;
    char c = 0;
    while (::read(fd.get(), &c, 1) == 1 && c != '\n') reply += c;
    return reply;
}

// The data tty as pppd hands it to its connect script: raw, 115200 8N1, modem lines ignored.
int open_raw_tty(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
    termios tio{};
    ::tcgetattr(fd, &tio);
    ::cfmakeraw(&tio);
    ::cfsetspeed(&tio, B115200);
    tio.c_cflag |= CLOCAL | CREAD;
    ::tcsetattr(fd, TCSANOW, &tio);
    return fd;
}

void write_wvdial_conf(const Tools& tools, const std::string& modem, const std::string& apn, const std::string& out) {
    std::ifstream in(tools.wvdial_template);
    if (!in) throw std::runtime_error("cannot read wvdial template " + tools.wvdial_template);
    std::stringstream text;
    text << in.rdbuf();
    std::string conf = text.str();
    for (const auto& [key, value] : {std::pair{std::string("@MODEM@"), modem}, std::pair{std::string("@APN@"), apn}})
        for (auto at = conf.find(key); at != std::string::npos; at = conf.find(key, at))
            conf.replace(at, key.size(), value);
    std::ofstream(out) << conf;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

int count(const std::string& text, std::string_view what) {
    int n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

ChildSpec client_spec(const TrialSetup& s, const std::string& at, const std::string& data, int tty_fd) {
    const std::string log = s.dir + "/client.log";
    switch (s.client) {
        case Client::dialer:
            return {{s.tools.dialer, "connect", "--apn", s.sim.apn, "--at-port", at, "--data-port", data, "--profile",
                     "sim7600", "--dial-only"},
                    log};
        case Client::chat:
            return {{"/bin/sh", s.tools.chat_script, s.sim.apn, fmt::format("{}", s.poll_s)}, log, tty_fd};
        case Client::floor: return {{"/proc/self/exe", "--floor-client", at, data}, log};
        case Client::wvdial: {
            const std::string conf = s.dir + "/wvdial.conf";
            write_wvdial_conf(s.tools, data, s.sim.apn, conf);
            return {{s.tools.wvdial, "--config", conf}, log};
        }
    }
    throw std::logic_error("unknown client");
}

}  // namespace

std::string_view name(Client client) {
    switch (client) {
        case Client::dialer: return "lte-dialer";
        case Client::chat: return "chat";
        case Client::wvdial: return "wvdial";
        case Client::floor: return "floor";
    }
    return "?";
}

TrialResult run_trial(const TrialSetup& s) {
    std::filesystem::create_directories(s.dir);
    const std::string at = s.dir + "/at";
    const std::string data = s.dir + "/data";
    const std::string transcript = s.dir + "/transcript.txt";
    const std::string socket = s.dir + "/control.sock";

    Child sim({{s.tools.sim, "--latency", std::to_string(s.sim.latency_ms), "--attach-time",
                fmt::format("{}", s.sim.attach_s), "--apn", s.sim.apn, "--profile", "simcom", "--at-link", at,
                "--data-link", data, "--transcript", transcript, "--control", socket},
               s.dir + "/sim.log",
               -1,
               true});
    std::optional<std::string> ready;
    while ((ready = sim.read_line(std::chrono::seconds(5))) && !ready->starts_with("READY")) {
    }
    if (!ready) throw std::runtime_error(fmt::format("{} did not print READY (see {}/sim.log)", s.tools.sim, s.dir));
    const double boot_bench = now_ms();  // its attach timer started just after it printed READY

    // Tie the sim's clock to ours: it stamps the control command it receives.
    const double before = now_ms();
    control(socket, "state");
    const double after = now_ms();

    TrialResult r;
    std::optional<Fd> tty;
    if (s.client == Client::chat) tty.emplace(open_raw_tty(data));
    const double spawn_bench = now_ms();
    Child client(client_spec(s, at, data, tty ? tty->get() : -1));
    tty.reset();  // the script holds the port now; when it exits, the port closes

    if (s.idle) {
        sleep_until_ms(spawn_bench + s.idle->start_s * 1000);
        const auto first = sample_process(client.pid());
        const double t0 = now_ms();
        sleep_until_ms(t0 + s.idle->window_s * 1000);
        const auto last = sample_process(client.pid());
        const double t1 = now_ms();
        const auto sim_sample = sample_process(sim.pid());
        if (first && last && sim_sample) r.idle = IdleFigures{*first, *last, *sim_sample, t1 - t0};
    }

    const double deadline = spawn_bench + s.timeout_s * 1000;
    while (now_ms() < deadline) {
        if (slurp(transcript).find("> \\r\\nCONNECT") != std::string::npos) {
            r.connected = true;
            break;
        }
        if (const auto status = client.poll_exit()) {
            r.crashed = WIFSIGNALED(*status);
            r.failure = fmt::format("{} ended without CONNECT: {} (see {}/client.log)", name(s.client),
                                    describe_status(*status), s.dir);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!r.connected && r.failure.empty())
        r.failure = fmt::format("{}: no CONNECT within {} s (see {})", name(s.client), s.timeout_s, s.dir);
    client.stop();
    sim.stop();

    r.transcript = Transcript::load(transcript);
    const auto* mark = r.transcript.remark("control", "state");
    if (!mark) throw std::runtime_error("the simulator's transcript lacks the control mark: " + transcript);
    // Stamps are truncated to the µs: the mark happened in [ms, ms+0.001).
    const double sim_zero = (before + after) / 2 - (mark->ms + 0.0005);
    r.spawn_ms = spawn_bench - sim_zero;
    r.boot_ms = boot_bench - sim_zero;
    r.busy_opens = count(slurp(s.dir + "/client.log"), "Device or resource busy");
    return r;
}

}  // namespace bench
