#include "lte/service/control_request.hpp"

#include <charconv>

#include "lte/service/at_policy.hpp"

namespace lte::service {
namespace {

ControlRequest refused(std::string message) {
    ControlRequest r;
    r.error = std::move(message);
    return r;
}

// "timeout=180000 " in front of the command: the client's --timeout in milliseconds.
bool take_timeout(std::string_view& rest, ControlRequest& r) {
    constexpr std::string_view key = "timeout=";
    if (!rest.starts_with(key)) return true;
    rest.remove_prefix(key.size());
    const auto space = rest.find(' ');
    const std::string_view digits = rest.substr(0, space);
    long long ms = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), ms);
    if (ec != std::errc{} || end != digits.data() + digits.size() || ms <= 0 || ms > kMaxAtTimeout.count()) {
        r.error = "bad timeout '" + std::string(digits) + "' (milliseconds, 1 to " +
                  std::to_string(kMaxAtTimeout.count()) + ")";
        return false;
    }
    r.timeout = std::chrono::milliseconds(ms);
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    return true;
}

}  // namespace

ControlRequest parse_control_request(std::string_view received) {
    const auto newline = received.find('\n');
    std::string_view line = received.substr(0, newline);
    if (newline != std::string_view::npos && newline + 1 < received.size())
        return refused("the request holds more than one line: send one command per request");
    if (auto problem = control_byte_problem(line)) return refused(*problem);
    if (line.empty()) return refused("empty request");
    if (line == "status") return ControlRequest{};
    if (line == "watch") {
        ControlRequest r;
        r.kind = ControlRequest::Kind::Watch;
        return r;
    }
    for (const auto& [word, kind] :
         {std::pair{"down", ControlRequest::Kind::Down}, std::pair{"up", ControlRequest::Kind::Up},
          std::pair{"reset-counters", ControlRequest::Kind::ResetCounters}})
        if (line == word) {
            ControlRequest r;
            r.kind = kind;
            return r;
        }

    ControlRequest r;
    r.kind = ControlRequest::Kind::At;
    std::string_view rest;
    if (line.starts_with("at! ")) {
        r.force = true;
        rest = line.substr(4);
    } else if (line.starts_with("at ")) {
        rest = line.substr(3);
    } else {
        return refused("unknown request '" + std::string(line) +
                       "' (use status, watch, at <cmd>, at! <cmd>, down, up or reset-counters)");
    }
    if (!take_timeout(rest, r)) return r;
    while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
    if (rest.empty()) return refused("no AT command in the request");
    r.command = std::string(rest);
    return r;
}

std::string at_request_line(std::string_view command, bool force, std::optional<std::chrono::milliseconds> timeout) {
    std::string line = force ? "at! " : "at ";
    if (timeout) line += "timeout=" + std::to_string(timeout->count()) + " ";
    return line + std::string(command);
}

}  // namespace lte::service
