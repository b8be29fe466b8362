#include "lte/at/error_meaning.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace lte::at {
namespace {

using Entry = std::pair<int, const char*>;

// 3GPP TS 27.007 §9.2.1 (general) and §9.2.2 (packet domain; the network's cause in brackets).
constexpr std::array kCme = std::to_array<Entry>({
    {0, "phone failure"},
    {1, "no connection to phone"},
    {2, "phone-adaptor link reserved"},
    {3, "operation not allowed"},
    {4, "operation not supported"},
    {5, "PH-SIM PIN required"},
    {6, "PH-FSIM PIN required"},
    {7, "PH-FSIM PUK required"},
    {10, "SIM not inserted"},
    {11, "SIM PIN required"},
    {12, "SIM PUK required"},
    {13, "SIM failure"},
    {14, "SIM busy"},
    {15, "SIM wrong"},
    {16, "incorrect password"},
    {17, "SIM PIN2 required"},
    {18, "SIM PUK2 required"},
    {20, "memory full"},
    {21, "invalid index"},
    {22, "not found"},
    {23, "memory failure"},
    {24, "text string too long"},
    {25, "invalid characters in text string"},
    {26, "dial string too long"},
    {27, "invalid characters in dial string"},
    {30, "no network service"},
    {31, "network timeout"},
    {32, "network not allowed - emergency calls only"},
    {40, "network personalization PIN required"},
    {41, "network personalization PUK required"},
    {42, "network subset personalization PIN required"},
    {43, "network subset personalization PUK required"},
    {44, "service provider personalization PIN required"},
    {45, "service provider personalization PUK required"},
    {46, "corporate personalization PIN required"},
    {47, "corporate personalization PUK required"},
    {48, "hidden key required"},
    {49, "EAP method not supported"},
    {50, "incorrect parameters"},
    {51, "command implemented but currently disabled"},
    {52, "command aborted by user"},
    {53, "not attached to network due to MT functionality restrictions"},
    {54, "modem not allowed - MT restricted to emergency calls only"},
    {55, "operation not allowed because of MT functionality restrictions"},
    {56, "fixed dial number only allowed"},
    {57, "temporarily out of service due to other MT usage"},
    {58, "language/alphabet not supported"},
    {59, "unexpected data value"},
    {60, "system failure"},
    {61, "data missing"},
    {62, "call barred"},
    {63, "message waiting indication subscription failure"},
    {100, "unknown"},
    {102, "IMSI unknown in HLR"},
    {103, "illegal MS"},
    {104, "IMSI unknown in VLR"},
    {106, "illegal ME"},
    {107, "GPRS services not allowed"},
    {108, "GPRS services and non-GPRS services not allowed"},
    {111, "PLMN not allowed"},
    {112, "location area not allowed"},
    {113, "roaming not allowed in this location area"},
    {114, "GPRS services not allowed in this PLMN"},
    {115, "no suitable cells in location area"},
    {117, "network failure"},
    {122, "congestion"},
    {125, "not authorized for this CSG"},
    {126, "insufficient resources"},
    {127, "missing or unknown APN"},
    {128, "unknown PDP address or PDP type"},
    {129, "user authentication failed"},
    {130, "activation rejected by GGSN, Serving GW or PDN GW"},
    {131, "activation rejected, unspecified"},
    {132, "service option not supported"},
    {133, "requested service option not subscribed"},
    {134, "service option temporarily out of order"},
    {140, "feature not supported"},
    {141, "semantic error in the TFT operation"},
    {142, "syntactical error in the TFT operation"},
    {143, "unknown PDP context"},
    {144, "semantic errors in packet filter(s)"},
    {145, "syntactical errors in packet filter(s)"},
    {146, "PDP context without TFT already activated"},
    {148, "unspecified GPRS error"},
    {149, "PDP authentication failure"},
    {150, "invalid mobile class"},
    {171, "last PDN disconnection not allowed"},
    {172, "semantically incorrect message"},
    {173, "invalid mandatory information"},
    {174, "message type non-existent or not implemented"},
    {175, "conditional IE error"},
    {176, "protocol error, unspecified"},
    {177, "operator determined barring"},
    {178, "maximum number of PDP contexts reached"},
    {179, "requested APN not supported in current RAT and PLMN combination"},
    {180, "request rejected, bearer control mode violation"},
    {181, "unsupported QCI value"},
    {192, "PDN type IPv4 only allowed"},
    {193, "PDN type IPv6 only allowed"},
    {194, "single address bearers only allowed"},
});

// 3GPP TS 27.005 §3.2.5, the codes the ME itself raises (0..255 are network/TP causes).
constexpr std::array kCms = std::to_array<Entry>({
    {300, "ME failure"},
    {301, "SMS service of ME reserved"},
    {302, "operation not allowed"},
    {303, "operation not supported"},
    {304, "invalid PDU mode parameter"},
    {305, "invalid text mode parameter"},
    {310, "SIM not inserted"},
    {311, "SIM PIN required"},
    {312, "PH-SIM PIN required"},
    {313, "SIM failure"},
    {314, "SIM busy"},
    {315, "SIM wrong"},
    {316, "SIM PUK required"},
    {317, "SIM PIN2 required"},
    {318, "SIM PUK2 required"},
    {320, "memory failure"},
    {321, "invalid memory index"},
    {322, "memory full"},
    {330, "SMSC address unknown"},
    {331, "no network service"},
    {332, "network timeout"},
    {340, "no +CNMA acknowledgement expected"},
    {500, "unknown error"},
});

bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i])))
            return false;
    }
    return true;
}

