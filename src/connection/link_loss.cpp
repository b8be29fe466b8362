#include "lte/connection/link_loss.hpp"

#include "lte/parse/registration.hpp"

namespace lte::connection {

std::optional<std::string> link_loss_reason(std::string_view urc) {
    if (urc == "NO CARRIER") return "the modem reported NO CARRIER";
    if (urc.starts_with("+PPPD: DISCONNECTED")) return "the modem reported +PPPD: DISCONNECTED";
    if (urc.starts_with("+CGEV:")) {
        for (const char* event : {"NW DETACH", "ME DETACH", "NW PDN DEACT", "ME PDN DEACT", "NW DEACT", "ME DEACT"}) {
            if (urc.find(event) != std::string_view::npos)
                return "the network ended the data session (" + std::string(urc) + ")";
        }
        return std::nullopt;
    }
    // Only the packet domain carries the link: +CREG 0 on an LTE-only or NB-IoT modem says nothing about it.
    if (const auto reg = parse::parse_registration(urc, parse::RegSource::Unsolicited);
        reg && !reg->n && parse::is_packet_domain(reg->kind)) {
        if (reg->stat == parse::RegStat::NotSearching || reg->stat == parse::RegStat::Denied)
            return std::string("the modem lost its registration (") + parse::to_string(reg->kind) + " " +
                   parse::to_string(reg->stat) + ")";
    }
    return std::nullopt;
}

}  // namespace lte::connection
