#pragma once
#include <functional>
#include <memory>

#include "lte/common/asio.hpp"
#include "lte/connection/settings.hpp"

namespace lte::service {

// Calls `changed` on the event loop whenever udev announces a tty being added, changed or removed
// (an sd_device_monitor on udev's netlink group, its sd-event fd watched by Asio): a modem that
// re-enumerates after a reset is seen the moment udev has made its nodes, not at the next poll.
// Destroying it stops the monitor; `changed` is never called afterwards.
class TtyEvents : public connection::PortEvents {
public:
    // Throws std::system_error when the monitor cannot be set up (no netlink, no permission).
    TtyEvents(asio::io_context& io, std::function<void()> changed);
    ~TtyEvents() override;
    TtyEvents(const TtyEvents&) = delete;
    TtyEvents& operator=(const TtyEvents&) = delete;

    // Whether udev runs here at all: without it no event ever comes (a container, an initramfs).
    [[nodiscard]] static bool udev_running();

private:
    struct State;
    static void arm(const std::shared_ptr<State>& state);

    // Shared with the pending wait, which holds it weakly: a wake-up already queued when this is
    // destroyed finds it gone.
    std::shared_ptr<State> state_;
};

}  // namespace lte::service
