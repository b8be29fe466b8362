#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lte/ppp/ppp_output.hpp"

namespace lte::connection {

// The connection state machine's states (design.md §2).
enum class State {
    Idle,
    Probing,          // waiting for the modem to answer AT
    SimCheck,         // AT+CPIN?
    Configuring,      // PDP context / auth, only when they differ
    Registering,      // CEREG/CGREG/CREG stat 1 or 5
    Dialing,          // ATD*99***1# -> CONNECT
    PppUp,            // pppd negotiating LCP / auth / IPCP
    Online,           // IP up
    Recovering,       // between attempts: backoff, then the next rung of the ladder
    WaitingForPorts,  // the modem was reset: waiting for its USB ports to return
    Down,             // hung up by `lte-dialer down`, the AT port kept open, until `lte-dialer up`
    Stopping,
    Stopped,
    Failed,  // gave up with a clear error (e.g. no kernel PPP, wrong credentials)
};

[[nodiscard]] const char* to_string(State s) noexcept;  // "registering", "online", ...

// The rungs of the recovery ladder, cheapest first.
enum class Rung { Redial, RadioCycle, ModemReset, WaitForPorts };
[[nodiscard]] const char* to_string(Rung r) noexcept;

// What a period's attempts and sessions added up to, for `status` and the metrics. The service keeps
// it across restarts (its state file); `status --reset-counters` starts a new period.
struct Counters {
    std::chrono::system_clock::time_point since{};  // the period's start
    ppp::Traffic traffic;                           // ended sessions; the current one is Status::session
    ppp::Traffic session_before;                    // of the current session, what came before a reset
    std::chrono::seconds online{0};                 // ended sessions' time online
    std::uint64_t attempts = 0;                     // connect attempts started
    std::uint64_t connects = 0;                     // attempts that came online
    std::uint64_t drops = 0;                        // online sessions that ended without being asked to
    // Attempts that never came online, by how they ended: to_string(Verdict), e.g. "step failed".
    std::map<std::string, std::uint64_t> failures;
    std::optional<std::chrono::system_clock::time_point> last_failure_at;  // a drop or a failure
    std::string last_failure;                                              // its reason
};

// A monthly data budget (the service's DataBudget): the period's bytes against a limit.
struct BudgetStatus {
    std::uint64_t limit_bytes = 0;
    std::string action;  // "warn" or "disconnect"
    bool spent = false;
    std::chrono::system_clock::time_point period_end{};  // when the next period (and budget) begins
};

// What `lte-dialer status` shows: a snapshot the connection keeps current.
struct Status {
    State state = State::Idle;
    std::chrono::system_clock::time_point since{};  // when `state` was entered
    std::string detail;        // human text for STATUS=, e.g. "searching, 12 s" or "radio cycle 2/3"
    std::string registration;  // "registered (roaming)", "searching", ...
    std::string technology;    // "LTE", "NB-IoT", ...
    std::string operator_name;
    std::optional<int> signal_dbm;  // RSSI from CSQ; nullopt when unknown (99)
    std::optional<int> ber;         // CSQ's bit error rate class 0..7 (GSM only; 99 on LTE)
    std::optional<int> rsrp_dbm;    // from CESQ (LTE)
    std::optional<double> rsrq_db;
    std::string cell;  // the serving cell, from the profile's query: "440-10, TAC 1698, cell 39683652, EUTRAN-BAND28"
    // When the live readings (signal, operator) were last taken while online; nullopt: not yet.
    std::optional<std::chrono::system_clock::time_point> readings_at;
    std::string interface;  // "ppp0"
    std::string local_ip;
    std::string remote_ip;
    std::vector<std::string> dns;
    std::optional<std::chrono::system_clock::time_point> online_since;
    std::uint64_t connects = 0;    // times Online was reached
    std::uint64_t reconnects = 0;  // recoveries started after a link loss
    std::string last_error;
    // Set when the run stopped because retrying cannot help (exit 4): what a person must do,
    // e.g. "the SIM is PUK-locked: unlock it with its PUK ...". Empty otherwise.
    std::string action;
    std::string at_port;
    std::string data_port;
    ppp::Traffic session;  // the current session's bytes so far (the interface's counters); zero offline
    Counters counters;
    std::optional<BudgetStatus> budget;  // set by the service when a budget is configured
};

// The period's bytes, the current session's included.
[[nodiscard]] ppp::Traffic period_traffic(const Status& s) noexcept;

}  // namespace lte::connection
