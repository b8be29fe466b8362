#include "lte/parse/signal_quality.hpp"

#include <vector>

#include "lte/parse/fields.hpp"

namespace lte::parse {
namespace {

// A field that is a number in 0..max, or the "unknown" marker. `valid` says whether the field
// was well-formed at all, `value` whether the value is known. (A struct, not a nested optional:
// GCC 12 reports a false maybe-uninitialized for optional<optional<int>> at -O2.)
struct Ranged {
    bool valid = false;
    std::optional<int> value;
    explicit operator bool() const noexcept { return valid; }
    const std::optional<int>& operator*() const noexcept { return value; }
};

Ranged ranged(const Field& f, int max, int unknown) {
    const auto v = f.quoted ? std::nullopt : to_int(f.text);
    if (!v || (*v > max && *v != unknown)) return {};
    if (*v == unknown) return {true, std::nullopt};
    return {true, *v};
}

}  // namespace

std::optional<SignalQuality> parse_csq(std::string_view line) {
    const auto body = after_prefix(line, "+CSQ:");
    if (!body) return std::nullopt;
    const auto fields = split_fields(*body);
    if (!fields || fields->size() != 2) return std::nullopt;
    const auto rssi = ranged((*fields)[0], 31, 99);
    const auto ber = ranged((*fields)[1], 7, 99);
    if (!rssi || !ber) return std::nullopt;
    SignalQuality q;
    if (*rssi) q.rssi_dbm = -113 + 2 * **rssi;
    q.ber = *ber;
    return q;
}

std::optional<ExtendedSignalQuality> parse_cesq(std::string_view line) {
    const auto body = after_prefix(line, "+CESQ:");
    if (!body) return std::nullopt;
    const auto fields = split_fields(*body);
    if (!fields || fields->size() < 6) return std::nullopt;
    const auto& f = *fields;
    const auto rxlev = ranged(f[0], 63, 99);
    const auto ber = ranged(f[1], 7, 99);
    const auto rscp = ranged(f[2], 96, 255);
    const auto ecno = ranged(f[3], 49, 255);
    const auto rsrq = ranged(f[4], 34, 255);
    const auto rsrp = ranged(f[5], 97, 255);
    if (!rxlev || !ber || !rscp || !ecno || !rsrq || !rsrp) return std::nullopt;
    return ExtendedSignalQuality{*rxlev, *ber, *rscp, *ecno, *rsrq, *rsrp};
}

}  // namespace lte::parse
