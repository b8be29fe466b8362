#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lte::parse {

// <stat> of 3GPP TS 27.007 +CREG/+CGREG/+CEREG/+C5GREG. A value above 11 (a newer 27.007, or a
// vendor's) is kept as its number: static_cast<RegStat>(n), and to_string() says so.
enum class RegStat : int {
    NotSearching = 0,
    Home = 1,
    Searching = 2,
    Denied = 3,
    Unknown = 4,
    Roaming = 5,
    SmsOnlyHome = 6,
    SmsOnlyRoaming = 7,
    Emergency = 8,
    CsfbNotPreferredHome = 9,
    CsfbNotPreferredRoaming = 10,
    Rlos = 11,  // attached for access to Restricted Local Operator Services only
};

enum class RegKind { Creg, Cgreg, Cereg, C5greg };

// +CREG reports the circuit-switched domain; the others the packet domain that carries PPP.
[[nodiscard]] constexpr bool is_packet_domain(RegKind kind) noexcept { return kind != RegKind::Creg; }

// What one <stat> means for dialling a data call (ATD*99#). The rule, value by value:
//   1, 5   registered (home / roaming): dial.
//   6, 7   registered for "SMS only" and 9, 10 registered with "CSFB not preferred": dial. 27.007
//          defines them for E-UTRAN, where they qualify the circuit-switched part of a combined
//          attach (no voice, or no voice fallback); the EPS attach itself, which carries our data,
//          succeeded. ModemManager counts them as registered too.
//   8      attached for emergency bearer services only, and
//   11     attached for Restricted Local Operator Services only: wait. Neither admits an ordinary
//          PDN connection, so a dial would only fail (and climb the recovery ladder); both can turn
//          into 1/5 (a SIM that becomes ready, a network that accepts the subscription), and the
//          timeout message names them. ModemManager calls them registered; we do not dial on them.
//   3      denied: fail at once when no other packet-domain report is still trying.
//   0, 2, 4 and unknown values: wait.
enum class DataReadiness { Registered, Waiting, Denied };
[[nodiscard]] DataReadiness data_readiness(RegStat stat) noexcept;

// Where a line came from: the answer to AT+CEREG? (read form "<n>,<stat>,...") or a URC
// ("<stat>,...", though some modems put <n> in their URCs too). Decides only lines that are
// ambiguous by their shape, e.g. "+CEREG: 2,0001,00000100,7".
enum class RegSource { Solicited, Unsolicited };

struct Registration {
    RegKind kind = RegKind::Cereg;
    std::optional<int> n;  // present in the read form (AT+CEREG?), absent in the URC form
    RegStat stat = RegStat::NotSearching;
    std::optional<std::string> lac_tac;  // hex, upper case, without quotes
    std::optional<std::string> ci;       // hex, upper case, without quotes
    std::optional<std::string> rac;      // hex, +CGREG's routing area (and the RAC-like extra field some add)
    std::optional<int> act;              // access technology (27.007 <AcT>: 7 = E-UTRAN, 9 = NB-IoT, ...)
    std::optional<int> reject_cause;     // n=3/5 forms
    bool partial = false;                // a field after <stat> was present but unreadable, and left out
};

// Parses one +CREG:/+CGREG:/+CEREG:/+C5GREG: line, every <n> form, as tolerantly as ModemManager's
// mm_3gpp_parse_creg_response: blanks around and inside fields, zero-padded or unquoted numbers,
// lower-case hex, extra fields (a RAC-like one next to <ci>, n=4/5's cause and PSM timers), junk
// after the last field. <stat> is read first and kept whenever it is readable; a garbled or cut
// location field only makes `partial` true. nullopt when the line is not a registration line or
// its <stat> cannot be read.
[[nodiscard]] std::optional<Registration> parse_registration(std::string_view line, RegSource source);

[[nodiscard]] const char* to_string(RegStat stat) noexcept;          // "registered (home)", "searching", ...
[[nodiscard]] const char* to_string(RegKind kind) noexcept;          // "CEREG", ...
[[nodiscard]] const char* access_technology_name(int act) noexcept;  // 7 -> "LTE", 9 -> "NB-IoT"

// What the registration reports seen so far allow, one rule for the dial decision, `info` and
// `status`. Packet-domain reports (+CGREG/+CEREG/+C5GREG) win over +CREG: PPP runs over the packet
// domain, and a circuit-switched registration says nothing about a PS attach (a voice-only
// subscription, an attach still running) while an LTE-only or NB-IoT modem is often registered for
// data and not, or only for SMS, for voice. +CREG decides only on a modem whose every
// packet-domain query failed (it will never report one).
class RegistrationState {
public:
    // kinds: the reports to expect (a wait step's `via`); reports of other kinds are ignored.
    explicit RegistrationState(std::vector<RegKind> kinds = {RegKind::Cereg, RegKind::Cgreg, RegKind::C5greg,
                                                             RegKind::Creg});

    void update(const Registration& reg);
    // The modem rejects this query: it will not report this kind.
    void unsupported(RegKind kind);

    struct Verdict {
        DataReadiness readiness = DataReadiness::Waiting;
        std::optional<RegKind> by;  // the report that decided; unset while waiting
    };
    [[nodiscard]] Verdict verdict() const;

    // The report that stands for the state: the deciding one, else the latest packet-domain one,
    // else the latest +CREG; nullopt before any report.
    [[nodiscard]] std::optional<Registration> shown() const;
    // "last CEREG stat 2 (searching), CREG stat 1 (registered (home))" for a timeout message.
    [[nodiscard]] std::string last_seen() const;

private:
    [[nodiscard]] bool expected(RegKind kind) const;

    std::vector<RegKind> kinds_;
    std::vector<RegKind> unsupported_;
    std::map<RegKind, Registration> last_;
    std::optional<RegKind> latest_ps_;
};

}  // namespace lte::parse
