#pragma once
// The dialer's configuration, /etc/lte-dialer/config.yaml by default.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "lte/config/profile.hpp"
#include "lte/config/search_path.hpp"
#include "lte/sequence/variables.hpp"
#include "lte/sequence/yaml_reader.hpp"

namespace lte::config {

using std::chrono::milliseconds;
using ConfigError = sequence::YamlError;  // file:line:column and what was expected

inline constexpr const char* default_config_path = "/etc/lte-dialer/config.yaml";

enum class Auth { None, Pap, Chap, Auto };
enum class PdpType { Ipv4, Ipv6, Ipv4v6 };

[[nodiscard]] const char* pdp_type_at(PdpType type) noexcept;  // "IP", "IPV6", "IPV4V6"

// Unset: the connect sequence's own timeouts apply; set: they override the sequence's.
struct Timeouts {
    std::optional<milliseconds> command;       // sequence steps that set no timeout of their own
    std::optional<milliseconds> registration;  // the sequence's wait_registered steps
    std::optional<milliseconds> connect;       // the dial (ATD until CONNECT)
    milliseconds ppp_up{60000};                // CONNECT until pppd reports an IP address
};

struct PppdOptions {
    std::string path = "/usr/sbin/pppd";
    YAML::Mark path_mark = YAML::Mark::null_mark();  // where path was set, for check-config
    std::vector<std::string> options;                // extra arguments, appended as given
    int lcp_echo_interval = 10;                      // seconds; 0 turns echoes off
    int lcp_echo_failure = 3;
    bool defaultroute = true;
    int defaultroute_metric = 700;  // beside other default routes: the lowest metric carries the traffic
    bool usepeerdns = true;
    int maxfail = 0;             // failed connects in a row before giving up; 0 = never give up
    milliseconds holdoff{5000};  // least pause before redialling a link that was up for less than stable_after
};

struct Reconnect {
    milliseconds backoff_initial{2000};
    milliseconds backoff_max{300000};
    int redial_attempts = 3;       // redials (PS attach kept) before cycling the radio
    int radio_cycle_attempts = 2;  // radio cycles before resetting the modem
    int reset_attempts = 1;        // modem resets before starting the ladder over after backoff_max
    // A session online this long counts as healthy: its drop is redialled at once (no holdoff, no
    // backoff) and the ladder starts again at the bottom. Keep it above LCP echo's detection time
    // (lcp_echo_interval x lcp_echo_failure), or a link dead from the start would never climb the ladder.
    milliseconds stable_after{60000};
};

// "Connected but no traffic": a DNS query through the link every interval (0: off).
struct Probe {
    milliseconds interval{0};
    int failures = 3;  // unanswered in a row before the link counts as lost
    std::string name = "example.com";
    std::string server;  // empty: the DNS server the network gave
    int port = 53;
};

// Who besides root may use the control socket (`lte-dialer status`, `lte-dialer at`).
struct Control {
    std::optional<gid_t> group;  // members of this group; unset: root only
    std::string group_name;      // as written, for messages
    // Members of this group may also send what `at` refuses (`at --force`); unset: root only.
    // Apart from control.group, so a group meant for `status` cannot hang up the call.
    std::optional<gid_t> force_group;
    std::string force_group_name;
};

// Live readings while online (signal, operator), through the AT channel beside PPP.
struct Monitor {
    milliseconds interval{60000};  // 0: off
};

// A monthly data budget over the counters (received + sent), its period starting on day_of_month.
struct Budget {
    std::uint64_t monthly_bytes = 0;  // 0: no budget
    int day_of_month = 1;             // 1..28, so that every month has the day
    enum class Action { Warn, Disconnect } action = Action::Warn;
};

// Prometheus: node_exporter's textfile collector reads *.prom files from its directory.
struct Metrics {
    std::filesystem::path textfile;  // empty: off
};

// Executables run on up, down and each state change (service::EventHooks).
struct Hooks {
    std::filesystem::path dir;  // empty: hooks_dir()'s default
    milliseconds timeout{30000};
};

struct Config {
    std::string source;  // the file it came from
    // The systemd instance (lte-dialer@NAME, from --instance); empty for the default unit. Names
    // pppd's link so that instances never share a pid file (ppp::link_name_for_instance).
    std::string instance;

