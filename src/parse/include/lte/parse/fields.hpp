#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The small toolkit every response parser is built from. Fields are views into the caller's
// line, so a parser copies what it keeps before the line goes away.
namespace lte::parse {

struct Field {
    std::string_view text;  // without the surrounding quotes and blanks
    bool quoted = false;

    [[nodiscard]] bool empty() const noexcept { return text.empty(); }
};

// Strips blanks (space, tab, CR, LF) from both ends.
[[nodiscard]] std::string_view trim(std::string_view s) noexcept;

// For "+CEREG: 0,5" and prefix "+CEREG:" returns "0,5" (blanks trimmed, space after the colon
// optional); nullopt when the line does not start with prefix.
[[nodiscard]] std::optional<std::string_view> after_prefix(std::string_view line, std::string_view prefix) noexcept;

// Splits on commas outside double quotes, trims blanks around each field and removes its quotes.
// "" gives one empty field. nullopt on an unterminated quote or text after a closing quote.
[[nodiscard]] std::optional<std::vector<Field>> split_fields(std::string_view body);

// A field as a tolerant splitter found it: for lines whose later fields may be garbled or cut,
// where the fields before the damage must still be read (registration lines).
struct RawField {
    std::string_view text;  // without blanks around it and without its quotes
    bool quoted = false;
    bool junk_after = false;    // text after the closing quote, before the next comma
    bool unterminated = false;  // an opening quote with no closing one: the rest of the line

    [[nodiscard]] bool empty() const noexcept { return text.empty(); }
};

// Splits on commas outside double quotes like split_fields, but never fails: damage is flagged
// on the field it is in, and an unterminated quote ends the list.
[[nodiscard]] std::vector<RawField> split_fields_tolerant(std::string_view body);

// The text without any blank (space, tab) in it: "  0 5" -> "05".
[[nodiscard]] std::string without_blanks(std::string_view s);

// A decimal number without sign that fits in an int; nullopt for anything else.
[[nodiscard]] std::optional<int> to_int(std::string_view digits) noexcept;

// Like to_int, for values wider than int (cell ids); also accepts a 0x-prefixed hex number.
[[nodiscard]] std::optional<std::uint64_t> to_u64(std::string_view digits) noexcept;

// 1 to 16 hex digits, an optional 0x prefix dropped, upper-cased: "0x1a2B" -> "1A2B".
[[nodiscard]] std::optional<std::string> to_hex_upper(std::string_view hex);

// Case-insensitive ASCII equality (modems differ in the case of their texts).
[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept;

}  // namespace lte::parse
