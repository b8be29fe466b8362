#include "lte/cli/profile_detection.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lte/at/channel.hpp"
#include "lte/parse/modem_identity.hpp"
#include "lte/serial/serial_port.hpp"

namespace lte::cli {

namespace {

using namespace std::chrono_literals;

std::optional<config::UsbId> usb_id(const service::DeviceInfo& device) {
    try {
        return config::UsbId{static_cast<std::uint16_t>(std::stoul(device.vendor, nullptr, 16)),
                             static_cast<std::uint16_t>(std::stoul(device.product, nullptr, 16))};
    } catch (const std::logic_error&) {
        return std::nullopt;  // sysfs gave no hex id: not a device any profile can name
    }
}

std::vector<const config::Profile*> profiles_with(const std::vector<config::Profile>& profiles, config::UsbId id) {
    std::vector<const config::Profile*> found;
    for (const auto& p : profiles)
        if (std::find(p.usb.begin(), p.usb.end(), id) != p.usb.end()) found.push_back(&p);
    return found;
}

// "Model: SIM7600G-H" as ATI writes it, or the bare model AT+CGMM answers.
std::string without_label(const std::string& line) {
    constexpr std::string_view label = "Model:";
    if (!line.starts_with(label)) return line;
    const auto start = line.find_first_not_of(' ', label.size());
    return start == std::string::npos ? "" : line.substr(start);
}

struct ModelMatch {
    const config::Profile* profile;
    std::string model;  // as the modem named it
};

std::optional<ModelMatch> by_model(const std::vector<const config::Profile*>& candidates,
                                   const std::vector<std::string>& said) {
    for (const auto& line : said) {
        std::string model = without_label(line);
        for (const auto* p : candidates)
            if (p->has_model(model)) return ModelMatch{p, std::move(model)};
    }
    return std::nullopt;
}

std::string names(const std::vector<const config::Profile*>& candidates) {
    std::vector<std::string> out;
    out.reserve(candidates.size());
    for (const auto* p : candidates) out.push_back(p->name);
    return fmt::format("{}", fmt::join(out, " or "));
}

DetectedProfile choose(const std::vector<const config::Profile*>& candidates, const service::DeviceInfo& device,
                       const std::vector<service::DeviceInfo>& devices, const ModelProbe& probe) {
    const std::string id = device.vendor + ":" + device.product;
    if (candidates.size() == 1) return {candidates[0], fmt::format("USB {} is a {}", id, candidates[0]->name)};
    const auto* first = candidates[0];
    service::PortSpec spec{device.vendor, device.product, first->at_interface.value_or(-1),
                           first->data_interface.value_or(-1)};
    const auto ports = service::match_ports(devices, spec);
    if (!ports)
        return {first, fmt::format("USB {} may be a {}; its AT interface {} has no tty to ask: taking {} "
                                   "(set modem.profile to choose)",
                                   id, names(candidates), spec.at_interface, first->name)};
    std::string why;
    const auto said = probe(ports->at_port, why);
    if (said.empty())
        return {first, fmt::format("USB {} may be a {}; {} could not be asked ({}): taking {} "
                                   "(set modem.profile to choose)",
                                   id, names(candidates), ports->at_port, why, first->name)};
    // Only the model goes to the log: ATI's other lines name this very device (its IMEI).
    if (const auto match = by_model(candidates, said))
        return {match->profile, fmt::format("USB {} may be a {}; the modem on {} says model '{}': {}", id,
                                            names(candidates), ports->at_port, match->model, match->profile->name)};
    return {first, fmt::format("USB {} may be a {}; the modem on {} says '{}', which no profile's models: "
                               "names: taking {} (set modem.profile to choose)",
                               id, names(candidates), ports->at_port, said.front(), first->name)};
}

}  // namespace

std::optional<DetectedProfile> detect_profile(const std::vector<config::Profile>& profiles,
                                              const std::vector<service::DeviceInfo>& devices,
                                              const ModelProbe& probe) {
    for (const auto& device : devices) {
        const auto id = usb_id(device);
        if (!id) continue;
        const auto candidates = profiles_with(profiles, *id);
        if (!candidates.empty()) return choose(candidates, device, devices, probe);
    }
    return std::nullopt;
}

std::vector<std::string> ask_model(const std::string& at_tty, std::string& why) {
    asio::io_context io;
    std::unique_ptr<serial::SerialPort> port;
    try {
        port = std::make_unique<serial::SerialPort>(io, at_tty, serial::PortOptions{});
    } catch (const serial::PortError& e) {
        why = e.what();
        return {};
    }
    at::Channel channel(io, *port);
    channel.start();
    std::vector<std::string> said;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            // Echo stays as it is: the channel takes it out, and tells lines before it from the answer.
            const at::Reply cgmm = co_await channel.async_send(at::Command("AT+CGMM", 2s), asio::use_awaitable);
            if (const auto model = cgmm.ok() ? parse::parse_identity(cgmm.lines, "+CGMM:") : std::nullopt)
                said.push_back(*model);
            const at::Reply ati = co_await channel.async_send(at::Command("ATI", 2s), asio::use_awaitable);
            if (ati.ok()) said.insert(said.end(), ati.lines.begin(), ati.lines.end());
            if (said.empty()) why = "AT+CGMM: " + cgmm.describe() + ", ATI: " + ati.describe();
        },
        [&](const std::exception_ptr& e) {
            io.stop();  // the open port keeps the loop busy
            if (!e) return;
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& failure) {
                why = failure.what();
                said.clear();
            }
        });
    io.run();
    channel.close();
    return said;
}

}  // namespace lte::cli
