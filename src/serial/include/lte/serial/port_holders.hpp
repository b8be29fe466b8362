#pragma once
#include <string>
#include <vector>

namespace lte::serial {

// Processes (other than this one) that have the device open, as "PID (comm)", found through
// /proc/*/fd. Lets a "port busy" error say who holds the port, e.g. ModemManager. For a pty, the
// process holding its master as well (a terminal, lte-modem-sim) is the far end, not listed.
std::vector<std::string> port_holders(const std::string& device_path);

// "PID (comm)" for one process, e.g. the owner named in a UUCP lock file.
std::string process_text(const std::string& pid);

// "; held by PID (comm) ..." for a message, or "" when no other process has the device open.
std::string holders_text(const std::string& device_path);

}  // namespace lte::serial
