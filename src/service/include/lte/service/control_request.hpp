#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace lte::service {

// One request to the control socket, parsed. The wire form is one line ended by '\n':
//   status
//   at [timeout=<ms>] <command>     a command `at` judges (at_policy.hpp)
//   at! [timeout=<ms>] <command>    the same unjudged (`at --force`; root or control.force_group)
//   down | up                       hang up and stay down / dial again (root or control.force_group)
//   reset-counters                  start a new counting period (root or control.force_group)
//   watch                           the status now, then again at each change, one JSON line each
struct ControlRequest {
    enum class Kind { Status, At, Down, Up, ResetCounters, Watch };
    Kind kind = Kind::Status;
    std::string command;  // for At: the AT command line, exactly as typed
    bool force = false;
    std::optional<std::chrono::milliseconds> timeout;  // nullopt: default_at_timeout(command)
    // Set when the request is refused as it stands (then nothing else is meaningful): unknown, not
    // one line, a control byte inside, a bad timeout. Said so that a user knows what to change.
    std::optional<std::string> error;
};

// `received` is everything the client sent, its line end included: bytes after the first '\n' make
// the request an error rather than being forwarded or silently dropped.
[[nodiscard]] ControlRequest parse_control_request(std::string_view received);

// The wire form of an `at` request (the client's side of parse_control_request).
[[nodiscard]] std::string at_request_line(std::string_view command, bool force,
                                          std::optional<std::chrono::milliseconds> timeout);

}  // namespace lte::service
