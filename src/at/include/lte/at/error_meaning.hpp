#pragma once
// The words of +CME ERROR / +CMS ERROR final result codes. They live in the AT layer, which owns
// final result codes, so that Reply::describe() can say them wherever a reply reaches a user
// (`connect`, the journal, `status`, `at`); the parsers above read the same table.
#include <optional>
#include <string>
#include <string_view>

namespace lte::at {

enum class ErrorFamily { Cme, Cms };  // +CME ERROR (27.007 §9.2) or +CMS ERROR (27.005 §3.2.5)

// An error final split into its family and what follows the colon: a number (AT+CMEE=1) or the
// modem's own words (AT+CMEE=2, or a vendor text). detail views into the caller's line.
struct ErrorFinal {
    ErrorFamily family = ErrorFamily::Cme;
    std::optional<int> code;  // the number, when the detail starts with one
    std::string_view detail;  // trimmed, e.g. "14" or "SIM busy"
};

// "+CME ERROR: 14", "+cme error:14", "+CME ERROR: SIM busy", "+CME ERROR 14 (SIM busy)"; nullopt for
// any other line and for an error final with nothing after it.
[[nodiscard]] std::optional<ErrorFinal> split_error_final(std::string_view line) noexcept;

// The standard meaning of a code, nullptr when 27.007 / 27.005 give it none.
[[nodiscard]] const char* cme_meaning(int code) noexcept;
[[nodiscard]] const char* cms_meaning(int code) noexcept;

// The code whose standard text matches (case-insensitive), e.g. "SIM not inserted" -> 10.
[[nodiscard]] std::optional<int> cme_code_for_text(std::string_view text) noexcept;
[[nodiscard]] std::optional<int> cms_code_for_text(std::string_view text) noexcept;

// The line as the modem sent it with its meaning in brackets: "+CME ERROR: 14 (SIM busy)",
// "+CMS ERROR: 513 (manufacturer-specific code)". A verbose error already is in words and comes back
// as sent; so does any line that is not an error final.
[[nodiscard]] std::string describe_error_final(std::string_view line);

}  // namespace lte::at
