#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lte::ppp {

// What we tell pppd. The data tty is not named here: pppd uses its stdin when no device is given,
// and the supervisor hands it the tty we already hold open (closing it would drop DTR and hang up).
struct PppOptions {
    std::string pppd_path = "/usr/sbin/pppd";
    std::string link_name = "lte";  // linkname: pid file /run/ppp-<name>.pid
    std::string ipparam;            // 6th argument of ip-up/ip-down; empty: not passed
    std::string user;               // PAP/CHAP name; empty: no authentication to the peer
    bool default_route = true;      // defaultroute, or nodefaultroute
    // defaultroute-metric: the route is added beside a default route of another metric (Ethernet,
    // Wi-Fi), and the lowest metric carries the traffic; pppd skips it only beside one of the same.
    unsigned default_route_metric = 700;
    bool use_peer_dns = true;  // usepeerdns
    // A directory with the ip-up and ip-down that pppd runs instead of /etc/ppp/ip-up|ip-down
    // (ip-up-script, ip-down-script): they add the default route beside others and hand the
    // network's DNS servers to the system's resolver, then run the system's scripts
    // (packaging/ppp-hook). Not used when the scripts are not there (a build not installed).
    std::string dns_hook_dir = LTE_PPP_HOOK_DIR;
    // The file the hook writes what it did to (its LTE_HOOK_REPORT; see HookReport); empty: none.
    std::string hook_report;
    bool modem_control = true;           // modem (watch CD, drop DTR to hang up), or local
    bool hardware_flow_control = false;  // crtscts, or nocrtscts
    std::optional<unsigned> baud;        // leave the tty's speed alone when unset
    unsigned lcp_echo_interval = 10;     // seconds; 0: no LCP echo
    unsigned lcp_echo_failure = 3;
    bool debug = false;                             // pppd's packet trace in the log
    std::string password_plugin = "passwordfd.so";  // looked up in pppd's plugin directory
    // From the config, each "name" or "name value"; checked by validate_user_options().
    std::vector<std::string> extra_options;
};

// pppd's linkname (pid file /run/ppp-<name>.pid) and ipparam for a dialer instance: "lte" for the
// default one (instance ""), "lte-<instance>" for lte-dialer@<instance>, with anything but letters,
// digits, '-', '_' and '.' made '_' and the name cut to 48 characters, so two instances never share
// a pid file. The one place the name is made: the supervisor and the ppp hook get it from here.
[[nodiscard]] std::string link_name_for_instance(std::string_view instance);

// Whether pppd will run the package's hook (dns_hook_dir holds an executable ip-up and ip-down).
[[nodiscard]] bool uses_dns_hook(const PppOptions& options);

// A user option pppd must not get from us; the message says which and why.
class PppOptionError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// Throws PppOptionError for options that would leak a secret, load code, make pppd dial or
// redial by itself, detach, or take away the log we parse.
void validate_user_options(const std::vector<std::string>& extra_options);

// pppd's argv (argv[0] = options.pppd_path). password_fd: the fd number under which pppd will find
// the password pipe (passwordfd plugin); the password itself never appears in argv.
// Throws PppOptionError (see validate_user_options).
[[nodiscard]] std::vector<std::string> build_pppd_argv(const PppOptions& options, std::optional<int> password_fd);

}  // namespace lte::ppp
