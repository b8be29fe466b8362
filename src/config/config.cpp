#include "lte/config/config.hpp"

#include <grp.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "lte/common/secrets.hpp"

namespace lte::config {
namespace {

using sequence::YamlReader;

// Values that end up inside AT commands are checked here, where the file position is known.
std::string at_safe(const YamlReader& yaml, const YAML::Node& node, std::string_view what) {
    auto value = yaml.string(node, what);
    if (const char* why = sequence::unsafe_for_at(value))
        yaml.fail(node, fmt::format("{} contains {}, which cannot be sent inside an AT command", what, why));
    return value;
}

void read_modem(const YamlReader& yaml, const YAML::Node& modem, Config& c) {
    yaml.expect_map(modem, "modem");
    yaml.check_keys(modem, {"profile", "at_port", "data_port", "sequence", "baud", "rtscts", "sim_pin", "wait_for_sim"},
                    "modem");
    if (modem["profile"]) c.profile = yaml.string(modem["profile"], "modem.profile");
    if (modem["at_port"]) c.at_port = yaml.string(modem["at_port"], "modem.at_port");
    if (modem["data_port"]) c.data_port = yaml.string(modem["data_port"], "modem.data_port");
    if (modem["sequence"]) c.sequence = yaml.string(modem["sequence"], "modem.sequence");
    if (modem["baud"]) c.baud = static_cast<int>(yaml.integer(modem["baud"], "modem.baud", 300, 4000000));
    if (modem["rtscts"]) c.rtscts = yaml.boolean(modem["rtscts"], "modem.rtscts");
    if (modem["wait_for_sim"]) c.wait_for_sim = yaml.boolean(modem["wait_for_sim"], "modem.wait_for_sim");
    if (modem["sim_pin"]) {
        c.sim_pin = yaml.string(modem["sim_pin"], "modem.sim_pin");
        SecretRegistry::instance().add(c.sim_pin);
        const bool digits = c.sim_pin.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || c.sim_pin.size() < 4 || c.sim_pin.size() > 8)
            yaml.fail(modem["sim_pin"], "modem.sim_pin must be the SIM's PIN: 4 to 8 digits, e.g. \"0000\"");
    }
}

void read_timeouts(const YamlReader& yaml, const YAML::Node& node, Timeouts& t) {
    yaml.expect_map(node, "timeouts");
    yaml.check_keys(node, {"command", "registration", "connect", "ppp_up"}, "timeouts");
    if (node["command"]) t.command = yaml.duration(node["command"], "timeouts.command");
    if (node["registration"]) t.registration = yaml.duration(node["registration"], "timeouts.registration");
    if (node["connect"]) t.connect = yaml.duration(node["connect"], "timeouts.connect");
    if (node["ppp_up"]) t.ppp_up = yaml.duration(node["ppp_up"], "timeouts.ppp_up");
}

void read_pppd(const YamlReader& yaml, const YAML::Node& node, PppdOptions& p) {
    yaml.expect_map(node, "pppd");
    yaml.check_keys(node,
                    {"path", "options", "lcp_echo_interval", "lcp_echo_failure", "defaultroute", "defaultroute_metric",
                     "usepeerdns", "maxfail", "holdoff"},
                    "pppd");
    if (node["path"]) p.path = yaml.string(node["path"], "pppd.path");
    if (node["options"]) p.options = yaml.strings(node["options"], "pppd.options");
    if (node["lcp_echo_interval"])
        p.lcp_echo_interval =
            static_cast<int>(yaml.integer(node["lcp_echo_interval"], "pppd.lcp_echo_interval", 0, 3600));
    if (node["lcp_echo_failure"])
        p.lcp_echo_failure = static_cast<int>(yaml.integer(node["lcp_echo_failure"], "pppd.lcp_echo_failure", 1, 100));
    if (node["defaultroute"]) p.defaultroute = yaml.boolean(node["defaultroute"], "pppd.defaultroute");
    if (node["defaultroute_metric"])
        p.defaultroute_metric =
            static_cast<int>(yaml.integer(node["defaultroute_metric"], "pppd.defaultroute_metric", 0, 2147483647));
    if (node["usepeerdns"]) p.usepeerdns = yaml.boolean(node["usepeerdns"], "pppd.usepeerdns");
    if (node["maxfail"]) p.maxfail = static_cast<int>(yaml.integer(node["maxfail"], "pppd.maxfail", 0, 1000000));
    if (node["holdoff"]) p.holdoff = yaml.duration(node["holdoff"], "pppd.holdoff");
}

void read_reconnect(const YamlReader& yaml, const YAML::Node& node, Reconnect& r) {
    yaml.expect_map(node, "reconnect");
    yaml.check_keys(
        node,
        {"backoff_initial", "backoff_max", "redial_attempts", "radio_cycle_attempts", "reset_attempts", "stable_after"},
        "reconnect");
    if (node["backoff_initial"])
        r.backoff_initial = yaml.duration(node["backoff_initial"], "reconnect.backoff_initial");
    if (node["backoff_max"]) r.backoff_max = yaml.duration(node["backoff_max"], "reconnect.backoff_max");
    if (r.backoff_max < r.backoff_initial)
        yaml.fail(node["backoff_max"] ? node["backoff_max"] : node,
                  "reconnect.backoff_max must not be below backoff_initial");
    if (node["redial_attempts"])
        r.redial_attempts =
            static_cast<int>(yaml.integer(node["redial_attempts"], "reconnect.redial_attempts", 0, 1000));
    if (node["radio_cycle_attempts"])
        r.radio_cycle_attempts =
            static_cast<int>(yaml.integer(node["radio_cycle_attempts"], "reconnect.radio_cycle_attempts", 0, 1000));
    if (node["reset_attempts"])
        r.reset_attempts = static_cast<int>(yaml.integer(node["reset_attempts"], "reconnect.reset_attempts", 0, 1000));
    if (node["stable_after"]) r.stable_after = yaml.duration(node["stable_after"], "reconnect.stable_after");
}

void read_probe(const YamlReader& yaml, const YAML::Node& node, Probe& p) {
    yaml.expect_map(node, "probe");
    yaml.check_keys(node, {"interval", "failures", "name", "server", "port"}, "probe");
    if (node["interval"]) p.interval = yaml.duration(node["interval"], "probe.interval");
    if (node["failures"]) p.failures = static_cast<int>(yaml.integer(node["failures"], "probe.failures", 1, 100));
    if (node["name"]) p.name = yaml.string(node["name"], "probe.name");
    if (node["server"]) p.server = yaml.string(node["server"], "probe.server");
    if (node["port"]) p.port = static_cast<int>(yaml.integer(node["port"], "probe.port", 1, 65535));
}

// A group by number, or by a name that must exist: a typo fails at check-config, not at the first
// `lte-dialer status` that is refused.
void read_control(const YamlReader& yaml, const YAML::Node& node, Control& c) {
    yaml.expect_map(node, "control");
    yaml.check_keys(node, {"group"}, "control");
    if (!node["group"]) return;
    c.group_name = yaml.string(node["group"], "control.group");
    if (c.group_name.empty()) yaml.fail(node["group"], "control.group is empty: name a group, or leave the key out");
    std::vector<char> buffer(4096);
    group entry{};
    group* found = nullptr;
    const bool numeric = c.group_name.find_first_not_of("0123456789") == std::string::npos;
    if (numeric && c.group_name.size() <= 9) {
        c.group = static_cast<gid_t>(std::stoul(c.group_name));
        return;
    }
    int rc = 0;
    while ((rc = ::getgrnam_r(c.group_name.c_str(), &entry, buffer.data(), buffer.size(), &found)) == ERANGE &&
           buffer.size() < (1U << 20))
        buffer.resize(buffer.size() * 2);
    if (!found)
        yaml.fail(node["group"], fmt::format("control.group: no group named '{}' on this system{}", c.group_name,
                                             rc != 0 ? fmt::format(" ({})", std::strerror(rc)) : std::string()));
    c.group = found->gr_gid;
}

Config read(const YamlReader& yaml, const YAML::Node& root) {
    Config c;
    c.source = yaml.file();
    if (!root.IsMap()) yaml.fail(root, "the configuration must be a mapping with at least 'apn'");
    yaml.check_keys(root,
                    {"modem", "apn", "user", "password", "auth", "pdp_type", "cid", "timeouts", "pppd", "reconnect",
                     "probe", "control", "log_level", "insecure_permissions"},
                    "the configuration");
    if (root["modem"]) read_modem(yaml, root["modem"], c);
    if (!root["apn"]) yaml.fail(root, "missing 'apn' (the access point name your operator gave you)");
    c.apn = at_safe(yaml, root["apn"], "apn");
    if (root["user"]) c.user = at_safe(yaml, root["user"], "user");
    if (root["password"]) c.password = at_safe(yaml, root["password"], "password");
    SecretRegistry::instance().add(c.password);
    if (root["auth"]) {
        const auto auth = yaml.choice(root["auth"], "auth", {"none", "pap", "chap", "auto"});
        c.auth = auth == "none" ? Auth::None : auth == "pap" ? Auth::Pap : auth == "chap" ? Auth::Chap : Auth::Auto;
    }
    if (root["pdp_type"]) {
        const auto type = yaml.choice(root["pdp_type"], "pdp_type", {"ipv4", "ipv6", "ipv4v6"});
        c.pdp_type = type == "ipv4" ? PdpType::Ipv4 : type == "ipv6" ? PdpType::Ipv6 : PdpType::Ipv4v6;
    }
    if (root["cid"]) c.cid = static_cast<int>(yaml.integer(root["cid"], "cid", 1, 24));
    if (root["timeouts"]) read_timeouts(yaml, root["timeouts"], c.timeouts);
    if (root["pppd"]) read_pppd(yaml, root["pppd"], c.pppd);
    if (root["reconnect"]) read_reconnect(yaml, root["reconnect"], c.reconnect);
    if (root["probe"]) read_probe(yaml, root["probe"], c.probe);
    if (root["control"]) read_control(yaml, root["control"], c.control);
    if (root["log_level"])
        c.log_level =
            yaml.choice(root["log_level"], "log_level", {"trace", "debug", "info", "warn", "error", "critical", "off"});
    if (root["insecure_permissions"])
        c.insecure_permissions =
            yaml.choice(root["insecure_permissions"], "insecure_permissions", {"refuse", "warn"}) == "refuse"
                ? PermissionPolicy::Refuse
                : PermissionPolicy::Warn;
    if (c.auth != Auth::None && c.auth != Auth::Auto && c.user.empty() && c.password.empty())
        c.warnings.push_back(fmt::format("{}: auth is {} but no user or password is set", c.source,
                                         c.auth == Auth::Pap ? "pap" : "chap"));
    return c;
}

void check_permissions(Config& c) {
    struct stat st {};
    if ((c.password.empty() && c.sim_pin.empty()) || ::stat(c.source.c_str(), &st) != 0 ||
        (st.st_mode & (S_IRGRP | S_IROTH)) == 0)
        return;
    const auto problem = fmt::format("holds a {} but is readable by {} (mode {:04o}); run: chmod 600 {}",
                                     c.password.empty() ? "SIM PIN" : "password",
                                     (st.st_mode & S_IROTH) ? "everyone" : "its group", st.st_mode & 07777, c.source);
    if (c.insecure_permissions == PermissionPolicy::Refuse)
        throw ConfigError(c.source, 0, 0, problem + " (insecure_permissions: refuse)");
    c.warnings.push_back(fmt::format("{}: {}", c.source, problem));
}

std::string checked_override(const std::string& option, const std::string& value) {
    if (const char* why = sequence::unsafe_for_at(value))
        throw std::invalid_argument(
            fmt::format("{} contains {}, which cannot be sent inside an AT command", option, why));
    return value;
}

}  // namespace

