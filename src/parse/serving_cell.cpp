#include "lte/parse/serving_cell.hpp"

#include <vector>

#include "lte/parse/fields.hpp"

namespace lte::parse {
namespace {

bool has_lte_or_nr_layout(std::string_view mode) { return mode.starts_with("LTE") || mode.starts_with("NR"); }

// "440-10" / "460-001": three-digit MCC, two- or three-digit MNC.
bool valid_mcc_mnc(std::string_view s) {
    const auto dash = s.find('-');
    if (dash != 3 || (s.size() != 6 && s.size() != 7)) return false;
    return to_int(s.substr(0, 3)).has_value() && to_int(s.substr(4)).has_value();
}

}  // namespace

std::optional<ServingCell> parse_cpsi(std::string_view line) {
    const auto body = after_prefix(line, "+CPSI:");
    if (!body) return std::nullopt;
    const auto fields = split_fields(*body);
    if (!fields || fields->size() < 2 || (*fields)[0].empty()) return std::nullopt;
    const auto& f = *fields;

    ServingCell cell;
    cell.system_mode = std::string(f[0].text);
    cell.operation_mode = std::string(f[1].text);
    if (f.size() > 2 && !f[2].empty()) {
        if (!valid_mcc_mnc(f[2].text)) return std::nullopt;
        cell.mcc_mnc = std::string(f[2].text);
    }
    if (f.size() > 3 && !f[3].empty() && !(cell.tac = to_hex_upper(f[3].text))) return std::nullopt;
    if (f.size() > 4 && !f[4].empty() && !(cell.cell_id = to_u64(f[4].text))) return std::nullopt;
    if (f.size() > 6 && has_lte_or_nr_layout(cell.system_mode) && !f[6].empty()) cell.band = std::string(f[6].text);
    return cell;
}

}  // namespace lte::parse
