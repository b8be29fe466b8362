#include "lte/ppp/ppp_output.hpp"

#include <array>
#include <charconv>
#include <fstream>

namespace lte::ppp {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

// "... pppd[4174]: message" -> "message"
std::string_view strip_syslog_prefix(std::string_view line) {
    const auto tag = line.find("pppd[");
    if (tag == std::string_view::npos) return line;
    const auto colon = line.find("]: ", tag);
    return colon == std::string_view::npos ? line : line.substr(colon + 3);
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// The first word of rest: "10.64.64.64" from "10.64.64.64 ..." (pppd prints nothing after it).
std::string first_word(std::string_view rest) {
    rest = trim(rest);
    return std::string(rest.substr(0, rest.find(' ')));
}

struct Prefix {
    std::string_view text;
    PppEventKind kind;
};

// pppd pads these with spaces to align the addresses ("local  IP", "primary   DNS").
constexpr std::array kValuePrefixes{
    Prefix{"Using interface ", PppEventKind::Interface},
    Prefix{"local  IP address ", PppEventKind::LocalIp},
    Prefix{"remote IP address ", PppEventKind::RemoteIp},
    Prefix{"primary   DNS address ", PppEventKind::PrimaryDns},
    Prefix{"secondary DNS address ", PppEventKind::SecondaryDns},
    Prefix{"No response to ", PppEventKind::EchoTimeout},
    Prefix{"Terminating on signal ", PppEventKind::TerminatedBySignal},
};

constexpr std::array kFlagPrefixes{
    Prefix{"PAP authentication failed", PppEventKind::PapFailed},
    Prefix{"CHAP authentication failed", PppEventKind::ChapFailed},
    Prefix{"Serial link appears to be disconnected", PppEventKind::SerialDisconnected},
    Prefix{"Modem hangup", PppEventKind::ModemHangup},
    Prefix{"Connection terminated", PppEventKind::ConnectionTerminated},
    Prefix{"Couldn't open the /dev/ppp device", PppEventKind::NoKernelSupport},
    Prefix{"This system lacks kernel support for PPP", PppEventKind::NoKernelSupport},
};

// "Sent 1234 bytes, received 5678 bytes." -> "1234 5678"
std::optional<PppEvent> link_stats(std::string_view msg) {
    unsigned long long sent = 0;
    unsigned long long received = 0;
    constexpr std::string_view kSent = "Sent ";
    constexpr std::string_view kReceived = " bytes, received ";
    if (!starts_with(msg, kSent)) return std::nullopt;
    const char* p = msg.data() + kSent.size();
    const char* end = msg.data() + msg.size();
    auto r = std::from_chars(p, end, sent);
    if (r.ec != std::errc() ||
        std::string_view(r.ptr, static_cast<std::size_t>(end - r.ptr)).substr(0, kReceived.size()) != kReceived)
        return std::nullopt;
    r = std::from_chars(r.ptr + kReceived.size(), end, received);
    if (r.ec != std::errc() || std::string_view(r.ptr, static_cast<std::size_t>(end - r.ptr)) != " bytes.")
        return std::nullopt;
    return PppEvent{PppEventKind::LinkStats, std::to_string(sent) + " " + std::to_string(received)};
}

std::optional<std::uint64_t> read_counter(const std::string& path) {
    std::ifstream in(path);
    std::uint64_t value = 0;
    if (!(in >> value)) return std::nullopt;
    return value;
}

std::optional<PppEvent> classify(std::string_view msg) {
    if (auto stats = link_stats(msg)) return stats;
    for (const auto& p : kValuePrefixes)
        if (starts_with(msg, p.text)) return PppEvent{p.kind, first_word(msg.substr(p.text.size()))};
    for (const auto& p : kFlagPrefixes)
        if (starts_with(msg, p.text)) return PppEvent{p.kind, {}};
    if (starts_with(msg, "Connect: ")) {
        const auto arrow = msg.find("<-->");
        if (arrow != std::string_view::npos)
            return PppEvent{PppEventKind::Connected, first_word(msg.substr(arrow + 4))};
    }
    if (starts_with(msg, "LCP terminated by peer")) {
        auto reason = trim(msg.substr(std::string_view("LCP terminated by peer").size()));
        if (reason.size() >= 2 && reason.front() == '(' && reason.back() == ')')
            reason = reason.substr(1, reason.size() - 2);
        return PppEvent{PppEventKind::PeerTerminated, std::string(reason)};
    }
    for (std::string_view proto : {"PAP", "CHAP"})
        if (starts_with(msg, proto) && msg.substr(proto.size()) == " authentication succeeded")
            return PppEvent{PppEventKind::AuthSucceeded, std::string(proto)};
    return std::nullopt;
}

}  // namespace

std::optional<PppEvent> PppOutputParser::feed(std::string_view line) {
    auto event = classify(trim(strip_syslog_prefix(line)));
    if (!event) return event;
    switch (event->kind) {
        case PppEventKind::Interface: link_.interface = event->value; break;
        case PppEventKind::LocalIp:  // IPCP came up (again): a fresh address block follows
            link_.local_ip = event->value;
            link_.remote_ip.clear();
            link_.dns.clear();
            break;
        case PppEventKind::RemoteIp: link_.remote_ip = event->value; break;
        case PppEventKind::PrimaryDns:
        case PppEventKind::SecondaryDns: link_.dns.push_back(event->value); break;
        case PppEventKind::PapFailed:
        case PppEventKind::ChapFailed:
        case PppEventKind::EchoTimeout:
        case PppEventKind::SerialDisconnected:
        case PppEventKind::PeerTerminated:
        case PppEventKind::ModemHangup:
        case PppEventKind::NoKernelSupport: note_cause(event->kind); break;
        case PppEventKind::LinkStats: {
            const auto space = event->value.find(' ');
            traffic_ = Traffic{std::stoull(event->value.substr(space + 1)), std::stoull(event->value.substr(0, space))};
            break;
        }
        default: break;
    }
    return event;
}

void PppOutputParser::note_cause(PppEventKind kind) {
    if (!end_cause_ || *end_cause_ == PppEventKind::ModemHangup) end_cause_ = kind;
}

std::optional<Traffic> interface_traffic(const std::string& interface, const std::string& sysfs_net) {
    // A name from pppd's log: never let it walk out of the directory.
    if (interface.empty() || interface.find('/') != std::string::npos || interface.front() == '.') return std::nullopt;
    const std::string dir = sysfs_net + "/" + interface + "/statistics/";
    const auto received = read_counter(dir + "rx_bytes");
    const auto sent = read_counter(dir + "tx_bytes");
    if (!received || !sent) return std::nullopt;
    return Traffic{*received, *sent};
}

}  // namespace lte::ppp
