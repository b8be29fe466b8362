#pragma once
#include <functional>
#include <optional>

#include "lte/cli/settings_builder.hpp"
#include "lte/common/asio.hpp"
#include "lte/service/systemd_notifier.hpp"

namespace lte::cli {

// The daemon's start with profile auto when the modem is not on USB yet (at boot a SIM7600
// enumerates some 15 s after power-on; a modem may be plugged in later): instead of failing and
// being restarted by systemd, which spends the unit's start limit on a normal boot, it says once
// what it waits for and builds the setup again at each udev tty event, and every 5 s without udev.
// `build(reload)` returns the setup or throws NoModemFound; at SIGHUP it is called with reload set
// and reads the configuration again (an error then is logged and the old one kept, as when online);
// anything else it throws at a plain retry passes through. Returns nullopt when SIGINT or
// SIGTERM came first. Runs `io` itself (the watchdog keeps being pinged) and leaves it ready to run.
std::optional<DialerSetup> wait_for_modem(asio::io_context& io, service::SystemdNotifier& notifier,
                                          const std::function<DialerSetup(bool reload)>& build);

}  // namespace lte::cli
