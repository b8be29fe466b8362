#include "lte/parse/fields.hpp"

#include <charconv>

namespace lte::parse {
namespace {

bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_hex(char c) noexcept { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
char to_upper(char c) noexcept { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

bool has_hex_prefix(std::string_view s) noexcept { return s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'); }

template <typename T>
std::optional<T> parse_number(std::string_view s, int base) noexcept {
    if (s.empty()) return std::nullopt;
    for (char c : s) {
        if (base == 10 ? !is_digit(c) : !is_hex(c)) return std::nullopt;  // from_chars would take a sign
    }
    T value{};
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value, base);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return value;
}

}  // namespace

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return s;
}

std::optional<std::string_view> after_prefix(std::string_view line, std::string_view prefix) noexcept {
    line = trim(line);
    if (!line.starts_with(prefix)) return std::nullopt;
    return trim(line.substr(prefix.size()));
}

std::optional<std::vector<Field>> split_fields(std::string_view body) {
    std::vector<Field> fields;
    std::size_t pos = 0;
    while (true) {
        while (pos < body.size() && is_blank(body[pos])) ++pos;
        Field field;
        std::size_t end = pos;
        if (pos < body.size() && body[pos] == '"') {
            const std::size_t close = body.find('"', pos + 1);
            if (close == std::string_view::npos) return std::nullopt;
            field = {body.substr(pos + 1, close - pos - 1), true};
            end = close + 1;
            while (end < body.size() && is_blank(body[end])) ++end;
            if (end < body.size() && body[end] != ',') return std::nullopt;
        } else {
            end = body.find(',', pos);
            if (end == std::string_view::npos) end = body.size();
            field = {trim(body.substr(pos, end - pos)), false};
            if (field.text.find('"') != std::string_view::npos) return std::nullopt;
        }
        fields.push_back(field);
        if (end >= body.size()) return fields;
        pos = end + 1;  // past the comma
    }
}

std::vector<RawField> split_fields_tolerant(std::string_view body) {
    std::vector<RawField> fields;
    std::size_t pos = 0;
    while (true) {
        while (pos < body.size() && is_blank(body[pos])) ++pos;
        RawField field;
        std::size_t end = pos;
        if (pos < body.size() && body[pos] == '"') {
            const std::size_t close = body.find('"', pos + 1);
            if (close == std::string_view::npos) {
                field.text = body.substr(pos + 1);
                field.quoted = field.unterminated = true;
                fields.push_back(field);
                return fields;
            }
            field.text = body.substr(pos + 1, close - pos - 1);
            field.quoted = true;
            end = body.find(',', close + 1);
            if (end == std::string_view::npos) end = body.size();
            field.junk_after = !trim(body.substr(close + 1, end - close - 1)).empty();
        } else {
            end = body.find(',', pos);
            if (end == std::string_view::npos) end = body.size();
            field.text = trim(body.substr(pos, end - pos));
        }
        fields.push_back(field);
        if (end >= body.size()) return fields;
        pos = end + 1;  // past the comma
    }
}

std::string without_blanks(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (!is_blank(c)) out.push_back(c);
    }
    return out;
}

std::optional<int> to_int(std::string_view digits) noexcept { return parse_number<int>(digits, 10); }

std::optional<std::uint64_t> to_u64(std::string_view digits) noexcept {
    if (has_hex_prefix(digits)) return parse_number<std::uint64_t>(digits.substr(2), 16);
    return parse_number<std::uint64_t>(digits, 10);
}

std::optional<std::string> to_hex_upper(std::string_view hex) {
    if (has_hex_prefix(hex)) hex.remove_prefix(2);
    if (hex.empty() || hex.size() > 16) return std::nullopt;
    std::string out;
    out.reserve(hex.size());
    for (char c : hex) {
        if (!is_hex(c)) return std::nullopt;
        out.push_back(to_upper(c));
    }
    return out;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (to_upper(a[i]) != to_upper(b[i])) return false;
    }
    return true;
}

}  // namespace lte::parse
