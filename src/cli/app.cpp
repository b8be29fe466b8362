#include "lte/cli/app.hpp"

#include <cstdlib>
#include <cstring>
#include <iostream>

#include <CLI/CLI.hpp>

#include "lte/cli/commands.hpp"
#include "lte/serial/serial_port.hpp"
#include "lte/service/control_client.hpp"
#include "lte/service/control_server.hpp"

#ifndef LTE_VERSION
#define LTE_VERSION "0.0.0"
#endif

namespace lte::cli {

namespace {

void add_modem_options(CLI::App& cmd, ModemOptions& o) {
    cmd.add_option("-c,--config", o.config_file,
                   "configuration file (default: /etc/lte-dialer/config.yaml if present)");
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
    cmd.add_option("--at-port", o.overrides.at_port, "the modem's AT tty, e.g. /dev/ttyUSB2");
    cmd.add_option("--data-port", o.overrides.data_port, "the modem's data tty, e.g. /dev/ttyUSB3");
    cmd.add_option("--profile", o.overrides.profile,
                   "modem profile: sim7600, sim7000, sim7672, ec25, ec21, bg96, generic, auto");
    cmd.add_option("--sequence", o.overrides.sequence, "connect sequence, by name or path");
    cmd.add_option("--baud", o.overrides.baud, "serial speed of UART-attached modems");
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

}  // namespace

int run_app(int argc, char** argv) {
    CLI::App app{"lte-dialer: dials cellular modems (SIMCom, Quectel, any 3GPP TS 27.007 modem) and supervises pppd"};
    app.set_version_flag("--version", "lte-dialer " LTE_VERSION);
    app.require_subcommand(1);
    std::filesystem::path socket = service::default_socket_path();

    ModemOptions modem;
    bool dial_only = false, json = false, show_ids = false, force = false;
    std::string at_text;
    std::filesystem::path check_file = config::default_config_path;

    auto* connect = app.add_subcommand("connect", "dial in the foreground: run the connect sequence, then pppd");
    add_modem_options(*connect, modem);
    add_instance_option(*connect, modem);
    connect->add_flag("--dial-only", dial_only, "stop at CONNECT, do not start pppd (then hang up)");

    auto* run = app.add_subcommand("run", "the daemon systemd starts: dial, supervise, reconnect");
    add_modem_options(*run, modem);
    add_instance_option(*run, modem);
    run->add_option("--socket", socket, "control socket");

    auto* status = app.add_subcommand("status", "the running daemon's state");
    status->add_flag("--json", json, "machine-readable output");
    status->add_option("--socket", socket, "control socket");

    auto* at = app.add_subcommand("at", "run an AT command through the running daemon (works while PPP is up)");
    at->add_option("command", at_text, "e.g. AT+CSQ")->required();
    at->add_flag("--force", force, "allow commands that would break the session (ATD, ATH, CFUN, ...)");
    at->add_option("--socket", socket, "control socket");

    auto* info = app.add_subcommand("info", "model, firmware, IMEI, SIM, signal, operator, registration, cell");
    add_modem_options(*info, modem);
    info->add_flag("--json", json, "machine-readable output");
    info->add_flag("--show-ids", show_ids, "show IMSI and ICCID unmasked");
    info->add_option("--socket", socket, "control socket of a running daemon to ask instead");

    auto* check = app.add_subcommand("check-config", "validate a configuration without touching a modem");
    check->add_option("file", check_file, "configuration file")->capture_default_str();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kOk : kUsage;
    }
    scrub_password(argc, argv);

    try {
        if (!modem.overrides.password && !modem.overrides.password_file)
            if (const char* env = std::getenv("LTE_DIALER_PASSWORD")) modem.overrides.password = env;

        if (*connect) return connect_command(modem, dial_only);
        if (*run) return run_command(modem, socket);
        if (*status) return service::run_status_command(socket, json, std::cout, std::cerr);
        if (*at) return service::run_at_command(socket, at_text, force, std::cout, std::cerr);
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
