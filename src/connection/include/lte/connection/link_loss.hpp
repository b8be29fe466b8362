#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace lte::connection {

// Whether an unsolicited line from the modem means the packet data link is gone while we are
// online, and why: "+CGEV: NW DETACH", "+CEREG: 0" (no longer registered, not searching),
// "+CEREG: 3" (denied), "+PPPD: DISCONNECTED", "NO CARRIER". A transient "searching" is not a
// loss: LCP echo catches a link that really died.
std::optional<std::string> link_loss_reason(std::string_view urc);

}  // namespace lte::connection
