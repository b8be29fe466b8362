#pragma once
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lte/common/asio.hpp"

namespace lte::ppp {

// How a child ended: exactly one of code (it called exit) or signal (a signal killed it) is set.
struct ProcessExit {
    std::optional<int> code;
    std::optional<int> signal;

    [[nodiscard]] static ProcessExit from_wait_status(int status);
    // "exit code 4" or "killed by signal 9 (Killed)".
    [[nodiscard]] std::string describe() const;
};

// An fd of ours that the child gets under the number child_fd.
struct FdMapping {
    int parent_fd;
    int child_fd;
};

struct SpawnSpec {
    std::string path;                  // absolute: no PATH lookup, never a shell
    std::vector<std::string> argv;     // argv[0] included
    std::vector<std::string> env;      // the child's whole environment, "NAME=value"
    int stdin_fd = -1;                 // -1: /dev/null. Stays open in the parent.
    std::vector<FdMapping> extra_fds;  // child_fd must be > 2; every unlisted fd is closed
};

// One child process, supervised on an io_context (single thread):
// - started by fork+execve in its own process group, with PR_SET_PDEATHSIG(SIGTERM) so it cannot
//   outlive a crash of ours, and with only stdin, stdout/stderr (a pipe we read) and extra_fds open;
// - stdout and stderr arrive line by line through on_line;
// - its end is seen through SIGCHLD (asio::signal_set) and waitpid on its own pid only, never a
//   blocking wait, and reported once through on_exit, after the last output line;
// - the destructor kills the whole process group and reaps the child if it still runs.
// Handlers are never called after the destructor; on_exit may destroy this object.
class ChildProcess {
public:
    using LineHandler = std::function<void(std::string_view line)>;
    using ExitHandler = std::function<void(const ProcessExit& exit)>;

    // Throws std::system_error naming spec.path when the program cannot be started.
    ChildProcess(asio::io_context& io, const SpawnSpec& spec, LineHandler on_line, ExitHandler on_exit);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    [[nodiscard]] pid_t pid() const noexcept;
    [[nodiscard]] bool running() const noexcept;  // false once reaped

    // SIGTERM to the process group now, SIGKILL to it if the child still runs after grace.
    void terminate(std::chrono::milliseconds grace);

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;  // shared with pending handlers through weak_ptr
};

}  // namespace lte::ppp
