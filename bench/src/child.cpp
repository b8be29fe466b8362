#include "child.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

namespace bench {

Child::Child(const ChildSpec& spec) {
    int pipe_ends[2] = {-1, -1};
    if (spec.stdout_pipe && ::pipe2(pipe_ends, O_CLOEXEC) != 0)
        throw std::runtime_error(fmt::format("pipe for {}: {}", spec.argv.at(0), std::strerror(errno)));
    const int log = ::open(spec.log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log < 0) throw std::runtime_error(fmt::format("cannot write log {}: {}", spec.log, std::strerror(errno)));

    std::vector<char*> argv;
    for (const auto& arg : spec.argv) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);

    pid_ = ::fork();
    if (pid_ == 0) {
        // Only async-signal-safe calls until exec.
        ::setpgid(0, 0);
        ::signal(SIGPIPE, SIG_DFL);
        ::dup2(spec.stdio_fd >= 0 ? spec.stdio_fd : ::open("/dev/null", O_RDONLY), STDIN_FILENO);
        ::dup2(spec.stdout_pipe ? pipe_ends[1] : spec.stdio_fd >= 0 ? spec.stdio_fd : log, STDOUT_FILENO);
        ::dup2(log, STDERR_FILENO);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    const int fork_errno = errno;
    ::close(log);
    if (spec.stdout_pipe) {
        ::close(pipe_ends[1]);
        pipe_fd_ = pipe_ends[0];
    }
    if (pid_ < 0) {
        if (pipe_fd_ >= 0) ::close(pipe_fd_);
        throw std::runtime_error(fmt::format("cannot start {}: {}", spec.argv.at(0), std::strerror(fork_errno)));
    }
    ::setpgid(pid_, pid_);  // also here: no race with our own kill(-pid) before the child ran
}

Child::~Child() {
    stop(std::chrono::milliseconds(200));
    if (pipe_fd_ >= 0) ::close(pipe_fd_);
}

std::optional<std::string> Child::read_line(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        if (const auto nl = pending_.find('\n'); nl != std::string::npos) {
            std::string line = pending_.substr(0, nl);
            pending_.erase(0, nl + 1);
            return line;
        }
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (pipe_fd_ < 0 || left.count() <= 0) return std::nullopt;
        pollfd pfd{pipe_fd_, POLLIN, 0};
        if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) continue;
        char buffer[512];
        const ssize_t n = ::read(pipe_fd_, buffer, sizeof buffer);
        if (n <= 0) return std::nullopt;
        pending_.append(buffer, static_cast<std::size_t>(n));
    }
}

std::optional<int> Child::poll_exit() {
    if (status_ || pid_ <= 0) return status_;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) status_ = status;
    return status_;
}

void Child::stop(std::chrono::milliseconds grace) {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGTERM);  // the group: a peer's own children go too
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (!poll_exit() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ::kill(-pid_, SIGKILL);  // whatever of the group is left (ESRCH when nothing is)
    if (!status_) {
        int status = 0;
        if (::waitpid(pid_, &status, 0) == pid_) status_ = status;
    }
    pid_ = -1;
}

std::string describe_status(int status) {
    if (WIFEXITED(status)) return fmt::format("exit {}", WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return fmt::format("signal {} ({})", WTERMSIG(status), ::strsignal(WTERMSIG(status)));
    return fmt::format("status {}", status);
}

}  // namespace bench
