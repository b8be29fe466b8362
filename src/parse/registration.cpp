#include "lte/parse/registration.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

#include <fmt/format.h>

#include "lte/parse/fields.hpp"

namespace lte::parse {
namespace {

// Where the optional fields sit after <location>,<ci> (27.007 §7.2, §10.1.20, §10.1.22, §10.1.87).
struct KindInfo {
    RegKind kind;
    std::string_view prefix;
    std::size_t act;           // offset of <AcT> from the field after <stat>
    std::size_t reject_cause;  // offset of <reject_cause>: +CGREG has <rac> first, +C5GREG the allowed NSSAI
};

constexpr std::array<KindInfo, 4> kKinds{{
    {RegKind::Creg, "+CREG:", 2, 4},      // lac, ci, AcT, cause_type, reject_cause
    {RegKind::Cgreg, "+CGREG:", 2, 5},    // lac, ci, AcT, rac, cause_type, reject_cause, PSM timers
    {RegKind::Cereg, "+CEREG:", 2, 4},    // tac, ci, AcT, cause_type, reject_cause, PSM timers
    {RegKind::C5greg, "+C5GREG:", 2, 6},  // tac, ci, AcT, NSSAI length, NSSAI, cause_type, reject_cause
}};

constexpr int kMaxN = 5;
constexpr int kMaxStat = 999;
constexpr int kMaxAct = 255;

// What a field gave: nothing there, a value, or something that is not one.
enum class Read { Absent, Value, Unreadable };

// The digits of a decimal field, blanks inside ignored. Junk after the digits is accepted only in
// the line's last field ("+CEREG: 0,5 junk"); a quoted field is never a number here.
std::optional<int> number(const RawField& f, bool last) {
    if (f.quoted || f.empty()) return std::nullopt;
    std::string digits = without_blanks(f.text);
    if (last) {
        const auto end = std::find_if(digits.begin(), digits.end(), [](char c) { return c < '0' || c > '9'; });
        digits.erase(end, digits.end());
    }
    if (digits.empty() || digits.size() > 9) return std::nullopt;
    return to_int(digits);
}

// The field's digit count, when it is a plain number: <stat> and <n> have at most two, a bare
// <lac>/<tac> four hex digits.
std::optional<std::size_t> digit_count(const RawField& f, bool last) {
    if (!number(f, last)) return std::nullopt;
    std::size_t n = 0;
    for (char c : f.text) {
        if (c >= '0' && c <= '9')
            ++n;
        else if (c != ' ' && c != '\t')
            break;
    }
    return n;
}

bool valid_n(const RawField& f) {
    const auto n = number(f, false);
    return n && *n <= kMaxN;
}

// Read form "<n>,<stat>,..." or URC form "<stat>,<location>,...". The URC's second field is a
// location: quoted, empty, or hex with letters in it; the read form's is a <stat> of one or two
// digits. A longer all-digit field ("0001": a bare LAC, or a zero-padded <stat> as Iridium sends
// "+CREG:002,001,...") is ambiguous: the line's source decides, as ModemManager's solicited and
// unsolicited patterns do.
bool is_read_form(const std::vector<RawField>& fields, RegSource source) {
    if (fields.size() < 2) return false;
    const bool last = fields.size() == 2;
    const auto digits = digit_count(fields[1], last);
    if (!digits) return false;
    if (*digits <= 2) return true;
    const auto value = number(fields[1], last);
    return source == RegSource::Solicited && value && *value < 100 && valid_n(fields[0]);
}

Read hex_field(const std::vector<RawField>& rest, std::size_t i, std::optional<std::string>& out) {
    if (i >= rest.size() || rest[i].empty()) return Read::Absent;
    const RawField& f = rest[i];
    const bool last = i + 1 == rest.size();
    if (f.unterminated || (f.junk_after && !last)) return Read::Unreadable;
    out = to_hex_upper(without_blanks(f.text));
    return out ? Read::Value : Read::Unreadable;
}

Read int_field(const std::vector<RawField>& rest, std::size_t i, int max, std::optional<int>& out) {
    if (i >= rest.size() || rest[i].empty()) return Read::Absent;
    const auto value = number(rest[i], i + 1 == rest.size());
    if (!value || *value > max) return Read::Unreadable;
    out = value;
    return Read::Value;
}

bool is_short_hex(const RawField& f) {
    const std::string text = without_blanks(f.text);
    return !f.unterminated && !text.empty() && text.size() <= 2 && to_hex_upper(text).has_value();
}

// Fields after <stat> in their places. Two shapes outside 27.007 are recognised by their field
// count: a one-byte RAC-like field next to <ci> in +CREG/+CEREG ("1F00, 20 ,79D903 ,7", Novatel
// and others, ModemManager's "CEREG with RAC"), and +CGREG's <rac> before its <AcT>.
void read_location(const KindInfo& info, const std::vector<RawField>& rest, Registration& reg) {
    std::vector<Read> reads;
    std::size_t ci = 1;
    std::size_t act = info.act;
    std::optional<std::size_t> rac;
    if (info.kind == RegKind::Cgreg) {
        rac = act + 1;
        if (rest.size() >= 4 && rest[2].quoted && !rest[3].quoted && is_short_hex(rest[2])) std::swap(*rac, act);
    } else if ((info.kind == RegKind::Creg || info.kind == RegKind::Cereg) && rest.size() == 4) {
        const bool rac_second = is_short_hex(rest[1]) && !is_short_hex(rest[2]);
        rac = rac_second ? 1 : 2;
        ci = rac_second ? 2 : 1;
        act = 3;
    }
    reads.push_back(hex_field(rest, 0, reg.lac_tac));
    reads.push_back(hex_field(rest, ci, reg.ci));
    if (rac) reads.push_back(hex_field(rest, *rac, reg.rac));
    reads.push_back(int_field(rest, act, kMaxAct, reg.act));
    if (!(rac && info.kind != RegKind::Cgreg))  // the RAC-like shapes end at <AcT>
        reads.push_back(int_field(rest, info.reject_cause, kMaxStat, reg.reject_cause));
    // A cut line is partial even where the cut falls in a field not read here (the PSM timers).
    reg.partial = std::find(reads.begin(), reads.end(), Read::Unreadable) != reads.end() ||
                  (!rest.empty() && rest.back().unterminated);
}

// "+CEREG:" at the start, in any case, blanks before it allowed; the text after it.
std::optional<std::string_view> body_after(std::string_view line, std::string_view prefix) {
    line = trim(line);
    if (line.size() < prefix.size() || !iequals(line.substr(0, prefix.size()), prefix)) return std::nullopt;
    return trim(line.substr(prefix.size()));
}

}  // namespace

DataReadiness data_readiness(RegStat stat) noexcept {
    switch (stat) {
        case RegStat::Home:
        case RegStat::Roaming:
        case RegStat::SmsOnlyHome:
        case RegStat::SmsOnlyRoaming:
        case RegStat::CsfbNotPreferredHome:
        case RegStat::CsfbNotPreferredRoaming: return DataReadiness::Registered;
        case RegStat::Denied: return DataReadiness::Denied;
        default: return DataReadiness::Waiting;  // 0, 2, 4, 8 (emergency only), 11 (RLOS), unknown values
    }
}

std::optional<Registration> parse_registration(std::string_view line, RegSource source) {
    for (const KindInfo& info : kKinds) {
        const auto body = body_after(line, info.prefix);
        if (!body) continue;
        const auto fields = split_fields_tolerant(*body);

        Registration reg;
        reg.kind = info.kind;
        std::size_t stat_index = 0;
        if (is_read_form(fields, source)) {
            if (!valid_n(fields[0])) return std::nullopt;  // "+CEREG: 9,1": no <n> is 9, nor a <lac> 1
            reg.n = number(fields[0], false);
            stat_index = 1;
        }
        const auto stat = number(fields[stat_index], stat_index + 1 == fields.size());
        if (!stat || *stat > kMaxStat) return std::nullopt;
        reg.stat = static_cast<RegStat>(*stat);

        const std::vector<RawField> rest(fields.begin() + static_cast<std::ptrdiff_t>(stat_index + 1), fields.end());
        read_location(info, rest, reg);
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
        case RegStat::Rlos: return "restricted local operator services only";
    }
    return "a status 27.007 does not define";
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

// ---------------------------------------------------------------------------------------------

RegistrationState::RegistrationState(std::vector<RegKind> kinds) : kinds_(std::move(kinds)) {}

bool RegistrationState::expected(RegKind kind) const {
    return std::find(kinds_.begin(), kinds_.end(), kind) != kinds_.end();
}

void RegistrationState::update(const Registration& reg) {
    if (!expected(reg.kind)) return;
    last_.insert_or_assign(reg.kind, reg);
    if (is_packet_domain(reg.kind)) latest_ps_ = reg.kind;
}

void RegistrationState::unsupported(RegKind kind) {
    if (std::find(unsupported_.begin(), unsupported_.end(), kind) == unsupported_.end()) unsupported_.push_back(kind);
}

RegistrationState::Verdict RegistrationState::verdict() const {
    std::optional<RegKind> denied;
    bool ps_reported = false;
    bool ps_trying = false;
    for (const RegKind kind : kinds_) {
        if (!is_packet_domain(kind)) continue;
        const auto it = last_.find(kind);
        if (it == last_.end()) continue;
        ps_reported = true;
        const RegStat stat = it->second.stat;
        switch (data_readiness(stat)) {
            case DataReadiness::Registered: return {DataReadiness::Registered, kind};
            case DataReadiness::Denied: denied = denied ? denied : kind; break;
            case DataReadiness::Waiting: ps_trying = ps_trying || stat != RegStat::NotSearching; break;
        }
    }
    if (ps_reported) {
        // Denied, and no other packet-domain technology is still trying.
        if (denied && !ps_trying) return {DataReadiness::Denied, denied};
        return {};
    }
    // No packet-domain report: +CREG decides only once none can come.
    const bool ps_pending = std::any_of(kinds_.begin(), kinds_.end(), [&](RegKind kind) {
        return is_packet_domain(kind) &&
               std::find(unsupported_.begin(), unsupported_.end(), kind) == unsupported_.end();
    });
    const auto cs = last_.find(RegKind::Creg);
    if (ps_pending || cs == last_.end()) return {};
    const auto readiness = data_readiness(cs->second.stat);
    if (readiness == DataReadiness::Waiting) return {};
    return {readiness, RegKind::Creg};
}

std::optional<Registration> RegistrationState::shown() const {
    const auto decided = verdict().by;
    for (const auto& kind : {decided, latest_ps_, std::optional<RegKind>(RegKind::Creg)}) {
        if (!kind) continue;
        if (const auto it = last_.find(*kind); it != last_.end()) return it->second;
    }
    return std::nullopt;
}

std::string RegistrationState::last_seen() const {
    std::string out;
    for (const RegKind kind : kinds_) {
        const auto it = last_.find(kind);
        if (it == last_.end()) continue;
        out += fmt::format("{}last {} stat {} ({})", out.empty() ? "" : ", ", to_string(kind),
                           static_cast<int>(it->second.stat), to_string(it->second.stat));
    }
    return out.empty() ? "the modem reported no registration status" : out;
}

}  // namespace lte::parse
