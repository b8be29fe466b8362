// lte-soak: the daemon (`lte-dialer run`) against lte-modem-sim for N connect -> online -> drop ->
// redial cycles (fake-pppd in pppd's place, the simulator's `drop` ending each call with NO
// CARRIER). Every few cycles it samples the daemon's VmRSS, Private_Dirty (smaps_rollup) and
// descriptor count, prints the series, and a verdict: flat when the last samples stay within a
// small margin of the first one after warm-up. A report, not a test: exit 0 flat, 1 growing,
// 2 when the run itself broke.
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <yaml-cpp/yaml.h>

#include "lte/service/control_client.hpp"

#include "process.hpp"
#include "sim_control.hpp"

namespace {

using namespace std::chrono_literals;
using lte::test::Process;

struct Sample {
    unsigned cycle = 0;
    long rss_kb = 0;
    long private_dirty_kb = 0;
    std::size_t fds = 0;
    std::size_t children = 0;
};

// "Key:   123 kB" from a /proc status-like file.
long proc_kb(const std::string& path, const std::string& key) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key + ":", 0) == 0) return std::stol(line.substr(key.size() + 1));
    return -1;
}

std::size_t count_entries(const std::string& dir) {
    std::size_t n = 0;
    std::error_code ec;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir, ec)) ++n;
    return n;
}

std::size_t count_children(pid_t parent) {
    std::size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator("/proc")) {
        const std::string stat = lte::test::read_file(e.path() / "stat");
        const auto close = stat.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(stat.substr(close + 1));
        char state = 0;
        pid_t ppid = 0;
        rest >> state >> ppid;
        n += ppid == parent ? 1 : 0;
    }
    return n;
}

// The fd count is the least of a few counts: the status request we just made holds one more
// until the daemon gets round to closing it; a leaked descriptor stays in every count.
Sample sample(pid_t pid, unsigned cycle) {
    const std::string proc = "/proc/" + std::to_string(pid);
    std::size_t fds = count_entries(proc + "/fd");
    for (int i = 0; i < 4; ++i) {
        std::this_thread::sleep_for(50ms);
        fds = std::min(fds, count_entries(proc + "/fd"));
    }
    return {cycle, proc_kb(proc + "/status", "VmRSS"), proc_kb(proc + "/smaps_rollup", "Private_Dirty"), fds,
            count_children(pid)};
}

YAML::Node daemon_status(const std::filesystem::path& socket) {
    try {
        return YAML::Load(lte::service::control_request(socket, "status", 5s));
    } catch (const std::exception&) {
        return {};
    }
}

// One line to the simulator's control socket; its one-line answer (it keeps the connection open
// until we close it, so read to the newline, not to the end).
// The simulator's answer to a control line; an "error" answer ends the soak.
std::string checked_sim_control(const std::filesystem::path& socket, const std::string& line) {
    const std::string reply = lte::test::sim_control(socket, line);
    if (reply.find("error") != std::string::npos) throw std::runtime_error(line + ": " + reply);
    return reply;
}

