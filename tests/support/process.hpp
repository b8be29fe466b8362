#pragma once
// Runs the product's binaries (lte-modem-sim, lte-dialer) as real processes for the simulator
// lane: output to files, bounded waits, killed and reaped on destruction.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

extern char** environ;

namespace lte::test {

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

class Process {
public:
    // extra_env: "NAME=value" entries added to this process's environment for the child; each
    // replaces an inherited one of that name (getenv would find the inherited one first).
    Process(const std::string& program, const std::vector<std::string>& args, const std::filesystem::path& out_file,
            const std::filesystem::path& err_file, std::vector<std::string> extra_env = {})
        : out_(out_file), err_(err_file) {
        std::vector<char*> envp;
        const auto overridden = [&](std::string_view inherited) {
            const auto name = inherited.substr(0, inherited.find('=') + 1);
            return std::any_of(extra_env.begin(), extra_env.end(),
                               [&](const std::string& e) { return std::string_view(e).starts_with(name); });
        };
        for (char** e = environ; *e; ++e)
            if (!overridden(*e)) envp.push_back(*e);
        for (auto& e : extra_env) envp.push_back(e.data());
        envp.push_back(nullptr);
        std::vector<std::string> storage{program};
        storage.insert(storage.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : storage) argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int rc = posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) throw std::runtime_error("cannot start " + program);
    }
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;
    ~Process() {
        if (!exit_status_) {
            ::kill(pid_, SIGKILL);
            int st = 0;
            ::waitpid(pid_, &st, 0);
        }
    }

    [[nodiscard]] pid_t pid() const { return pid_; }
    [[nodiscard]] std::string out() const { return read_file(out_); }
    [[nodiscard]] std::string err() const { return read_file(err_); }

    // The exit code (128 + signal when killed), or nullopt if it still runs after timeout.
    std::optional<int> wait(std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!exit_status_) {
            int st = 0;
            if (::waitpid(pid_, &st, WNOHANG) == pid_) {
                exit_status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
                break;
            }
            if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return exit_status_;
    }

    void signal(int signo) const { ::kill(pid_, signo); }

    // Waits until the process's stdout contains text.
    bool wait_for_output(const std::string& text, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            if (out().find(text) != std::string::npos) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }

private:
    pid_t pid_ = -1;
    std::optional<int> exit_status_;
    std::filesystem::path out_, err_;
};

}  // namespace lte::test
