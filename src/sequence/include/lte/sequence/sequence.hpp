#pragma once
// A connect sequence as loaded from YAML: the user-editable form of ModemManager's AT sequences.
// Each step ends in one of three outcomes (Outcome): go on, the sequence is done, or it failed.
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "lte/parse/registration.hpp"
#include "lte/sequence/pattern.hpp"

namespace lte::sequence {

using std::chrono::milliseconds;

enum class Outcome {
    Continue,  // next step
    Success,   // the sequence is done (a CONNECT, or a step marked `finish: true`)
    Failure,   // abort with an error
};

enum class Port { At, Data };

// What a reply must contain for a send step to succeed. Without one, the final result must be OK.
struct Expect {
    enum class Kind { FinalOk, Literal, Regex };
    Kind kind = Kind::FinalOk;
    std::string text;  // the literal, or the regex source
    std::optional<Pattern> regex;
};

struct Retry {
    int times = 0;  // further attempts after the first
    milliseconds interval{1000};
};

// Stores group 1 of the first reply line matching pattern in variable var ("" when no line matches,
// so a modem without any stored context compares as different). pattern may use ${vars}.
struct Capture {
    std::string var;
    std::string pattern;
};

struct SendStep {
    std::string command;  // may hold ${vars}
    Expect expect;
    milliseconds timeout{5000};
    // The file said `timeout:`: timeouts.command in the config replaces only timeouts left unset,
    // and an explicit 5 s is not unset.
    bool timeout_explicit = false;
    Retry retry;
    std::vector<std::string> abort;
    std::string fail_message;  // what the failure means to a user, e.g. "SIM not inserted"
    bool optional = false;     // a failure continues with the next step
    bool secret = false;       // the command text is never logged
    bool finish = false;       // success ends the sequence
    // The modem refusing this step (an ERROR, not silence or a lost port) ends the connection for
    // good: retrying could only do harm (a SIM PIN: the third wrong one locks the SIM).
    bool fatal = false;
    std::vector<Capture> captures;
    Port port = Port::At;
};

struct Step;

struct WaitRegisteredStep {
    milliseconds timeout{180000};
    milliseconds poll{2000};
    std::vector<parse::RegKind> via{parse::RegKind::Cereg, parse::RegKind::Cgreg, parse::RegKind::Creg};
    // Run once as soon as the modem says stat 0 (not registered and not searching: the radio is
    // off or the operator deselected), e.g. AT+CFUN=1 and AT+COPS=0: waiting cannot mend that.
    std::vector<Step> not_searching;
};

// "${a} != ${b}" or "${a} == ${b}" clauses joined by "&&" and "||" ("&&" binds tighter):
// true when all clauses of any "||" alternative hold. An operand "" is the empty string.
struct Condition {
    struct Clause {
        std::string left;
        std::string right;
        bool equal = false;
    };
    std::string text;
    std::vector<std::vector<Clause>> any_of;
};

struct WhenStep {
    Condition condition;
    std::vector<Step> steps;
    // Run after steps whatever their outcome (e.g. AT+CFUN=1 after a CFUN=4 block), when the
    // condition held; a failure of steps stays the sequence's failure.
    std::vector<Step> finally;
};

// Ends the sequence with a failure no retry can mend (a PUK-locked SIM): the connection stops,
// exit 4, and message is what a person must do.
struct GiveUpStep {
    std::string message;
};

struct SleepStep {
    milliseconds duration{0};
};

struct Step {
    std::variant<SendStep, WaitRegisteredStep, WhenStep, SleepStep, GiveUpStep> action;
    int line = 0;  // where the step starts in its file, for messages
};

struct Sequence {
    std::string name;
    std::string source;  // file it came from
    std::vector<std::string> abort;
    std::map<std::string, std::string> defaults;  // `vars:` — values used when the caller gives none
    std::set<std::string> secret_vars;            // masked in every log line
    std::vector<Step> steps;
};

}  // namespace lte::sequence
