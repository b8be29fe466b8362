#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "lte/at/error_meaning.hpp"

namespace lte::parse {

using at::ErrorFamily;

// A +CME ERROR: / +CMS ERROR: final line, numeric (AT+CMEE=1) or verbose (AT+CMEE=2), as a value.
// The table of meanings is the AT layer's (lte/at/error_meaning.hpp), where Reply::describe()
// puts them into every line a user sees.
struct ModemError {
    ErrorFamily family = ErrorFamily::Cme;
    std::optional<int> code;  // from the number, or looked up from a verbose text we know
    std::string text;         // the standard meaning of a numeric code; a verbose one's own words
};

[[nodiscard]] std::optional<ModemError> parse_modem_error(std::string_view final_line);

}  // namespace lte::parse
