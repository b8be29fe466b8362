#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lte::parse {

// SIMCom's AT+CPSI? (SIM7000/SIM7600/SIM7672), e.g.
// +CPSI: LTE,Online,440-10,0x1698,39683652,181,EUTRAN-BAND28,9510,3,3,20,61,41,3
// The fields after the cell id depend on the system mode and firmware; only the band of the
// LTE/NR layout (7th field) is read. "+CPSI: NO SERVICE,Online" is valid and carries no cell.
struct ServingCell {
    std::string system_mode;             // "LTE", "LTE CAT-M1", "GSM", "NO SERVICE", ...
    std::string operation_mode;          // "Online", "Offline", "Low Power Mode", ...
    std::optional<std::string> mcc_mnc;  // "440-10"
    std::optional<std::string> tac;      // hex, upper case, without 0x (LAC in GSM/WCDMA modes)
    std::optional<std::uint64_t> cell_id;
    std::optional<std::string> band;  // "EUTRAN-BAND28"
};

[[nodiscard]] std::optional<ServingCell> parse_cpsi(std::string_view line);

}  // namespace lte::parse
