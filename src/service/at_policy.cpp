#include "lte/service/at_policy.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace lte::service {
namespace {

constexpr std::array kBreakingExtended{"+CFUN", "+CGATT", "+CGACT", "+CGDATA", "+CRESET", "+CPOF", "+QPOWD"};

std::string upper(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
    return out;
}

bool is_extended_prefix(char c) { return c == '+' || c == '^' || c == '$' || c == '%' || c == '#' || c == '*'; }

// An extended command's name: from its prefix up to '=', '?' or the end ("+CFUN" of "+CFUN=1,1").
std::optional<std::string> check_extended(std::string_view part) {
    const auto end = part.find_first_of("=?");
    std::string name(part.substr(0, end));
    while (!name.empty() && name.back() == ' ') name.pop_back();
    const std::string_view args = end == std::string_view::npos ? std::string_view() : part.substr(end);
    if (args.starts_with("?") || args.starts_with("=?")) return std::nullopt;  // read / test forms only ask
    if (std::find(kBreakingExtended.begin(), kBreakingExtended.end(), name) != kBreakingExtended.end())
        return "AT" + name + " changes the radio or packet-data state under the live session";
    return std::nullopt;
}

// V.250 basic commands run together ("E0V1H"), possibly followed by one extended command.
std::optional<std::string> check_basic(std::string_view part) {
    for (std::size_t i = 0; i < part.size();) {
        const char c = part[i];
        if (is_extended_prefix(c)) return check_extended(part.substr(i));
        if (c == ' ') {
            ++i;
            continue;
        }
        if (c == '&') {
            if (i + 1 < part.size() && part[i + 1] == 'F') return std::string("AT&F resets the modem's settings");
            i += 2;
        } else if (c == 'D') {
            return std::string("ATD dials a call over the data session");
        } else if (c == 'A' || c == 'H' || c == 'O') {
            return "AT" + std::string(1, c) + " answers, hangs up or re-enters the data call";
        } else if (c == 'Z') {
            return std::string("ATZ resets the modem");
        } else if (c == 'S') {  // S-register: S<n>=<v> or S<n>?
            ++i;
            while (i < part.size() &&
                   (std::isdigit(static_cast<unsigned char>(part[i])) || part[i] == '=' || part[i] == '?'))
                ++i;
            continue;
        } else {
            ++i;
        }
        while (i < part.size() && std::isdigit(static_cast<unsigned char>(part[i]))) ++i;  // the numeric argument
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> session_breaking_reason(std::string_view command) {
    const std::string cmd = upper(command);
    if (cmd.find("+++") != std::string::npos) return std::string("+++ leaves data mode and drops the session");
    const auto start = cmd.find_first_not_of(' ');
    if (start == std::string::npos || cmd.compare(start, 2, "AT") != 0)
        return "'" + std::string(command) + "' is not an AT command";
    std::string_view body(cmd);
    body.remove_prefix(start + 2);
    // ';' chains commands: every link is checked, the first is basic-or-extended, the rest extended
    // (or basic again, as some modems accept).
    for (std::size_t pos = 0; pos <= body.size();) {
        const auto semi = body.find(';', pos);
        std::string_view part = body.substr(pos, semi == std::string_view::npos ? std::string_view::npos : semi - pos);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        if (auto why = check_basic(part)) return why;
        if (semi == std::string_view::npos) break;
        pos = semi + 1;
    }
    return std::nullopt;
}

}  // namespace lte::service
