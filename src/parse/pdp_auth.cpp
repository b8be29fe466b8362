#include "lte/parse/pdp_auth.hpp"

#include "lte/parse/fields.hpp"

namespace lte::parse {
namespace {

constexpr std::string_view kPrefix = "+CGAUTH:";
constexpr int kMaxProt = static_cast<int>(AuthProt::PapOrChap);

}  // namespace

std::optional<PdpAuth> parse_pdp_auth(std::string_view line) {
    const auto body = after_prefix(line, kPrefix);
    if (!body) return std::nullopt;
    const auto fields = split_fields(*body);
    if (!fields || fields->size() < 2 || fields->size() > 4) return std::nullopt;
    const auto& f = *fields;

    const auto cid = f[0].quoted ? std::nullopt : to_int(f[0].text);
    const auto prot = f[1].quoted ? std::nullopt : to_int(f[1].text);
    if (!cid || !prot || *prot > kMaxProt) return std::nullopt;
    PdpAuth auth{*cid, static_cast<AuthProt>(*prot), {}, {}};
    if (f.size() > 2) auth.user = std::string(f[2].text);
    if (f.size() > 3) auth.password = std::string(f[3].text);
    return auth;
}

std::optional<std::vector<PdpAuth>> parse_pdp_auths(std::span<const std::string> lines) {
    std::vector<PdpAuth> auths;
    for (const std::string& line : lines) {
        if (!after_prefix(line, kPrefix)) continue;
        auto auth = parse_pdp_auth(line);
        if (!auth) return std::nullopt;
        auths.push_back(std::move(*auth));
    }
    return auths;
}

const char* to_string(AuthProt prot) noexcept {
    switch (prot) {
        case AuthProt::None: return "none";
        case AuthProt::Pap: return "PAP";
        case AuthProt::Chap: return "CHAP";
        case AuthProt::PapOrChap: return "PAP or CHAP";
    }
    return "invalid";
}

}  // namespace lte::parse
