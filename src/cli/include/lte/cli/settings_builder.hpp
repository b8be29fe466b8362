#pragma once
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

// Turns a checked Config into what a Connection runs: the profile (by name, or by the USB id of
// a modem present when it is "auto"), how to find the ports (fixed paths, or sd-device by USB id
// and interface each time, since ttyUSB numbers move), the sequence and its variables, pppd's
// options. Throws std::runtime_error with a message for the user.
DialerSetup build_setup(const config::Config& config, const config::SearchPath& profile_dirs,
                        const config::SearchPath& sequence_dirs);

}  // namespace lte::cli
