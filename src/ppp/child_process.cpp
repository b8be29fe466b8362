#include "lte/ppp/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "lte/common/scoped_fd.hpp"

namespace lte::ppp {

namespace {

// Output lines longer than this are delivered in pieces so a child cannot grow our memory.
constexpr std::size_t kMaxLine = 4096;
// After the child is reaped its output normally ends at once; a grandchild that inherited the
// pipe could keep it open forever, so stop waiting for EOF after this.
constexpr auto kOutputDrainLimit = std::chrono::seconds(1);
// stdin, stdout, stderr and the extra fds: a fixed bound so the child needs no allocation.
constexpr std::size_t kMaxChildFds = 16;

[[noreturn]] void throw_errno(int err, const std::string& what) {
    throw std::system_error(err, std::generic_category(), what);
}

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
    std::vector<char*> out;
    out.reserve(strings.size() + 1);
    for (const auto& s : strings) out.push_back(const_cast<char*>(s.c_str()));
    out.push_back(nullptr);
    return out;
}

// In the child: tells the parent why it could not become the program.
[[noreturn]] void report_exec_failure(int error_fd) {
    const int err = errno;
    [[maybe_unused]] const auto n = ::write(error_fd, &err, sizeof err);
    ::_exit(127);
}

// Runs in the forked child: only async-signal-safe calls from here to execve.
[[noreturn]] void exec_child(const char* path, char* const* argv, char* const* envp, pid_t parent,
                             const std::vector<FdMapping>& fds, int error_fd, int max_fd_fallback) {
    const auto fail = [&error_fd] { report_exec_failure(error_fd); };
    ::setpgid(0, 0);
    // Die with us; and if we already died between fork and here, the signal will never come.
    if (::prctl(PR_SET_PDEATHSIG, SIGTERM) != 0) fail();
    if (::getppid() != parent) ::_exit(127);

    // The parent may block or handle signals (asio catches SIGCHLD); the program must start clean.
    sigset_t none;
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; ++sig) ::sigaction(sig, &dfl, nullptr);

    int max_target = 2;
    for (const auto& m : fds) max_target = std::max(max_target, m.child_fd);
    const int error_slot = max_target + 1;
    // Move every source above all targets first, so a dup2 never clobbers a source not yet placed.
    // (Fixed-size storage: no allocation after fork; spawn() checked the count.)
    std::array<int, kMaxChildFds> high{};
    for (std::size_t i = 0; i < fds.size(); ++i) {
        high[i] = ::fcntl(fds[i].parent_fd, F_DUPFD, error_slot + 1);
        if (high[i] < 0) fail();
    }
    const int error_high = ::fcntl(error_fd, F_DUPFD_CLOEXEC, error_slot + 1);
    if (error_high < 0) fail();
    error_fd = error_high;
    for (std::size_t i = 0; i < fds.size(); ++i)
        if (::dup2(high[i], fds[i].child_fd) < 0) fail();
    if (::dup3(error_high, error_slot, O_CLOEXEC) < 0) fail();
    error_fd = error_slot;
    for (int fd = 0; fd <= max_target; ++fd) {
        const bool wanted = std::any_of(fds.begin(), fds.end(), [fd](const FdMapping& m) { return m.child_fd == fd; });
        if (!wanted) ::close(fd);
    }
    if (::close_range(static_cast<unsigned>(error_slot + 1), ~0U, 0) != 0) {
        for (int fd = error_slot + 1; fd < max_fd_fallback; ++fd) ::close(fd);  // kernel < 5.9
    }
    ::execve(path, argv, envp);
    report_exec_failure(error_fd);
}

}  // namespace

ProcessExit ProcessExit::from_wait_status(int status) {
    ProcessExit e;
    if (WIFEXITED(status)) e.code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) e.signal = WTERMSIG(status);
    return e;
}

std::string ProcessExit::describe() const {
    if (code) return "exit code " + std::to_string(*code);
    if (signal) return "killed by signal " + std::to_string(*signal) + " (" + ::strsignal(*signal) + ")";
    return "still running";
}

