#pragma once
// The AT channel's bounds, in one place: whatever a modem sends (an endless reply, a line that
// never ends, random bytes forever), the daemon's memory for it stays under these.
#include <cstddef>

namespace lte::at::limits {

// One line from the modem. The longest real ones (an AT+COPS=? scan, an SMS PDU) are a few hundred
// bytes; past this the rest of the line is discarded up to its line end.
inline constexpr std::size_t max_line_bytes = 4096;
// One command's reply (its information lines). Past either cap the command ends with
// Final::Overflow and the rest of the reply is discarded.
inline constexpr std::size_t max_reply_bytes = std::size_t{64} * 1024;
inline constexpr std::size_t max_reply_lines = 1024;
// Commands waiting behind the one in flight; further sends fail at once.
inline constexpr std::size_t max_queued_commands = 32;

}  // namespace lte::at::limits
