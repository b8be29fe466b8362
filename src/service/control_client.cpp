#include "lte/service/control_client.hpp"

#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "lte/common/scoped_fd.hpp"
#include "lte/common/secrets.hpp"
#include "lte/service/at_policy.hpp"
#include "lte/service/control_request.hpp"
#include "lte/service/json_writer.hpp"
#include "lte/service/status_text.hpp"

namespace lte::service {
namespace {

[[noreturn]] void fail_connect(const std::filesystem::path& socket, int err) {
    if (err == ENOENT || err == ECONNREFUSED)
        throw ControlError("no lte-dialer daemon at " + socket.string() + ": is the service running?");
    if (err == EACCES || err == EPERM)
        throw ControlError("permission denied on " + socket.string() +
                           ": run as root or as a member of the daemon's control group");
    throw ControlError("cannot connect to " + socket.string() + ": " + std::strerror(err));
}

YAML::Node parse_reply(const std::string& json, const std::filesystem::path& socket) {
    try {
        YAML::Node node = YAML::Load(json);  // JSON is YAML: the project takes no JSON library
        if (node.IsMap()) return node;
    } catch (const YAML::Exception&) {
    }
    throw ControlError("unreadable reply from " + socket.string() + ": " + json);
}

std::string text(const YAML::Node& node, const char* key) {
    const auto value = node[key];
    return value && !value.IsNull() ? value.as<std::string>() : std::string();
}

// Returns the error message the daemon sent, if the reply is an error.
bool report_error(const YAML::Node& reply, std::ostream& err) {
    if (!reply["error"]) return false;
    err << "lte-dialer: " << text(reply, "error") << "\n";
    return true;
}

std::string human_duration(long long s) {
    if (s >= 86400) return fmt::format("{}d {}h {}m", s / 86400, s % 86400 / 3600, s % 3600 / 60);
    if (s >= 3600) return fmt::format("{}h {}m", s / 3600, s % 3600 / 60);
    if (s >= 60) return fmt::format("{}m {}s", s / 60, s % 60);
    return fmt::format("{}s", s);
}

std::uint64_t number(const YAML::Node& node, const char* key) {
    const auto value = node[key];
    return value && !value.IsNull() ? value.as<std::uint64_t>() : 0;
}

void print_counters(const YAML::Node& s, std::ostream& out) {
    const auto row = [&out](std::string_view label, const std::string& value) {
        out << fmt::format("{:<14}{}\n", label, value);
    };
    if (number(s, "session_received_bytes") || number(s, "session_sent_bytes"))
        row("Session:", human_bytes(number(s, "session_received_bytes")) + " received, " +
                            human_bytes(number(s, "session_sent_bytes")) + " sent");
    if (!s["period_since"]) return;  // an older daemon's status
    row("Data:", human_bytes(number(s, "period_received_bytes")) + " received, " +
                     human_bytes(number(s, "period_sent_bytes")) + " sent, online " +
                     human_duration(static_cast<long long>(number(s, "period_online_s"))) + " since " +
                     text(s, "period_since"));
    std::string attempts = fmt::format("{} ({} online, {} drops", number(s, "period_attempts"),
                                       number(s, "period_connects"), number(s, "period_drops"));
    for (const auto& failure : s["period_failures"])
        attempts += fmt::format(", {} {}", failure.second.as<std::uint64_t>(), failure.first.as<std::string>());
    row("Attempts:", attempts + ")");
    if (s["budget_limit_bytes"])
        row("Budget:",
            fmt::format("{} a month, {} used{}; the next period from {}", human_bytes(number(s, "budget_limit_bytes")),
                        human_bytes(number(s, "period_received_bytes") + number(s, "period_sent_bytes")),
                        s["budget_spent"].as<bool>() ? " (spent: " + text(s, "budget_action") + ")" : "",
                        text(s, "budget_period_end")));
    // The reason is said once: "Last error:" has it when it is this run's.
    if (const auto at = text(s, "last_failure_at"); !at.empty())
        row("Last failure:",
            text(s, "last_failure") == text(s, "last_error") ? at : at + ": " + text(s, "last_failure"));
}

// "-73 dBm, RSRP -80 dBm, RSRQ -10 dB (read 12s ago)"
std::string signal_text(const YAML::Node& s) {
    std::string out;
    if (const auto rssi = text(s, "signal_dbm"); !rssi.empty()) out = rssi + " dBm";
    const auto r = s["signal"];
    if (!r || !r.IsMap()) return out;  // an older daemon's status
    if (const auto rsrp = text(r, "rsrp_dbm"); !rsrp.empty())
        out += (out.empty() ? "RSRP " : ", RSRP ") + rsrp + " dBm";
    if (const auto rsrq = text(r, "rsrq_db"); !rsrq.empty()) out += ", RSRQ " + rsrq + " dB";
    if (!out.empty() && r["age_s"] && !r["age_s"].IsNull())
        out += " (read " + human_duration(r["age_s"].as<long long>()) + " ago)";
    return out;
}

void print_table(const YAML::Node& s, std::ostream& out) {
    const auto row = [&out](std::string_view label, const std::string& value) {
        if (!value.empty()) out << fmt::format("{:<14}{}\n", label, value);
    };
    std::string state = text(s, "state");
    if (const auto detail = text(s, "detail"); !detail.empty()) state += " (" + detail + ")";
    if (const auto since = text(s, "since"); !since.empty()) state += ", since " + since;
    row("State:", state);
    std::string reg = text(s, "registration");
    if (const auto tech = text(s, "technology"); !tech.empty()) reg += reg.empty() ? tech : ", " + tech;
    row("Registration:", reg);
    row("Operator:", text(s, "operator"));
    if (s["signal"] && s["signal"].IsMap()) row("Cell:", text(s["signal"], "cell"));
    row("Signal:", signal_text(s));
    std::string link = text(s, "ip");
    if (const auto iface = text(s, "interface"); !iface.empty()) link += (link.empty() ? "" : " on ") + iface;
    if (const auto peer = text(s, "remote_ip"); !peer.empty()) link += ", peer " + peer;
    row("IP:", link);
    std::string dns;
    for (const auto& server : s["dns"]) dns += (dns.empty() ? "" : ", ") + server.as<std::string>();
    row("DNS:", dns);
    if (s["uptime_s"] && !s["uptime_s"].IsNull()) row("Uptime:", human_duration(s["uptime_s"].as<long long>()));
    row("Connects:", text(s, "connects") + " (" + text(s, "reconnects") + " reconnects)");
    row("Last error:", text(s, "last_error"));
    row("Action:", text(s, "action"));
    print_counters(s, out);
    std::string ports = text(s, "at_port");
    if (const auto data = text(s, "data_port"); !data.empty()) ports += (ports.empty() ? "data " : ", data ") + data;
    row("Ports:", ports.empty() ? "" : "AT " + ports);
}

}  // namespace

namespace {

// A connection to the daemon with `request` sent; timeout bounds each send and receive (0: none).
ScopedFd send_request(const std::filesystem::path& socket, std::string_view request,
                      std::chrono::milliseconds timeout) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (socket.string().size() >= sizeof addr.sun_path)
        throw ControlError("control socket path too long: " + socket.string());
    std::strncpy(addr.sun_path, socket.c_str(), sizeof addr.sun_path - 1);

    ScopedFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd.valid()) throw ControlError(std::string("socket(): ") + std::strerror(errno));
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>(timeout.count() % 1000 * 1000);
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) fail_connect(socket, errno);

    const std::string line = std::string(request) + "\n";
    for (std::size_t sent = 0; sent < line.size();) {
        const ssize_t n = ::send(fd.get(), line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw ControlError("sending to " + socket.string() + ": " + std::strerror(errno));
        }
        sent += static_cast<std::size_t>(n);
    }
    return fd;
}

}  // namespace

std::string control_request(const std::filesystem::path& socket, std::string_view request,
                            std::chrono::milliseconds timeout) {
    const ScopedFd fd = send_request(socket, request, timeout);
    std::string reply;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::recv(fd.get(), buf, sizeof buf, 0);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == ECONNRESET && !reply.empty()) break;  // the reply is complete; only the goodbye was rude
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                throw ControlError("the daemon at " + socket.string() + " did not answer within " +
                                   std::to_string(timeout.count() / 1000) + " s");
            throw ControlError("reading from " + socket.string() + ": " + std::strerror(errno));
        }
        reply.append(buf, static_cast<std::size_t>(n));
    }
    while (!reply.empty() && (reply.back() == '\n' || reply.back() == '\r')) reply.pop_back();
    if (reply.empty())
        throw ControlError("the daemon at " + socket.string() + " closed the connection without a reply");
    return reply;
}

std::filesystem::path last_status_path(const std::filesystem::path& socket) { return socket.string() + ".last"; }

namespace {

// The status a daemon left when it stopped with an error; false when there is none.
bool show_last_status(const std::filesystem::path& socket, bool json, std::ostream& out, std::ostream& err) {
    std::ifstream in(last_status_path(socket));
    std::string reply;
    if (!in || !std::getline(in, reply) || reply.empty()) return false;
    YAML::Node node;
    try {
        node = parse_reply(reply, socket);
    } catch (const ControlError&) {
        return false;
    }
    err << "lte-dialer: the daemon is not running; its last run ended so:\n";
    if (json)
        out << reply << "\n";
    else
        print_table(node, out);
    return true;
}

}  // namespace