template <std::size_t N>
const char* meaning_in(const std::array<Entry, N>& table, int code) noexcept {
    for (const auto& [c, text] : table) {
        if (c == code) return text;
    }
    return nullptr;
}

template <std::size_t N>
std::optional<int> code_in(const std::array<Entry, N>& table, std::string_view text) noexcept {
    text = trim(text);
    for (const auto& [c, meaning] : table) {
        if (iequals(text, meaning)) return c;
    }
    return std::nullopt;
}

// A leading number of at most 6 digits; the rest may only be blanks or our own "(meaning)".
std::optional<int> leading_code(std::string_view detail) noexcept {
    std::size_t digits = 0;
    int value = 0;
    while (digits < detail.size() && is_digit(detail[digits])) {
        if (digits == 6) return std::nullopt;
        value = value * 10 + (detail[digits] - '0');
        ++digits;
    }
    if (digits == 0) return std::nullopt;
    const std::string_view rest = trim(detail.substr(digits));
    if (!rest.empty() && rest.front() != '(') return std::nullopt;
    return value;
}

// What a code without an entry is, in the standards' own ranges.
const char* unlisted(ErrorFamily family, int code) noexcept {
    if (family == ErrorFamily::Cme) return "a code 27.007 does not define";
    if (code < 128) return "network cause, 24.011 annex E-2";    // RP-cause
    if (code < 256) return "TP failure cause, 23.040 9.2.3.22";  // TP-FCS
    if (code >= 512) return "manufacturer-specific code";
    return "a code 27.005 reserves";
}

}  // namespace

std::optional<ErrorFinal> split_error_final(std::string_view line) noexcept {
    line = trim(line);
    for (const auto& [prefix, family] : {std::pair{std::string_view("+CME ERROR"), ErrorFamily::Cme},
                                         std::pair{std::string_view("+CMS ERROR"), ErrorFamily::Cms}}) {
        if (line.size() < prefix.size() || !iequals(line.substr(0, prefix.size()), prefix)) continue;
        std::string_view detail = line.substr(prefix.size());
        if (!detail.empty() && detail.front() == ':') detail.remove_prefix(1);
        detail = trim(detail);
        if (detail.empty()) return std::nullopt;
        return ErrorFinal{family, leading_code(detail), detail};
    }
    return std::nullopt;
}

const char* cme_meaning(int code) noexcept { return meaning_in(kCme, code); }
const char* cms_meaning(int code) noexcept { return meaning_in(kCms, code); }
std::optional<int> cme_code_for_text(std::string_view text) noexcept { return code_in(kCme, text); }
std::optional<int> cms_code_for_text(std::string_view text) noexcept { return code_in(kCms, text); }

std::string describe_error_final(std::string_view line) {
    line = trim(line);
    const auto error = split_error_final(line);
    if (!error || !error->code || error->detail.find('(') != std::string_view::npos) return std::string(line);
    const char* meaning = error->family == ErrorFamily::Cme ? cme_meaning(*error->code) : cms_meaning(*error->code);
    return std::string(line) + " (" + (meaning ? meaning : unlisted(error->family, *error->code)) + ")";
}

}  // namespace lte::at
