// lte-bench: lte-dialer against the connect scripts users write today (pppd's chat, wvdial), all
// dialling the same lte-modem-sim settings in one run; prints the figures and PASS/MISS per target.
// A program, not a test: absolute times on a shared machine are noise, so every peer is measured
// in the same run, interleaved round by round, and compared by ratio.
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "floor_client.hpp"
#include "report.hpp"

namespace {

using namespace bench;

std::string default_work_dir() {
    const char* tmp = std::getenv("TMPDIR");
    return fmt::format("{}/lte-bench.{}", tmp ? tmp : "/tmp", ::getpid());
}

// Runs one trial, again after a crash of the client (wvdial's WvTask assertion is a known wvdial
// bug); the crashes are counted, not hidden.
TrialResult run_with_retries(TrialSetup setup, int retries, Runs& runs) {
    const std::string base = setup.dir;
    for (int attempt = 0;; ++attempt) {
        setup.dir = attempt == 0 ? base : fmt::format("{}-retry{}", base, attempt);
        auto r = run_trial(setup);
        if (!r.crashed || attempt >= retries) return r;
        ++runs.crashes[setup.client];
        runs.crash_notes.push_back(r.failure);
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "lte-bench: time to CONNECT, per-command overhead, registration-to-dial delay, memory and\n"
        "wake-ups of lte-dialer, compared in one run with pppd's chat and wvdial against lte-modem-sim."};
    Config c;
    const std::string bin_dir = LTE_BENCH_BIN_DIR;
    const std::string peers_dir = LTE_BENCH_PEERS_DIR;
    c.tools = {bin_dir + "/lte-dialer", bin_dir + "/lte-modem-sim", peers_dir + "/chat-connect.sh",
               peers_dir + "/wvdial.conf.in", "/usr/bin/wvdial"};
    c.fake_pppd = LTE_BENCH_FAKE_PPPD;
    std::string work_dir = default_work_dir();
    bool keep = false;
    std::vector<std::string> clients = {"lte-dialer", "chat", "wvdial"};

    app.add_option("-n,--rounds", c.rounds, "Trials per client and scenario (median, min, max over them)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--latency", c.sim.latency_ms, "Simulated modem's reply latency per command (ms)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_option("--attach-time", c.sim.attach_s, "Simulated network attach time for the time-to-CONNECT runs (s)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--apn", c.sim.apn, "APN (preset in the simulated modem)")->capture_default_str();
    app.add_option("--poll", c.poll_s, "chat script's pause between registration polls (s)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--idle-window", c.idle.window_s, "Seconds over which wake-ups are counted while waiting")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--online-window", c.online_window_s, "Seconds over which wake-ups are counted while online")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--retries", c.retries, "Reruns of a trial whose client crashed")->capture_default_str();
    app.add_option("--clients", clients, "Clients to measure")
        ->check(CLI::IsMember({"lte-dialer", "chat", "wvdial"}))
        ->capture_default_str();
    app.add_option("--dialer", c.tools.dialer, "lte-dialer binary")->capture_default_str();
    app.add_option("--sim", c.tools.sim, "lte-modem-sim binary")->capture_default_str();
    app.add_option("--chat-script", c.tools.chat_script, "chat connect script")->capture_default_str();
    app.add_option("--wvdial-conf", c.tools.wvdial_template, "wvdial.conf template")->capture_default_str();
    app.add_option("--wvdial", c.tools.wvdial, "wvdial binary")->capture_default_str();
    app.add_option("--work-dir", work_dir, "Directory for transcripts and logs")->capture_default_str();
    app.add_flag("--keep", keep, "Keep the work directory (transcripts, logs) afterwards");
    std::vector<std::string> floor_ports;
    app.add_option("--floor-client", floor_ports, "internal: run the floor client on AT_PORT DATA_PORT")
        ->expected(2)
        ->group("");
    CLI11_PARSE(app, argc, argv);
    if (!floor_ports.empty()) return run_floor_client(floor_ports[0], floor_ports[1]);

    const std::map<std::string, Client> by_name = {
        {"lte-dialer", Client::dialer}, {"chat", Client::chat}, {"wvdial", Client::wvdial}};
    for (const auto& n : clients) c.clients.push_back(by_name.at(n));
    std::erase_if(c.clients, [&](Client client) {
        const std::string need = client == Client::dialer ? c.tools.dialer
                                 : client == Client::chat ? std::string("/usr/sbin/chat")
                                                          : c.tools.wvdial;
        if (::access(need.c_str(), X_OK) == 0) return false;
        std::cerr << fmt::format("lte-bench: {} not found at {}: skipped\n", name(client), need);
        return true;
    });
    if (std::find(c.clients.begin(), c.clients.end(), Client::dialer) == c.clients.end()) {
        std::cerr << "lte-bench: lte-dialer must be measured: the ratios are against it\n";
        return 2;
    }

    try {
        c.work_dir = work_dir;
        Runs runs;
        for (int round = 0; round < c.rounds; ++round) {
            for (Client client : c.clients) {
                TrialSetup setup{client,
                                 c.sim,
                                 c.poll_s,
                                 c.tools,
                                 fmt::format("{}/connect-{}-{}", work_dir, name(client), round),
                                 std::nullopt};
                runs.connect[client].push_back(run_with_retries(setup, c.retries, runs));
                SimSettings registered = c.sim;
                registered.attach_s = 0;
                setup.sim = registered;
                setup.dir = fmt::format("{}/turnaround-{}-{}", work_dir, name(client), round);
                runs.turnaround[client].push_back(run_with_retries(setup, c.retries, runs));
            }
            TrialSetup floor{
                Client::floor, c.sim, c.poll_s, c.tools, fmt::format("{}/turnaround-floor-{}", work_dir, round),
                std::nullopt};
            floor.sim.attach_s = 0;
            runs.floor.push_back(run_trial(floor));
            std::cerr << fmt::format("lte-bench: round {}/{} done\n", round + 1, c.rounds);
        }
        for (Client client : c.clients) {
            if (client == Client::chat) continue;  // a new process per poll: no one process to watch
            SimSettings waiting = c.sim;
            waiting.attach_s = c.idle.start_s + c.idle.window_s + 0.5;
            TrialSetup setup{client, waiting, c.poll_s, c.tools, fmt::format("{}/idle-{}", work_dir, name(client)),
                             c.idle};
            runs.idle[client] = run_with_retries(setup, c.retries, runs);
        }
        // Both at once: each daemon has its own simulator, and the window is long.
        std::vector<std::thread> online;
        for (const char* interval : {"60s", "0s"}) {
            runs.online[interval];
            online.emplace_back([&c, &runs, &work_dir, interval] {
                runs.online.at(interval) =
                    run_online_idle({c.tools, c.fake_pppd, interval, fmt::format("{}/online-{}", work_dir, interval),
                                     c.online_window_s});
            });
        }
        for (auto& t : online) t.join();
        print_report(std::cout, c, runs);
    } catch (const std::exception& e) {
        std::cerr << "lte-bench: " << e.what() << " (work directory kept: " << work_dir << ")\n";
        return 1;
    }
    if (!keep) std::filesystem::remove_all(work_dir);
    return 0;
}
