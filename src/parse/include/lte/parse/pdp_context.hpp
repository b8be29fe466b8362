#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lte::parse {

enum class PdpType { Ip, Ipv6, Ipv4v6, Ppp, Other };

// One line of AT+CGDCONT?:
// +CGDCONT: <cid>,"<PDP_type>","<APN>","<PDP_addr>",<d_comp>,<h_comp>[,...]
struct PdpContext {
    int cid = 0;
    PdpType type = PdpType::Ip;
    std::string type_text;               // as the modem wrote it: "IP", "IPV4V6", "Non-IP"
    std::string apn;                     // empty when the network picks the APN
    std::optional<std::string> address;  // absent when the modem omits it or leaves it empty
    std::optional<int> d_comp;
    std::optional<int> h_comp;
};

[[nodiscard]] std::optional<PdpContext> parse_pdp_context(std::string_view line);

// All contexts of a reply. Lines that are not +CGDCONT: lines (blank lines) are skipped; a malformed
// +CGDCONT: line makes the whole reply nullopt, so nobody decides "unchanged" from half a reply.
[[nodiscard]] std::optional<std::vector<PdpContext>> parse_pdp_contexts(std::span<const std::string> lines);

[[nodiscard]] const PdpContext* find_context(std::span<const PdpContext> contexts, int cid) noexcept;

}  // namespace lte::parse
