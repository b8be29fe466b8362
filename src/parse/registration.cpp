#include "lte/parse/registration.hpp"

#include <array>
#include <cstddef>
#include <vector>

#include "lte/parse/fields.hpp"

namespace lte::parse {
namespace {

struct KindInfo {
    RegKind kind;
    std::string_view prefix;
    // Offset of <reject_cause> from <stat> (27.007 §7.2/§10.1.20/§10.1.22/§10.1.87): the optional
    // fields before it differ (+CGREG has <rac>, +C5GREG the allowed NSSAI pair).
    std::size_t reject_cause_offset;
};

constexpr std::array<KindInfo, 4> kKinds{{
    {RegKind::Creg, "+CREG:", 5},      // stat, lac, ci, AcT, cause_type, reject_cause
    {RegKind::Cgreg, "+CGREG:", 6},    // stat, lac, ci, AcT, rac, cause_type, reject_cause
    {RegKind::Cereg, "+CEREG:", 5},    // stat, tac, ci, AcT, cause_type, reject_cause
    {RegKind::C5greg, "+C5GREG:", 7},  // stat, tac, ci, AcT, NSSAI length, NSSAI, cause_type, reject_cause
}};

constexpr int kMaxN = 5;
constexpr int kMaxStat = static_cast<int>(RegStat::CsfbNotPreferredRoaming);

// <stat> and <n> are one or two decimal digits, while a bare <lac>/<tac> is four hex digits.
bool looks_like_small_number(const Field& f) {
    return !f.quoted && !f.empty() && f.text.size() <= 2 && to_int(f.text).has_value();
}

// Empty means absent; otherwise the field must be a valid value or the line is malformed.
bool optional_hex(const std::vector<Field>& fields, std::size_t i, std::optional<std::string>& out) {
    if (i >= fields.size() || fields[i].empty()) return true;
    out = to_hex_upper(fields[i].text);
    return out.has_value();
}

bool optional_int(const std::vector<Field>& fields, std::size_t i, std::optional<int>& out) {
    if (i >= fields.size() || fields[i].empty()) return true;
    out = to_int(fields[i].text);
    return out.has_value();
}

}  // namespace

std::optional<Registration> parse_registration(std::string_view line) {
    for (const KindInfo& info : kKinds) {
        const auto body = after_prefix(line, info.prefix);
        if (!body) continue;
        const auto fields = split_fields(*body);
        if (!fields) return std::nullopt;

        Registration reg;
        reg.kind = info.kind;
        // Read form "<n>,<stat>[,...]" vs URC form "<stat>[,[<tac>],...]": the URC's second field is a
        // location area code, quoted (or empty) by 27.007 and four hex digits when a modem leaves the
        // quotes off, never the one- or two-digit <stat> the read form has there.
        const bool read_form = fields->size() >= 2 && looks_like_small_number((*fields)[1]);
        std::size_t stat_index = 0;
        if (read_form) {
            const auto n = to_int((*fields)[0].text);
            if (!n || *n > kMaxN || (*fields)[0].quoted) return std::nullopt;
            reg.n = n;
            stat_index = 1;
        }
        const Field& stat_field = (*fields)[stat_index];
        const auto stat = stat_field.quoted ? std::nullopt : to_int(stat_field.text);
        if (!stat || *stat > kMaxStat) return std::nullopt;
        reg.stat = static_cast<RegStat>(*stat);

        if (!optional_hex(*fields, stat_index + 1, reg.lac_tac) || !optional_hex(*fields, stat_index + 2, reg.ci) ||
            !optional_int(*fields, stat_index + 3, reg.act) ||
            !optional_int(*fields, stat_index + info.reject_cause_offset, reg.reject_cause)) {
            return std::nullopt;
        }
        return reg;
    }
    return std::nullopt;
}

const char* to_string(RegStat stat) noexcept {
    switch (stat) {
        case RegStat::NotSearching: return "not registered, not searching";
        case RegStat::Home: return "registered (home)";
        case RegStat::Searching: return "searching";
        case RegStat::Denied: return "registration denied";
        case RegStat::Unknown: return "unknown";
        case RegStat::Roaming: return "registered (roaming)";
        case RegStat::SmsOnlyHome: return "registered for SMS only (home)";
        case RegStat::SmsOnlyRoaming: return "registered for SMS only (roaming)";
        case RegStat::Emergency: return "emergency bearer services only";
        case RegStat::CsfbNotPreferredHome: return "registered, CSFB not preferred (home)";
        case RegStat::CsfbNotPreferredRoaming: return "registered, CSFB not preferred (roaming)";
    }
    return "invalid";
}

const char* to_string(RegKind kind) noexcept {
    switch (kind) {
        case RegKind::Creg: return "CREG";
        case RegKind::Cgreg: return "CGREG";
        case RegKind::Cereg: return "CEREG";
        case RegKind::C5greg: return "C5GREG";
    }
    return "invalid";
}

// 27.007 <AcT> values.
const char* access_technology_name(int act) noexcept {
    switch (act) {
        case 0: return "GSM";
        case 1: return "GSM Compact";
        case 2: return "UTRAN";
        case 3: return "GSM w/EGPRS";
        case 4: return "UTRAN w/HSDPA";
        case 5: return "UTRAN w/HSUPA";
        case 6: return "UTRAN w/HSDPA and HSUPA";
        case 7: return "LTE";
        case 8: return "EC-GSM-IoT";
        case 9: return "NB-IoT";
        case 10: return "E-UTRA connected to 5GCN";
        case 11: return "NR connected to 5GCN";
        case 12: return "NG-RAN";
        case 13: return "E-UTRA-NR dual connectivity";
        default: return "unknown";
    }
}

}  // namespace lte::parse
