#include "lte/ppp/ppp_supervisor.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <stdexcept>
#include <system_error>

#include "lte/common/scoped_fd.hpp"
#include "lte/common/secrets.hpp"

namespace lte::ppp {

namespace {

// pppd reads at most MAXSECRETLEN (256) bytes including the terminating NUL.
constexpr std::size_t kMaxPassword = 255;

// A pipe holding the password, write end already closed: the passwordfd plugin reads to EOF.
// The pipe buffer (64 KiB) holds it all, so the write cannot block.
ScopedFd password_pipe(std::string_view password) {
    std::array<int, 2> fds{};
    if (::pipe2(fds.data(), O_CLOEXEC) != 0)
        throw std::system_error(errno, std::generic_category(), "cannot create the password pipe for pppd");
    ScopedFd read_end(fds[0]), write_end(fds[1]);
    const auto n = ::write(write_end.get(), password.data(), password.size());
    if (n != static_cast<ssize_t>(password.size()))
        throw std::system_error(errno, std::generic_category(), "cannot write the password pipe for pppd");
    return read_end;
}

}  // namespace

PppSupervisor::PppSupervisor(asio::io_context& io, Callbacks callbacks)
    : io_(io), callbacks_(std::move(callbacks)), link_timer_(io) {}

PppSupervisor::~PppSupervisor() = default;  // ~ChildProcess kills and reaps

void PppSupervisor::start(const PppOptions& options, int tty_fd, std::string_view password) {
    if (child_) throw std::logic_error("pppd is already running (pid " + std::to_string(child_->pid()) + ")");
    if (password.size() > kMaxPassword)
        throw PppOptionError("the ppp password is " + std::to_string(password.size()) +
                             " bytes; pppd accepts at most " + std::to_string(kMaxPassword));

    SpawnSpec spec;
    spec.path = options.pppd_path;
    spec.env = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin"};  // pppd runs ip-up & co.; nothing of ours leaks
    spec.stdin_fd = tty_fd;
    ScopedFd password_fd;
    if (!password.empty()) {
        SecretRegistry::instance().add(std::string(password));
        password_fd = password_pipe(password);
        spec.extra_fds.push_back({password_fd.get(), kPasswordFd});
    }
    run_ = std::make_shared<Run>();
    PppOptions effective = options;
    if (uses_dns_hook(options)) {
        run_->hook = std::make_unique<HookReport>();
        effective.hook_report = run_->hook->path();
    }
    spec.argv = build_pppd_argv(effective, password.empty() ? std::nullopt : std::optional<int>(kPasswordFd));

    // pppd opens its stdin's tty again by name, and TIOCEXCL (taken with the port) refuses that
    // (EBUSY, pppd exit 7) to anyone without CAP_SYS_ADMIN, which the hardened unit does not
    // grant: lift it while pppd runs (flock and the UUCP lock still guard the port).
    run_->tty_fd = tty_fd;
    ::ioctl(tty_fd, TIOCNXCL);
    child_ = std::make_unique<ChildProcess>(
        io_, spec, [this](std::string_view line) { on_line(line); }, [this](const ProcessExit& e) { on_exit(e); });
    // password_fd closes here: only pppd holds the pipe now.
}

void PppSupervisor::stop(std::chrono::milliseconds grace) {
    if (!child_) return;
    run_->stop_requested = true;
    child_->terminate(grace);
}

void PppSupervisor::on_line(std::string_view raw) {
    const std::string line = mask_secrets(raw);
    auto& run = *run_;
    run.last_lines.push_back(line);
    if (run.last_lines.size() > kKeptLines) run.last_lines.pop_front();
    if (callbacks_.log_line) callbacks_.log_line(line);

    const auto event = run.parser.feed(line);
    if (!event || run.link_reported) return;
    // pppd logs our address, then the peer's and up to two DNS servers, each line a write of its
    // own: report the link at the last of them, or a moment after the address if fewer come.
    if (event->kind == PppEventKind::SecondaryDns) {
        report_link();
    } else if (event->kind == PppEventKind::LocalIp) {
        link_timer_.expires_after(kLinkSettle);
        link_timer_.async_wait([this, weak = std::weak_ptr<Run>(run_)](const boost::system::error_code& ec) {
            if (ec) return;  // cancelled, or the supervisor is gone
            if (const auto current = weak.lock(); current && current == run_) report_link();
        });
    }
}

void PppSupervisor::report_link() {
    run_->link_reported = true;
    link_timer_.cancel();
    if (run_->hook) {
        wait_for_hook(std::chrono::steady_clock::now() + kHookWait);
    } else {
        announce_link({});
    }
}

void PppSupervisor::wait_for_hook(std::chrono::steady_clock::time_point deadline) {
    if (auto messages = run_->hook->messages()) return announce_link(std::move(*messages));
    if (std::chrono::steady_clock::now() >= deadline)
        return announce_link({"ip-up had not finished after " + std::to_string(kHookWait.count()) +
                              " s: the network's DNS servers and the default route may not be in place yet"});
    link_timer_.expires_after(kHookPoll);
    link_timer_.async_wait([this, deadline, weak = std::weak_ptr<Run>(run_)](const boost::system::error_code& ec) {
        if (ec) return;  // cancelled: pppd ended, or the supervisor is gone
        if (const auto current = weak.lock(); current && current == run_) wait_for_hook(deadline);
    });
}

void PppSupervisor::announce_link(std::vector<std::string> hook_messages) {
    LinkInfo link = run_->parser.link();
    link.hook_messages = std::move(hook_messages);
    if (callbacks_.link_up) callbacks_.link_up(link);
}

void PppSupervisor::on_exit(const ProcessExit& exit) {
    const auto run = std::move(run_);
    link_timer_.cancel();            // a link that ends while settling was never up
    ::ioctl(run->tty_fd, TIOCEXCL);  // fails harmlessly when the port has gone
    const auto explanation = explain_pppd_exit(exit, run->parser.end_cause(), run->stop_requested);
    ExitReport report{exit.code,
                      exit.signal,
                      explanation.reason,
                      explanation.recovery,
                      run->stop_requested,
                      {run->last_lines.begin(), run->last_lines.end()},
                      run->parser.traffic()};
    child_.reset();  // safe inside its own callback; lets exited() start the next pppd
    if (callbacks_.exited) callbacks_.exited(report);
}

}  // namespace lte::ppp
