#pragma once
// Which lines answer the command in flight and which are unsolicited. Pure functions; the
// channel applies them, with the modem profile's vendor URCs added to the standard ones.
#include <string>
#include <string_view>
#include <vector>

namespace lte::at {

// The unsolicited result codes of V.250, 27.007 and 27.005, by the text they start with. A
// vendor's own (RDY, SMS Ready, +QIND:, *ATREADY:, ...) belong to its modem profile (`urcs:`).
[[nodiscard]] const std::vector<std::string>& standard_urc_prefixes();

// The prefixes an answer to this command line carries: {"+CEREG"} for "AT+CEREG?", {"+CSQ", "+CREG"}
// for "AT+CSQ;+CREG?", {"+CICCID", "+ICCID"} for "AT+CICCID" (whose answer is named differently on
// every modem that has it). Empty for basic commands (ATI, AT&V), whose answers are free text.
[[nodiscard]] std::vector<std::string> answer_prefixes(std::string_view command);

// "+CEREG" for "+CEREG: 0,5", "^SYSINFO" for "^SYSINFO:2,3", "" for a line not shaped
// "<+ $ ^ * # !>NAME:" (a model name, "OK", "SMS Ready"). Upper case.
[[nodiscard]] std::string line_prefix(std::string_view line);

// True for a URC whose next line is part of it: +CMT and +CBM always, +CDS in PDU mode, where the
// header is just "+CDS: <length>" (27.005 §3.4.1 and §3.4.3).
[[nodiscard]] bool urc_has_body(std::string_view line);

}  // namespace lte::at
