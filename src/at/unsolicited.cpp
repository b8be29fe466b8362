#include "lte/at/unsolicited.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace lte::at {

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

// The characters that open an extended command's name: '+' in 27.007, the others vendors'
// (Huawei ^, Qualcomm $, Telit #, Sierra !, ...).
bool is_prefix_char(char c) { return c == '+' || c == '$' || c == '^' || c == '*' || c == '#' || c == '!'; }

bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
}

// Commands answered under another name. A property of the command, not of one modem: SIMCom's and
// Quectel's AT+CICCID and u-blox's AT+CCID all answer "+ICCID:" or under their own name.
constexpr std::array kAliases = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"+CICCID", "+ICCID"},
    {"+CCID", "+ICCID"},
});

}  // namespace

const std::vector<std::string>& standard_urc_prefixes() {
    // A table, not a list of arguments:
    // clang-format off
    static const std::vector<std::string> prefixes{
        "RING",      "NO CARRIER", "+CRING:",   // V.250 / 27.007 §6.11 (NO CARRIER only outside a dial)
        "+CREG:",    "+CGREG:",    "+CEREG:",   "+C5GREG:",  "+CGEV:",    // registration, packet domain events
        "+CMTI:",    "+CMT:",      "+CDS:",     "+CDSI:",    "+CBM:",     "+CBMI:",  // 27.005 §3.4.1
        "+CUSD:",    "+CTZV:",     "+CTZE:",    "+CTZEU:",   "+CIEV:",    "+CLIP:",  "+CCWA:",
        "+CSSI:",    "+CSSU:",     "+CEDRXP:",  "+CCIOTOPTI:",
        // Not URCs in 27.007's text, but every modem sends them unsolicited at boot and on SIM changes.
        "+CPIN:",    "+CFUN:",
    };
    // clang-format on
    return prefixes;
}

std::vector<std::string> answer_prefixes(std::string_view command) {
    std::vector<std::string> out;
    if (command.size() < 3 || upper(command.substr(0, 2)) != "AT") return out;
    std::string_view rest = command.substr(2);
    // "AT+CSQ;+CREG?": every extended command of a concatenated line answers under its own name.
    while (!rest.empty()) {
        const auto end = rest.find(';');
        const std::string_view part = rest.substr(0, end);
        if (!part.empty() && is_prefix_char(part[0])) {
            std::size_t n = 1;
            while (n < part.size() && is_name_char(part[n])) ++n;
            if (n > 1) {
                std::string name = upper(part.substr(0, n));
                for (const auto& [command_name, answer] : kAliases)
                    if (name == command_name) out.emplace_back(answer);
                out.push_back(std::move(name));
            }
        }
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
    return out;
}

std::string line_prefix(std::string_view line) {
    if (line.size() < 3 || !is_prefix_char(line[0])) return "";
    std::size_t n = 1;
    while (n < line.size() && is_name_char(line[n])) ++n;
    if (n == 1 || n >= line.size() || line[n] != ':') return "";
    return upper(line.substr(0, n));
}

bool urc_has_body(std::string_view line) {
    const std::string prefix = line_prefix(line);
    if (prefix == "+CMT" || prefix == "+CBM") return true;
    if (prefix != "+CDS") return false;
    // PDU mode: "+CDS: 25". Text mode carries the whole report on the one line.
    std::string_view length = line.substr(prefix.size() + 1);
    while (!length.empty() && length.front() == ' ') length.remove_prefix(1);
    while (!length.empty() && (length.back() == ' ' || length.back() == '\r')) length.remove_suffix(1);
    return !length.empty() && std::all_of(length.begin(), length.end(),
                                          [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace lte::at
