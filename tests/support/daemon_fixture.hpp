#pragma once
// `lte-dialer run` (the daemon) against a SimFixture's simulator, configured through a real config
// file (mode 0600, with APN credentials), with tests/fixtures/fake-pppd in pppd's place unless told
// otherwise. The fake follows the lines of an `ipparam` script, one per pppd run: `up`,
// `up-exit N S`, `exit N`, and leaves `runs`, `pppd.pid`, `argv.N` and `password.N` beside it.
// Besides waiting for states, the fixture proves that nothing leaked: descriptors, children,
// zombies, holders of the simulator's ports, the control socket, the password in any output.
#include <signal.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <optional>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "lte/service/control_client.hpp"

#include "proc_probe.hpp"
#include "sim_fixture.hpp"

namespace lte::test {

using namespace std::chrono_literals;

inline const std::string kPassword = "pw-Zr8-secret";

struct DaemonOptions {
    std::vector<std::string> pppd_script{"up"};  // fake-pppd: one line per run, the last repeats
    std::string pppd_path;                       // empty: tests/fixtures/fake-pppd
    std::string sequence;                        // a sequence path; empty: the profile's
    int redials = 1;
    int radio_cycles = 1;
    std::string backoff_initial = "100ms";
    std::string backoff_max = "400ms";
    std::string command_timeout;    // timeouts.command, when a case needs a short one
    std::string extra_config;       // appended to config.yaml as is
    std::string sim_pin;            // modem.sim_pin, when set
    bool wait_for_sim = false;      // modem.wait_for_sim
    std::vector<std::string> env;   // "NAME=value" added to the daemon's environment
    std::vector<std::string> args;  // added to `lte-dialer run`'s command line
    std::string tag = "daemon";     // several daemons may run against one simulator, one after another
    std::string log_level = "debug";

    DaemonOptions& with_script(std::vector<std::string> script) {
        pppd_script = std::move(script);
        return *this;
    }
    DaemonOptions& with_tag(std::string name) {
        tag = std::move(name);
        return *this;
    }
    DaemonOptions& with_backoff(std::string initial, std::string max) {
        backoff_initial = std::move(initial);
        backoff_max = std::move(max);
        return *this;
    }
    DaemonOptions& with_redials(int n) {
        redials = n;
        return *this;
    }
    DaemonOptions& with_pppd(std::string path) {
        pppd_path = std::move(path);
        return *this;
    }
    DaemonOptions& with_config(std::string yaml) {
        extra_config += yaml;
        return *this;
    }
    DaemonOptions& with_args(std::vector<std::string> more) {
        args.insert(args.end(), more.begin(), more.end());
        return *this;
    }
    DaemonOptions& with_env(std::string assignment) {
        env.push_back(std::move(assignment));
        return *this;
    }
};

class Daemon {
public:
    explicit Daemon(SimFixture& sim, DaemonOptions options = {})
        : sim_(sim), options_(std::move(options)), dir_(sim.dir() / options_.tag), socket_(dir_ / "control.sock") {
        std::filesystem::create_directories(dir_);
        {
            std::ofstream script(dir_ / "pppd-script");
            for (const auto& line : options_.pppd_script) script << line << '\n';
        }
        write_config(dir_ / "config.yaml");
        // Its counters stay beside it unless the test shares them between daemons.
        if (std::none_of(options_.env.begin(), options_.env.end(),
                         [](const std::string& e) { return e.starts_with("STATE_DIRECTORY="); }))
            options_.env.push_back("STATE_DIRECTORY=" + (dir_ / "state").string());
        std::vector<std::string> args{"run", "--config", (dir_ / "config.yaml").string(), "--socket", socket_.string()};
        args.insert(args.end(), options_.args.begin(), options_.args.end());
        process_ = std::make_unique<Process>(LTE_DIALER_BINARY, args, dir_ / "out", dir_ / "err", options_.env);
    }

    Process& process() { return *process_; }
    [[nodiscard]] pid_t pid() const { return process_->pid(); }
    [[nodiscard]] std::string log() const { return process_->err() + process_->out(); }
    [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }
    [[nodiscard]] const std::filesystem::path& socket() const { return socket_; }

