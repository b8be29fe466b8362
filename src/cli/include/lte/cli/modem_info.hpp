#pragma once
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "lte/at/reply.hpp"
#include "lte/common/asio.hpp"
#include "lte/parse/registration.hpp"

namespace lte::cli {

// What `lte-dialer info` shows. Empty strings: the modem did not say.
struct ModemInfo {
    std::string manufacturer, model, firmware, imei, imsi, iccid;
    std::string sim;                // "ready", "SIM PIN required", "not inserted"
    std::optional<int> rssi_dbm;    // CSQ
    std::optional<int> rsrp_dbm;    // CESQ, LTE
    std::optional<double> rsrq_db;  // CESQ, LTE
    std::string operator_name, technology;
    std::string registration;                                // "CEREG: registered (roaming)"
    std::optional<parse::Registration> registration_detail;  // the report behind `registration`
    std::string cell;  // CPSI: "LTE Online 440-10 TAC 1698 cell 39683652 EUTRAN-BAND28"
    // Replies the modem gave (OK) that no parser could read: shown as they came, so a field stays
    // empty rather than wrong. In the order asked.
    std::vector<std::pair<std::string, std::vector<std::string>>> unparsed;
};

// Runs one AT command and gives its reply: the AT channel directly, or the daemon's socket.
using AtExecutor = std::function<asio::awaitable<at::Reply>(at::Command)>;

// Asks the modem everything `info` shows; commands a modem does not know are skipped quietly.
// Echo is left as the modem has it: the channel takes the echo out, and with echo on it also
// knows a line that came before it for one that is not the answer.
asio::awaitable<ModemInfo> gather_modem_info(AtExecutor exec);

// IMSI and ICCID identify a subscriber: by default only their operator part and last digits show.
[[nodiscard]] std::string mask_identifier(const std::string& id, std::size_t keep_front, std::size_t keep_back);

void print_info_table(const ModemInfo& info, bool show_ids, std::ostream& out);
void print_info_json(const ModemInfo& info, bool show_ids, std::ostream& out);

}  // namespace lte::cli
