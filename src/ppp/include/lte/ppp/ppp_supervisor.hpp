#pragma once
#include <sys/types.h>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lte/common/asio.hpp"
#include "lte/ppp/child_process.hpp"
#include "lte/ppp/hook_report.hpp"
#include "lte/ppp/ppp_options.hpp"
#include "lte/ppp/ppp_output.hpp"
#include "lte/ppp/pppd_exit.hpp"

namespace lte::ppp {

struct ExitReport {
    std::optional<int> code;    // pppd's exit status, if it exited
    std::optional<int> signal;  // the signal that killed it, if one did
    std::string reason;         // for the user: the log's cause and pppd(8)'s meaning of the code
    Recovery decision;
    bool stop_requested;                  // we called stop()
    std::vector<std::string> last_lines;  // pppd's last log lines, secrets masked
    std::optional<Traffic> traffic;       // what pppd said the link carried, when it said it
};

// Runs one pppd at a time on the modem's data tty and reports what happens to it.
class PppSupervisor {
public:
    struct Callbacks {
        std::function<void(const LinkInfo&)> link_up;         // IPCP up, DNS handed on: addresses known
        std::function<void(const ExitReport&)> exited;        // pppd is gone and reaped; may call start()
        std::function<void(std::string_view line)> log_line;  // each pppd log line, secrets masked (optional)
    };

    static constexpr std::size_t kKeptLines = 20;
    // The fd under which pppd finds the password pipe.
    static constexpr int kPasswordFd = 3;

    PppSupervisor(asio::io_context& io, Callbacks callbacks);
    ~PppSupervisor();  // kills pppd's process group if it still runs
    PppSupervisor(const PppSupervisor&) = delete;
    PppSupervisor& operator=(const PppSupervisor&) = delete;

    // Starts pppd with tty_fd (kept open here) as its stdin. A non-empty password reaches pppd
    // through a pipe (passwordfd plugin), never through argv, and is registered for log masking.
    // Throws PppOptionError for bad options, std::logic_error when pppd already runs,
    // std::system_error when pppd cannot be started.
    void start(const PppOptions& options, int tty_fd, std::string_view password = {});
    // SIGTERM (pppd closes LCP and drops DTR), SIGKILL after grace. exited() follows.
    void stop(std::chrono::milliseconds grace = std::chrono::seconds(5));

    [[nodiscard]] bool running() const noexcept { return child_ != nullptr; }
    [[nodiscard]] pid_t pid() const noexcept { return child_ ? child_->pid() : -1; }

private:
    struct Run {
        PppOutputParser parser;
        std::deque<std::string> last_lines;
        bool link_reported = false;
        bool stop_requested = false;
        int tty_fd = -1;                   // exclusive again (TIOCEXCL) once pppd is gone
        std::unique_ptr<HookReport> hook;  // when pppd runs the package's ip-up
    };

    void on_line(std::string_view line);
    void on_exit(const ProcessExit& exit);
    void report_link();
    void wait_for_hook(std::chrono::steady_clock::time_point deadline);
    void announce_link(std::vector<std::string> hook_messages);

    // How long after "local IP address" the peer address and DNS lines may still come.
    static constexpr auto kLinkSettle = std::chrono::milliseconds(200);
    // How long "online" waits for the hook to finish: its resolvectl calls are time-boxed at 10 s
    // each. Polled: a one-off wait, usually under a second, needs no inotify watch.
    static constexpr auto kHookWait = std::chrono::seconds(25);
    static constexpr auto kHookPoll = std::chrono::milliseconds(100);

    asio::io_context& io_;
    Callbacks callbacks_;
    std::shared_ptr<Run> run_;  // one per pppd; the link timer's handler holds a weak_ptr to it
    asio::steady_timer link_timer_;
    std::unique_ptr<ChildProcess> child_;
};

}  // namespace lte::ppp
