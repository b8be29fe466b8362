#pragma once
#include <optional>
#include <string>

#include "lte/ppp/child_process.hpp"
#include "lte/ppp/ppp_output.hpp"

namespace lte::ppp {

// What the connection should do after pppd ended.
// Ordered mildest first.
enum class Recovery {
    Redial,    // dial again (keep the network attach)
    Escalate,  // something below PPP is wrong: climb the ladder (radio cycle, modem reset)
    GiveUp,    // retrying cannot help until a person fixes something; the reason says what
};

[[nodiscard]] const char* to_string(Recovery recovery) noexcept;

struct ExitExplanation {
    std::string reason;  // a sentence for the user
    Recovery recovery;
};

// pppd(8) EXIT STATUS, 0..21 (20 and 21 from pppd.h: traffic limit, calling-number check).
[[nodiscard]] ExitExplanation explain_pppd_exit_code(int code);

// The whole ending: the exit status, the cause pppd's log gave (it is more precise than the code,
// which is 16 for most endings in pppd 2.4.9) and whether we asked pppd to stop.
// The more severe meaning of code and log cause wins; on a tie the log's cause.
[[nodiscard]] ExitExplanation explain_pppd_exit(const ProcessExit& exit, std::optional<PppEventKind> log_cause,
                                                bool stop_requested);

}  // namespace lte::ppp
