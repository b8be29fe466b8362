#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lte::at {

// How a command ended. The first group are the modem's final result codes; Timeout,
// PortLost, Closed and Overflow are the channel's own verdicts.
enum class Final {
    Ok,
    Error,
    CmeError,
    CmsError,
    NoCarrier,
    Busy,
    NoAnswer,
    NoDialtone,
    Connect,
    Timeout,
    PortLost,
    Closed,
    Overflow,  // a reply or line past lte/at/limits.hpp, or a full queue: the command was given up
};

[[nodiscard]] const char* to_string(Final f) noexcept;

struct Reply {
    Final final = Final::Timeout;
    std::string final_line;          // as the modem sent it: "OK", "+CME ERROR: 10", "CONNECT 150000000"
    std::vector<std::string> lines;  // information lines; echo and URCs are never here

    [[nodiscard]] bool ok() const noexcept { return final == Final::Ok; }
    // One line for a user: "OK", "+CME ERROR: 10 (SIM not inserted)", "no reply within 5000 ms to AT",
    // "no final result (OK or ERROR) within 5000 ms to AT+CPIN?" when lines came but no final.
    [[nodiscard]] std::string describe() const;
};

struct Command {
    Command() = default;
    explicit Command(std::string command_text, std::chrono::milliseconds command_timeout = std::chrono::seconds(5),
                     bool is_secret = false)
        : text(std::move(command_text)), timeout(command_timeout), secret(is_secret) {}

    std::string text;  // without the trailing CR, e.g. "AT+CEREG?"
    std::chrono::milliseconds timeout{std::chrono::seconds(5)};
    bool secret = false;                 // the command text is masked in every log line
    bool probe = false;                  // silence is an answer here: a timeout is logged at debug, not warned
    std::optional<std::string> payload;  // sent after the "> " prompt, ended by Ctrl-Z (e.g. AT+CMGS)
};

}  // namespace lte::at
