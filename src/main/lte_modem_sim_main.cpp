// lte-modem-sim: a cellular modem on a pty pair, for trying lte-dialer without hardware and for
// every integration test. See --help; the flags are part of the test lanes' contract.
#include <cmath>
#include <csignal>
#include <iostream>
#include <map>

#include <CLI/CLI.hpp>

#include "lte/common/asio.hpp"
#include "lte/sim/simulator.hpp"

namespace {

using lte::sim::milliseconds;

milliseconds seconds(double value) { return milliseconds(std::llround(value * 1000.0)); }

// "--fault no-reply=AT+CGDCONT?" etc.; throws CLI::ValidationError with the offending value.
void apply_fault(const std::string& fault, lte::sim::ModemConfig& modem) {
    const auto eq = fault.find('=');
    const std::string kind = fault.substr(0, eq);
    const std::string arg = eq == std::string::npos ? "" : fault.substr(eq + 1);
    if (kind == "garbage" && arg.empty()) {
        modem.garbage = true;
    } else if (kind == "no-reply" && !arg.empty()) {
        modem.no_reply.push_back(arg);
    } else if (kind == "error" && !arg.empty()) {
        modem.error.push_back(arg);
    } else if (kind == "line-before-echo" && !arg.empty()) {
        modem.line_before_echo.push_back(arg);
    } else if (kind == "urc-in-reply" && !arg.empty()) {
        modem.urc_in_reply.push_back(arg);
    } else if (kind == "no-final" && !arg.empty()) {
        modem.no_final.push_back(arg);
    } else if (kind == "endless" && !arg.empty()) {
        modem.endless.push_back(arg);
    } else if (kind == "endless-line" && !arg.empty()) {
        modem.endless_line.push_back(arg);
    } else if (kind == "garbage-stream" && arg.empty()) {
        modem.garbage_stream = true;
    } else {
        throw CLI::ValidationError("--fault", "'" + fault +
                                                  "' is not one of no-reply=CMD, error=CMD, line-before-echo=CMD, "
                                                  "urc-in-reply=CMD, no-final=CMD, endless=CMD, endless-line=CMD, "
                                                  "garbage, garbage-stream");
    }
}

// A named-value option whose --help shows only its type_name, not the transformer's mapping.
template <typename Map>
CLI::Validator choice(const Map& values) {
    return CLI::CheckedTransformer(values).description("");
}

}  // namespace

