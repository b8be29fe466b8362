#pragma once
// `lte-dialer run` (the daemon) against a SimFixture's simulator, configured through a real config
// file, with tests/fixtures/fake-pppd in pppd's place unless told otherwise. The fake follows the
// lines of an `ipparam` script, one per pppd run: `up`, `up-exit N S`, `exit N`.
#include <sys/stat.h>

#include <fstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "lte/service/control_client.hpp"

#include "sim_fixture.hpp"

namespace lte::test {

using namespace std::chrono_literals;

inline const std::string kPassword = "pw-Zr8-secret";

struct Daemon {
    SimFixture& sim;
    std::filesystem::path socket;
    std::unique_ptr<Process> process;

    Daemon(SimFixture& s, const std::vector<std::string>& behaviour, const std::string& pppd_path = "", int redials = 1,
           std::vector<std::string> env = {}, const std::string& extra_config = "")
        : sim(s), socket(s.dir() / "control.sock") {
        {
            std::ofstream script(s.dir() / "pppd-script");
            for (const auto& line : behaviour) script << line << '\n';
        }
        const auto config = s.dir() / "config.yaml";
        {
            std::ofstream out(config);
            out << "modem:\n  profile: sim7600\n  at_port: " << s.at_port() << "\n  data_port: " << s.data_port()
                << "\napn: soracom.io\nuser: sora\npassword: " << kPassword
                << "\nauth: chap\ntimeouts:\n  ppp_up: 20s\npppd:\n  path: "
                << (pppd_path.empty() ? std::string(LTE_SOURCE_DIR) + "/tests/fixtures/fake-pppd" : pppd_path)
                << "\n  options: [\"ipparam " << (s.dir() / "pppd-script").string() << "\"]\n"
                << "reconnect:\n  backoff_initial: 100ms\n  backoff_max: 400ms\n  redial_attempts: " << redials
                << "\n  radio_cycle_attempts: 1\nlog_level: debug\n"
                << extra_config;
        }
        ::chmod(config.c_str(), 0600);
        process = std::make_unique<Process>(
            LTE_DIALER_BINARY,
            std::vector<std::string>{"run", "--config", config.string(), "--socket", socket.string()},
            s.dir() / "daemon.out", s.dir() / "daemon.err", std::move(env));
    }

    // The daemon's status as JSON, or an empty node while it does not answer yet.
    YAML::Node status() const {
        try {
            return YAML::Load(lte::service::control_request(socket, "status", 2s));
        } catch (const std::exception&) {
            return {};
        }
    }

    // Waits until the daemon's state is `state` and pred(status) holds.
    template <typename Pred>
    YAML::Node wait_for(const std::string& state, Pred pred, std::chrono::seconds timeout = 40s) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            const YAML::Node s = status();
            if (s && s["state"] && s["state"].as<std::string>() == state && pred(s)) return s;
            if (process->wait(50ms)) break;  // it exited
        }
        ADD_FAILURE() << "daemon never reached '" << state << "'; last status " << YAML::Dump(status()) << "\nlog:\n"
                      << process->err();
        return {};
    }
    YAML::Node wait_for(const std::string& state, std::chrono::seconds timeout = 40s) {
        return wait_for(
            state, [](const YAML::Node&) { return true; }, timeout);
    }

    // The daemon's open descriptors once it is quiet: the lowest of a few samples, because a status
    // request of ours may still hold a control connection open for a moment.
    [[nodiscard]] std::size_t fd_count() const {
        std::size_t lowest = SIZE_MAX;
        for (int i = 0; i < 5; ++i) {
            std::size_t n = 0;
            for ([[maybe_unused]] const auto& e :
                 std::filesystem::directory_iterator("/proc/" + std::to_string(process->pid()) + "/fd"))
                ++n;
            lowest = std::min(lowest, n);
            std::this_thread::sleep_for(60ms);
        }
        return lowest;
    }

    // "fd -> target" lines, for a message when a count is off.
    [[nodiscard]] std::string fd_listing() const {
        std::string out;
        for (const auto& e : std::filesystem::directory_iterator("/proc/" + std::to_string(process->pid()) + "/fd")) {
            std::error_code ec;
            out += e.path().filename().string() + " -> " + std::filesystem::read_symlink(e.path(), ec).string() + "\n";
        }
        return out;
    }

    [[nodiscard]] int pppd_runs() const {
        std::ifstream in(sim.dir() / "runs");
        int n = 0;
        in >> n;
        return n;
    }

    // SIGTERM: exit 0, pppd gone, nothing secret in the log.
    void stop_cleanly() {
        const std::string pid_file = (sim.dir() / "pppd.pid").string();
        process->signal(SIGTERM);
        const auto code = process->wait(30s);
        ASSERT_TRUE(code.has_value()) << "daemon still running 30 s after SIGTERM";
        EXPECT_EQ(*code, 0) << process->err();
        std::ifstream pid_in(pid_file);
        int pid = 0;
        if (pid_in >> pid) {
            EXPECT_FALSE(std::filesystem::exists("/proc/" + std::to_string(pid))) << "pppd left behind";
        }
        EXPECT_THAT(process->err() + process->out(), testing::Not(testing::HasSubstr(kPassword)));
        EXPECT_FALSE(std::filesystem::exists(socket)) << "control socket left behind";
    }
};

}  // namespace lte::test
