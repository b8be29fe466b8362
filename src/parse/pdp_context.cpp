#include "lte/parse/pdp_context.hpp"

#include "lte/parse/fields.hpp"

namespace lte::parse {
namespace {

constexpr std::string_view kPrefix = "+CGDCONT:";

PdpType type_from(std::string_view text) {
    if (iequals(text, "IP")) return PdpType::Ip;
    if (iequals(text, "IPV6")) return PdpType::Ipv6;
    if (iequals(text, "IPV4V6")) return PdpType::Ipv4v6;
    if (iequals(text, "PPP")) return PdpType::Ppp;
    return PdpType::Other;
}

}  // namespace

std::optional<PdpContext> parse_pdp_context(std::string_view line) {
    const auto body = after_prefix(line, kPrefix);
    if (!body) return std::nullopt;
    const auto fields = split_fields(*body);
    if (!fields || fields->size() < 2) return std::nullopt;
    const auto& f = *fields;

    PdpContext ctx;
    const auto cid = f[0].quoted ? std::nullopt : to_int(f[0].text);
    if (!cid || f[1].empty()) return std::nullopt;
    ctx.cid = *cid;
    ctx.type_text = std::string(f[1].text);
    ctx.type = type_from(f[1].text);
    if (f.size() > 2) ctx.apn = std::string(f[2].text);
    if (f.size() > 3 && !f[3].empty()) ctx.address = std::string(f[3].text);
    if (f.size() > 4 && !f[4].empty() && !(ctx.d_comp = to_int(f[4].text))) return std::nullopt;
    if (f.size() > 5 && !f[5].empty() && !(ctx.h_comp = to_int(f[5].text))) return std::nullopt;
    // Fields after <h_comp> (IPv4AddrAlloc, request_type, ...) vary by release and vendor: ignored.
    return ctx;
}

std::optional<std::vector<PdpContext>> parse_pdp_contexts(std::span<const std::string> lines) {
    std::vector<PdpContext> contexts;
    for (const std::string& line : lines) {
        if (!after_prefix(line, kPrefix)) continue;
        auto ctx = parse_pdp_context(line);
        if (!ctx) return std::nullopt;
        contexts.push_back(std::move(*ctx));
    }
    return contexts;
}

const PdpContext* find_context(std::span<const PdpContext> contexts, int cid) noexcept {
    for (const PdpContext& ctx : contexts) {
        if (ctx.cid == cid) return &ctx;
    }
    return nullptr;
}

}  // namespace lte::parse
