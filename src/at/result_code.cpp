#include "lte/at/result_code.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace lte::at {

namespace {

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
               return std::toupper(static_cast<unsigned char>(a)) == std::toupper(static_cast<unsigned char>(b));
           });
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// Finals outside V.250 and 27.007 that real modems send where others send ERROR, as ModemManager's
// serial parser knows them (src/mm-serial-parsers.c, src/tests/test-at-serial-port.c): Huawei's
// "COMMAND NOT SUPPORT" and "TOO MANY PARAMETERS", Motorola's "MODEM ERROR: <n>". Each ends the
// command at once, shown as sent, instead of leaving it to run into its timeout.
bool is_vendor_error(std::string_view line) {
    if (line == "COMMAND NOT SUPPORT" || line == "TOO MANY PARAMETERS") return true;
    constexpr std::string_view motorola = "MODEM ERROR:";
    if (!line.starts_with(motorola)) return false;
    const std::string_view code = trim(line.substr(motorola.size()));
    return !code.empty() && std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<Final> classify_final(std::string_view raw, bool dial_context) {
    const std::string_view line = trim(raw);
    if (line == "OK") return Final::Ok;
    if (line == "ERROR" || is_vendor_error(line)) return Final::Error;
    if (starts_with_nocase(line, "+CME ERROR")) return Final::CmeError;
    if (starts_with_nocase(line, "+CMS ERROR")) return Final::CmsError;
    // "CONNECT" alone or with a rate ("CONNECT 150000000"); not "CONNECTED" or a URC like "CONNECT OK".
    if (line == "CONNECT" || (line.starts_with("CONNECT ") && std::all_of(line.begin() + 8, line.end(), [](char c) {
                                  return std::isdigit(static_cast<unsigned char>(c)) || c == '/' || c == ' ';
                              })))
        return Final::Connect;
    if (!dial_context) return std::nullopt;
    if (line == "NO CARRIER") return Final::NoCarrier;
    if (line == "BUSY") return Final::Busy;
    if (line == "NO ANSWER") return Final::NoAnswer;
    if (line == "NO DIALTONE" || line == "NO DIAL TONE") return Final::NoDialtone;
    return std::nullopt;
}

bool is_dial_command(std::string_view command) {
    const std::string_view c = trim(command);
    return starts_with_nocase(c, "ATD") || starts_with_nocase(c, "ATA") || starts_with_nocase(c, "ATO") ||
           starts_with_nocase(c, "AT+CGDATA") || c == "+++";
}

}  // namespace lte::at
