#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace lte::service {

// Why an AT command from `lte-dialer at` would break the daemon's own session, or nullopt
// when it is safe. Refused: dial/answer/hang-up/online/reset (D, A, H, O, Z, &F), the radio and
// packet-domain switches (+CFUN, +CGATT, +CGACT, +CGDATA), vendor resets/power-off (+CRESET,
// +CPOF, +QPOWD) and "+++", also when chained after another command ("AT+CSQ;+CFUN=0",
// "ATE0H"). Text that is not an AT command at all is refused too.
[[nodiscard]] std::optional<std::string> session_breaking_reason(std::string_view command);

}  // namespace lte::service