int run_status_command(const std::filesystem::path& socket, bool json, std::ostream& out, std::ostream& err) {
    try {
        const std::string reply = control_request(socket, "status", std::chrono::seconds(10));
        const YAML::Node node = parse_reply(reply, socket);
        if (report_error(node, err)) return 1;
        if (json)
            out << reply << "\n";
        else
            print_table(node, out);
        return 0;
    } catch (const ControlError& e) {
        if (show_last_status(socket, json, out, err)) return 1;
        err << "lte-dialer: " << e.what() << "\n";
        return 1;
    }
}

namespace {

// The reply as `at --json` prints it: the daemon's fields a script needs, with the failure's
// meaning under "error" (null on OK).
void print_at_json(const YAML::Node& reply, std::string_view command, std::ostream& out) {
    JsonWriter w;
    const bool ok = reply["ok"] && reply["ok"].as<bool>();
    w.begin_object().key("ok").value(ok);
    w.key("command").value(reply["command"] ? text(reply, "command") : mask_secrets(command));
    w.key("lines").begin_array();
    for (const auto& line : reply["lines"]) w.value(line.as<std::string>());
    w.end_array();
    w.key("final");
    if (reply["final"])
        w.value(text(reply, "final"));
    else
        w.null();
    w.key("error");
    if (reply["error"])
        w.value(text(reply, "error"));
    else if (!ok)
        w.value(text(reply, reply["describe"] ? "describe" : "final"));
    else
        w.null();
    out << w.end_object().str() << "\n";
}

}  // namespace

int run_at_command(const std::filesystem::path& socket, std::string_view command, const AtOptions& options,
                   std::ostream& out, std::ostream& err) {
    // Refused here already, with the same words as the daemon's: nothing of it is sent.
    if (const auto problem = control_byte_problem(command)) {
        err << "lte-dialer: refused: " << *problem << "\n";
        return 2;
    }
    try {
        // The daemon answers "no reply" when the command's time is up: wait a little longer than that.
        const auto wait = options.timeout.value_or(default_at_timeout(command)) + std::chrono::seconds(30);
        const std::string reply =
            control_request(socket, at_request_line(command, options.force, options.timeout), wait);
        const YAML::Node node = parse_reply(reply, socket);
        if (options.json) {
            print_at_json(node, command, out);
        } else {
            if (report_error(node, err)) return 1;
            for (const auto& line : node["lines"]) out << line.as<std::string>() << "\n";
            out << text(node, node["describe"] ? "describe" : "final") << "\n";
        }
        return node["ok"] && node["ok"].as<bool>() ? 0 : 1;
    } catch (const ControlError& e) {
        err << "lte-dialer: " << e.what() << "\n";
        return 1;
    }
}

namespace {

// "19:04:31 online 10.64.64.2 via ppp0, -73 dBm" for a person watching; the JSON line for a script.
std::string watch_line(const YAML::Node& s) {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char clock[16];
    std::strftime(clock, sizeof clock, "%H:%M:%S", &tm);
    std::string line = fmt::format("{} {}", clock, text(s, "state"));
    // Online, the detail is the address: said once.
    if (const auto ip = text(s, "ip"); !ip.empty())
        line += " " + ip + " via " + text(s, "interface");
    else if (const auto detail = text(s, "detail"); !detail.empty())
        line += " (" + detail + ")";
    if (const auto signal = signal_text(s); !signal.empty()) line += ", " + signal;
    return line;
}

}  // namespace

int run_watch_command(const std::filesystem::path& socket, bool json, std::ostream& out, std::ostream& err) {
    try {
        const ScopedFd fd = send_request(socket, "watch", std::chrono::milliseconds(0));
        std::string pending;
        char buf[4096];
        for (;;) {
            const ssize_t n = ::recv(fd.get(), buf, sizeof buf, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            pending.append(buf, static_cast<std::size_t>(n));
            for (auto end = pending.find('\n'); end != std::string::npos; end = pending.find('\n')) {
                const std::string line = pending.substr(0, end);
                pending.erase(0, end + 1);
                const YAML::Node node = parse_reply(line, socket);
                if (report_error(node, err)) return 1;
                out << (json ? line : watch_line(node)) << std::endl;  // at once: a pipe waits for it
            }
        }
        err << "lte-dialer: the daemon at " << socket.string() << " closed the stream (stopped?)\n";
        return 0;
    } catch (const ControlError& e) {
        err << "lte-dialer: " << e.what() << "\n";
        return 1;
    }
}

int run_operator_command(const std::filesystem::path& socket, std::string_view request, std::ostream& out,
                         std::ostream& err) {
    try {
        const std::string reply = control_request(socket, request, std::chrono::seconds(10));
        const YAML::Node node = parse_reply(reply, socket);
        if (report_error(node, err)) return 1;
        out << text(node, "message") << "\n";
        return 0;
    } catch (const ControlError& e) {
        err << "lte-dialer: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace lte::service