void write_config(const std::filesystem::path& dir, const std::string& at, const std::string& data) {
    std::ofstream(dir / "pppd-script") << "up\n";
    const auto config = dir / "config.yaml";
    {
        std::ofstream out(config);
        // Every drop counts as a failure for the ladder (the link is up for less than its
        // stable_after): redials must cover the whole run, or the soak would measure resets.
        out << "modem:\n  profile: sim7600\n  at_port: " << at << "\n  data_port: " << data
            << "\napn: soracom.io\ntimeouts:\n  ppp_up: 30s\npppd:\n  path: " << LTE_SOURCE_DIR
            << "/tests/fixtures/fake-pppd\n  options: [\"ipparam " << (dir / "pppd-script").string()
            << "\"]\nreconnect:\n  backoff_initial: 50ms\n  backoff_max: 100ms\n  redial_attempts: 1000\n"
            << "log_level: info\n";
    }
    ::chmod(config.c_str(), 0600);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"lte-soak: connect/online/drop/redial cycles of lte-dialer against lte-modem-sim, memory and fds"};
    unsigned cycles = 1000;
    unsigned every = 0;
    unsigned warmup = 0;
    double margin_pct = 5.0;
    long margin_kb = 256;
    std::string dialer = LTE_DIALER_BINARY, sim_binary = LTE_SIM_BINARY;
    app.add_option("cycles", cycles, "connect -> online -> drop cycles")->check(CLI::Range(2u, 1000000u));
    app.add_option("--every", every, "sample every N cycles (default: cycles/20)");
    app.add_option("--warmup", warmup, "cycles before the baseline sample (default: cycles/10)");
    app.add_option("--margin-pct", margin_pct, "allowed growth over the baseline, percent");
    app.add_option("--margin-kb", margin_kb, "allowed growth over the baseline at least, kB");
    app.add_option("--dialer", dialer, "lte-dialer binary");
    app.add_option("--sim", sim_binary, "lte-modem-sim binary");
    CLI11_PARSE(app, argc, argv);
    if (every == 0) every = std::max(1u, cycles / 20);
    if (warmup == 0) warmup = std::max(1u, cycles / 10);

    const auto dir = std::filesystem::temp_directory_path() / ("lte-soak-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string at = (dir / "at").string(), data = (dir / "data").string();
    const auto sim_socket = dir / "sim.sock", daemon_socket = dir / "daemon.sock";

    Process sim(sim_binary,
                {"--at-link", at, "--data-link", data, "--control", sim_socket.string(), "--attach-time", "0.2"},
                dir / "sim.out", dir / "sim.err");
    if (!sim.wait_for_output("READY")) {
        std::cerr << "lte-soak: the simulator did not start: " << sim.err() << "\n";
        return 2;
    }
    write_config(dir, at, data);
    Process daemon(dialer, {"run", "--config", (dir / "config.yaml").string(), "--socket", daemon_socket.string()},
                   dir / "daemon.out", dir / "daemon.err", {"STATE_DIRECTORY=" + dir.string()});

    std::printf("lte-soak: %u cycles of connect -> online -> drop (NO CARRIER) -> redial; daemon pid %d\n", cycles,
                daemon.pid());
    std::printf("%8s %10s %18s %6s %9s\n", "cycle", "VmRSS kB", "Private_Dirty kB", "fds", "children");
    std::vector<Sample> samples;
    const auto started = std::chrono::steady_clock::now();
    for (unsigned cycle = 1; cycle <= cycles; ++cycle) {
        // Online for the cycle-th time: connects counts every time IP came up.
        const auto deadline = std::chrono::steady_clock::now() + 120s;
        YAML::Node s;
        while (true) {
            s = daemon_status(daemon_socket);
            if (s && s["state"] && s["state"].as<std::string>() == "online" && s["connects"].as<unsigned>() >= cycle)
                break;
            if (daemon.wait(20ms)) {
                std::cerr << "lte-soak: the daemon exited in cycle " << cycle << ":\n" << daemon.err() << "\n";
                return 2;
            }
            if (std::chrono::steady_clock::now() > deadline) {
                std::cerr << "lte-soak: not online again in cycle " << cycle << "; status " << YAML::Dump(s) << "\n";
                return 2;
            }
        }
        if (cycle == 1 || cycle % every == 0 || cycle == cycles) {
            samples.push_back(sample(daemon.pid(), cycle));
            const auto& x = samples.back();
            std::printf("%8u %10ld %18ld %6zu %9zu\n", x.cycle, x.rss_kb, x.private_dirty_kb, x.fds, x.children);
            std::fflush(stdout);
        }
        if (cycle == cycles) break;
        try {
            checked_sim_control(sim_socket, "drop");
        } catch (const std::exception& e) {
            std::cerr << "lte-soak: simulator control failed in cycle " << cycle << ": " << e.what() << "\n";
            return 2;
        }
    }
    const double minutes = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() / 60.0;
    const YAML::Node last = daemon_status(daemon_socket);

    daemon.signal(SIGTERM);
    const auto code = daemon.wait(60s);
    sim.signal(SIGTERM);
    sim.wait(10s);

    // Baseline: the first sample at or after warm-up; the verdict looks at the last three samples.
    const auto base = std::find_if(samples.begin(), samples.end(), [&](const Sample& x) { return x.cycle >= warmup; });
    if (base == samples.end() || samples.end() - base < 2) {
        std::cerr << "lte-soak: too few samples after warm-up (raise cycles or lower --every)\n";
        return 2;
    }
    const auto allowed = [&](long baseline) {
        return baseline + std::max(margin_kb, static_cast<long>(static_cast<double>(baseline) * margin_pct / 100.0));
    };
    std::string why;  // what grew, at which cycle; empty when flat
    for (auto it = std::max(base + 1, samples.end() - 3); it != samples.end(); ++it) {
        const std::string at_cycle = "@" + std::to_string(it->cycle);
        if (it->rss_kb > allowed(base->rss_kb)) why += " VmRSS" + at_cycle;
        if (it->private_dirty_kb > allowed(base->private_dirty_kb)) why += " Private_Dirty" + at_cycle;
        if (it->fds != base->fds) why += " fds" + at_cycle;
        if (it->children > 1) why += " children" + at_cycle;
    }
    const bool flat = why.empty();
    const auto& end = samples.back();
    std::printf("\ncycles %u in %.1f min (%.0f cycles/min), reconnects %u, daemon exit on SIGTERM %d\n", cycles,
                minutes, cycles / minutes, last && last["reconnects"] ? last["reconnects"].as<unsigned>() : 0u,
                code.value_or(-1));
    std::printf("baseline (cycle %u): VmRSS %ld kB, Private_Dirty %ld kB, fds %zu\n", base->cycle, base->rss_kb,
                base->private_dirty_kb, base->fds);
    std::printf("end      (cycle %u): VmRSS %ld kB (%+ld), Private_Dirty %ld kB (%+ld), fds %zu (%+ld)\n", end.cycle,
                end.rss_kb, end.rss_kb - base->rss_kb, end.private_dirty_kb,
                end.private_dirty_kb - base->private_dirty_kb, end.fds,
                static_cast<long>(end.fds) - static_cast<long>(base->fds));
    std::printf("verdict: %s (margin max(%ld kB, %.1f%%) over the baseline; fds exact)%s\n", flat ? "FLAT" : "GROWING",
                margin_kb, margin_pct, why.c_str());
    std::filesystem::remove_all(dir);
    return flat && code == 0 ? 0 : 1;
}
