#include "lte/parse/operator_selection.hpp"

#include <vector>

#include "lte/parse/fields.hpp"

namespace lte::parse {
namespace {

constexpr int kMaxMode = static_cast<int>(CopsMode::ManualThenAutomatic);
constexpr int kMaxFormat = static_cast<int>(OperatorFormat::Numeric);

bool all_digits(std::string_view s) {
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

}  // namespace

std::optional<OperatorSelection> parse_cops(std::string_view line) {
    const auto body = after_prefix(line, "+COPS:");
    if (!body) return std::nullopt;
    const auto fields = split_fields(*body);
    if (!fields || fields->size() > 4) return std::nullopt;
    const auto& f = *fields;

    const auto mode = f[0].quoted ? std::nullopt : to_int(f[0].text);
    if (!mode || *mode > kMaxMode) return std::nullopt;
    OperatorSelection sel;
    sel.mode = static_cast<CopsMode>(*mode);
    if (f.size() > 1 && !f[1].empty()) {
        const auto format = f[1].quoted ? std::nullopt : to_int(f[1].text);
        if (!format || *format > kMaxFormat) return std::nullopt;
        sel.format = static_cast<OperatorFormat>(*format);
    }
    if (f.size() > 2 && !f[2].empty()) {
        // An operator name without a format to read it by, or a "numeric" one with letters, is garbage.
        if (!sel.format || (*sel.format == OperatorFormat::Numeric && !all_digits(f[2].text))) return std::nullopt;
        sel.name = std::string(f[2].text);
    }
    if (f.size() > 3 && !f[3].empty() && !(sel.act = to_int(f[3].text))) return std::nullopt;
    return sel;
}

}  // namespace lte::parse
