#include "lte/parse/modem_identity.hpp"

#include <algorithm>

#include "lte/parse/fields.hpp"

namespace lte::parse {

std::optional<std::string> parse_identity(std::span<const std::string> lines, std::string_view prefix) {
    for (const std::string& line : lines) {
        std::string_view value = trim(line);
        if (value.empty()) continue;
        if (!prefix.empty()) {
            if (const auto rest = after_prefix(value, prefix)) value = *rest;
        }
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        if (value.empty()) return std::nullopt;
        return std::string(value);
    }
    return std::nullopt;
}

namespace {

bool digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<std::string> parse_imsi(std::span<const std::string> lines) {
    auto value = parse_identity(lines, "+CIMI:");
    if (!value || value->size() < 6 || value->size() > 15 || !digits(*value)) return std::nullopt;
    return value;
}

std::optional<std::string> parse_imei(std::span<const std::string> lines) {
    auto value = parse_identity(lines, "+CGSN:");
    if (!value || value->size() < 14 || value->size() > 16 || !digits(*value)) return std::nullopt;
    return value;
}

}  // namespace lte::parse
