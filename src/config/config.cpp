#include "lte/config/config.hpp"

#include <grp.h>

#include <cerrno>
#include <cstring>
#include <span>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "lte/common/secrets.hpp"
#include "lte/config/checks.hpp"

namespace lte::config {

const std::vector<KeySection>& accepted_keys() {
    static const std::vector<KeySection> sections{
        {"",
         {"modem", "apn", "user", "password", "auth", "pdp_type", "cid", "timeouts", "pppd", "reconnect", "probe",
          "control", "monitor", "budget", "metrics", "hooks", "log_level", "insecure_permissions"}},
        {"modem", {"profile", "at_port", "data_port", "sequence", "baud", "rtscts", "sim_pin", "wait_for_sim"}},
        {"timeouts", {"command", "registration", "connect", "ppp_up"}},
        {"pppd",
         {"path", "options", "lcp_echo_interval", "lcp_echo_failure", "defaultroute", "defaultroute_metric",
          "usepeerdns", "maxfail", "holdoff"}},
        {"reconnect",
         {"backoff_initial", "backoff_max", "redial_attempts", "radio_cycle_attempts", "reset_attempts",
          "stable_after"}},
        {"probe", {"interval", "failures", "name", "server", "port"}},
        {"control", {"group", "force_group"}},
        {"monitor", {"interval"}},
        {"budget", {"monthly", "day_of_month", "action"}},
        {"metrics", {"textfile"}},
        {"hooks", {"dir", "timeout"}},
    };
    return sections;
}

namespace {

// The keys of one section of accepted_keys().
std::span<const std::string_view> keys_of(std::string_view section) {
    for (const auto& s : accepted_keys())
        if (s.section == section) return s.keys;
    throw std::logic_error("no key section " + std::string(section));
}

using sequence::YamlReader;

// Values that end up inside AT commands are checked here, where the file position is known.
std::string at_safe(const YamlReader& yaml, const YAML::Node& node, std::string_view what) {
    auto value = yaml.string(node, what);
    if (const char* why = sequence::unsafe_for_at(value))
        yaml.fail(node, fmt::format("{} contains {}, which cannot be sent inside an AT command", what, why));
    return value;
}

// Each setting is read inside attempt(): a wrong one is noted and the rest are still read, so
// check-config lists every problem at once.
void read_modem(const YamlReader& yaml, const YAML::Node& modem, Config& c) {
    yaml.expect_map(modem, "modem");
    yaml.attempt([&] { yaml.check_keys(modem, keys_of("modem"), "modem"); });
    yaml.attempt([&] {
        if (modem["profile"]) {
            c.profile = yaml.string(modem["profile"], "modem.profile");
            c.profile_mark = modem["profile"].Mark();
        }
    });
    yaml.attempt([&] {
        if (modem["at_port"]) c.at_port = yaml.string(modem["at_port"], "modem.at_port");
    });
    yaml.attempt([&] {
        if (modem["data_port"]) c.data_port = yaml.string(modem["data_port"], "modem.data_port");
    });
    yaml.attempt([&] {
        if (modem["sequence"]) c.sequence = yaml.string(modem["sequence"], "modem.sequence");
    });
    yaml.attempt([&] {
        if (modem["baud"]) c.baud = static_cast<int>(yaml.integer(modem["baud"], "modem.baud", 300, 4000000));
    });
    yaml.attempt([&] {
        if (modem["rtscts"]) c.rtscts = yaml.boolean(modem["rtscts"], "modem.rtscts");
    });
    yaml.attempt([&] {
        if (modem["wait_for_sim"]) c.wait_for_sim = yaml.boolean(modem["wait_for_sim"], "modem.wait_for_sim");
    });
    yaml.attempt([&] {
        if (!modem["sim_pin"]) return;
        c.sim_pin = yaml.string(modem["sim_pin"], "modem.sim_pin");
        SecretRegistry::instance().add(c.sim_pin);
        const bool digits = c.sim_pin.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || c.sim_pin.size() < 4 || c.sim_pin.size() > 8)
            yaml.fail(modem["sim_pin"], "modem.sim_pin must be the SIM's PIN: 4 to 8 digits, e.g. \"0000\"");
    });
}

std::string setting_name(const std::string& where, const char* key) {
    return where.empty() ? std::string(key) : where + "." + key;
}

void read_duration(const YamlReader& yaml, const YAML::Node& section, const char* key, const std::string& where,
                   milliseconds& out) {
    yaml.attempt([&] {
        if (section[key]) out = yaml.duration(section[key], setting_name(where, key));
    });
}
void read_duration(const YamlReader& yaml, const YAML::Node& section, const char* key, const std::string& where,
                   std::optional<milliseconds>& out) {
    yaml.attempt([&] {
        if (section[key]) out = yaml.duration(section[key], setting_name(where, key));
    });
}
void read_int(const YamlReader& yaml, const YAML::Node& section, const char* key, const std::string& where, long min,
              long max, int& out) {
    yaml.attempt([&] {
        if (section[key]) out = static_cast<int>(yaml.integer(section[key], setting_name(where, key), min, max));
    });
}
void read_bool(const YamlReader& yaml, const YAML::Node& section, const char* key, const std::string& where,
               bool& out) {
    yaml.attempt([&] {
        if (section[key]) out = yaml.boolean(section[key], setting_name(where, key));
    });
}

void read_timeouts(const YamlReader& yaml, const YAML::Node& node, Timeouts& t) {
    yaml.expect_map(node, "timeouts");
    yaml.attempt([&] { yaml.check_keys(node, keys_of("timeouts"), "timeouts"); });
    read_duration(yaml, node, "command", "timeouts", t.command);
    read_duration(yaml, node, "registration", "timeouts", t.registration);
    read_duration(yaml, node, "connect", "timeouts", t.connect);
    read_duration(yaml, node, "ppp_up", "timeouts", t.ppp_up);
}

void read_pppd(const YamlReader& yaml, const YAML::Node& node, PppdOptions& p) {
    yaml.expect_map(node, "pppd");
    yaml.attempt([&] { yaml.check_keys(node, keys_of("pppd"), "pppd"); });
    yaml.attempt([&] {
        if (!node["path"]) return;
        p.path = yaml.string(node["path"], "pppd.path");
        p.path_mark = node["path"].Mark();
    });
    yaml.attempt([&] {
        if (node["options"]) p.options = yaml.strings(node["options"], "pppd.options");
    });
    read_int(yaml, node, "lcp_echo_interval", "pppd", 0, 3600, p.lcp_echo_interval);
    read_int(yaml, node, "lcp_echo_failure", "pppd", 1, 100, p.lcp_echo_failure);
    read_bool(yaml, node, "defaultroute", "pppd", p.defaultroute);
    read_int(yaml, node, "defaultroute_metric", "pppd", 0, 2147483647, p.defaultroute_metric);
    read_bool(yaml, node, "usepeerdns", "pppd", p.usepeerdns);
    read_int(yaml, node, "maxfail", "pppd", 0, 1000000, p.maxfail);
    read_duration(yaml, node, "holdoff", "pppd", p.holdoff);
}

void read_reconnect(const YamlReader& yaml, const YAML::Node& node, Reconnect& r) {
    yaml.expect_map(node, "reconnect");
    yaml.attempt([&] { yaml.check_keys(node, keys_of("reconnect"), "reconnect"); });
    read_duration(yaml, node, "backoff_initial", "reconnect", r.backoff_initial);
    read_duration(yaml, node, "backoff_max", "reconnect", r.backoff_max);
    yaml.attempt([&] {
        if (r.backoff_max < r.backoff_initial)
            yaml.fail(node["backoff_max"] ? node["backoff_max"] : node,
                      "reconnect.backoff_max must not be below backoff_initial");
    });
    read_int(yaml, node, "redial_attempts", "reconnect", 0, 1000, r.redial_attempts);
    read_int(yaml, node, "radio_cycle_attempts", "reconnect", 0, 1000, r.radio_cycle_attempts);
    read_int(yaml, node, "reset_attempts", "reconnect", 0, 1000, r.reset_attempts);
    read_duration(yaml, node, "stable_after", "reconnect", r.stable_after);
}

void read_probe(const YamlReader& yaml, const YAML::Node& node, Probe& p) {
    yaml.expect_map(node, "probe");
    yaml.attempt([&] { yaml.check_keys(node, keys_of("probe"), "probe"); });
    read_duration(yaml, node, "interval", "probe", p.interval);
    read_int(yaml, node, "failures", "probe", 1, 100, p.failures);
    yaml.attempt([&] {
        if (!node["name"]) return;
        p.name = yaml.string(node["name"], "probe.name");
        if (const auto why = hostname_problem(p.name))
            yaml.fail(node["name"], fmt::format("probe.name '{}' is not a host name to look up: {}", p.name, *why));
    });
    yaml.attempt([&] {
        if (!node["server"]) return;
        p.server = yaml.string(node["server"], "probe.server");
        if (!is_ip_address(p.server))
            yaml.fail(node["server"], fmt::format("probe.server '{}' must be the IP address of a DNS server, e.g. "
                                                  "8.8.8.8 or 2001:4860:4860::8888 (a name would need DNS to find it)",
                                                  p.server));
    });
    read_int(yaml, node, "port", "probe", 1, 65535, p.port);
}

// A group by number, or by a name that must exist: a typo fails at check-config, not at the first
// `lte-dialer status` that is refused.
gid_t read_group(const YamlReader& yaml, const YAML::Node& node, const std::string& key, std::string& name) {
    name = yaml.string(node, key);
    if (name.empty()) yaml.fail(node, key + " is empty: name a group, or leave the key out");
    const bool numeric = name.find_first_not_of("0123456789") == std::string::npos;
    if (numeric && name.size() <= 9) return static_cast<gid_t>(std::stoul(name));
    std::vector<char> buffer(4096);
    group entry{};
    group* found = nullptr;
    int rc = 0;
    while ((rc = ::getgrnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found)) == ERANGE &&
           buffer.size() < (1U << 20))
        buffer.resize(buffer.size() * 2);
    if (!found)
        yaml.fail(node, fmt::format("{}: no group named '{}' on this system{}", key, name,
                                    rc != 0 ? fmt::format(" ({})", std::strerror(rc)) : std::string()));
    return found->gr_gid;
}

