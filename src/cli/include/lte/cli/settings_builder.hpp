#pragma once
#include <stdexcept>
#include <string>

#include "lte/config/config.hpp"
#include "lte/config/search_path.hpp"
#include "lte/connection/settings.hpp"

namespace lte::cli {

struct DialerSetup {
    connection::ConnectionSettings settings;
    std::string profile_name;  // the profile in use, for messages
    std::string ports_text;    // "/dev/ttyUSB2 + /dev/ttyUSB3" or "USB 1e0e:9001 interfaces 2/3"
};

// modem.profile is auto, no port is configured and no modem any profile knows is on USB (yet: at
// boot a modem may enumerate seconds after the daemon starts). The daemon waits for one.
struct NoModemFound : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Turns a checked Config into what a Connection runs: the profile (by name, or by the USB id of
// a modem present when it is "auto"), how to find the ports (fixed paths, or sd-device by USB id
// and interface each time, since ttyUSB numbers move), the sequence and its variables, pppd's
// options. Throws NoModemFound, or std::runtime_error with a message for the user.
DialerSetup build_setup(const config::Config& config, const config::SearchPath& profile_dirs,
                        const config::SearchPath& sequence_dirs);

}  // namespace lte::cli