struct ChildProcess::Impl : std::enable_shared_from_this<Impl> {
    Impl(asio::io_context& io, LineHandler line_handler, ExitHandler exit_handler)
        : sigchld(io, SIGCHLD),
          output(io),
          kill_timer(io),
          drain_timer(io),
          on_line(std::move(line_handler)),
          on_exit(std::move(exit_handler)) {}

    asio::signal_set sigchld;  // registered before fork, so the child's SIGCHLD cannot be missed
    asio::posix::stream_descriptor output;
    asio::steady_timer kill_timer;
    asio::steady_timer drain_timer;
    LineHandler on_line;
    ExitHandler on_exit;
    pid_t pid = -1;
    std::optional<ProcessExit> exit;  // set once reaped
    bool output_done = false;
    bool reported = false;
    bool terminating = false;
    std::string partial;
    std::array<char, 4096> buffer{};

    void spawn(const SpawnSpec& spec);
    void wait_for_sigchld();
    void read_output();
    void on_bytes(std::string_view bytes);
    void emit_line(std::string_view line);
    void try_reap();
    void finish_if_done();
    void kill_group(int sig) const;
    void shutdown();
};

void ChildProcess::Impl::spawn(const SpawnSpec& spec) {
    if (spec.path.empty() || spec.path.front() != '/')
        throw std::invalid_argument("child program must be an absolute path, got '" + spec.path + "'");
    if (spec.argv.empty()) throw std::invalid_argument("argv for " + spec.path + " is empty (argv[0] missing)");
    if (spec.extra_fds.size() + 3 > kMaxChildFds) throw std::invalid_argument("too many fds passed to " + spec.path);
    for (const auto& m : spec.extra_fds)
        if (m.child_fd <= 2) throw std::invalid_argument("extra fd mapped onto stdin/stdout/stderr for " + spec.path);

    ScopedFd devnull;
    int stdin_fd = spec.stdin_fd;
    if (stdin_fd < 0) {
        devnull.reset(::open("/dev/null", O_RDONLY | O_CLOEXEC));
        if (!devnull.valid()) throw_errno(errno, "cannot open /dev/null for " + spec.path);
        stdin_fd = devnull.get();
    }
    std::array<int, 2> out{};
    if (::pipe2(out.data(), O_CLOEXEC) != 0) throw_errno(errno, "cannot create output pipe for " + spec.path);
    ScopedFd out_read(out[0]), out_write(out[1]);
    std::array<int, 2> err{};
    if (::pipe2(err.data(), O_CLOEXEC) != 0) throw_errno(errno, "cannot create exec-status pipe for " + spec.path);
    ScopedFd err_read(err[0]), err_write(err[1]);

    std::vector<FdMapping> fds{{stdin_fd, 0}, {out_write.get(), 1}, {out_write.get(), 2}};
    fds.insert(fds.end(), spec.extra_fds.begin(), spec.extra_fds.end());
    auto argv = c_strings(spec.argv);
    auto envp = c_strings(spec.env);
    rlimit nofile{};
    ::getrlimit(RLIMIT_NOFILE, &nofile);
    const int max_fd_fallback = static_cast<int>(std::min<rlim_t>(nofile.rlim_cur, 1 << 20));
    const pid_t parent = ::getpid();

    const pid_t child = ::fork();
    if (child < 0) throw_errno(errno, "cannot fork to start " + spec.path);
    if (child == 0)
        exec_child(spec.path.c_str(), argv.data(), envp.data(), parent, fds, err_write.get(), max_fd_fallback);

    pid = child;
    ::setpgid(child, child);  // also here, so a terminate() right after spawn reaches the group
    err_write.reset();
    out_write.reset();
    int exec_errno = 0;
    ssize_t n;
    do n = ::read(err_read.get(), &exec_errno, sizeof exec_errno);
    while (n < 0 && errno == EINTR);
    if (n > 0) {  // execve failed; the child has _exit'ed
        int status = 0;
        while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
        }
        pid = -1;
        throw_errno(exec_errno, "cannot execute " + spec.path);
    }
    output.assign(out_read.release());
    wait_for_sigchld();
    read_output();
}

