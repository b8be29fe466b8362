#pragma once
#include <optional>
#include <string_view>

#include "lte/at/reply.hpp"

namespace lte::at {

// Classifies a line as a final result code (V.250 / 27.007 §9.2), or nullopt for an
// information line. dial_context: NO CARRIER, BUSY, NO ANSWER, NO DIALTONE end only a
// dial (or a "+++"); outside one they are unsolicited (e.g. NO CARRIER after the call dropped).
std::optional<Final> classify_final(std::string_view line, bool dial_context);

// True for commands whose reply may be CONNECT / NO CARRIER: ATD, ATA, ATO, AT+CGDATA.
bool is_dial_command(std::string_view command);

}  // namespace lte::at
