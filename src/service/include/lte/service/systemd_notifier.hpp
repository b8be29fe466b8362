#pragma once
#include <chrono>
#include <optional>
#include <string_view>

#include "lte/common/asio.hpp"

namespace lte::service {

// Talks to systemd through sd_notify: READY=1, STATUS=, STOPPING=1 and the watchdog.
// Every call is a no-op when NOTIFY_SOCKET is unset (run from a shell or a test).
// The watchdog pings come from a timer on the daemon's own io_context, so a hung event
// loop stops them and systemd restarts the service — a separate thread would hide a hang.
class SystemdNotifier {
public:
    // Reads NOTIFY_SOCKET / WATCHDOG_USEC once and, if the watchdog is enabled, starts pinging
    // every half interval.
    explicit SystemdNotifier(asio::io_context& io);
    ~SystemdNotifier();
    SystemdNotifier(const SystemdNotifier&) = delete;
    SystemdNotifier& operator=(const SystemdNotifier&) = delete;

    [[nodiscard]] bool enabled() const noexcept { return enabled_; }
    // The interval systemd expects pings within (WatchdogSec=), when it is on.
    [[nodiscard]] std::optional<std::chrono::microseconds> watchdog_interval() const noexcept { return watchdog_; }

    void ready();  // only once the link is really up: `systemctl start` waits for it
    void status(std::string_view text);
    void stopping();

private:
    void send(std::string_view state);
    void schedule_ping();

    asio::steady_timer timer_;
    bool enabled_ = false;
    std::optional<std::chrono::microseconds> watchdog_;
};

}  // namespace lte::service