void read_control(const YamlReader& yaml, const YAML::Node& node, Control& c) {
    yaml.expect_map(node, "control");
    yaml.check_keys(node, keys_of("control"), "control");
    if (node["group"]) c.group = read_group(yaml, node["group"], "control.group", c.group_name);
    if (node["force_group"])
        c.force_group = read_group(yaml, node["force_group"], "control.force_group", c.force_group_name);
}

void read_metrics(const YamlReader& yaml, const YAML::Node& node, Metrics& m) {
    yaml.expect_map(node, "metrics");
    yaml.check_keys(node, keys_of("metrics"), "metrics");
    if (!node["textfile"]) return;
    const std::filesystem::path file = yaml.string(node["textfile"], "metrics.textfile");
    if (!file.is_absolute() || file.extension() != ".prom")
        yaml.fail(node["textfile"],
                  fmt::format("metrics.textfile '{}' must be an absolute path ending in .prom (node_exporter's "
                              "textfile collector reads only those), e.g. "
                              "/var/lib/prometheus/node-exporter/lte-dialer.prom",
                              file.string()));
    m.textfile = file;
}

void read_monitor(const YamlReader& yaml, const YAML::Node& node, Monitor& m) {
    yaml.expect_map(node, "monitor");
    yaml.check_keys(node, keys_of("monitor"), "monitor");
    read_duration(yaml, node, "interval", "monitor", m.interval);
    if (m.interval > milliseconds(0) && m.interval < milliseconds(1000))
        yaml.fail(node["interval"],
                  "monitor.interval must be 0 (off) or at least 1s: each reading is a burst of AT "
                  "commands beside PPP");
}