    // modem:
    std::string profile = "auto";  // a profile name, or auto: by USB id
    YAML::Mark profile_mark = YAML::Mark::null_mark();
    std::string at_port;    // empty: the profile's
    std::string data_port;  // empty: the profile's, or at_port for a single-port modem
    std::string sequence;   // name or path; empty: the profile's
    int baud = 115200;
    bool rtscts = false;
    std::string sim_pin;  // unlocks a PIN-locked SIM (tried once per run); a secret like the password
    // No SIM inserted: false stops the dialer (exit 4, a person must insert one); true keeps
    // retrying, for a SIM inserted later.
    bool wait_for_sim = false;

    std::string apn;
    YAML::Mark apn_mark = YAML::Mark::null_mark();
    std::string user;
    std::string password;  // registered as a secret: never in a log line
    Auth auth = Auth::Auto;
    // Unset: the link needs IPv4, so a context the modem has as IP or IPV4V6 is kept as it is, and
    // only another type is rewritten, to IP. Set: exactly this type, rewritten if it differs.
    std::optional<PdpType> pdp_type;
    int cid = 1;

    Timeouts timeouts;
    PppdOptions pppd;
    Reconnect reconnect;
    Probe probe;
    Control control;
    Monitor monitor;
    Budget budget;
    Metrics metrics;
    Hooks hooks;
    std::string log_level = "info";
    // A secret (password, SIM PIN) in a file others may read, or owned by another user: refused,
    // unless this is true, which only warns.
    bool insecure_permissions = false;

    std::vector<std::string> warnings;  // e.g. a password in a file others can read
};

// Throws ConfigError naming file:line:column of every problem found (sequence::YamlErrors when
// there are several). A secret in a file readable by group or others, or owned by another user,
// throws std::invalid_argument unless insecure_permissions: true (then it is a warning).
Config load_config(const std::filesystem::path& file);
// For check-config: the problems of single settings go to problems and reading goes on, so the
// checks of the whole can still run; a file that cannot be read or parsed at all still throws.
Config load_config_reporting(const std::filesystem::path& file, std::vector<ConfigError>& problems);
// From text; no permission check (there is no file).
Config parse_config(const std::string& text, const std::string& source);

// hooks.dir, else /etc/lte-dialer/hooks.d, or /etc/lte-dialer/<instance>.hooks.d for an instance.
[[nodiscard]] std::filesystem::path hooks_dir(const Config& config);

// Command-line overrides; each set field replaces the file's value.
struct Overrides {
    std::optional<std::string> profile, at_port, data_port, sequence, apn, user, password, log_level;
    // The password's first line; wins over password. Checked like the config file (insecure_permissions).
    std::optional<std::filesystem::path> password_file;
    std::optional<std::string> instance;
    std::optional<int> cid, baud;
    std::optional<bool> rtscts;
};
// Throws std::invalid_argument naming the option when a value cannot be used (e.g. a quote in --apn).
void apply_overrides(Config& config, const Overrides& overrides);

// The connect sequence's variables: apn, user, password (secret), pdp_type (what to write) and
// pdp_type_also (a type the modem may already have that serves as well: IPV4V6 when pdp_type is
// unset, else pdp_type itself), auth, cid,
// auth_arg1/auth_arg2 in the profile's CGAUTH order, ifc (flow control for AT+IFC), sim_pin (secret).
sequence::Variables sequence_variables(const Config& config, const Profile& profile);

// Every key the loader accepts, by section ("" the top level, "modem", "pppd", ...): the one list
// the loader checks files against and the man page lte-dialer.yaml(5) is tested against.
struct KeySection {
    std::string_view section;
    std::vector<std::string_view> keys;
};
[[nodiscard]] const std::vector<KeySection>& accepted_keys();

struct Problem {
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    std::string message;  // "file:line:column: what"
};

// Everything `lte-dialer check-config` reports: the config file, the profile(s) and the
// sequence it would run, each loaded and checked. Empty means all is well.
std::vector<Problem> validate_config(const std::filesystem::path& file, const SearchPath& profile_dirs,
                                     const SearchPath& sequence_dirs);

}  // namespace lte::config
