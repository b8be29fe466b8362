#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace lte::parse {

// <stat> of 3GPP TS 27.007 +CREG/+CGREG/+CEREG/+C5GREG.
enum class RegStat {
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
};

enum class RegKind { Creg, Cgreg, Cereg, C5greg };

struct Registration {
    RegKind kind = RegKind::Cereg;
    std::optional<int> n;  // present in the read form (AT+CEREG?), absent in the URC form
    RegStat stat = RegStat::NotSearching;
    std::optional<std::string> lac_tac;  // hex, upper case, without quotes
    std::optional<std::string> ci;       // hex, upper case, without quotes
    std::optional<int> act;              // access technology (27.007 <AcT>: 7 = E-UTRAN, 9 = NB-IoT, ...)
    std::optional<int> reject_cause;

    // Attached for packet data: home or roaming (also the SMS-only / CSFB variants count as
    // registered for CREG but not for packet data, so only 1 and 5 are true here).
    [[nodiscard]] bool registered() const noexcept { return stat == RegStat::Home || stat == RegStat::Roaming; }
};

// Parses one +CREG:/+CGREG:/+CEREG:/+C5GREG: line in read form or URC form, every <n> form.
// Returns nullopt when the line is not a registration line or is malformed.
std::optional<Registration> parse_registration(std::string_view line);

[[nodiscard]] const char* to_string(RegStat stat) noexcept;          // "registered (home)", "searching", ...
[[nodiscard]] const char* to_string(RegKind kind) noexcept;          // "CEREG", ...
[[nodiscard]] const char* access_technology_name(int act) noexcept;  // 7 -> "LTE", 9 -> "NB-IoT"

}  // namespace lte::parse
