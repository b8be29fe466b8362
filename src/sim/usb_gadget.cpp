#include "lte/sim/usb_gadget.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <stdexcept>
#include <vector>

namespace lte::sim {

namespace fs = std::filesystem;

namespace {

std::string read_line(const fs::path& file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return line;
}

// configfs attributes take one write(2) each; an error (EBUSY, ENODEV) is the kernel's answer.
void write_attribute(const fs::path& file, const std::string& value) {
    std::ofstream out(file);
    out << value << '\n' << std::flush;
    if (!out)
        throw std::runtime_error("cannot write '" + value + "' to " + file.string() + ": " + std::strerror(errno));
}

std::string first_free_udc(const fs::path& gadget_dir, const fs::path& udc_class) {
    std::set<std::string> taken;
    std::error_code ec;
    for (const auto& other : fs::directory_iterator(gadget_dir.parent_path(), ec))
        if (other.path() != gadget_dir) taken.insert(read_line(other.path() / "UDC"));
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(udc_class, ec)) names.push_back(entry.path().filename());
    std::sort(names.begin(), names.end());
    for (const auto& name : names)
        if (!taken.contains(name)) return name;
    throw std::runtime_error("no free USB device controller in " + udc_class.string() +
                             " (load dummy_hcd, or name one with --udc)");
}

}  // namespace

UsbGadget::UsbGadget(fs::path dir, std::string udc, fs::path dev_dir, const fs::path& udc_class)
    : dir_(std::move(dir)), dev_dir_(std::move(dev_dir)), udc_(std::move(udc)) {
    if (!fs::exists(dir_ / "UDC"))
        throw std::runtime_error(dir_.string() + " is not a USB gadget (no UDC file; is configfs mounted?)");
    if (udc_.empty()) udc_ = first_free_udc(dir_, udc_class);
}

std::string UsbGadget::tty_of(std::string_view function) const {
    const fs::path file = dir_ / "functions" / std::string(function) / "port_num";
    const std::string num = read_line(file);
    if (num.empty() || !std::all_of(num.begin(), num.end(), [](char c) { return c >= '0' && c <= '9'; }))
        throw std::runtime_error("no serial port number in " + file.string() + " (a gser or acm function?)");
    return (dev_dir_ / ("ttyGS" + num)).string();
}

bool UsbGadget::plugged() const { return !read_line(dir_ / "UDC").empty(); }

void UsbGadget::plug() {
    if (!plugged()) write_attribute(dir_ / "UDC", udc_);
}

void UsbGadget::unplug() {
    if (plugged()) write_attribute(dir_ / "UDC", "");
}

}  // namespace lte::sim
