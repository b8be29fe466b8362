#include "lte/cli/settings_builder.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "lte/cli/profile_detection.hpp"
#include "lte/config/profile.hpp"
#include "lte/sequence/loader.hpp"
#include "lte/service/port_discovery.hpp"
#include "lte/service/tty_events.hpp"

namespace lte::cli {

namespace {

std::string hex4(std::uint16_t v) { return fmt::format("{:04x}", v); }

const config::Profile* find_by_name(const std::vector<config::Profile>& profiles, const std::string& name) {
    for (const auto& p : profiles)
        if (p.name == name) return &p;
    return nullptr;
}

// "1e0e:9001 sim7000/sim7600, 2c7c:0125 ec25": what profile auto looks for.
std::string known_usb_ids(const std::vector<config::Profile>& profiles) {
    std::vector<std::pair<std::string, std::string>> ids;  // id, profile names
    for (const auto& p : profiles)
        for (const auto& id : p.usb) {
            const std::string text = hex4(id.vid) + ":" + hex4(id.pid);
            auto it = std::find_if(ids.begin(), ids.end(), [&](const auto& e) { return e.first == text; });
            if (it == ids.end())
                ids.emplace_back(text, p.name);
            else
                it->second += "/" + p.name;
        }
    std::string out;
    for (const auto& [id, names] : ids) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", id, names);
    return out.empty() ? "no profile names a USB id" : "looked for " + out;
}

std::optional<connection::PortPaths> fixed_ports(const std::string& at, const std::string& data) {
    if (!std::filesystem::exists(at) || !std::filesystem::exists(data)) return std::nullopt;
    return connection::PortPaths{at, data};
}

// Timeouts set in the configuration rule the sequence's: how long to wait for the network and for
// CONNECT is the operator's call; timeouts.command goes to the steps that set none of their own.
void apply_timeouts(std::vector<sequence::Step>& steps, const config::Timeouts& timeouts) {
    for (auto& step : steps) {
        if (auto* send = std::get_if<sequence::SendStep>(&step.action)) {
            if (send->port == sequence::Port::Data && timeouts.connect)
                send->timeout = *timeouts.connect;
            else if (send->port == sequence::Port::At && !send->timeout_explicit && timeouts.command)
                send->timeout = *timeouts.command;
        } else if (auto* wait = std::get_if<sequence::WaitRegisteredStep>(&step.action)) {
            if (timeouts.registration) wait->timeout = *timeouts.registration;
            apply_timeouts(wait->not_searching, timeouts);
        } else if (auto* when = std::get_if<sequence::WhenStep>(&step.action)) {
            apply_timeouts(when->steps, timeouts);
            apply_timeouts(when->finally, timeouts);
        }
    }
}

}  // namespace

DialerSetup build_setup(const config::Config& cfg, const config::SearchPath& profile_dirs,
                        const config::SearchPath& sequence_dirs) {
    DialerSetup setup;
    const auto profiles = config::load_profiles(profile_dirs);
    const config::Profile* profile = nullptr;
    const bool ports_given = !cfg.at_port.empty();
    if (cfg.profile == "auto") {
        if (const auto detected = detect_profile(profiles, service::enumerate_usb_ttys(), ask_model)) {
            profile = detected->profile;
            spdlog::info("profile auto: {}", detected->reason);
        }
        // With ports configured, or a generic profile that names some, there is something to open.
        if (!profile) profile = find_by_name(profiles, "generic");
        if (!ports_given && (!profile || profile->at_port.empty()))
            throw NoModemFound("no modem any profile knows is on USB (" + known_usb_ids(profiles) +
                               ") and no modem.at_port is set: plug the modem in, or set modem.profile and "
                               "modem.at_port in " +
                               cfg.source);
    } else {
        profile = find_by_name(profiles, cfg.profile);
        if (!profile) {
            // A configuration error like any other: file:line:column, exit 2 (not a retry).
            std::string known;
            for (const auto& p : profiles) known += (known.empty() ? "" : ", ") + p.name;
            const auto& mark = cfg.profile_mark;
            throw config::ConfigError(cfg.source, mark.is_null() ? 0 : mark.line + 1,
                                      mark.is_null() ? 0 : mark.column + 1,
                                      "unknown modem profile '" + cfg.profile + "' (known: " + known +
                                          "; or auto); set modem.profile to one of them");
        }
    }
    const config::Profile fallback{};
    const config::Profile& prof = profile ? *profile : fallback;
    setup.profile_name = profile ? prof.name : "none";

    // Ports: configured paths win; otherwise the profile's USB id and interfaces, looked up anew
    // each time; otherwise the profile's usual device names.
    if (ports_given) {
        const std::string at = cfg.at_port;
        const std::string data = !cfg.data_port.empty() ? cfg.data_port : at;
        setup.settings.locate_ports = [at, data] { return fixed_ports(at, data); };
        setup.ports_text = at == data ? at : at + " + " + data;
    } else if (!prof.usb.empty() && prof.at_interface && prof.data_interface) {
        std::vector<service::PortSpec> specs;
        for (const auto& id : prof.usb)
            specs.push_back({hex4(id.vid), hex4(id.pid), *prof.at_interface, *prof.data_interface});
        setup.settings.locate_ports = [specs]() -> std::optional<connection::PortPaths> {
            const auto devices = service::enumerate_usb_ttys();
            for (const auto& spec : specs)
                if (const auto found = service::match_ports(devices, spec))
                    return connection::PortPaths{found->at_port, found->data_port};
            return std::nullopt;
        };
        // A reset re-enumerates the modem: udev's tty events say when to look again.
        setup.settings.watch_ports = [](asio::io_context& io,
                                        std::function<void()> changed) -> std::unique_ptr<connection::PortEvents> {
            if (!service::TtyEvents::udev_running()) return nullptr;
            return std::make_unique<service::TtyEvents>(io, std::move(changed));
        };
        setup.ports_text = fmt::format("USB {}:{} interfaces {}/{}", specs[0].vendor, specs[0].product,
                                       *prof.at_interface, *prof.data_interface);
    } else if (!prof.at_port.empty()) {
        const std::string at = prof.at_port;
        const std::string data = prof.data_port.empty() ? at : prof.data_port;
        setup.settings.locate_ports = [at, data] { return fixed_ports(at, data); };
        setup.ports_text = at == data ? at : at + " + " + data;
    } else {
        throw std::runtime_error("profile " + prof.name + " names no ports: set modem.at_port in " + cfg.source);
    }

    auto& s = setup.settings;
    s.port_options.baud = static_cast<unsigned>(cfg.baud);
    s.port_options.rtscts = cfg.rtscts;
    s.urc_prefixes = prof.urcs;
    const std::string sequence_name = !cfg.sequence.empty() ? cfg.sequence : prof.sequence;
    s.sequence = sequence::load_sequence(config::resolve_file(sequence_name, sequence_dirs, "sequences"));
    s.variables = config::sequence_variables(cfg, prof);

    s.ppp.pppd_path = cfg.pppd.path;
    s.ppp.user = cfg.auth == config::Auth::None ? "" : cfg.user;
    s.ppp.default_route = cfg.pppd.defaultroute;
    s.ppp.default_route_metric = static_cast<unsigned>(cfg.pppd.defaultroute_metric);
    s.ppp.use_peer_dns = cfg.pppd.usepeerdns;
    s.ppp.lcp_echo_interval = static_cast<unsigned>(cfg.pppd.lcp_echo_interval);
    s.ppp.lcp_echo_failure = static_cast<unsigned>(cfg.pppd.lcp_echo_failure);
    s.ppp.hardware_flow_control = cfg.rtscts;
    s.ppp.extra_options = cfg.pppd.options;
    // Per instance: pid file /run/ppp-<link>.pid, and the hook's 6th argument. A user's own
    // `ipparam` in pppd.options comes later on the command line, and pppd takes the last.
    s.ppp.link_name = ppp::link_name_for_instance(cfg.instance);
    s.ppp.ipparam = s.ppp.link_name;
    ppp::validate_user_options(s.ppp.extra_options);
    s.password = cfg.auth == config::Auth::None ? "" : cfg.password;

    apply_timeouts(s.sequence.steps, cfg.timeouts);
    s.recovery.redials = static_cast<unsigned>(cfg.reconnect.redial_attempts);
    s.recovery.radio_cycles = static_cast<unsigned>(cfg.reconnect.radio_cycle_attempts);
    s.recovery.resets = static_cast<unsigned>(cfg.reconnect.reset_attempts);
    s.recovery.backoff_initial = cfg.reconnect.backoff_initial;
    s.recovery.backoff_max = cfg.reconnect.backoff_max;
    s.recovery.stable_after = cfg.reconnect.stable_after;
    s.recovery.max_failures = static_cast<unsigned>(cfg.pppd.maxfail);
    s.recovery.holdoff = cfg.pppd.holdoff;
    s.monitor_interval = cfg.monitor.interval;
    s.probe.interval = cfg.probe.interval;
    s.probe.failures = static_cast<unsigned>(cfg.probe.failures);
    s.probe.name = cfg.probe.name;
    s.probe.server = cfg.probe.server;
    s.probe.port = static_cast<std::uint16_t>(cfg.probe.port);
    s.ppp_up_timeout = cfg.timeouts.ppp_up;
    s.reset_command = prof.reset_command;
    s.serving_cell_command = prof.serving_cell_command;
    return setup;
}

}  // namespace lte::cli
