#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lte::ppp {

// What pppd's log lines (logfd) tell us. Lines we do not know give no event.
enum class PppEventKind {
    Interface,             // "Using interface ppp0"                     value: ppp0
    Connected,             // "Connect: ppp0 <--> /dev/ttyUSB3"          value: /dev/ttyUSB3
    AuthSucceeded,         // "PAP authentication succeeded" (or CHAP)   value: PAP / CHAP
    LocalIp,               // "local  IP address 10.174.46.45"           value: the address
    RemoteIp,              // "remote IP address 10.64.64.64"
    PrimaryDns,            // "primary   DNS address 168.95.1.1"
    SecondaryDns,          // "secondary DNS address 168.95.192.1"
    PapFailed,             // "PAP authentication failed"
    ChapFailed,            // "CHAP authentication failed[: message]"
    EchoTimeout,           // "No response to 4 echo-requests"           value: 4
    SerialDisconnected,    // "Serial link appears to be disconnected."
    PeerTerminated,        // "LCP terminated by peer[ (reason)]"        value: the reason, if any
    ModemHangup,           // "Modem hangup"
    ConnectionTerminated,  // "Connection terminated."
    TerminatedBySignal,    // "Terminating on signal 15"                 value: 15
    NoKernelSupport,       // "Couldn't open the /dev/ppp device: ..." / "This system lacks kernel support for PPP"
    LinkStats,             // "Sent 1234 bytes, received 5678 bytes."  value: "1234 5678" (at the link's end)
};

// Bytes through the link, as the kernel counts them on the ppp interface.
struct Traffic {
    std::uint64_t received = 0;
    std::uint64_t sent = 0;
    friend bool operator==(const Traffic&, const Traffic&) = default;
};

struct PppEvent {
    PppEventKind kind;
    std::string value;
};

struct LinkInfo {
    std::string interface;
    std::string local_ip;
    std::string remote_ip;
    std::vector<std::string> dns;
    // What the package's ppp hook did with them (DNS handed to which resolver, the default route),
    // in its words; empty when pppd ran no hook of ours.
    std::vector<std::string> hook_messages;
};

// Feeds pppd's log, one line at a time, into events and the link's state. Also accepts lines with
// a syslog/journal prefix ("Aug 08 10:58:13 host pppd[4174]: ...").
class PppOutputParser {
public:
    std::optional<PppEvent> feed(std::string_view line);

    [[nodiscard]] const LinkInfo& link() const noexcept { return link_; }
    // Why the link ended according to the log: the first specific cause seen (auth failure,
    // echo timeout, ...); a bare ModemHangup only when nothing more specific was logged, because
    // pppd 2.4.9 ends most links with "Modem hangup" and exit 16 whatever the real cause.
    [[nodiscard]] std::optional<PppEventKind> end_cause() const noexcept { return end_cause_; }
    // What pppd said the link carried when it ended (print_link_stats in pppd's main.c); nullopt
    // before that line. pppd counts in 32 bits: a session over 4 GiB wraps.
    [[nodiscard]] std::optional<Traffic> traffic() const noexcept { return traffic_; }

private:
    void note_cause(PppEventKind kind);

    LinkInfo link_;
    std::optional<PppEventKind> end_cause_;
    std::optional<Traffic> traffic_;
};

// The kernel's 64-bit counters of a network interface (/sys/class/net/<name>/statistics); nullopt
// when it does not exist (not up yet, or gone with pppd). sysfs_net is for tests.
[[nodiscard]] std::optional<Traffic> interface_traffic(const std::string& interface,
                                                       const std::string& sysfs_net = "/sys/class/net");

}  // namespace lte::ppp
