#include "online_idle.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "child.hpp"
#include "proc_stats.hpp"

namespace bench {

namespace {

// The daemon's status over its control socket, or "" while it does not answer.
std::string daemon_status(const std::string& socket_path) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return {};
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, socket_path.c_str(), sizeof addr.sun_path - 1);
    std::string reply;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 && ::write(fd, "status\n", 7) == 7) {
        char buf[4096];
        for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) reply.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return reply;
}

int at_commands_in(const std::string& transcript) {
    std::ifstream in(transcript);
    int n = 0;
    for (std::string line; std::getline(in, line);) n += line.find(" < AT") != std::string::npos ? 1 : 0;
    return n;
}

void write_config(const OnlineIdleSetup& s, const std::string& at, const std::string& data) {
    const std::string path = s.dir + "/config.yaml";
    std::ofstream(s.dir + "/pppd-script") << "up\n";
    std::ofstream(path) << fmt::format(
        "modem:\n  profile: sim7600\n  at_port: {}\n  data_port: {}\napn: soracom.io\n"
        "pppd:\n  path: {}\n  options: [\"ipparam {}/pppd-script\"]\nmonitor:\n  interval: {}\nlog_level: warn\n",
        at, data, s.fake_pppd, s.dir, s.monitor_interval);
    ::chmod(path.c_str(), 0600);
}

}  // namespace

OnlineIdleResult run_online_idle(const OnlineIdleSetup& s) {
    std::filesystem::create_directories(s.dir);
    const std::string at = s.dir + "/at", data = s.dir + "/data", transcript = s.dir + "/transcript.txt";
    const std::string socket = s.dir + "/control.sock";
    Child sim({{s.tools.sim, "--attach-time", "0.5", "--profile", "simcom", "--at-link", at, "--data-link", data,
                "--transcript", transcript},
               s.dir + "/sim.log",
               -1,
               true});
    std::optional<std::string> ready;
    while ((ready = sim.read_line(std::chrono::seconds(5))) && !ready->starts_with("READY")) {
    }
    OnlineIdleResult r;
    if (!ready) {
        r.failure = fmt::format("{} did not print READY (see {}/sim.log)", s.tools.sim, s.dir);
        return r;
    }
    write_config(s, at, data);
    // env(1) execs the daemon: the pid sampled is lte-dialer's own. Its counters stay here.
    Child dialer({{"/usr/bin/env", "STATE_DIRECTORY=" + s.dir, s.tools.dialer, "run", "--config",
                   s.dir + "/config.yaml", "--socket", socket},
                  s.dir + "/dialer.log"});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (daemon_status(socket).find("\"state\":\"online\"") == std::string::npos) {
        if (std::chrono::steady_clock::now() > deadline || dialer.poll_exit()) {
            r.failure = fmt::format("lte-dialer did not come online (see {}/dialer.log)", s.dir);
            return r;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::this_thread::sleep_for(std::chrono::seconds(2));  // the first readings of the session are done
    const int at_before = at_commands_in(transcript);
    const auto first = sample_process(dialer.pid());
    const auto t0 = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(s.window_s));
    const auto last = sample_process(dialer.pid());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.at_commands = at_commands_in(transcript) - at_before;
    if (first && last) {
        r.wakeups_per_s = static_cast<double>(last->context_switches - first->context_switches) / seconds;
        r.cpu_ms_per_s = (last->cpu_ms - first->cpu_ms) / seconds;
    } else {
        r.failure = "lte-dialer exited while online";
    }
    dialer.stop(std::chrono::milliseconds(5000));
    sim.stop();
    return r;
}

}  // namespace bench
