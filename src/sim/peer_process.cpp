#include "lte/sim/peer_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <system_error>
#include <thread>

#include "lte/common/scoped_fd.hpp"

namespace lte::sim {

namespace {

std::array<ScopedFd, 2> make_pipe() {
    std::array<int, 2> fds{};
    if (::pipe2(fds.data(), O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe2");
    return {ScopedFd(fds[0]), ScopedFd(fds[1])};
}

}  // namespace

PeerProcess::PeerProcess(asio::io_context& io, const std::string& command, OutputHandler on_output, ExitHandler on_exit)
    : to_peer_(io), from_peer_(io), on_output_(std::move(on_output)), on_exit_(std::move(on_exit)) {
    auto in = make_pipe();   // peer's stdin
    auto out = make_pipe();  // peer's stdout
    const pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ < 0) throw std::system_error(errno, std::generic_category(), "fork for --ppp-peer");
    if (pid_ == 0) {
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // no orphan peer if the simulator dies
        if (::getppid() != parent) ::_exit(127);
        ::dup2(in[0].get(), STDIN_FILENO);
        ::dup2(out[1].get(), STDOUT_FILENO);
        ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::setpgid(pid_, pid_);  // also here, so the group exists before we might signal it
    to_peer_.assign(in[1].release());
    from_peer_.assign(out[0].release());
    to_peer_.non_blocking(true);
    from_peer_.non_blocking(true);
    read_some();
}

PeerProcess::~PeerProcess() {
    alive_.reset();
    boost::system::error_code ignored;
    to_peer_.close(ignored);
    from_peer_.close(ignored);
    ::kill(-pid_, SIGTERM);
    // A pppd peer gets a moment to say goodbye; then the group is killed for certain.
    for (int i = 0; i < 50; ++i) {
        if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
            ::kill(-pid_, SIGKILL);  // children the shell left behind
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(-pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
}

void PeerProcess::write(std::string bytes) {
    out_.push_back(std::move(bytes));
    if (!writing_) write_next();
}

void PeerProcess::read_some() {
    from_peer_.async_read_some(asio::buffer(buffer_),
                               [this, alive = std::weak_ptr<int>(alive_)](boost::system::error_code ec, std::size_t n) {
                                   if (alive.expired()) return;
                                   if (ec) {
                                       if (ec != asio::error::operation_aborted) on_exit_();
                                       return;
                                   }
                                   on_output_(std::string_view(buffer_.data(), n));
                                   if (!alive.expired()) read_some();
                               });
}

void PeerProcess::write_next() {
    if (out_.empty()) {
        writing_ = false;
        return;
    }
    writing_ = true;
    asio::async_write(to_peer_, asio::buffer(out_.front()),
                      [this, alive = std::weak_ptr<int>(alive_)](boost::system::error_code ec, std::size_t) {
                          if (alive.expired() || ec) return;  // a dead peer is reported by its stdout
                          out_.pop_front();
                          write_next();
                      });
}

}  // namespace lte::sim
