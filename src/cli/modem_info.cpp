#include "lte/cli/modem_info.hpp"

#include <iomanip>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lte/parse/modem_identity.hpp"
#include "lte/parse/operator_selection.hpp"
#include "lte/parse/registration.hpp"
#include "lte/parse/serving_cell.hpp"
#include "lte/parse/signal_quality.hpp"
#include "lte/parse/sim_status.hpp"
#include "lte/service/json_writer.hpp"

namespace lte::cli {

namespace {

using namespace std::chrono_literals;

std::string first_digits(const std::vector<std::string>& lines, std::string_view prefix) {
    const auto id = parse::parse_identity(lines, prefix);
    return id ? *id : "";
}

std::string imsi_mask(const std::string& imsi) { return mask_identifier(imsi, 5, 2); }
std::string iccid_mask(const std::string& iccid) { return mask_identifier(iccid, 6, 2); }

}  // namespace

std::string mask_identifier(const std::string& id, std::size_t keep_front, std::size_t keep_back) {
    if (id.size() <= keep_front + keep_back) return std::string(id.size(), '*');
    return id.substr(0, keep_front) + std::string(id.size() - keep_front - keep_back, '*') +
           id.substr(id.size() - keep_back);
}

// ATI's "Label: value" line ("Model: SIM7672JP-MNGV"), as SIMCom writes it.
std::string ati_field(const std::vector<std::string>& lines, std::string_view label) {
    for (const auto& line : lines)
        if (line.starts_with(label) && line.size() > label.size() && line[label.size()] == ':') {
            const auto start = line.find_first_not_of(' ', label.size() + 1);
            return start == std::string::npos ? "" : line.substr(start);
        }
    return "";
}

asio::awaitable<ModemInfo> gather_modem_info(AtExecutor exec) {
    ModemInfo info;
    auto ask = [&](const char* cmd) -> asio::awaitable<std::vector<std::string>> {
        const at::Reply r = co_await exec(at::Command(cmd, 10s));
        co_return r.ok() ? r.lines : std::vector<std::string>{};
    };
    // An identity field: the reply's value, or, when the modem answered lines nothing could read,
    // empty, and the lines kept as they came.
    using Parser = std::function<std::optional<std::string>(const std::vector<std::string>&)>;
    auto identity = [&](const char* cmd, const Parser& parse) -> asio::awaitable<std::string> {
        const auto lines = co_await ask(cmd);
        if (const auto value = parse(lines)) co_return *value;
        if (!lines.empty()) info.unparsed.emplace_back(cmd, lines);
        co_return "";
    };
    const auto plain = [](std::string_view prefix) -> Parser {
        return [prefix](const std::vector<std::string>& lines) { return parse::parse_identity(lines, prefix); };
    };
    info.manufacturer = co_await identity("AT+CGMI", plain("+CGMI:"));
    info.model = co_await identity("AT+CGMM", plain("+CGMM:"));
    info.firmware = co_await identity("AT+CGMR", plain("+CGMR:"));
    info.imei = co_await identity("AT+CGSN", [](const auto& lines) { return parse::parse_imei(lines); });
    info.imsi = co_await identity("AT+CIMI", [](const auto& lines) { return parse::parse_imsi(lines); });
    if (info.manufacturer.empty() || info.model.empty()) {  // some modems know only V.250's ATI
        const auto ati = co_await ask("ATI");
        if (info.manufacturer.empty()) info.manufacturer = ati_field(ati, "Manufacturer");
        if (info.model.empty()) info.model = ati_field(ati, "Model");
    }
    // ICCID: SIMCom AT+CICCID, Quectel AT+QCCID, 27.007-era AT+CCID; the first that answers.
    for (const auto& [cmd, prefix] :
         {std::pair{"AT+CICCID", "+ICCID:"}, std::pair{"AT+QCCID", "+QCCID:"}, std::pair{"AT+CCID", "+CCID:"}}) {
        info.iccid = first_digits(co_await ask(cmd), prefix);
        if (!info.iccid.empty()) break;
    }
    {
        const at::Reply r = co_await exec(at::Command("AT+CPIN?", 10s));
        if (const auto sim = parse::parse_cpin_reply(r.lines, r.final_line)) info.sim = parse::to_string(*sim);
    }
    // Reports read line by line: kept as they came when the modem answered but no line parsed.
    auto each_line = [&](const char* cmd,
                         const std::function<bool(const std::string&)>& read) -> asio::awaitable<void> {
        const auto lines = co_await ask(cmd);
        bool any = false;
        for (const auto& line : lines) any = read(line) || any;
        if (!any && !lines.empty()) info.unparsed.emplace_back(cmd, lines);
    };
    co_await each_line("AT+CSQ", [&](const std::string& line) {
        const auto q = parse::parse_csq(line);
        if (q) info.rssi_dbm = q->rssi_dbm;
        return q.has_value();
    });
    co_await each_line("AT+CESQ", [&](const std::string& line) {
        const auto q = parse::parse_cesq(line);
        if (q) {
            info.rsrp_dbm = q->rsrp_dbm();
            info.rsrq_db = q->rsrq_db();
        }
        return q.has_value();
    });
    co_await each_line("AT+COPS?", [&](const std::string& line) {
        const auto op = parse::parse_cops(line);
        if (op && op->name) info.operator_name = *op->name;
        if (op && op->act) info.technology = parse::access_technology_name(*op->act);
        return op.has_value();
    });
    // The same rule as the dial's: packet-domain reports win over +CREG (parse::RegistrationState).
    parse::RegistrationState registration({parse::RegKind::Cereg, parse::RegKind::Cgreg, parse::RegKind::Creg});
    for (const auto& [cmd, kind] :
         {std::pair{"AT+CEREG?", parse::RegKind::Cereg}, std::pair{"AT+CGREG?", parse::RegKind::Cgreg},
          std::pair{"AT+CREG?", parse::RegKind::Creg}}) {
        const at::Reply r = co_await exec(at::Command(cmd, 10s));
        if (!r.ok()) {
            registration.unsupported(kind);
            continue;
        }
        for (const auto& line : r.lines)
            if (const auto reg = parse::parse_registration(line, parse::RegSource::Solicited))
                registration.update(*reg);
        if (registration.verdict().readiness == parse::DataReadiness::Registered) break;
    }
    if (const auto shown = registration.shown()) {
        info.registration = std::string(parse::to_string(shown->kind)) + ": " + parse::to_string(shown->stat);
        if (shown->act && info.technology.empty()) info.technology = parse::access_technology_name(*shown->act);
        info.registration_detail = *shown;
    }
    co_await each_line("AT+CPSI?", [&](const std::string& line) {
        const auto cell = parse::parse_cpsi(line);
        if (!cell) return false;
        info.cell = cell->system_mode + " " + cell->operation_mode;
        if (cell->mcc_mnc) info.cell += " " + *cell->mcc_mnc;
        if (cell->tac) info.cell += " TAC " + *cell->tac;
        if (cell->cell_id) info.cell += " cell " + std::to_string(*cell->cell_id);
        if (cell->band) info.cell += " " + *cell->band;
        return true;
    });
    co_return info;
}

void print_info_table(const ModemInfo& info, bool show_ids, std::ostream& out) {
    auto row = [&](const char* name, const std::string& value) {
        out << std::left << std::setw(14) << name << (value.empty() ? "-" : value) << '\n';
    };
    row("Manufacturer", info.manufacturer);
    row("Model", info.model);
    row("Firmware", info.firmware);
    row("IMEI", info.imei);
    row("IMSI", show_ids ? info.imsi : imsi_mask(info.imsi));
    row("ICCID", show_ids ? info.iccid : iccid_mask(info.iccid));
    row("SIM", info.sim);
    std::string signal = info.rssi_dbm ? fmt::format("RSSI {} dBm", *info.rssi_dbm) : "";
    if (info.rsrp_dbm) signal += fmt::format("{}RSRP {} dBm", signal.empty() ? "" : ", ", *info.rsrp_dbm);
    if (info.rsrq_db) signal += fmt::format(", RSRQ {:.1f} dB", *info.rsrq_db);
    row("Signal", signal.empty() ? "unknown" : signal);
    row("Operator", info.operator_name);
    row("Technology", info.technology);
    std::string registration = info.registration;
    if (const auto& reg = info.registration_detail) {
        if (reg->lac_tac)
            registration +=
                ", " +
                std::string(reg->kind == parse::RegKind::Cereg || reg->kind == parse::RegKind::C5greg ? "TAC "
                                                                                                      : "LAC ") +
                *reg->lac_tac;
        if (reg->ci) registration += ", cell " + *reg->ci;
    }
    row("Registration", registration);
    row("Cell", info.cell);
    for (const auto& [command, lines] : info.unparsed)
        out << "Unparsed      " << command << ": " << fmt::format("{}", fmt::join(lines, " | ")) << '\n';
}

void print_info_json(const ModemInfo& info, bool show_ids, std::ostream& out) {
    service::JsonWriter w;
    auto opt = [&](const char* k, const auto& v) {  // an optional int or string: null when unset
        w.key(k);
        if (v)
            w.value(*v);
        else
            w.null();
    };
    auto text = [&](const char* k, const std::string& v) {  // null: the modem did not say, or not readably
        w.key(k);
        if (v.empty())
            w.null();
        else
            w.value(v);
    };
    w.begin_object();
    text("manufacturer", info.manufacturer);
    text("model", info.model);
    text("firmware", info.firmware);
    text("imei", info.imei);
    text("imsi", show_ids ? info.imsi : imsi_mask(info.imsi));
    text("iccid", show_ids ? info.iccid : iccid_mask(info.iccid));
    text("sim", info.sim);
    opt("rssi_dbm", info.rssi_dbm);
    opt("rsrp_dbm", info.rsrp_dbm);
    w.key("rsrq_db");
    if (info.rsrq_db)
        w.value(fmt::format("{:.1f}", *info.rsrq_db));
    else
        w.null();
    text("operator", info.operator_name);
    text("technology", info.technology);
    text("registration", info.registration);
    // Every field of the report that decided, as read: a field the modem garbled is null, and
    // "partial" says that one was there.
    w.key("registration_detail");
    if (const auto& reg = info.registration_detail) {
        w.begin_object();
        w.key("kind").value(parse::to_string(reg->kind));
        opt("n", reg->n);
        w.key("stat").value(static_cast<int>(reg->stat));
        opt("lac_tac", reg->lac_tac);
        opt("ci", reg->ci);
        opt("rac", reg->rac);
        opt("act", reg->act);
        opt("reject_cause", reg->reject_cause);
        w.key("partial").value(reg->partial);
        w.end_object();
    } else {
        w.null();
    }
    text("cell", info.cell);
    // What the modem answered that no field could take, command by command, as it came.
    w.key("unparsed").begin_object();
    for (const auto& [command, lines] : info.unparsed) {
        w.key(command).begin_array();
        for (const auto& line : lines) w.value(line);
        w.end_array();
    }
    w.end_object();
    w.end_object();
    out << w.str() << '\n';
}

}  // namespace lte::cli