// "500MB", "2GB", "1.5GB", "750kB", "1GiB": SI units as operators bill (1 MB = 1000000 bytes),
// and the binary ones.
std::optional<std::uint64_t> parse_size(const std::string& text) {
    static const std::pair<std::string_view, double> units[] = {{"TiB", 1099511627776.0},
                                                                {"GiB", 1073741824.0},
                                                                {"MiB", 1048576.0},
                                                                {"KiB", 1024.0},
                                                                {"TB", 1e12},
                                                                {"GB", 1e9},
                                                                {"MB", 1e6},
                                                                {"kB", 1e3},
                                                                {"KB", 1e3},
                                                                {"B", 1.0}};
    for (const auto& [unit, factor] : units) {
        if (!text.ends_with(unit)) continue;
        const std::string number = text.substr(0, text.size() - unit.size());
        if (number.empty() || number.find_first_not_of("0123456789.") != std::string::npos) return std::nullopt;
        try {
            const double value = std::stod(number) * factor;
            if (value < 1 || value > 1e18) return std::nullopt;
            return static_cast<std::uint64_t>(value);
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

void read_budget(const YamlReader& yaml, const YAML::Node& node, Budget& b) {
    yaml.expect_map(node, "budget");
    yaml.check_keys(node, keys_of("budget"), "budget");
    if (!node["monthly"]) yaml.fail(node, "budget needs monthly: the data a month may use, e.g. 500MB");
    const auto size = parse_size(yaml.string(node["monthly"], "budget.monthly"));
    if (!size)
        yaml.fail(node["monthly"], fmt::format("budget.monthly '{}' is not a size: a number and a unit, e.g. 500MB, "
                                               "1.5GB (SI, as operators bill), 1GiB",
                                               node["monthly"].Scalar()));
    b.monthly_bytes = *size;
    read_int(yaml, node, "day_of_month", "budget", 1, 28, b.day_of_month);
    if (node["action"])
        b.action = yaml.choice(node["action"], "budget.action", {"warn", "disconnect"}) == "disconnect"
                       ? Budget::Action::Disconnect
                       : Budget::Action::Warn;
}

void read_hooks(const YamlReader& yaml, const YAML::Node& node, Hooks& h) {
    yaml.expect_map(node, "hooks");
    yaml.check_keys(node, keys_of("hooks"), "hooks");
    if (node["dir"]) {
        h.dir = yaml.string(node["dir"], "hooks.dir");
        if (!h.dir.is_absolute())
            yaml.fail(node["dir"], fmt::format("hooks.dir '{}' must be an absolute path, e.g. /etc/lte-dialer/hooks.d",
                                               h.dir.string()));
    }
    read_duration(yaml, node, "timeout", "hooks", h.timeout);
    if (h.timeout <= milliseconds(0))
        yaml.fail(node["timeout"], "hooks.timeout must be above 0 (a hook is killed when it runs longer)");
}

void read_apn(const YamlReader& yaml, const YAML::Node& node, Config& c) {
    c.apn = at_safe(yaml, node, "apn");
    c.apn_mark = node.Mark();
    const auto problem = apn_problem(c.apn);
    if (!problem) return;
    if (problem->fatal) yaml.fail(node, problem->text);
    const auto mark = node.Mark();
    c.warnings.push_back(fmt::format("{}:{}:{}: {}", yaml.file(), mark.line + 1, mark.column + 1, problem->text));
}

// true or false; the words of earlier versions (refuse, warn) are still understood.
void read_insecure_permissions(const YamlReader& yaml, const YAML::Node& node, Config& c) {
    if (node.IsScalar() && (node.Scalar() == "refuse" || node.Scalar() == "warn")) {
        c.insecure_permissions = node.Scalar() == "warn";
        const auto mark = node.Mark();
        c.warnings.push_back(fmt::format("{}:{}:{}: insecure_permissions: {} is the old spelling; write {}",
                                         yaml.file(), mark.line + 1, mark.column + 1, node.Scalar(),
                                         c.insecure_permissions ? "true" : "false"));
        return;
    }
    c.insecure_permissions = yaml.boolean(node, "insecure_permissions");
}

Config read(const YamlReader& yaml, const YAML::Node& root) {
    Config c;
    c.source = yaml.file();
    if (!root.IsMap()) yaml.fail(root, "the configuration must be a mapping with at least 'apn'");
    yaml.attempt([&] { yaml.check_keys(root, keys_of(""), "the configuration"); });
    yaml.attempt([&] {
        if (root["modem"]) read_modem(yaml, root["modem"], c);
    });
    yaml.attempt([&] {
        if (!root["apn"]) yaml.fail(root, "missing 'apn' (the access point name your operator gave you)");
        read_apn(yaml, root["apn"], c);
    });
    yaml.attempt([&] {
        if (root["user"]) c.user = at_safe(yaml, root["user"], "user");
    });
    yaml.attempt([&] {
        if (root["password"]) c.password = at_safe(yaml, root["password"], "password");
        SecretRegistry::instance().add(c.password);
    });
    yaml.attempt([&] {
        if (!root["auth"]) return;
        const auto auth = yaml.choice(root["auth"], "auth", {"none", "pap", "chap", "auto"});
        c.auth = auth == "none" ? Auth::None : auth == "pap" ? Auth::Pap : auth == "chap" ? Auth::Chap : Auth::Auto;
    });
    yaml.attempt([&] {
        if (!root["pdp_type"]) return;
        const auto type = yaml.choice(root["pdp_type"], "pdp_type", {"ipv4", "ipv6", "ipv4v6"});
        c.pdp_type = type == "ipv4" ? PdpType::Ipv4 : type == "ipv6" ? PdpType::Ipv6 : PdpType::Ipv4v6;
    });
    read_int(yaml, root, "cid", "", 1, 24, c.cid);
    yaml.attempt([&] {
        if (root["timeouts"]) read_timeouts(yaml, root["timeouts"], c.timeouts);
    });
    yaml.attempt([&] {
        if (root["pppd"]) read_pppd(yaml, root["pppd"], c.pppd);
    });
    yaml.attempt([&] {
        if (root["reconnect"]) read_reconnect(yaml, root["reconnect"], c.reconnect);
    });
    yaml.attempt([&] {
        if (root["probe"]) read_probe(yaml, root["probe"], c.probe);
    });
    yaml.attempt([&] {
        if (root["control"]) read_control(yaml, root["control"], c.control);
    });
    yaml.attempt([&] {
        if (root["monitor"]) read_monitor(yaml, root["monitor"], c.monitor);
    });
    yaml.attempt([&] {
        if (root["budget"]) read_budget(yaml, root["budget"], c.budget);
    });
    yaml.attempt([&] {
        if (root["metrics"]) read_metrics(yaml, root["metrics"], c.metrics);
    });
    yaml.attempt([&] {
        if (root["hooks"]) read_hooks(yaml, root["hooks"], c.hooks);
    });
    yaml.attempt([&] {
        if (root["log_level"])
            c.log_level = yaml.choice(root["log_level"], "log_level",
                                      {"trace", "debug", "info", "warn", "error", "critical", "off"});
    });
    yaml.attempt([&] {
        if (root["insecure_permissions"]) read_insecure_permissions(yaml, root["insecure_permissions"], c);
    });
    if (c.auth != Auth::None && c.auth != Auth::Auto && c.user.empty() && c.password.empty())
        c.warnings.push_back(fmt::format("{}: auth is {} but no user or password is set", c.source,
                                         c.auth == Auth::Pap ? "pap" : "chap"));
    return c;
}

// A secret in the config file follows the same rule as a password file.
void check_permissions(Config& c) {
    if (c.password.empty() && c.sim_pin.empty()) return;
    if (auto warning =
            secret_file_warning(c.source, c.password.empty() ? "a SIM PIN" : "a password", c.insecure_permissions))
        c.warnings.push_back(std::move(*warning));
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
    const YamlReader yaml(source, YamlReader::Mode::EveryProblem);
    auto config = read(yaml, yaml.parse(text));
    yaml.throw_problems();
    return config;
}

std::filesystem::path hooks_dir(const Config& config) {
    if (!config.hooks.dir.empty()) return config.hooks.dir;
    if (config.instance.empty()) return "/etc/lte-dialer/hooks.d";
    return "/etc/lte-dialer/" + config.instance + ".hooks.d";
}

Config load_config(const std::filesystem::path& file) {
    std::vector<ConfigError> problems;
    auto config = load_config_reporting(file, problems);
    if (problems.size() == 1) throw problems.front();
    if (!problems.empty()) throw sequence::YamlErrors(std::move(problems));
    return config;
}

Config load_config_reporting(const std::filesystem::path& file, std::vector<ConfigError>& problems) {
    const YamlReader yaml(file.string(), YamlReader::Mode::EveryProblem);
    auto config = read(yaml, yaml.parse_file());
    problems = yaml.problems();
    try {
        check_permissions(config);
    } catch (const ConfigError& e) {
        problems.push_back(e);
    }
    return config;
}

void apply_overrides(Config& c, const Overrides& o) {
    if (o.profile) c.profile = *o.profile;
    if (o.at_port) c.at_port = *o.at_port;
    if (o.data_port) c.data_port = *o.data_port;
    if (o.sequence) c.sequence = *o.sequence;
    if (o.apn) {
        c.apn = checked_override("--apn", *o.apn);
        if (const auto problem = apn_problem(c.apn)) {
            if (problem->fatal) throw std::invalid_argument("--apn: " + problem->text);
            c.warnings.push_back("--apn: " + problem->text);
        }
    }
    if (o.user) c.user = checked_override("--user", *o.user);
    if (o.password_file) {
        std::optional<std::string> warning;
        c.password =
            checked_override("--password-file", read_password_file(*o.password_file, c.insecure_permissions, warning));
        SecretRegistry::instance().add(c.password);
        if (warning) c.warnings.push_back(std::move(*warning));
    } else if (o.password) {
        c.password = checked_override("--password", *o.password);
        SecretRegistry::instance().add(c.password);
    }
    if (o.log_level) c.log_level = *o.log_level;
    if (o.instance) c.instance = *o.instance;
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
    const char* pdp_type = pdp_type_at(c.pdp_type.value_or(PdpType::Ipv4));
    vars.set("pdp_type", pdp_type);
    vars.set("pdp_type_also", c.pdp_type ? pdp_type : pdp_type_at(PdpType::Ipv4v6));
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
