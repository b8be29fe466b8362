#include "lte/service/at_policy.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

namespace lte::service {
namespace {

using namespace std::chrono_literals;
using Form = AtPart::Form;

// Bit masks of the forms a rule covers.
constexpr unsigned kAction = 1U << static_cast<unsigned>(Form::Action);
constexpr unsigned kSet = 1U << static_cast<unsigned>(Form::Set);
constexpr unsigned kRead = 1U << static_cast<unsigned>(Form::Read);
constexpr unsigned kTest = 1U << static_cast<unsigned>(Form::Test);
constexpr unsigned kChange = kAction | kSet;
constexpr unsigned kAny = kAction | kSet | kRead | kTest;

constexpr std::string_view kAnyExtended = "<extended>";  // matches every "+X", "^X", "$X", ... name
constexpr std::string_view kAnyArgs = "<any>";
constexpr std::string_view kLockQuery = "<lock query>";  // AT+CLCK=<fac>,2: mode 2 asks for the status

enum class Verdict { Allow, Deny };

struct Rule {
    std::string_view name;
    unsigned forms;
    std::string_view args;  // kAnyArgs, or exactly these (basic commands: "" is the same as "0")
    Verdict verdict;
    std::string_view reason;  // for a denial: why, in words, after the command's name
};

// The one table `lte-dialer at` is judged by, first match wins. Deny rules come first so that a
// read-form wildcard cannot open what a specific rule closes; an exception to a denial (asking a
// lock's status) stands just before it.
// clang-format off: one rule a line, so the table reads as one
constexpr std::array kRules{
    // The call and the modem's state the session lives in.
    Rule{"D", kAny, kAnyArgs, Verdict::Deny, "dials: the port would leave the daemon's session for a call"},
    Rule{"A", kAny, kAnyArgs, Verdict::Deny, "answers an incoming call on the daemon's port"},
    Rule{"H", kAny, kAnyArgs, Verdict::Deny, "hangs up the data call the session runs on"},
    Rule{"O", kAny, kAnyArgs, Verdict::Deny, "switches the port back to data mode, away from the daemon"},
    Rule{"Z", kAny, kAnyArgs, Verdict::Deny, "resets the modem's settings under the session"},
    Rule{"&F", kAny, kAnyArgs, Verdict::Deny, "restores factory settings (echo, result codes) the daemon relies on"},
    Rule{"V", kAny, "0", Verdict::Deny, "makes result codes numbers, which the daemon cannot read"},
    Rule{"Q", kAny, "1", Verdict::Deny, "suppresses the result codes the daemon waits for"},
    Rule{"+CFUN", kChange, kAnyArgs, Verdict::Deny, "switches the radio under the live session"},
    Rule{"+CGATT", kChange, kAnyArgs, Verdict::Deny, "attaches or detaches the packet service the session runs on"},
    Rule{"+CGACT", kChange, kAnyArgs, Verdict::Deny, "activates or deactivates the PDP context the session runs on"},
    Rule{"+CGDATA", kChange, kAnyArgs, Verdict::Deny, "enters data mode on the daemon's port"},
    Rule{"+CRESET", kChange, kAnyArgs, Verdict::Deny, "resets the modem"},
    Rule{"+QRST", kChange, kAnyArgs, Verdict::Deny, "resets the modem"},
    Rule{"+CPOF", kChange, kAnyArgs, Verdict::Deny, "powers the modem off"},
    Rule{"+QPOWD", kChange, kAnyArgs, Verdict::Deny, "powers the modem off"},
    Rule{"+CPWROFF", kChange, kAnyArgs, Verdict::Deny, "powers the modem off"},
    Rule{"+COPS", kSet, kAnyArgs, Verdict::Deny, "changes the network selection (or deregisters) under the session"},
    Rule{"+CGDCONT", kSet, kAnyArgs, Verdict::Deny, "rewrites the PDP context the session dials"},
    Rule{"+CGAUTH", kSet, kAnyArgs, Verdict::Deny, "rewrites the authentication the session dials with"},
    Rule{"+QICSGP", kSet, kAnyArgs, Verdict::Deny, "rewrites the APN and authentication the session dials with"},
    // The port the daemon talks on.
    Rule{"+CMUX", kChange, kAnyArgs, Verdict::Deny, "starts the multiplexer: the port stops speaking plain AT"},
    Rule{"+IPR", kSet, kAnyArgs, Verdict::Deny, "changes the port's baud rate under the daemon"},
    Rule{"+IFC", kSet, kAnyArgs, Verdict::Deny, "changes the port's flow control under the daemon"},
    Rule{"+CMEE", kSet, kAnyArgs, Verdict::Deny, "changes how the modem reports errors, which the daemon reads"},
    // The SIM's codes: a wrong one counts toward the PUK lock. Asking a lock's status is harmless.
    Rule{"+CLCK", kSet, kLockQuery, Verdict::Allow, {}},
    Rule{"+CPIN", kSet, kAnyArgs, Verdict::Deny,
         "enters a SIM code, and a wrong one counts toward the PUK lock (set modem.sim_pin instead)"},
    Rule{"+CPWD", kSet, kAnyArgs, Verdict::Deny, "changes a SIM password"},
    Rule{"+CLCK", kSet, kAnyArgs, Verdict::Deny, "locks or unlocks the SIM or another facility"},
    Rule{"+CSIM", kSet, kAnyArgs, Verdict::Deny, "sends raw commands to the SIM, which may verify or change its codes"},
    Rule{"+CRSM", kSet, kAnyArgs, Verdict::Deny, "sends raw commands to the SIM, which may change its files"},

    // Harmless: they only read, list, or set what the daemon does not depend on.
    Rule{"", kAny, kAnyArgs, Verdict::Allow, {}},  // a bare "AT"
    Rule{"I", kAny, kAnyArgs, Verdict::Allow, {}},
    Rule{"E", kAny, kAnyArgs, Verdict::Allow, {}},  // the channel copes with echo on and off
    Rule{"V", kAny, "1", Verdict::Allow, {}},
    Rule{"Q", kAny, "0", Verdict::Allow, {}},
    Rule{"&V", kAny, kAnyArgs, Verdict::Allow, {}},
    Rule{"&C", kAny, "1", Verdict::Allow, {}},  // DCD follows the carrier, as pppd wants it
    Rule{"S", kRead, kAnyArgs, Verdict::Allow, {}},
    Rule{kAnyExtended, kRead | kTest, kAnyArgs, Verdict::Allow, {}},  // "+X?" and "+X=?" only ask
    Rule{"+CSQ", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+CESQ", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+CGMI", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+CGMM", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+CGMR", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+CGSN", kChange, kAnyArgs, Verdict::Allow, {}},
    Rule{"+GMI", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+GMM", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+GMR", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+GSN", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+CIMI", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+CCID", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+ICCID", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+QCCID", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+CICCID", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+CNUM", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+CEER", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+CLAC", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+CBC", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+CPMUTEMP", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+QTEMP", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+CGPADDR", kChange, kAnyArgs, Verdict::Allow, {}},
    Rule{"+QNWINFO", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+QCSQ", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+QSPN", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+QENG", kChange, kAnyArgs, Verdict::Allow, {}},  // AT+QENG="servingcell" asks for the cell
    Rule{"+GCAP", kAction, kAnyArgs, Verdict::Allow, {}},
    Rule{"+CUSD", kSet, kAnyArgs, Verdict::Allow, {}},  // a USSD query (*100#: the balance)
    // SMS: listing, reading and the text/storage settings; the daemon uses none of them.
    Rule{"+CMGL", kChange, kAnyArgs, Verdict::Allow, {}},
    Rule{"+CMGR", kSet, kAnyArgs, Verdict::Allow, {}},
    Rule{"+CMGF", kSet, kAnyArgs, Verdict::Allow, {}},
    Rule{"+CPMS", kSet, kAnyArgs, Verdict::Allow, {}},
    Rule{"+CSCS", kSet, kAnyArgs, Verdict::Allow, {}},
};
// clang-format on

// Commands the network answers slowly. 27.007 sets no times; these are the maximum response times
// the vendors' manuals give (Quectel EC2x/BG96 AT manuals: AT+COPS 180 s "determined by network",
// AT+CGATT 140 s, AT+CGACT 150 s; SIMCom's AT+CNETSCAN and Quectel's AT+QSCAN scan every band).
struct SlowCommand {
    std::string_view name;
    unsigned forms;
    std::chrono::milliseconds timeout;
};
constexpr std::array kSlowCommands{
    SlowCommand{"+COPS", kSet | kTest, 180s}, SlowCommand{"+CNETSCAN", kAny, 180s}, SlowCommand{"+QSCAN", kAny, 180s},
    SlowCommand{"+CGATT", kSet, 140s},        SlowCommand{"+CGACT", kSet, 150s},
};
constexpr std::chrono::milliseconds kDefaultAtTimeout = 30s;

bool is_extended_prefix(char c) { return c == '+' || c == '^' || c == '$' || c == '%' || c == '#' || c == '*'; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
char upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }
unsigned bit(Form f) { return 1U << static_cast<unsigned>(f); }

// "=?" test, "?" read, "=..." set, nothing: action.
Form form_of(std::string_view args) {
    if (args.starts_with("=?")) return Form::Test;
    if (args.starts_with("?")) return Form::Read;
    if (args.starts_with("=")) return Form::Set;
    return Form::Action;
}

// From pos to the ';' that ends an extended command (not one inside a quoted string).
std::size_t end_of_arguments(std::string_view body, std::size_t pos) {
    bool quoted = false;
    for (; pos < body.size(); ++pos) {
        if (body[pos] == '"') quoted = !quoted;
        if (body[pos] == ';' && !quoted) break;
    }
    return pos;
}

std::size_t skip_digits(std::string_view body, std::size_t pos) {
    while (pos < body.size() && is_digit(body[pos])) ++pos;
    return pos;
}

// The body of a line after its "AT", split into V.250 commands (spaces outside quotes ignored).
std::vector<AtPart> split(std::string_view body) {
    std::vector<AtPart> parts;
    for (std::size_t pos = 0; pos < body.size();) {
        const char c = body[pos];
        if (c == ' ') {
            ++pos;
        } else if (c == ';') {
            // Many modems take "AT+CSQ;AT+CREG?": a repeated prefix after ';' is a prefix, not "ATA".
            ++pos;
            while (pos < body.size() && body[pos] == ' ') ++pos;
            if (pos + 1 < body.size() && upper(body[pos]) == 'A' && upper(body[pos + 1]) == 'T') pos += 2;
        } else if (is_extended_prefix(c)) {
            std::size_t end = pos + 1;
            while (end < body.size() && (std::isalnum(static_cast<unsigned char>(body[end])) || body[end] == '_'))
                ++end;
            AtPart part;
            std::transform(body.begin() + static_cast<std::ptrdiff_t>(pos),
                           body.begin() + static_cast<std::ptrdiff_t>(end), std::back_inserter(part.name), upper);
            const std::size_t args_end = end_of_arguments(body, end);
            part.args = std::string(body.substr(end, args_end - end));
            while (!part.args.empty() && part.args.back() == ' ') part.args.pop_back();
            part.form = form_of(part.args);
            parts.push_back(std::move(part));
            pos = args_end;
        } else if (upper(c) == 'D') {  // a dial string runs to the end of the line
            parts.push_back({"D", std::string(body.substr(pos + 1)), Form::Action});
            pos = body.size();
        } else if (upper(c) == 'S' && pos + 1 < body.size() && is_digit(body[pos + 1])) {
            std::size_t end = skip_digits(body, pos + 1);
            Form form = Form::Action;
            if (end < body.size() && body[end] == '?') {
                form = Form::Read;
                ++end;
            } else if (end < body.size() && body[end] == '=') {
                form = Form::Set;
                end = skip_digits(body, end + 1);
            }
            parts.push_back({"S", std::string(body.substr(pos + 1, end - pos - 1)), form});
            pos = end;
        } else {
            std::size_t end = pos + 1;
            std::string name(1, upper(c));
            if (c == '&' && end < body.size()) name += upper(body[end++]);
            const std::size_t args_end = skip_digits(body, end);
            parts.push_back({std::move(name), std::string(body.substr(end, args_end - end)), Form::Action});
            pos = args_end;
        }
    }
    if (parts.empty()) parts.push_back({"", "", Form::Action});
    return parts;
}

bool matches(const Rule& rule, const AtPart& part) {
    if (!(rule.forms & bit(part.form))) return false;
    if (rule.name == kAnyExtended) {
        if (part.name.empty() || !is_extended_prefix(part.name.front())) return false;
    } else if (rule.name != part.name) {
        return false;
    }
    if (rule.args == kAnyArgs) return true;
    if (rule.args == kLockQuery)
        return std::count(part.args.begin(), part.args.end(), ',') == 1 && part.args.ends_with(",2");
    const std::string_view args = part.args.empty() ? std::string_view("0") : std::string_view(part.args);
    return args == rule.args;
}

std::string shown(const AtPart& part) {
    if (part.name == "S") return "ATS" + part.args;
    if (!part.name.empty() && !is_extended_prefix(part.name.front())) return "AT" + part.name + part.args;
    return "AT" + part.name;
}

std::optional<std::string> refusal_of(const AtPart& part) {
    for (const auto& rule : kRules) {
        if (!matches(rule, part)) continue;
        if (rule.verdict == Verdict::Allow) return std::nullopt;
        return shown(part) + " " + std::string(rule.reason);
    }
    return shown(part) + " is not on the list of commands known to be harmless (queries, read '?' and test '=?' forms)";
}

std::string upper_copy(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), upper);
    return out;
}

}  // namespace

std::optional<std::string> control_byte_problem(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != 0x7f) continue;
        std::string what;
        switch (c) {
            case '\r': what = "a carriage return (CR)"; break;
            case '\n': what = "a line feed (LF)"; break;
            case '\0': what = "a NUL byte"; break;
            default: what = fmt::format("the control byte 0x{:02x}", c);
        }
        return fmt::format(
            "the command contains {} at byte {}: a request is exactly one command line "
            "(chain commands with ';' instead)",
            what, i + 1);
    }
    return std::nullopt;
}

