#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "lte/connection/recovery.hpp"
#include "lte/ppp/ppp_options.hpp"
#include "lte/sequence/sequence.hpp"
#include "lte/sequence/variables.hpp"
#include "lte/serial/serial_port.hpp"

namespace lte::connection {

struct PortPaths {
    std::string at;
    std::string data;  // equal to `at` on a single-port modem
};

// "Connected but no traffic": a DNS query through the link every interval; this many unanswered
// in a row count as a lost link.
struct ProbeSettings {
    std::chrono::milliseconds interval{0};  // 0: off
    unsigned failures = 3;
    std::string name = "example.com";
    std::string server;  // empty: the first DNS server pppd learned from the network
    std::uint16_t port = 53;
    std::chrono::milliseconds timeout{std::chrono::seconds(5)};
};

// Held while the connection waits for the modem's ports: tells it (through `changed`) when ttys come
// and go, so it looks again at once instead of at the next poll. The service face provides it (udev).
class PortEvents {
public:
    virtual ~PortEvents() = default;
};
using WatchPorts = std::function<std::unique_ptr<PortEvents>(asio::io_context& io, std::function<void()> changed)>;

// Everything a Connection needs, already validated (the service face builds it from the config).
struct ConnectionSettings {
    // Where the modem's ports are now, or nullopt while they are absent. Asked again after a
    // reset or a port loss, because ttyUSB numbers move when a USB modem re-enumerates.
    std::function<std::optional<PortPaths>()> locate_ports;
    // Unset, or nullptr from it: the ports are looked for every port_poll alone.
    WatchPorts watch_ports;
    serial::PortOptions port_options;
    std::vector<std::string> urc_prefixes;  // the profile's vendor URCs, added to both channels

    sequence::Sequence sequence;
    sequence::Variables variables;

    ppp::PppOptions ppp;
    std::string password;   // reaches pppd through a pipe, never argv
    bool start_ppp = true;  // false: stop at CONNECT (dial only)

    // When to stop and when (and how) to recover; recovery.reconnect false: the first failure or
    // link loss ends the run (`lte-dialer connect`).
    RecoveryPolicy recovery;
    std::string radio_off_command = "AT+CFUN=4";
    std::string radio_on_command = "AT+CFUN=1";
    std::string reset_command = "AT+CFUN=1,1";

    std::chrono::milliseconds ppp_up_timeout{std::chrono::seconds(60)};  // pppd start -> IP up
    std::chrono::milliseconds port_return_timeout{std::chrono::seconds(120)};
    std::chrono::milliseconds port_poll{std::chrono::seconds(1)};
    // With port events: a look this often all the same, in case an event was lost.
    std::chrono::milliseconds port_poll_with_events{std::chrono::seconds(5)};
    // While online: signal (CSQ, CESQ) and operator (COPS?) read this often through the AT channel,
    // one burst per interval; 0: not at all (no AT traffic, no wake-ups while online).
    std::chrono::milliseconds monitor_interval{std::chrono::seconds(60)};
    std::string serving_cell_command;                                 // the profile's, e.g. AT+CPSI?; empty: none
    std::chrono::milliseconds escape_guard{std::chrono::seconds(1)};  // "+++" guard time
    std::chrono::milliseconds ppp_stop_grace{std::chrono::seconds(5)};
    std::chrono::milliseconds radio_command_timeout{std::chrono::seconds(30)};
    ProbeSettings probe;
};

}  // namespace lte::connection
