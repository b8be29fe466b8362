#pragma once
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "lte/common/asio.hpp"

namespace lte::service {

// One tty that sits on a USB interface, as sd-device reports it.
struct DeviceInfo {
    std::string devnode;        // "/dev/ttyUSB2"
    std::string vendor;         // idVendor of the USB device, "2c7c"
    std::string product;        // idProduct, "0125"
    int interface_number = -1;  // bInterfaceNumber of the USB interface
    std::string syspath;        // the USB device's syspath: tells two identical modems apart
};

// Which USB device and interfaces a modem profile uses (config/profiles/*.yaml).
struct PortSpec {
    std::string vendor;   // hex as in sysfs, case-insensitive: "1e0e"
    std::string product;  // "9001"
    int at_interface = -1;
    int data_interface = -1;
};

struct FoundPorts {
    std::string at_port;
    std::string data_port;
    std::string usb_syspath;
};

// The AT and data ttys of the first modem (by syspath) that matches spec and has both ports.
// Matching is by attributes, never by name, so a re-enumeration (ttyUSB2 -> ttyUSB6) is found.
[[nodiscard]] std::optional<FoundPorts> match_ports(const std::vector<DeviceInfo>& devices, const PortSpec& spec);

// Every initialized tty with a USB parent on this machine, through libsystemd's sd-device.
// Throws std::system_error when sd-device itself fails (no /sys), not when nothing is found.
[[nodiscard]] std::vector<DeviceInfo> enumerate_usb_ttys();

}  // namespace lte::service