const char* pdp_type_at(PdpType type) noexcept {
    switch (type) {
        case PdpType::Ipv4: return "IP";
        case PdpType::Ipv6: return "IPV6";
        case PdpType::Ipv4v6: return "IPV4V6";
    }
    return "IP";
}

Config parse_config(const std::string& text, const std::string& source) {
    const YamlReader yaml(source);
    return read(yaml, yaml.parse(text));
}

Config load_config(const std::filesystem::path& file) {
    const YamlReader yaml(file.string());
    auto config = read(yaml, yaml.parse_file());
    check_permissions(config);
    return config;
}

void apply_overrides(Config& c, const Overrides& o) {
    if (o.profile) c.profile = *o.profile;
    if (o.at_port) c.at_port = *o.at_port;
    if (o.data_port) c.data_port = *o.data_port;
    if (o.sequence) c.sequence = *o.sequence;
    if (o.apn) c.apn = checked_override("--apn", *o.apn);
    if (o.user) c.user = checked_override("--user", *o.user);
    if (o.password) {
        c.password = checked_override("--password", *o.password);
        SecretRegistry::instance().add(c.password);
    }
    if (o.log_level) c.log_level = *o.log_level;
    if (o.cid) {
        if (*o.cid < 1 || *o.cid > 24) throw std::invalid_argument("--cid must be between 1 and 24");
        c.cid = *o.cid;
    }
    if (o.baud) {
        if (*o.baud < 300) throw std::invalid_argument("--baud must be at least 300");
        c.baud = *o.baud;
    }
    if (o.rtscts) c.rtscts = *o.rtscts;
}

sequence::Variables sequence_variables(const Config& c, const Profile& profile) {
    const bool no_credentials = c.user.empty() && c.password.empty();
    const int auth = c.auth == Auth::None   ? 0
                     : c.auth == Auth::Pap  ? 1
                     : c.auth == Auth::Chap ? 2
                     : no_credentials       ? 0
                                            : profile.auth_auto_code;
    sequence::Variables vars;
    vars.set("apn", c.apn);
    vars.set("user", c.user);
    vars.set("password", c.password, true);
    vars.set("pdp_type", pdp_type_at(c.pdp_type));
    vars.set("auth", std::to_string(auth));
    vars.set("cid", std::to_string(c.cid));
    const bool password_first = profile.cgauth_order == CgauthOrder::PasswordFirst;
    vars.set("auth_arg1", password_first ? c.password : c.user);
    vars.set("auth_arg2", password_first ? c.user : c.password);
    vars.set("ifc", c.rtscts ? "2,2" : "0,0");
    vars.set("sim_pin", c.sim_pin, true);
    vars.set("wait_for_sim", c.wait_for_sim ? "yes" : "no");
    return vars;
}

}  // namespace lte::config