    // `lte-dialer ARGS --socket <this daemon's>`: its exit code and everything it printed.
    struct CliResult {
        int code = -1;
        std::string out;
    };
    CliResult cli(const std::vector<std::string>& args) const {
        std::vector<std::string> all = args;
        all.insert(all.end(), {"--socket", socket_.string()});
        Process p(LTE_DIALER_BINARY, all, dir_ / "cli.out", dir_ / "cli.err");
        const auto code = p.wait(60s);
        EXPECT_TRUE(code.has_value()) << args.front() << " did not end";
        return {code.value_or(-1), p.out() + p.err()};
    }

    // The daemon's status, or an empty node while it does not answer.
    [[nodiscard]] YAML::Node status() const {
        try {
            return YAML::Load(service::control_request(socket_, "status", 3s));
        } catch (const std::exception&) {
            return {};
        }
    }
    [[nodiscard]] std::string state() const {
        const auto s = status();
        return s && s["state"] ? s["state"].as<std::string>() : std::string("(no answer)");
    }

    // Waits until pred(status) holds; fails the test (with the log) if the daemon exits or time runs out.
    YAML::Node wait_until(const std::string& what, const std::function<bool(const YAML::Node&)>& pred,
                          std::chrono::seconds timeout = 60s) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            const YAML::Node s = status();
            if (s && s["state"] && pred(s)) return s;
            if (process_->wait(100ms)) break;
        }
        ADD_FAILURE() << "daemon never reached " << what << "; last status " << YAML::Dump(status()) << "\nlog tail:\n"
                      << tail(process_->err());
        return {};
    }
    YAML::Node wait_state(const std::string& state, std::chrono::seconds timeout = 60s) {
        return wait_until(
            "'" + state + "'", [&](const YAML::Node& s) { return s["state"].as<std::string>() == state; }, timeout);
    }
    YAML::Node wait_online(unsigned min_reconnects = 0, std::chrono::seconds timeout = 90s) {
        return wait_until(
            "online with reconnects >= " + std::to_string(min_reconnects),
            [&](const YAML::Node& s) {
                return s["state"].as<std::string>() == "online" && s["reconnects"].as<unsigned>() >= min_reconnects;
            },
            timeout);
    }

    [[nodiscard]] std::size_t raw_fd_count() const { return fd_count_of(pid()); }
    [[nodiscard]] std::string fd_list() const { return fd_list_of(pid()); }
    // The count without the status request's own accepted connection, which the daemon may not
    // have closed yet: the least of a few counts. A leaked descriptor stays in every count.
    [[nodiscard]] std::size_t fd_count() const {
        std::this_thread::sleep_for(100ms);
        std::size_t least = raw_fd_count();
        for (int i = 0; i < 4; ++i) {
            std::this_thread::sleep_for(50ms);
            least = std::min(least, raw_fd_count());
        }
        return least;
    }

    // The descriptor count at a moment the status satisfies pred, confirmed by an unchanged state
    // and reconnect count after counting (so the sample belongs to that state).
    std::optional<std::size_t> fds_when(const std::function<bool(const YAML::Node&)>& pred,
                                        std::chrono::seconds timeout = 60s) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline && !process_->wait(20ms)) {
            const YAML::Node before = status();
            if (!before || !before["state"] || !pred(before)) continue;
            const std::size_t n = fd_count();
            std::string listing = fd_list();
            const YAML::Node after = status();
            if (after && after["state"] && after["state"].as<std::string>() == before["state"].as<std::string>() &&
                after["reconnects"].as<unsigned>() == before["reconnects"].as<unsigned>()) {
                if (first_fd_list_.empty()) first_fd_list_ = std::move(listing);
                return n;
            }
        }
        ADD_FAILURE() << "no status sample matched; last status " << YAML::Dump(status());
        return std::nullopt;
    }

    // The descriptor count settles back to `expected` (a status request briefly holds one more).
    void expect_fds(std::size_t expected) {
        const bool settled = eventually([&] { return fd_count() == expected; }, 5s);
        EXPECT_TRUE(settled) << "the daemon holds " << fd_count() << " descriptors, " << expected << " at first:\n"
                             << fd_list() << "at first:\n"
                             << first_fd_list_;
    }

    // No zombie among the daemon's children, and at most one child (pppd).
    void expect_no_zombie_children() {
        for (const auto& c : children_of(pid()))
            EXPECT_NE(c.state, 'Z') << "zombie child " << c.pid << " (" << c.comm << ") of the daemon";
        EXPECT_LE(children_of(pid()).size(), 1u) << "more than one child: " << child_list();
    }
    [[nodiscard]] std::string child_list() const {
        std::string out;
        for (const auto& c : children_of(pid())) out += std::to_string(c.pid) + ":" + c.comm + "(" + c.state + ") ";
        return out;
    }

    [[nodiscard]] int pppd_runs() const {
        std::ifstream in(dir_ / "runs");
        int n = 0;
        in >> n;
        return n;
    }
    [[nodiscard]] std::optional<pid_t> pppd_pid() const {
        std::ifstream in(dir_ / "pppd.pid");
        pid_t p = 0;
        if (in >> p) return p;
        return std::nullopt;
    }

    // After the daemon exited: the last pppd is gone, nothing holds the simulator's ports, and the
    // password is in no output.
    void expect_nothing_left() {
        if (const auto p = pppd_pid()) {
            EXPECT_TRUE(eventually([&] { return !alive(*p); }, 10s)) << "pppd " << *p << " outlived the daemon";
        }
        for (const auto& port : {sim_.at_port(), sim_.data_port()}) {
            std::error_code ec;
            const auto device = std::filesystem::canonical(port, ec);
            if (ec) continue;  // the ports are gone (vanished): nobody can hold them
            std::vector<std::string> held;
            EXPECT_TRUE(eventually([&] { return (held = holders_of(device, sim_.sim().pid())).empty(); }, 10s))
                << port << " (" << device << ") is still held by " << testing::PrintToString(held);
        }
        EXPECT_THAT(log(), testing::Not(testing::HasSubstr(kPassword))) << "the password reached the daemon's output";
    }

    // SIGTERM or SIGINT: exit 0, pppd and every child gone, no socket left.
    void stop_with(int signo) {
        const auto children = children_of(pid());
        process_->signal(signo);
        const auto code = process_->wait(40s);
        ASSERT_TRUE(code.has_value()) << "daemon still running 40 s after signal " << signo;
        EXPECT_EQ(*code, 0) << tail(process_->err());
        for (const auto& c : children)
            EXPECT_TRUE(eventually([&] { return !alive(c.pid); }, 10s)) << "child " << c.pid << " left behind";
        expect_nothing_left();
        EXPECT_FALSE(std::filesystem::exists(socket_)) << "control socket left behind";
    }
    void stop_cleanly() { stop_with(SIGTERM); }

    static std::string tail(const std::string& text, std::size_t lines = 25) {
        std::size_t pos = text.size();
        for (std::size_t n = 0; n <= lines && pos != std::string::npos && pos > 0; ++n) pos = text.rfind('\n', pos - 1);
        return pos == std::string::npos ? text : text.substr(pos + 1);
    }

