#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace lte::parse {

enum class ErrorFamily { Cme, Cms };  // +CME ERROR (27.007 §9.2) or +CMS ERROR (27.005 §3.2.5)

// A +CME ERROR: / +CMS ERROR: final line, numeric (AT+CMEE=1) or verbose (AT+CMEE=2).
struct ModemError {
    ErrorFamily family = ErrorFamily::Cme;
    std::optional<int> code;  // from the number, or looked up from a verbose text we know
    std::string text;         // the standard meaning of a numeric code; a verbose one's own words
};

[[nodiscard]] std::optional<ModemError> parse_modem_error(std::string_view final_line);

// The standard meaning of a code, nullptr when it is not in our table.
[[nodiscard]] const char* cme_meaning(int code) noexcept;
[[nodiscard]] const char* cms_meaning(int code) noexcept;

// The code whose standard text matches (case-insensitive), e.g. "SIM not inserted" -> 10.
[[nodiscard]] std::optional<int> cme_code_for_text(std::string_view text) noexcept;
[[nodiscard]] std::optional<int> cms_code_for_text(std::string_view text) noexcept;

// One line for a user: "+CME ERROR: 10" -> "SIM not inserted (CME 10)",
// "+CME ERROR: SIM not inserted" -> "SIM not inserted (CME 10)", "+CMS ERROR: 9999" ->
// "unknown error (CMS 9999)". Any other line comes back trimmed.
[[nodiscard]] std::string describe_error(std::string_view final_line);

}  // namespace lte::parse
