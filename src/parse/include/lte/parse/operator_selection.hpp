#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace lte::parse {

enum class CopsMode { Automatic = 0, Manual = 1, Deregistered = 2, FormatOnly = 3, ManualThenAutomatic = 4 };
enum class OperatorFormat { Long = 0, Short = 1, Numeric = 2 };

// +COPS: <mode>[,<format>,"<oper>"[,<AcT>]] (27.007 §7.3); only <mode> when not registered.
struct OperatorSelection {
    CopsMode mode = CopsMode::Automatic;
    std::optional<OperatorFormat> format;
    std::optional<std::string> name;  // "NTT DOCOMO", "DOCOMO" or "44010", per format
    std::optional<int> act;           // 27.007 <AcT>, see access_technology_name()
};

[[nodiscard]] std::optional<OperatorSelection> parse_cops(std::string_view line);

}  // namespace lte::parse
