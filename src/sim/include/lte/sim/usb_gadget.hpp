#pragma once
// The simulated modem as a real USB device: a gadget the kernel's configfs describes (made by
// tests/system/gadget.sh, or by hand), plugged into the host by binding it to a USB device
// controller (UDC) and unplugged by unbinding it. On this side its serial functions are
// /dev/ttyGS<port_num>; on the host side the driver for its USB id (option for 1e0e:9001) makes
// them /dev/ttyUSB*.
#include <filesystem>
#include <string>
#include <string_view>

namespace lte::sim {

class UsbGadget {
public:
    // `dir`: /sys/kernel/config/usb_gadget/<name>. `udc`: the controller to bind; empty: the first
    // one in `udc_class` that no other gadget beside `dir` is bound to. Throws std::runtime_error
    // naming the file when `dir` is not a gadget or no controller is free.
    UsbGadget(std::filesystem::path dir, std::string udc, std::filesystem::path dev_dir = "/dev",
              const std::filesystem::path& udc_class = "/sys/class/udc");

    // The gadget-side tty of a serial function, e.g. "gser.at" -> /dev/ttyGS2 (its port_num).
    [[nodiscard]] std::string tty_of(std::string_view function) const;
    // Binds the gadget: the host enumerates it. Throws naming the UDC file on failure.
    void plug();
    // Unbinds it: the host sees the device disconnect. Nothing when already unbound.
    void unplug();
    [[nodiscard]] bool plugged() const;
    [[nodiscard]] const std::string& udc() const noexcept { return udc_; }

private:
    std::filesystem::path dir_;
    std::filesystem::path dev_dir_;
    std::string udc_;
};

}  // namespace lte::sim
