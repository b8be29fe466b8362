#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lte::service {

// One command of a V.250 command line. "ATE0V1;+CSQ;+CEREG?" holds three: the basic commands run
// together ("E0", "V1"), then each ';'-chained extended one.
struct AtPart {
    enum class Form { Action, Set, Read, Test };
    std::string name;  // upper case, no "AT": "+CSQ", "E", "&F", "S0", "D", "" (a bare "AT")
    std::string args;  // what follows the name: "0" of "E0", "=1,1" of "+CFUN=1,1", "?" of "+CFUN?"
    Form form = Form::Action;
};

// What `lte-dialer at` may do with a line.
struct AtJudgement {
    std::vector<AtPart> parts;
    // Never sent, not even with --force: the text is not one AT command line (a CR, LF, NUL or other
    // control byte would let a second command ride along or cut the first).
    std::optional<std::string> invalid;
    // Sent only with --force, and why not otherwise, in words (the first offending part).
    std::optional<std::string> refusal;
};

// Splits a line into its commands and judges each against one table: an allow-list of commands
// that only read, list or are harmless (identity, signal, cell info, read "?" and test "=?" forms),
// a deny-list of those that break the daemon's session or state (dial, hang up, reset, radio and
// packet-domain switches, network selection, port settings, SIM codes), each with its reason.
// A command in neither list is refused as not known to be harmless.
[[nodiscard]] AtJudgement judge_at_command(std::string_view command);

// The first control byte (CR, LF, NUL, ESC, DEL, ...) in text, described; nullopt when there is none.
[[nodiscard]] std::optional<std::string> control_byte_problem(std::string_view text);

// The refusal of judge_at_command, or its invalidity; nullopt when the line may be sent unforced.
[[nodiscard]] std::optional<std::string> session_breaking_reason(std::string_view command);

// How long to wait for a command's final result unless `at --timeout` says otherwise: 30 s, and
// longer for commands the network answers slowly (the longest of the line's parts).
[[nodiscard]] std::chrono::milliseconds default_at_timeout(std::string_view command);

// Longest --timeout accepted: a scan that has not ended in this long will not.
inline constexpr std::chrono::milliseconds kMaxAtTimeout = std::chrono::minutes(10);

}  // namespace lte::service
