#pragma once
#include <string>
#include <vector>

namespace lte::serial {

// Processes (other than this one) that have the device open, as "PID (comm)", found through
// /proc/*/fd. Lets a "port busy" error say who holds the port, e.g. ModemManager.
std::vector<std::string> port_holders(const std::string& device_path);

}  // namespace lte::serial
