#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lte::parse {

// The value of AT+CGMI / AT+CGMM / AT+CGMR / AT+CGSN (and their GMI/GMM/GMR/GSN twins): the first
// non-blank information line, without the "+CGMI:"-style prefix some firmwares add (pass it as
// prefix) and without surrounding quotes. "SIMCOM INCORPORATED", "+CGMR: LE11B12SIM7600M22".
[[nodiscard]] std::optional<std::string> parse_identity(std::span<const std::string> lines,
                                                        std::string_view prefix = {});

// The IMSI from an AT+CIMI reply: 6 to 15 digits (ITU-T E.212: MCC, MNC, MSIN; at most 15).
[[nodiscard]] std::optional<std::string> parse_imsi(std::span<const std::string> lines);

// The IMEI from an AT+CGSN reply: 15 digits (14 or 16 accepted: without check digit / IMEISV).
[[nodiscard]] std::optional<std::string> parse_imei(std::span<const std::string> lines);

}  // namespace lte::parse