private:
    void write_config(const std::filesystem::path& path) const {
        std::ofstream out(path);
        out << "modem:\n  profile: sim7600\n  at_port: " << sim_.at_port() << "\n  data_port: " << sim_.data_port()
            << "\n";
        if (!options_.sequence.empty()) out << "  sequence: " << options_.sequence << "\n";
        if (!options_.sim_pin.empty()) out << "  sim_pin: '" << options_.sim_pin << "'\n";
        if (options_.wait_for_sim) out << "  wait_for_sim: true\n";
        out << "apn: soracom.io\nuser: sora\npassword: " << kPassword << "\nauth: chap\ntimeouts:\n  ppp_up: 20s\n";
        if (!options_.command_timeout.empty()) out << "  command: " << options_.command_timeout << "\n";
        const std::string pppd =
            options_.pppd_path.empty() ? std::string(LTE_SOURCE_DIR) + "/tests/fixtures/fake-pppd" : options_.pppd_path;
        out << "pppd:\n  path: " << pppd << "\n  options: [\"ipparam " << (dir_ / "pppd-script").string() << "\"]\n"
            << "reconnect:\n  backoff_initial: " << options_.backoff_initial
            << "\n  backoff_max: " << options_.backoff_max << "\n  redial_attempts: " << options_.redials
            << "\n  radio_cycle_attempts: " << options_.radio_cycles << "\nlog_level: " << options_.log_level << "\n"
            << options_.extra_config;
        out.close();
        ::chmod(path.c_str(), 0600);
    }

    SimFixture& sim_;
    DaemonOptions options_;
    std::filesystem::path dir_;
    std::filesystem::path socket_;
    std::unique_ptr<Process> process_;
    std::string first_fd_list_;  // what the first fds_when() sample held, to compare on a failure
};

}  // namespace lte::test
