#pragma once
#include <optional>
#include <string_view>

namespace lte::parse {

// +CSQ: <rssi>,<ber> (27.007 §8.5). Unknown values (99) are nullopt.
struct SignalQuality {
    std::optional<int> rssi_dbm;  // -113 (or less) .. -51 (or more), in steps of 2
    std::optional<int> ber;       // 0..7, RXQUAL bit error rate class
};

[[nodiscard]] std::optional<SignalQuality> parse_csq(std::string_view line);

// +CESQ: <rxlev>,<ber>,<rscp>,<ecno>,<rsrq>,<rsrp> (27.007 §8.69) as raw indices; unknown
// (99 for rxlev/ber, 255 for the others) is nullopt. Fields after <rsrp> (5G SS-RSRQ...) are ignored.
struct ExtendedSignalQuality {
    std::optional<int> rxlev;  // GSM, 0..63
    std::optional<int> ber;    // GSM, 0..7
    std::optional<int> rscp;   // UTRAN, 0..96
    std::optional<int> ecno;   // UTRAN, 0..49
    std::optional<int> rsrq;   // E-UTRAN, 0..34
    std::optional<int> rsrp;   // E-UTRAN, 0..97

    // Lower bound of each index's range: index 0 means "this value or below".
    [[nodiscard]] std::optional<int> rsrp_dbm() const noexcept {
        return rsrp ? std::optional(*rsrp - 141) : std::nullopt;
    }
    [[nodiscard]] std::optional<double> rsrq_db() const noexcept {
        return rsrq ? std::optional(-20.0 + *rsrq / 2.0) : std::nullopt;
    }
};

[[nodiscard]] std::optional<ExtendedSignalQuality> parse_cesq(std::string_view line);

}  // namespace lte::parse