#ifndef LTE_VERSION
#define LTE_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
    CLI::App app{
        "lte-modem-sim: a simulated LTE modem (SIMCom/Quectel-like) on pseudo-terminals, or as a\n"
        "real USB device through the kernel's gadget stack (--gadget).\n"
        "Prints 'READY at=<tty> data=<tty>' on stdout once the ports exist; later 'VANISHED' and\n"
        "'RETURNED at=<tty> data=<tty>' when the ports go away and come back. SIGTERM/SIGINT exit\n"
        "cleanly and remove the symlinks (or unplug the gadget)."};
    app.set_version_flag("--version", "lte-modem-sim " LTE_VERSION);
    lte::sim::SimulatorOptions options;
    auto& modem = options.modem;
    bool single_port = false;
    double attach_time = 3.0;
    double guard_time = 1.0;
    double reset_time = 2.0;
    double drop_after = 0;
    double vanish_after = 0;
    double return_after = 0;
    int latency_ms = 0;
    int fragment_gap_ms = 3;
    std::vector<std::string> faults;
    std::string urc_port = "at";

    app.add_option("--at-link", options.at_link, "Symlink to create for the AT port's pty (e.g. /tmp/x/at)");
    app.add_option("--data-link", options.data_link, "Symlink to create for the data port's pty");
    auto* single = app.add_flag("--single-port", single_port, "One pty for AT commands and data (like a single UART)");
    app.add_flag("--cmux", modem.cmux,
                 "With --single-port: accept AT+CMUX=0 and then speak 27.010 (DLCI 1 AT, DLCI 2 data)")
        ->needs(single);
    app.add_option("--gadget", options.gadget,
                   "Serve a USB gadget instead of ptys: its configfs dir (/sys/kernel/config/usb_gadget/NAME), whose "
                   "functions gser.at and gser.modem are the AT and data ports (/dev/ttyGS*); the host sees "
                   "/dev/ttyUSB*. A reset or vanish unplugs it from the controller, return plugs it in again")
        ->excludes(single)
        ->excludes("--at-link")
        ->excludes("--data-link");
    app.add_option("--udc", options.udc,
                   "With --gadget: the USB device controller to plug into (default: the first free one)")
        ->needs("--gadget");
    app.add_option("--profile", modem.profile, "Modem personality: simcom (ATI, AT+CPSI?) or quectel (AT+QCSQ...)")
        ->transform(choice(std::map<std::string, lte::sim::Profile>{{"simcom", lte::sim::Profile::simcom},
                                                                    {"quectel", lte::sim::Profile::quectel}}))
        ->type_name("simcom|quectel");
    app.add_option("--attach-time", attach_time, "Seconds of searching (stat 2) before registering; fractions ok")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_flag("--home", modem.home, "Register home (stat 1) instead of roaming (stat 5)");
    app.add_option("--apn", modem.apn, "APN of PDP context 1 at power-on (default empty)");
    app.add_option("--state", options.state_file,
                   "File keeping AT+CGDCONT/AT+CGAUTH settings across runs (once it exists it wins over --apn)");
    app.add_option("--ppp-peer", options.ppp_peer,
                   "Shell command started for each data call, its stdin/stdout bridged to the call's bytes");
    app.add_option("--latency", latency_ms, "Milliseconds before each reply (echo stays immediate)")
        ->check(CLI::NonNegativeNumber);
    app.add_flag("--fragment", options.fragment.enabled, "Write replies in random chunks with tiny gaps");
    app.add_option("--fragment-max", options.fragment.max_chunk, "Largest chunk with --fragment (bytes)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--fragment-gap", fragment_gap_ms, "Largest gap between chunks with --fragment (ms)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_option("--seed", modem.seed, "Seed for fragmentation, noise and garbage (runs are repeatable)");
    app.add_flag("--urc-noise", modem.urc_noise, "Inject URCs between a reply's lines and its final OK");
    app.add_flag("--boot-urcs", options.boot_urcs,
                 "Send RDY, +CPIN: READY, SMS DONE, PB DONE at start (when a client first opens the AT port)");
    app.add_option("--urc-port", urc_port, "Port that carries URCs: at or data")
        ->check(CLI::IsMember({"at", "data"}))
        ->capture_default_str();
    app.add_option("--fault", faults,
                   "Fault, repeatable: no-reply=CMD (never answer a command line starting with CMD), "
                   "error=CMD (answer ERROR), line-before-echo=CMD (a line no list knows before the echo), "
                   "urc-in-reply=CMD (vendor indications before the final), no-final=CMD (the answer without "
                   "its final result), garbage (random junk lines now and then), endless=CMD (4000-byte lines "
                   "without end or final, until the client sends a byte), endless-line=CMD (one line that never "
                   "ends, likewise), garbage-stream (random bytes on the AT port forever, from the client's first "
                   "byte)");
    app.add_option("--sim", modem.sim,
                   "SIM card: ready, missing, pin, puk (AT+CPIN= unlocks: pin with --sim-pin, puk with any PUK)")
        ->transform(choice(std::map<std::string, lte::sim::SimCard>{{"ready", lte::sim::SimCard::ready},
                                                                    {"missing", lte::sim::SimCard::missing},
                                                                    {"pin", lte::sim::SimCard::pin},
                                                                    {"puk", lte::sim::SimCard::puk}}))
        ->type_name("ready|missing|pin|puk");
    app.add_option("--sim-pin", modem.sim_pin, "The PIN a --sim pin card takes (3 wrong ones lock it: PUK)")
        ->capture_default_str();
    app.add_option("--reg", modem.reg, "Registration fault: denied (stat 3), searching (stat 2 forever)")
        ->transform(choice(std::map<std::string, lte::sim::RegFault>{{"normal", lte::sim::RegFault::none},
                                                                     {"denied", lte::sim::RegFault::denied},
                                                                     {"searching", lte::sim::RegFault::searching}}))
        ->type_name("normal|denied|searching");
    app.add_option("--dial-fail", modem.dial_fail, "Result of a dial while not registered: no-carrier or busy")
        ->transform(choice(std::map<std::string, lte::sim::DialFail>{{"no-carrier", lte::sim::DialFail::no_carrier},
                                                                     {"busy", lte::sim::DialFail::busy}}))
        ->type_name("no-carrier|busy");
    app.add_option("--drop-after", drop_after, "Seconds into a data call before NO CARRIER ends it")
        ->check(CLI::PositiveNumber);
    app.add_option("--vanish-after", vanish_after, "Seconds after start before the ports vanish (USB loss)")
        ->check(CLI::PositiveNumber);
    app.add_option("--return-after", return_after, "Seconds after vanishing before NEW ptys appear at the links")
        ->check(CLI::PositiveNumber);
    app.add_option("--reset-time", reset_time, "Seconds the ports stay gone after AT+CFUN=1,1")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_option("--guard-time", guard_time, "'+++' escape guard time in seconds")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--control", options.control,
                   "Unix socket for control lines: urc TEXT, drop, reg N, cfun N, sim ready|missing|pin|puk, "
                   "signal RSSI [RSRP] (CSQ and CESQ indices), vanish, return, reset, state");
    app.add_option("--transcript", options.transcript,
                   "File of '<ms.µs> <port> <dir> <escaped text>' lines (dir: < received, > sent, ! remark)");
    CLI11_PARSE(app, argc, argv);

    try {
        for (const auto& fault : faults) apply_fault(fault, modem);
    } catch (const CLI::Error& e) {
        return app.exit(e);
    }
    modem.port_count = single_port && !modem.cmux ? 1 : 2;
    modem.urc_port = urc_port == "data" && !single_port ? 1 : 0;
    modem.attach_time = seconds(attach_time);
    modem.guard_time = seconds(guard_time);
    modem.latency = milliseconds(latency_ms);
    if (drop_after > 0) modem.drop_after = seconds(drop_after);
    if (vanish_after > 0) options.vanish_after = seconds(vanish_after);
    if (return_after > 0) options.return_after = seconds(return_after);
    options.reset_time = seconds(reset_time);
    options.fragment.max_gap = milliseconds(fragment_gap_ms);
    options.fragment.seed = modem.seed;

    // A --ppp-peer that exits must not kill us through a write to its closed stdin.
    std::signal(SIGPIPE, SIG_IGN);
    try {
        lte::asio::io_context io;
        lte::sim::Simulator simulator(io, std::move(options), std::cout);
        lte::asio::signal_set signals(io, SIGINT, SIGTERM);
        signals.async_wait([&](boost::system::error_code, int) {
            simulator.stop();
            io.stop();
        });
        simulator.start();
        io.run();
    } catch (const std::exception& e) {
        std::cerr << "lte-modem-sim: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
