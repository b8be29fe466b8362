#include "lte/cli/app.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "lte/cli/commands.hpp"
#include "lte/sequence/yaml_reader.hpp"
#include "lte/serial/serial_port.hpp"
#include "lte/service/at_policy.hpp"
#include "lte/service/control_client.hpp"
#include "lte/service/control_server.hpp"

#ifndef LTE_VERSION
#define LTE_VERSION "0.0.0"
#endif

namespace lte::cli {

namespace {

// What finds and opens the modem: every modem-facing command takes these.
void add_port_options(CLI::App& cmd, ModemOptions& o) {
    cmd.add_option("-c,--config", o.config_file,
                   "configuration file (default: /etc/lte-dialer/config.yaml if present)");
    cmd.add_option("--at-port", o.overrides.at_port, "the modem's AT tty, e.g. /dev/ttyUSB2");
    cmd.add_option("--data-port", o.overrides.data_port, "the modem's data tty, e.g. /dev/ttyUSB3");
    cmd.add_option("--profile", o.overrides.profile,
                   "modem profile: sim7600, sim7000, sim7672, ec25, ec21, bg96, generic, auto");
    cmd.add_option("--baud", o.overrides.baud, "serial speed of UART-attached modems");
}

// What only dialling uses (connect, run): `info` takes none of these, so its --help lists none.
void add_dial_options(CLI::App& cmd, ModemOptions& o) {
    add_port_options(cmd, o);
    cmd.add_option("--apn", o.overrides.apn, "access point name, e.g. soracom.io");
    cmd.add_option("--user", o.overrides.user, "PAP/CHAP user name");
    cmd.add_option("--password", o.overrides.password,
                   "PAP/CHAP password (prefer --password-file or LTE_DIALER_PASSWORD: argv is visible until read)");
    cmd.add_option("--password-file", o.overrides.password_file,
                   "read the password from this file's first line (mode 0600, owned by root, unless "
                   "insecure_permissions: true)");
    cmd.add_option("--auth", o.auth, "none | pap | chap | auto");
    cmd.add_option("--pdp-type", o.pdp_type, "ipv4 | ipv6 | ipv4v6");
    cmd.add_option("--cid", o.overrides.cid, "PDP context id (ATD*99***<cid>#)");
    cmd.add_option("--sequence", o.overrides.sequence, "connect sequence, by name or path");
    cmd.add_flag("-v,--verbose", o.verbose, "show the AT transcript (secrets masked)");
}

// Commands that start pppd: the instance names its link, so two dialers never share one.
void add_instance_option(CLI::App& cmd, ModemOptions& o) {
    cmd.add_option("--instance", o.overrides.instance,
                   "the systemd instance (lte-dialer@NAME passes %i): pppd's link is lte-NAME, pid file "
                   "/run/ppp-lte-NAME.pid, ipparam lte-NAME; default: lte");
}

// The value of --password stays in /proc/PID/cmdline unless we overwrite it.
void scrub_password(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        char* arg = argv[i];
        if (std::strcmp(arg, "--password") == 0 && i + 1 < argc) {
            std::memset(argv[i + 1], '*', std::strlen(argv[i + 1]));
        } else if (std::strncmp(arg, "--password=", 11) == 0) {
            std::memset(arg + 11, '*', std::strlen(arg + 11));
        }
    }
}

// LTE_DIALER_PASSWORD, read once and then gone: unset for any child (pppd), and its bytes overwritten
// where the kernel shows /proc/PID/environ from (the initial environment block, which getenv
// points into unless the variable was set after start), so a reader of that file finds nothing.
std::optional<std::string> take_password_from_environment() {
    char* value = std::getenv("LTE_DIALER_PASSWORD");
    if (!value) return std::nullopt;
    std::string password(value);
    std::memset(value, 0, password.size());
    ::unsetenv("LTE_DIALER_PASSWORD");
    return password;
}

// CLI11 answers a mistyped subcommand with "A subcommand is required", which does not say what
// was wrong: name the word and the nearest subcommand instead.
std::optional<std::string> unknown_subcommand(const CLI::App& app, int argc, char** argv) {
    if (argc < 2 || argv[1][0] == '-') return std::nullopt;
    const std::string word = argv[1];
    std::vector<std::string> names;
    for (const auto* sub : app.get_subcommands({})) names.push_back(sub->get_name());
    if (std::find(names.begin(), names.end(), word) != names.end()) return std::nullopt;
    const auto best = sequence::closest_match(word, names);
    std::string message = "unknown subcommand '" + word + "'";
    if (best) message += "; did you mean '" + *best + "'?";
    return message + " (see lte-dialer --help)";
}

std::chrono::milliseconds parse_at_timeout(const std::string& text) {
    const auto timeout = sequence::parse_duration(text);
    if (!timeout || timeout->count() <= 0 || *timeout > service::kMaxAtTimeout)
        throw std::invalid_argument("--timeout: '" + text + "' is not a duration from 1ms to " +
                                    std::to_string(service::kMaxAtTimeout.count() / 60000) + "m (e.g. 90s, 5m, 500ms)");
    return *timeout;
}

}  // namespace

