#include "lte/service/port_discovery.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <system_error>

#include <spdlog/spdlog.h>
#include <systemd/sd-device.h>

namespace lte::service {
namespace {

bool same_hex(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

struct EnumeratorUnref {
    void operator()(sd_device_enumerator* e) const { sd_device_enumerator_unref(e); }
};

std::string attribute(sd_device* device, const char* name) {
    const char* value = nullptr;
    return sd_device_get_sysattr_value(device, name, &value) >= 0 && value ? value : "";
}

std::optional<DeviceInfo> describe(sd_device* tty) {
    // Only devices udev has finished with: their node exists with its final owner and mode.
    if (sd_device_get_is_initialized(tty) <= 0) return std::nullopt;
    const char* devnode = nullptr;
    sd_device* interface = nullptr;
    sd_device* usb = nullptr;
    const char* syspath = nullptr;
    if (sd_device_get_devname(tty, &devnode) < 0 ||
        sd_device_get_parent_with_subsystem_devtype(tty, "usb", "usb_interface", &interface) < 0 ||
        sd_device_get_parent_with_subsystem_devtype(tty, "usb", "usb_device", &usb) < 0 ||
        sd_device_get_syspath(usb, &syspath) < 0)
        return std::nullopt;
    DeviceInfo info{devnode, attribute(usb, "idVendor"), attribute(usb, "idProduct"), -1, syspath};
    const std::string number = attribute(interface, "bInterfaceNumber");  // two hex digits, "02"
    try {
        info.interface_number = std::stoi(number, nullptr, 16);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    return info;
}

}  // namespace

std::optional<FoundPorts> match_ports(const std::vector<DeviceInfo>& devices, const PortSpec& spec) {
    std::map<std::string, FoundPorts> by_modem;  // ordered by syspath: the same modem wins every time
    for (const auto& d : devices) {
        if (!same_hex(d.vendor, spec.vendor) || !same_hex(d.product, spec.product)) continue;
        auto& found = by_modem[d.syspath];
        found.usb_syspath = d.syspath;
        if (d.interface_number == spec.at_interface) found.at_port = d.devnode;
        if (d.interface_number == spec.data_interface) found.data_port = d.devnode;
    }
    for (const auto& [syspath, found] : by_modem)
        if (!found.at_port.empty() && !found.data_port.empty()) return found;
    return std::nullopt;
}

std::vector<DeviceInfo> enumerate_usb_ttys() {
    sd_device_enumerator* raw = nullptr;
    if (const int rc = sd_device_enumerator_new(&raw); rc < 0)
        throw std::system_error(-rc, std::generic_category(), "sd_device_enumerator_new");
    std::unique_ptr<sd_device_enumerator, EnumeratorUnref> enumerator(raw);
    if (const int rc = sd_device_enumerator_add_match_subsystem(raw, "tty", 1); rc < 0)
        throw std::system_error(-rc, std::generic_category(), "sd_device_enumerator_add_match_subsystem(tty)");
    std::vector<DeviceInfo> devices;
    for (sd_device* tty = sd_device_enumerator_get_device_first(raw); tty;
         tty = sd_device_enumerator_get_device_next(raw)) {
        if (auto info = describe(tty)) devices.push_back(std::move(*info));
    }
    return devices;
}

}  // namespace lte::service