AtJudgement judge_at_command(std::string_view command) {
    AtJudgement j;
    if (auto problem = control_byte_problem(command)) {
        j.invalid = std::move(problem);
        return j;
    }
    const std::string cmd = upper_copy(command);
    if (cmd.find("+++") != std::string::npos) {
        j.refusal = "+++ leaves data mode and drops the session";
        return j;
    }
    const auto start = cmd.find_first_not_of(' ');
    if (start == std::string::npos || cmd.compare(start, 2, "AT") != 0) {
        j.refusal = "'" + std::string(command) + "' is not an AT command (it must start with AT)";
        return j;
    }
    j.parts = split(std::string_view(command).substr(start + 2));
    for (const auto& part : j.parts) {
        if (auto why = refusal_of(part)) {
            j.refusal = std::move(why);
            break;
        }
    }
    return j;
}

std::optional<std::string> session_breaking_reason(std::string_view command) {
    AtJudgement j = judge_at_command(command);
    return j.invalid ? std::move(j.invalid) : std::move(j.refusal);
}

std::chrono::milliseconds default_at_timeout(std::string_view command) {
    std::chrono::milliseconds timeout = kDefaultAtTimeout;
    for (const auto& part : judge_at_command(command).parts)
        for (const auto& slow : kSlowCommands)
            if (slow.name == part.name && (slow.forms & bit(part.form))) timeout = std::max(timeout, slow.timeout);
    return timeout;
}

}  // namespace lte::service
