#include "lte/ppp/ppp_options.hpp"

#include <unistd.h>

#include <array>
#include <sstream>
#include <string_view>

namespace lte::ppp {

namespace {

struct Refused {
    std::string_view option;
    std::string_view why;
};

constexpr std::array kRefused{
    Refused{"password", "it would show in ps; set the password in the config, it reaches pppd through a pipe"},
    Refused{"passwordfd", "the dialer passes the password itself"},
    Refused{"plugin", "loading code into pppd is not a connection option"},
    Refused{"persist", "the dialer redials itself and must see every ending"},
    Refused{"demand", "the dialer decides when to dial"},
    Refused{"updetach", "the dialer supervises pppd in the foreground (nodetach)"},
    Refused{"logfile", "the dialer reads pppd's log from its stderr"},
    Refused{"logfd", "the dialer reads pppd's log from its stderr"},
    Refused{"nolog", "the dialer reads pppd's log from its stderr"},
    Refused{"linkname", "set by the dialer (pid file /run/ppp-<name>.pid)"},
    Refused{"call", "an options file can carry any of the refused options"},
    Refused{"file", "an options file can carry any of the refused options"},
    Refused{"connect", "the dialer dials itself; a connect script would talk to the modem behind its back"},
    Refused{"init", "the dialer initialises the modem itself"},
    Refused{"pty", "pppd must run on the modem's data tty"},
    Refused{"notty", "pppd must run on the modem's data tty"},
};

std::vector<std::string> words(const std::string& entry) {
    std::istringstream in(entry);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

}  // namespace

std::string link_name_for_instance(std::string_view instance) {
    if (instance.empty()) return "lte";
    std::string name = "lte-";
    for (const char ch : instance.substr(0, 48 - name.size())) {
        const bool plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                           ch == '-' || ch == '_' || ch == '.';
        name += plain ? ch : '_';
    }
    return name;
}

void validate_user_options(const std::vector<std::string>& extra_options) {
    for (const auto& entry : extra_options) {
        const auto parts = words(entry);
        if (parts.empty() || parts.size() > 2)
            throw PppOptionError("pppd option '" + entry +
                                 "': write one option per entry, as \"name\" or \"name value\"");
        // Every word is checked, not only the name: after a flag option pppd reads the next word
        // as an option, so "noccp password" would smuggle one in.
        for (const auto& word : parts) {
            for (const auto& refused : kRefused)
                if (word == refused.option)
                    throw PppOptionError("pppd option '" + entry + "' is not allowed: " + std::string(refused.why));
        }
    }
}

bool uses_dns_hook(const PppOptions& options) {
    const std::string up = options.dns_hook_dir + "/ip-up";
    const std::string down = options.dns_hook_dir + "/ip-down";
    return ::access(up.c_str(), X_OK) == 0 && ::access(down.c_str(), X_OK) == 0;
}

std::vector<std::string> build_pppd_argv(const PppOptions& o, std::optional<int> password_fd) {
    validate_user_options(o.extra_options);
    if (o.link_name.empty() || o.link_name.find('/') != std::string::npos)
        throw PppOptionError("ppp link name '" + o.link_name +
                             "' must be a non-empty name without '/' (it names /run/ppp-<name>.pid)");
    std::vector<std::string> argv{o.pppd_path};
    const auto add = [&argv](std::initializer_list<std::string> items) { argv.insert(argv.end(), items); };

    // We supervise pppd: keep it in the foreground and its log on stderr, which we read.
    add({"nodetach", "logfd", "2"});
    // pppd always reads /etc/ppp/options (and ~/.ppprc, /etc/ppp/options.<tty>); no option turns
    // that off, and command-line options come later and win. Debian's file sets `auth` (the peer must
    // authenticate to us: a mobile network never does, pppd would refuse the link), `lock` (UUCP
    // lock file: we already own the tty and a stale lock would fail the dial with exit 6),
    // `crtscts` and `modem`. Each is overridden below, so the file's contents cannot change us.
    add({"noauth", "nolock"});
    add({o.hardware_flow_control ? "crtscts" : "nocrtscts"});
    add({o.modem_control ? "modem" : "local"});
    if (o.baud) add({std::to_string(*o.baud)});
    // The network assigns our address and DNS servers.
    add({"noipdefault"});
    if (o.use_peer_dns) add({"usepeerdns"});
    if (uses_dns_hook(o)) {
        add({"ip-up-script", o.dns_hook_dir + "/ip-up", "ip-down-script", o.dns_hook_dir + "/ip-down"});
        if (!o.hook_report.empty()) add({"set", "LTE_HOOK_REPORT=" + o.hook_report});
    }
    if (o.default_route) {
        // Debian 12's pppd 2.4.9 takes defaultroute-metric but still adds nothing beside another
        // default route ("not replacing default route to eth0"): the hook adds it with this metric.
        const std::string metric = std::to_string(o.default_route_metric);
        add({"defaultroute", "defaultroute-metric", metric, "set", "LTE_DEFAULT_ROUTE_METRIC=" + metric});
    } else {
        add({"nodefaultroute"});
    }
    // Dead-link detection; overrides Debian's 30 s x 4. `persist` is never passed: we redial ourselves.
    if (o.lcp_echo_interval > 0)
        add({"lcp-echo-interval", std::to_string(o.lcp_echo_interval), "lcp-echo-failure",
             std::to_string(o.lcp_echo_failure)});
    add({"linkname", o.link_name});
    if (!o.ipparam.empty()) add({"ipparam", o.ipparam});
    if (!o.user.empty()) add({"user", o.user});
    if (password_fd) add({"plugin", o.password_plugin, "passwordfd", std::to_string(*password_fd)});
    add({"hide-password"});
    if (o.debug) add({"debug"});
    for (const auto& entry : o.extra_options)
        for (auto& word : words(entry)) argv.push_back(std::move(word));
    return argv;
}

}  // namespace lte::ppp
