#pragma once
// A child process in its own process group, killed with its whole group when destroyed, so a
// peer that forks (wvdial → pppd, a chat script → chat) never outlives its trial.
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace bench {

struct ChildSpec {
    std::vector<std::string> argv;  // argv[0] is the path; no shell
    std::string log;                // stdout and stderr go here (appended)
    int stdio_fd = -1;              // if >= 0: becomes stdin and stdout (a tty, like pppd's connect script)
    bool stdout_pipe = false;       // stdout to a pipe read by read_line() instead of the log
};

class Child {
public:
    // Throws std::runtime_error naming the program when it cannot be started.
    explicit Child(const ChildSpec& spec);
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    [[nodiscard]] pid_t pid() const noexcept { return pid_; }
    // One line of the child's stdout pipe, or nothing after `timeout`/EOF.
    std::optional<std::string> read_line(std::chrono::milliseconds timeout);
    // Reaps the child if it has exited; its wait status then stays available.
    std::optional<int> poll_exit();
    // SIGTERM to the group, SIGKILL after `grace`; reaps the leader.
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(500));

private:
    pid_t pid_ = -1;
    int pipe_fd_ = -1;
    std::string pending_;
    std::optional<int> status_;
};

// The wait status as text a user reads: "exit 4", "signal 6 (Aborted)".
std::string describe_status(int status);

}  // namespace bench