int run_app(int argc, char** argv) {
    CLI::App app{"lte-dialer: dials cellular modems (SIMCom, Quectel, any 3GPP TS 27.007 modem) and supervises pppd"};
    app.set_version_flag("--version", "lte-dialer " LTE_VERSION);
    app.require_subcommand(1);
    std::filesystem::path socket = service::default_socket_path();

    ModemOptions modem;
    bool dial_only = false, json = false, show_ids = false;
    service::AtOptions at_options;
    std::optional<std::string> at_timeout;
    std::string at_text;
    std::filesystem::path check_file = config::default_config_path;

    auto* connect = app.add_subcommand("connect", "dial in the foreground: run the connect sequence, then pppd");
    add_dial_options(*connect, modem);
    add_instance_option(*connect, modem);
    connect->add_flag("--dial-only", dial_only, "stop at CONNECT, do not start pppd (then hang up)");

    auto* run = app.add_subcommand("run", "the daemon systemd starts: dial, supervise, reconnect");
    add_dial_options(*run, modem);
    add_instance_option(*run, modem);
    run->add_option("--socket", socket, "control socket");

    auto* status = app.add_subcommand("status", "the running daemon's state");
    status->add_flag("--json", json, "machine-readable output");
    status->add_option("--socket", socket, "control socket");
    bool reset_counters = false, watch = false;
    status->add_flag("--watch", watch,
                     "print the status again at each change and refresh, until Ctrl-C (with --json: a JSON "
                     "object per line)");
    status->add_flag("--reset-counters", reset_counters,
                     "start a new counting period (data, attempts, failures): root or control.force_group");

    auto* at = app.add_subcommand("at", "run an AT command through the running daemon (works while PPP is up)");
    at->add_option("command", at_text, "e.g. AT+CSQ")->required();
    at->add_flag("--force", at_options.force,
                 "send what at refuses (ATD, ATH, +CFUN=, ...): root or control.force_group only");
    at->add_option("--timeout", at_timeout,
                   "wait this long for the final result, e.g. 90s, 5m (default 30s; 180s for a network "
                   "scan AT+COPS=?, 140s AT+CGATT=, 150s AT+CGACT=)");
    at->add_flag("--json", at_options.json, "the reply as JSON: ok, command, lines, final, error");
    at->add_option("--socket", socket, "control socket");

    auto* down = app.add_subcommand(
        "down", "hang up and stay down, the daemon running (status, at still work): root or control.force_group");
    down->add_option("--socket", socket, "control socket");
    auto* up = app.add_subcommand("up", "dial again after `down` (root or control.force_group)");
    up->add_option("--socket", socket, "control socket");

    auto* info = app.add_subcommand("info", "model, firmware, IMEI, SIM, signal, operator, registration, cell");
    add_port_options(*info, modem);
    info->add_flag("--json", json, "machine-readable output");
    info->add_flag("--show-ids", show_ids, "show IMSI and ICCID unmasked");
    info->add_option("--socket", socket, "control socket of a running daemon to ask instead");

    auto* check = app.add_subcommand("check-config", "validate a configuration without touching a modem");
    check->add_option("file", check_file, "configuration file")->capture_default_str();

    if (const auto unknown = unknown_subcommand(app, argc, argv)) {
        std::cerr << "lte-dialer: " << *unknown << '\n';
        return kUsage;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kOk : kUsage;
    }
    scrub_password(argc, argv);

    try {
        if (auto env = take_password_from_environment();
            env && !modem.overrides.password && !modem.overrides.password_file)
            modem.overrides.password = std::move(env);

        if (*connect) return connect_command(modem, dial_only);
        if (*run) return run_command(modem, socket);
        if (*status && reset_counters)
            return service::run_operator_command(socket, "reset-counters", std::cout, std::cerr);
        if (*status && watch) return service::run_watch_command(socket, json, std::cout, std::cerr);
        if (*status) return service::run_status_command(socket, json, std::cout, std::cerr);
        if (*at) {
            if (at_timeout) at_options.timeout = parse_at_timeout(*at_timeout);
            return service::run_at_command(socket, at_text, at_options, std::cout, std::cerr);
        }
        if (*down || *up)
            return service::run_operator_command(socket, up->parsed() ? "up" : "down", std::cout, std::cerr);
        if (*info) return info_command(modem, json, show_ids, socket);
        if (*check) return check_config_command(check_file);
    } catch (const config::ConfigError& e) {
        std::cerr << "lte-dialer: " << e.what() << '\n';
        return kUsage;
    } catch (const std::invalid_argument& e) {
        std::cerr << "lte-dialer: " << e.what() << '\n';
        return kUsage;
    } catch (const serial::PortError& e) {
        std::cerr << "lte-dialer: " << e.what() << '\n';
        return kPortProblem;
    } catch (const std::exception& e) {
        std::cerr << "lte-dialer: " << e.what() << '\n';
        return kFailed;
    }
    return kUsage;
}

}  // namespace lte::cli