void ChildProcess::Impl::wait_for_sigchld() {
    sigchld.async_wait([weak = weak_from_this()](const boost::system::error_code& ec, int) {
        auto self = weak.lock();
        if (!self || ec) return;
        self->try_reap();
        if (!self->exit) self->wait_for_sigchld();
    });
}

void ChildProcess::Impl::try_reap() {
    if (exit) return;
    int status = 0;
    pid_t r;
    do r = ::waitpid(pid, &status, WNOHANG);  // our pid only: other children are not ours to reap
    while (r < 0 && errno == EINTR);
    if (r != pid) return;
    exit = ProcessExit::from_wait_status(status);
    kill_timer.cancel();
    sigchld.cancel();
    if (terminating) kill_group(SIGKILL);  // grandchildren that ignored SIGTERM
    if (!output_done) {
        drain_timer.expires_after(kOutputDrainLimit);
        drain_timer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
            auto self = weak.lock();
            if (!self || ec) return;
            boost::system::error_code ignored;
            self->output.close(ignored);
            self->output_done = true;
            self->finish_if_done();
        });
    }
    finish_if_done();
}

void ChildProcess::Impl::read_output() {
    output.async_read_some(asio::buffer(buffer),
                           [weak = weak_from_this()](const boost::system::error_code& ec, std::size_t n) {
                               auto self = weak.lock();
                               if (!self || ec == asio::error::operation_aborted || self->output_done) return;
                               if (n > 0) self->on_bytes(std::string_view(self->buffer.data(), n));
                               if (!ec) return self->read_output();
                               boost::system::error_code ignored;  // EOF: every writer closed its end
                               self->output.close(ignored);
                               self->output_done = true;
                               self->finish_if_done();
                           });
}

void ChildProcess::Impl::on_bytes(std::string_view bytes) {
    for (char c : bytes) {
        if (c == '\n') {
            emit_line(partial);
            partial.clear();
        } else {
            partial.push_back(c);
            if (partial.size() >= kMaxLine) {
                emit_line(partial);
                partial.clear();
            }
        }
    }
}

void ChildProcess::Impl::emit_line(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (on_line) on_line(line);
}

void ChildProcess::Impl::finish_if_done() {
    if (reported || !exit || !output_done) return;
    reported = true;
    drain_timer.cancel();
    if (!partial.empty()) emit_line(std::exchange(partial, {}));
    auto handler = std::move(on_exit);  // may destroy the ChildProcess; self is held by the caller
    on_line = nullptr;
    if (handler) handler(*exit);
}

void ChildProcess::Impl::kill_group(int sig) const {
    if (pid > 0) ::kill(-pid, sig);  // ESRCH when the group is already gone: nothing to do
}

void ChildProcess::Impl::shutdown() {
    on_line = nullptr;
    on_exit = nullptr;
    reported = true;
    if (pid > 0 && !exit) {
        kill_group(SIGKILL);
        ::kill(pid, SIGKILL);  // in case it left its group
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        exit = ProcessExit::from_wait_status(status);
    }
    boost::system::error_code ignored;
    sigchld.cancel(ignored);
    kill_timer.cancel();
    drain_timer.cancel();
    output.close(ignored);
}

ChildProcess::ChildProcess(asio::io_context& io, const SpawnSpec& spec, LineHandler on_line, ExitHandler on_exit)
    : impl_(std::make_shared<Impl>(io, std::move(on_line), std::move(on_exit))) {
    impl_->spawn(spec);
}

ChildProcess::~ChildProcess() { impl_->shutdown(); }

pid_t ChildProcess::pid() const noexcept { return impl_->pid; }

bool ChildProcess::running() const noexcept { return !impl_->exit; }

void ChildProcess::terminate(std::chrono::milliseconds grace) {
    if (impl_->exit) return;
    impl_->terminating = true;
    impl_->kill_group(SIGTERM);
    impl_->kill_timer.expires_after(grace);
    impl_->kill_timer.async_wait([weak = std::weak_ptr<Impl>(impl_)](const boost::system::error_code& ec) {
        auto self = weak.lock();
        if (!self || ec || self->exit) return;
        self->kill_group(SIGKILL);
    });
}

}  // namespace lte::ppp
