#include "lte/cli/modem_wait.hpp"

#include <signal.h>

#include <memory>
#include <optional>
#include <system_error>

#include <spdlog/spdlog.h>

#include "lte/service/tty_events.hpp"

namespace lte::cli {

namespace {

using namespace std::chrono_literals;

// Without udev (a container) no tty event ever comes; with it the poll is only a safety net.
constexpr auto kPoll = 5s;

std::unique_ptr<service::TtyEvents> tty_events(asio::io_context& io, const std::function<void(bool)>& retry) {
    if (!service::TtyEvents::udev_running()) return nullptr;
    try {
        return std::make_unique<service::TtyEvents>(io, [retry] { retry(false); });
    } catch (const std::system_error& e) {
        spdlog::warn("no udev tty events ({}): looking for the modem every {} s", e.what(), kPoll.count());
        return nullptr;
    }
}

}  // namespace

std::optional<DialerSetup> wait_for_modem(asio::io_context& io, service::SystemdNotifier& notifier,
                                          const std::function<DialerSetup(bool)>& build) {
    // Taken before anything is said, so a SIGHUP right after STATUS= finds its handler.
    asio::signal_set signals(io, SIGINT, SIGTERM, SIGHUP);
    try {
        return build(false);
    } catch (const NoModemFound& e) {
        spdlog::warn("{}; waiting for it", e.what());
        notifier.status("waiting for a modem on USB");
    }
    std::optional<DialerSetup> setup;
    bool done = false;
    const auto retry = [&](bool reload) {
        if (done) return;
        try {
            setup = build(reload);
            done = true;
        } catch (const NoModemFound& e) {
            if (reload) spdlog::warn("{}; still waiting", e.what());
        } catch (const std::exception& e) {
            if (!reload) throw;  // a start's error ends the start, as without the wait
            spdlog::error("SIGHUP: configuration not reloaded: {}", e.what());
        }
    };
    asio::steady_timer poll(io);
    std::function<void()> arm_poll = [&] {
        poll.expires_after(kPoll);
        poll.async_wait([&](const boost::system::error_code& ec) {
            if (ec || done) return;
            retry(false);
            arm_poll();
        });
    };
    std::function<void()> wait_signal = [&] {
        signals.async_wait([&](const boost::system::error_code& ec, int signo) {
            if (ec || done) return;
            if (signo != SIGHUP) {
                spdlog::info("signal {}: stopped while waiting for the modem", signo);
                done = true;
                return;
            }
            retry(true);
            wait_signal();
        });
    };
    const auto events = tty_events(io, retry);
    arm_poll();
    wait_signal();
    while (!done && io.run_one() > 0) {
    }
    poll.cancel();
    signals.cancel();
    io.poll();  // the cancelled waits' handlers, while what they refer to is still here
    io.restart();
    return setup;
}

}  // namespace lte::cli
