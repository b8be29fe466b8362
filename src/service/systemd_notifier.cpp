#include "lte/service/systemd_notifier.hpp"

#include <cstdlib>
#include <cstring>
#include <string>

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include "lte/common/secrets.hpp"

namespace lte::service {

SystemdNotifier::SystemdNotifier(asio::io_context& io) : timer_(io) {
    const char* socket = std::getenv("NOTIFY_SOCKET");
    enabled_ = socket != nullptr && *socket != '\0';
    if (!enabled_) return;
    std::uint64_t usec = 0;
    // unset_environment=0: a re-exec (or a test) must see the same settings.
    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
        watchdog_ = std::chrono::microseconds(usec);
        send("WATCHDOG=1");  // the first ping right away: start-up may take a while
        schedule_ping();
    }
}

SystemdNotifier::~SystemdNotifier() { timer_.cancel(); }

void SystemdNotifier::ready() { send("READY=1"); }

void SystemdNotifier::status(std::string_view text) {
    // STATUS= goes to `systemctl status` and the journal: mask like any log line.
    send("STATUS=" + mask_secrets(text));
}

void SystemdNotifier::stopping() { send("STOPPING=1"); }

void SystemdNotifier::send(std::string_view state) {
    if (!enabled_) return;
    const std::string message(state);
    const int rc = sd_notify(0, message.c_str());
    if (rc < 0) spdlog::debug("sd_notify({}) failed: {}", message, std::strerror(-rc));
}

void SystemdNotifier::schedule_ping() {
    timer_.expires_after(*watchdog_ / 2);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;  // cancelled: we are being destroyed
        send("WATCHDOG=1");
        schedule_ping();
    });
}

}  // namespace lte::service
