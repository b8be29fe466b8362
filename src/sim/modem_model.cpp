#include "lte/sim/modem_model.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>

#include "lte/sim/at_syntax.hpp"

namespace lte::sim {

namespace {

constexpr std::string_view kConnect = "CONNECT 150000000";
constexpr std::string_view kImei = "866758040000001";
constexpr std::string_view kImsi = "440103000000001";
constexpr std::string_view kIccid = "8981100000000000001F";
constexpr std::array<std::string_view, 6> kNoiseUrcs = {"RDY",     "+CPIN: READY",   "SMS DONE",
                                                        "PB DONE", "+QIND: PB DONE", "+CGEV: ME PDN ACT 1"};

std::string line(std::string_view text) { return fmt::format("\r\n{}\r\n", text); }

// How often an endless fault sends its next chunk (16 KiB): a fast modem, still far below what
// a pty takes, so the simulator does not eat the machine's CPU.
constexpr milliseconds stream_interval{2};
constexpr std::size_t stream_chunk_bytes = std::size_t{16} * 1024;

// 27.007 §9.2 texts for the codes this modem produces.
std::string_view cme_text(int code) {
    switch (code) {
        case 3: return "operation not allowed";
        case 4: return "operation not supported";
        case 10: return "SIM not inserted";
        case 11: return "SIM PIN required";
        case 12: return "SIM PUK required";
        case 16: return "incorrect password";
        case 30: return "no network service";
        case 50: return "Incorrect parameters";
        default: return "unknown";
    }
}

bool starts_with_any(const std::string& upper_line, const std::vector<std::string>& prefixes) {
    return std::ranges::any_of(prefixes, [&](const std::string& p) { return upper_line.starts_with(to_upper(p)); });
}

Event send(int port, std::string bytes, milliseconds delay = milliseconds{0}) {
    return Event{EventKind::send, port, std::move(bytes), delay};
}

Event action(EventKind kind, int port) { return Event{kind, port, {}, milliseconds{0}}; }

}  // namespace

// What one command line produces, assembled before any byte is emitted.
struct ModemModel::Reply {
    std::vector<std::string> info;
    std::string final = "OK";
    milliseconds final_delay{0};  // on top of the configured latency, e.g. a failing dial
    Events after;                 // actions that follow the final result (call_up, restart)
    bool enter_data = false;
};

ModemModel::ModemModel(ModemConfig config)
    : config_(std::move(config)),
      rng_(config_.seed),
      ports_(static_cast<std::size_t>(config_.port_count)),
      sim_(config_.sim) {
    pdp_[1] = PdpContext{"IP", config_.apn};
    reset_settings();
}

void ModemModel::reset_settings() {
    for (auto& p : ports_) p.echo = true;
    cmee_ = 0;
    reg_urc_ = {{"+CREG", 0}, {"+CGREG", 0}, {"+CEREG", 0}};
    ifc_ = "0,0";
}

Events ModemModel::boot(Clock::time_point now, bool announce) {
    Events out;
    for (auto& p : ports_) p = PortState{};
    reset_settings();
    call_port_.reset();
    drop_at_.reset();
    cfun_ = 1;
    ps_attached_ = true;
    reg_stat_ = 0;
    attach_at_.reset();
    if (announce) {
        urc("RDY", out);
        if (sim_ == SimCard::ready) urc("+CPIN: READY", out);
        urc("SMS DONE", out);
        urc("PB DONE", out);
    }
    start_attach(now, out);
    return out;
}

bool ModemModel::in_data_mode(int port) const { return ports_.at(static_cast<std::size_t>(port)).mode == Mode::data; }

Events ModemModel::receive(int port, std::string_view bytes, Clock::time_point now) {
    auto& p = ports_.at(static_cast<std::size_t>(port));
    Events out = p.mode == Mode::data ? receive_data_bytes(port, bytes, now) : receive_command_bytes(port, bytes, now);
    p.last_rx = now;
    return out;
}

Events ModemModel::receive_command_bytes(int port, std::string_view bytes, Clock::time_point now) {
    Events out;
    auto& p = ports_.at(static_cast<std::size_t>(port));
    if (!bytes.empty()) {
        if (p.stream == Stream::reply_lines || p.stream == Stream::one_line) stop_stream(port, out);
        if (config_.garbage_stream && port == 0 && p.stream == Stream::none)
            start_stream(port, Stream::garbage, now, out);
    }
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c == '\r') {
            std::string text = std::move(p.line);
            p.line.clear();
            out.push_back(Event{EventKind::log, port, text, milliseconds{0}, '<'});
            // A SIM800's boot line, in no list: only its place before the echo says it is no answer.
            if (starts_with_any(to_upper(text), config_.line_before_echo))
                out.push_back(send(port, line("Call Ready")));
            if (p.echo) out.push_back(send(port, text + '\r'));
            auto more = execute_line(port, text, now);
            out.insert(out.end(), more.begin(), more.end());
            // A dial switches the rest of this read to data mode.
            if (ports_[static_cast<std::size_t>(port)].mode == Mode::data && i + 1 < bytes.size()) {
                auto data = receive_data_bytes(port, bytes.substr(i + 1), now);
                out.insert(out.end(), data.begin(), data.end());
                break;
            }
        } else if (c == '\n') {
            continue;  // the LF of a CR LF terminator
        } else if (c == '\b' || c == 0x7f) {
            if (!p.line.empty()) p.line.pop_back();
        } else {
            p.line += c;
        }
    }
    return out;
}

Events ModemModel::receive_data_bytes(int port, std::string_view bytes, Clock::time_point now) {
    Events out;
    auto& p = ports_.at(static_cast<std::size_t>(port));
    std::string data;
    for (char c : bytes) {
        const bool quiet_before = p.held_plus.empty() && now - p.last_rx >= config_.guard_time;
        if (c == '+' && !p.escape_at && (quiet_before || !p.held_plus.empty())) {
            p.held_plus += c;
            if (p.held_plus.size() == 3) p.escape_at = now + config_.guard_time;
            continue;
        }
        // Not an escape after all: what was held back is ordinary data.
        data += p.held_plus;
        p.held_plus.clear();
        p.escape_at.reset();
        data += c;
        p.last_rx = now;  // the silence before an escape is counted from the last data byte
    }
    if (!data.empty()) {
        out.push_back(Event{EventKind::log, port, data, milliseconds{0}, '<'});
        out.push_back(Event{EventKind::peer_data, port, std::move(data)});
    }
    return out;
}

Events ModemModel::execute_line(int port, const std::string& received, Clock::time_point now) {
    Events out;
    // V.250 5.2.1: what comes before the "AT" prefix is ignored (a Ctrl-Z some hosts send first to
    // end a forgotten SMS, line noise); a line without it is no command.
    const auto prefix = to_upper(received).find("AT");
    if (prefix == std::string::npos) return out;
    const std::string text = received.substr(prefix);
    const std::string upper = to_upper(text);
    if (starts_with_any(upper, config_.no_reply)) {
        out.push_back(Event{EventKind::log, port, "fault: no reply", milliseconds{0}, '!'});
        return out;
    }
    Reply reply;
    const auto commands = split_commands(std::string_view(text).substr(2));
    if (starts_with_any(upper, config_.error) || !commands) {
        reply.final = "ERROR";
    } else {
        for (const auto& command : *commands) {
            if (!execute(port, command, reply, now)) break;
        }
    }

    milliseconds delay = config_.latency;
    if (config_.garbage && std::uniform_int_distribution<int>(0, 9)(rng_) == 0) {
        std::string junk;
        const int length = std::uniform_int_distribution<int>(1, 12)(rng_);
        for (int i = 0; i < length; ++i)
            junk += static_cast<char>(std::uniform_int_distribution<int>(0x21, 0xfe)(rng_));
        out.push_back(send(port, line(junk), std::exchange(delay, milliseconds{0})));
    }
    for (const auto& info : reply.info) out.push_back(send(port, line(info), std::exchange(delay, milliseconds{0})));
    if (config_.urc_noise && std::uniform_int_distribution<int>(0, 2)(rng_) == 0) {
        out.push_back(send(port, line(random_urc()), std::exchange(delay, milliseconds{0})));
    }
    if (starts_with_any(upper, config_.urc_in_reply)) {
        // An A7670's SIM toolkit indication (no list knows it) and a SIM7600 boot line (its profile's).
        out.push_back(send(port, line("+MSTK: 14"), std::exchange(delay, milliseconds{0})));
        out.push_back(send(port, line("SMS DONE")));
    }
    if (starts_with_any(upper, config_.endless)) {
        start_stream(port, Stream::reply_lines, now, out);
        return out;
    }
    if (starts_with_any(upper, config_.endless_line)) {
        out.push_back(send(port, "\r\nENDLESS ", std::exchange(delay, milliseconds{0})));
        start_stream(port, Stream::one_line, now, out);
        return out;
    }
    if (starts_with_any(upper, config_.no_final)) {
        out.push_back(Event{EventKind::log, port, "fault: no final result", milliseconds{0}, '!'});
        return out;
    }
    out.push_back(send(port, line(reply.final), delay + reply.final_delay));
    if (reply.enter_data) {
        auto& p = ports_[static_cast<std::size_t>(port)];
        p.mode = Mode::data;
        p.held_plus.clear();
        p.escape_at.reset();
        p.last_rx = now;
    }
    out.insert(out.end(), reply.after.begin(), reply.after.end());
    return out;
}

// Runs one command of a line; false stops the line (its final result is already in reply).
bool ModemModel::execute(int port, const std::string& command, Reply& reply, Clock::time_point now) {
    const std::string upper = to_upper(command);
    auto fail = [&](std::string final) {
        reply.final = std::move(final);
        return false;
    };
    if (upper.starts_with("+") || upper.starts_with("$") || upper.starts_with("^") || upper.starts_with("#")) {
        const auto split = command.find_first_of("=?");
        const std::string name = to_upper(command.substr(0, split));
        const std::string suffix = split == std::string::npos ? "" : command.substr(split);
        return execute_extended(port, name, suffix, reply, now);
    }
    if (upper.starts_with("D")) {
        if (upper.find("*99") == std::string::npos) return fail("NO CARRIER");  // packet calls only
        return dial(port, reply, now);
    }
    if (upper == "E0" || upper == "E1" || upper == "E") {
        ports_[static_cast<std::size_t>(port)].echo = upper == "E1";
        return true;
    }
    if (upper == "Z" || upper == "Z0" || upper == "&F" || upper == "&F0") {
        reset_settings();
        return true;
    }
    if (upper == "I" || upper == "I0") {
        if (config_.profile == Profile::simcom) {
            reply.info = {"Manufacturer: SIMCOM INCORPORATED", "Model: SIM7600G-H", "Revision: LE20B04SIM7600G22",
                          fmt::format("IMEI: {}", kImei), "+GCAP: +CGSM"};
        } else {
            reply.info = {"Quectel", "EC21", "Revision: EC21JFAR06A01M4G"};
        }
        return true;
    }
    if (upper == "H" || upper == "H0") {
        // From another port while the call is in data mode, its client must hear that it ended.
        if (call_port_) end_call(reply.after, in_data_mode(*call_port_));
        return true;
    }
    if (upper == "O" || upper == "O0") {
        auto& p = ports_[static_cast<std::size_t>(port)];
        if (call_port_ != port || p.mode != Mode::online_command) return fail("NO CARRIER");
        reply.final = std::string(kConnect);
        reply.enter_data = true;
        return true;
    }
    static const std::vector<std::string> accepted = {"&D", "&D0", "&D1", "&D2", "&C", "&C0", "&C1",
                                                      "&W", "&W0", "V1",  "Q0",  "X4", "&K3", "&K0"};
    if (std::ranges::find(accepted, upper) != accepted.end() || upper.starts_with("S")) return true;
    return fail("ERROR");
}

bool ModemModel::execute_extended(int port, const std::string& name, const std::string& suffix, Reply& reply,
                                  Clock::time_point now) {
    const bool query = suffix == "?";
    const bool test = suffix == "=?";
    const bool exec = suffix.empty();
    const auto args =
        suffix.starts_with("=") && !test ? split_args(std::string_view(suffix).substr(1)) : std::vector<std::string>{};
    auto fail = [&](std::string final) {
        reply.final = std::move(final);
        return false;
    };
    auto need_sim = [&]() -> std::optional<int> {
        switch (sim_) {
            case SimCard::ready: return std::nullopt;
            case SimCard::missing: return 10;
            case SimCard::pin: return 11;
            case SimCard::puk: return 12;
        }
        return std::nullopt;
    };
    const bool simcom = config_.profile == Profile::simcom;

    if (name == "+CREG" || name == "+CGREG" || name == "+CEREG") return execute_registration(name, suffix, reply);
    if (name == "+CGDCONT") return execute_cgdcont(suffix, reply);
    if (name == "+CGAUTH") return execute_cgauth(suffix, reply);
    if (name == "+CFUN") return execute_cfun(suffix, reply, now);
    if (name == "+CPIN") return execute_cpin(suffix, reply, now);
    if (test) return true;  // "=?" of any command we know below: no ranges needed by clients

    // 27.007 AT+CMUX=<mode>[,<subset>[,<port speed>[,<N1>...]]]: only the basic option (mode 0).
    if (name == "+CMUX") {
        if (!config_.cmux) return fail("ERROR");  // a modem without a multiplexer, or one that refuses it
        if (query) {
            reply.info.emplace_back("+CMUX: 0,0,5,127,10,3,30,10,2");
            return true;
        }
        if (args.empty() || args[0] != "0") return fail(cme(50));
        const auto n1 = args.size() > 3 && !args[3].empty() ? to_int(args[3]) : std::optional<int>{31};
        if (!n1 || *n1 < 1 || *n1 > 32768) return fail(cme(50));
        auto start = action(EventKind::mux_start, port);
        start.bytes = std::to_string(*n1);
        reply.after.push_back(std::move(start));
        return true;
    }

    if (name == "+CMEE") {
        if (query) {
            reply.info.push_back(fmt::format("+CMEE: {}", cmee_));
            return true;
        }
        auto n = args.empty() ? std::optional<int>{} : to_int(args[0]);
        if (!n || *n < 0 || *n > 2) return fail(cme(50));
        cmee_ = *n;
        return true;
    }
    if (name == "+IFC") {
        if (query) {
            reply.info.push_back("+IFC: " + ifc_);
            return true;
        }
        if (args.size() != 2 || !to_int(args[0]) || !to_int(args[1])) return fail(cme(50));
        ifc_ = args[0] + "," + args[1];
        return true;
    }
    if (name == "+IPR") {
        if (query) {
            reply.info.push_back("+IPR: " + ipr_);
            return true;
        }
        if (args.size() != 1 || !to_int(args[0])) return fail(cme(50));
        ipr_ = args[0];
        return true;
    }
    if (exec && (name == "+CGMI" || name == "+GMI")) {
        reply.info.emplace_back(simcom ? "SIMCOM INCORPORATED" : "Quectel");
        return true;
    }
    if (exec && (name == "+CGMM" || name == "+GMM")) {
        reply.info.emplace_back(simcom ? "SIM7600G-H" : "EC21");
        return true;
    }
    if (exec && (name == "+CGMR" || name == "+GMR")) {
        reply.info.emplace_back(simcom ? "+CGMR: LE20B04SIM7600G22" : "Revision: EC21JFAR06A01M4G");
        return true;
    }
    if (exec && (name == "+CGSN" || name == "+GSN")) {
        reply.info.emplace_back(kImei);
        return true;
    }
    if (exec && name == "+CIMI") {
        if (auto code = need_sim()) return fail(cme(*code));
        reply.info.emplace_back(kImsi);
        return true;
    }
    if (exec && (name == "+CICCID" || name == "+QCCID" || name == "+CCID")) {
        if (sim_ == SimCard::missing) return fail(cme(10));
        reply.info.push_back(fmt::format("{}: {}", name == "+QCCID" ? "+QCCID" : "+ICCID", kIccid));
        return true;
    }
    if (exec && name == "+CSQ") {
        reply.info.emplace_back(registered() ? fmt::format("+CSQ: {},99", csq_rssi_) : "+CSQ: 99,99");
        return true;
    }
    if (exec && name == "+CESQ") {
        reply.info.emplace_back(registered() ? fmt::format("+CESQ: 99,99,255,255,20,{}", cesq_rsrp_)
                                             : "+CESQ: 99,99,255,255,255,255");
        return true;
    }
    if (name == "+COPS") {
        if (query) reply.info.emplace_back(registered() ? R"(+COPS: 0,2,"44010",7)" : "+COPS: 0");
        // 27.007 §7.3: <mode> 2 deregisters (stat 0, not searching); 0 selects automatically again.
        if (suffix == "=2") {
            attach_at_.reset();
            set_registration(0, reply.after);
        } else if (suffix.starts_with("=0") && reg_stat_ == 0) {
            start_attach(now, reply.after);
        }
        return true;
    }
    if (simcom && query && name == "+CPSI") {
        if (registered()) {
            reply.info.emplace_back("+CPSI: LTE,Online,440-10,0x1698,39683652,181,EUTRAN-BAND28,9510,3,3,20,61,41,3");
        } else {
            reply.info.emplace_back(cfun_ == 1 ? "+CPSI: NO SERVICE,Online" : "+CPSI: NO SERVICE,Low Power Mode");
        }
        return true;
    }
    if (!simcom && exec && name == "+QCSQ") {
        reply.info.emplace_back(registered() ? R"(+QCSQ: "LTE",-52,-81,195,-10)" : R"(+QCSQ: "NOSERVICE")");
        return true;
    }
    if (!simcom && exec && name == "+QNWINFO") {
        reply.info.emplace_back(registered() ? R"(+QNWINFO: "FDD LTE","44010","LTE BAND 1",300)"
                                             : "+QNWINFO: No Service");
        return true;
    }
    if (name == "+CGATT") {
        if (query) {
            reply.info.push_back(fmt::format("+CGATT: {}", registered() ? 1 : 0));
            return true;
        }
        auto n = args.empty() ? std::optional<int>{} : to_int(args[0]);
        if (!n || *n < 0 || *n > 1) return fail(cme(50));
        ps_attached_ = *n == 1;
        if (ps_attached_) {
            if (!registered()) start_attach(now, reply.after);
        } else {
            if (call_port_) end_call(reply.after, true);
            attach_at_.reset();
            set_registration(0, reply.after);
        }
        return true;
    }
    if (name == "+CGDATA") {
        if (!args.empty() && to_upper(args[0]) != "PPP") return fail(cme(4));
        return dial(port, reply, now);
    }
    if (name == "+CGACT" && query) {
        for (const auto& [cid, ctx] : pdp_) reply.info.push_back(fmt::format("+CGACT: {},{}", cid, call_port_ ? 1 : 0));
        return true;
    }
    return fail("ERROR");
}

bool ModemModel::execute_registration(const std::string& name, const std::string& suffix, Reply& reply) {
    if (suffix == "=?") {
        reply.info.push_back(name + ": (0-2)");
        return true;
    }
    if (suffix == "?") {
        reply.info.push_back(registration_line(name, reg_urc_[name], true));
        return true;
    }
    const auto args = split_args(std::string_view(suffix).substr(std::min<std::size_t>(1, suffix.size())));
    auto n = suffix.starts_with("=") && args.size() == 1 ? to_int(args[0]) : std::optional<int>{};
    if (!n || *n < 0 || *n > 2) {
        reply.final = cme(50);
        return false;
    }
    reg_urc_[name] = *n;
    return true;
}

std::string ModemModel::registration_line(const std::string& name, int n, bool query) const {
    std::string out = name + ": ";
    if (query) out += fmt::format("{},", n);
    out += std::to_string(reg_stat_);
    if (n == 2 && registered()) out += R"(,"1698","0259B344",7)";
    return out;
}

bool ModemModel::execute_cgdcont(const std::string& suffix, Reply& reply) {
    if (suffix == "=?") {
        reply.info.emplace_back(R"(+CGDCONT: (1-24),"IP",,,(0-2),(0-4))");
        return true;
    }
    if (suffix == "?") {
        for (const auto& [cid, ctx] : pdp_) {
            reply.info.push_back(fmt::format(R"(+CGDCONT: {},"{}","{}","0.0.0.0",0,0)", cid, ctx.type, ctx.apn));
        }
        return true;
    }
    const auto args = split_args(std::string_view(suffix).substr(std::min<std::size_t>(1, suffix.size())));
    auto cid = suffix.starts_with("=") ? to_int(args[0]) : std::optional<int>{};
    if (!cid || *cid < 1 || *cid > 24) {
        reply.final = cme(50);
        return false;
    }
    if (args.size() == 1) {  // "AT+CGDCONT=<cid>" undefines the context
        pdp_.erase(*cid);
        auth_.erase(*cid);
        return true;
    }
    const std::string type = to_upper(args[1]);
    if (type != "IP" && type != "IPV6" && type != "IPV4V6" && type != "PPP") {
        reply.final = cme(50);
        return false;
    }
    PdpContext next{type, args.size() > 2 ? args[2] : ""};
    if (registered()) {
        // Real modems accept this but the network keeps using the old context until re-attach.
        reply.after.push_back(Event{EventKind::log, 0,
                                    fmt::format("CGDCONT {} set while registered (stat {})", *cid, reg_stat_),
                                    milliseconds{0}, '!'});
    }
    pdp_[*cid] = std::move(next);
    return true;
}

bool ModemModel::execute_cgauth(const std::string& suffix, Reply& reply) {
    if (suffix == "=?") {
        reply.info.emplace_back("+CGAUTH: (1-24),(0-3),(127),(127)");
        return true;
    }
    if (suffix == "?") {
        for (const auto& [cid, ctx] : pdp_) {
            const auto it = auth_.find(cid);
            const PdpAuth a = it == auth_.end() ? PdpAuth{} : it->second;
            reply.info.push_back(fmt::format(R"(+CGAUTH: {},{},"{}","{}")", cid, a.type, a.user, a.password));
        }
        return true;
    }
    const auto args = split_args(std::string_view(suffix).substr(std::min<std::size_t>(1, suffix.size())));
    auto cid = suffix.starts_with("=") ? to_int(args[0]) : std::optional<int>{};
    auto type = args.size() > 1 ? to_int(args[1]) : std::optional<int>{0};
    if (!cid || *cid < 1 || *cid > 24 || !type || *type < 0 || *type > 3) {
        reply.final = cme(50);
        return false;
    }
    auth_[*cid] = PdpAuth{*type, args.size() > 2 ? args[2] : "", args.size() > 3 ? args[3] : ""};
    return true;
}

bool ModemModel::execute_cfun(const std::string& suffix, Reply& reply, Clock::time_point now) {
    if (suffix == "=?") {
        reply.info.emplace_back("+CFUN: (0,1,4),(0-1)");
        return true;
    }
    if (suffix == "?") {
        reply.info.push_back(fmt::format("+CFUN: {}", cfun_));
        return true;
    }
    const auto args = split_args(std::string_view(suffix).substr(std::min<std::size_t>(1, suffix.size())));
    auto fun = suffix.starts_with("=") ? to_int(args[0]) : std::optional<int>{};
    auto rst = args.size() > 1 ? to_int(args[1]) : std::optional<int>{0};
    if (!fun || (*fun != 0 && *fun != 1 && *fun != 4) || !rst || *rst < 0 || *rst > 1) {
        reply.final = cme(50);
        return false;
    }
    if (*rst == 1) {
        reply.after.push_back(action(EventKind::restart, 0));
        return true;
    }
    if (*fun == cfun_) return true;
    cfun_ = *fun;
    if (cfun_ == 1) {
        start_attach(now, reply.after);
    } else {
        if (call_port_) end_call(reply.after, true);
        attach_at_.reset();
        set_registration(0, reply.after);
    }
    return true;
}

bool ModemModel::execute_cpin(const std::string& suffix, Reply& reply, Clock::time_point now) {
    if (suffix == "=?") return true;
    if (suffix == "?") {
        switch (sim_) {
            case SimCard::ready: reply.info.emplace_back("+CPIN: READY"); return true;
            case SimCard::pin: reply.info.emplace_back("+CPIN: SIM PIN"); return true;
            case SimCard::puk: reply.info.emplace_back("+CPIN: SIM PUK"); return true;
            case SimCard::missing: reply.final = cme(10); return false;
        }
    }
    const auto args = split_args(std::string_view(suffix).substr(std::min<std::size_t>(1, suffix.size())));
    const bool ok = suffix.starts_with("=") && !args[0].empty() &&
                    ((sim_ == SimCard::pin && args.size() == 1) || (sim_ == SimCard::puk && args.size() == 2));
    if (!ok) {
        reply.final = cme(sim_ == SimCard::missing ? 10 : sim_ == SimCard::ready ? 3 : 50);
        return false;
    }
    // A wrong PIN costs one of the SIM's tries; the last one locks it behind the PUK (any PUK here).
    if (sim_ == SimCard::pin && args[0] != config_.sim_pin) {
        if (--pin_tries_left_ == 0) sim_ = SimCard::puk;
        reply.final = cme(16);
        return false;
    }
    pin_tries_left_ = 3;
    sim_ = SimCard::ready;
    urc("+CPIN: READY", reply.after);
    start_attach(now, reply.after);
    return true;
}

bool ModemModel::dial(int port, Reply& reply, Clock::time_point now) {
    const bool can_call = registered() && cfun_ == 1 && !call_port_;
    if (!can_call) {
        reply.final = config_.dial_fail == DialFail::busy ? "BUSY" : "NO CARRIER";
        reply.final_delay = config_.dial_fail_delay;
        return false;
    }
    reply.final = std::string(kConnect);
    reply.enter_data = true;
    call_port_ = port;
    if (config_.drop_after) drop_at_ = now + *config_.drop_after;
    reply.after.push_back(action(EventKind::call_up, port));
    return false;  // nothing after a dial on the same line runs
}

void ModemModel::start_attach(Clock::time_point now, Events& out) {
    if (sim_ != SimCard::ready || cfun_ != 1 || !ps_attached_) return;
    if (config_.attach_time.count() == 0 && config_.reg == RegFault::none) {
        set_registration(config_.home ? 1 : 5, out);  // "--attach-time 0": registered at once
        return;
    }
    set_registration(2, out);
    attach_at_ = config_.reg == RegFault::searching ? std::optional<Clock::time_point>{}
                                                    : std::optional<Clock::time_point>{now + config_.attach_time};
}

void ModemModel::set_registration(int stat, Events& out) {
    if (stat == reg_stat_) return;
    reg_stat_ = stat;
    for (const auto& [name, n] : reg_urc_) {
        if (n > 0) urc(registration_line(name, n, false), out);
    }
}

void ModemModel::end_call(Events& out, bool say_no_carrier) {
    const int port = *call_port_;
    auto& p = ports_[static_cast<std::size_t>(port)];
    if (say_no_carrier) out.push_back(send(port, line("NO CARRIER")));
    p.mode = Mode::command;
    p.held_plus.clear();
    p.escape_at.reset();
    call_port_.reset();
    drop_at_.reset();
    out.push_back(action(EventKind::call_down, port));
}

Events ModemModel::advance(Clock::time_point now) {
    Events out;
    if (attach_at_ && *attach_at_ <= now) {
        attach_at_.reset();
        set_registration(config_.reg == RegFault::denied ? 3 : config_.home ? 1 : 5, out);
    }
    for (std::size_t i = 0; i < ports_.size(); ++i) {
        auto& p = ports_[i];
        if (p.escape_at && *p.escape_at <= now) {
            p.escape_at.reset();
            p.held_plus.clear();
            p.mode = Mode::online_command;
            out.push_back(send(static_cast<int>(i), line("OK")));
        }
    }
    if (drop_at_ && *drop_at_ <= now) {
        out.push_back(Event{EventKind::log, *call_port_, "fault: drop-after", milliseconds{0}, '!'});
        end_call(out, true);
    }
    for (std::size_t i = 0; i < ports_.size(); ++i) {
        auto& p = ports_[i];
        if (!p.stream_at || *p.stream_at > now) continue;
        out.push_back(Event{EventKind::stream, static_cast<int>(i), stream_chunk(p.stream), milliseconds{0}});
        p.stream_at = now + stream_interval;
    }
    return out;
}

void ModemModel::start_stream(int port, Stream kind, Clock::time_point now, Events& out) {
    auto& p = ports_.at(static_cast<std::size_t>(port));
    p.stream = kind;
    p.stream_at = now;
    constexpr std::array<std::string_view, 4> names{"", "endless reply", "endless line", "garbage stream"};
    out.push_back(Event{EventKind::log, port, fmt::format("fault: {} begins", names.at(static_cast<std::size_t>(kind))),
                        milliseconds{0}, '!'});
}

// The client's byte aborts the command (V.250 §5.6.1); an unfinished line is ended first.
void ModemModel::stop_stream(int port, Events& out) {
    auto& p = ports_.at(static_cast<std::size_t>(port));
    if (p.stream == Stream::one_line) out.push_back(send(port, "\r\n"));
    out.push_back(Event{EventKind::log, port, "fault: endless output aborted by the client", milliseconds{0}, '!'});
    p.stream = Stream::none;
    p.stream_at.reset();
}

std::string ModemModel::stream_chunk(Stream kind) {
    std::string chunk;
    switch (kind) {
        case Stream::reply_lines:
            // The issue's report: 4000-byte lines and no final result code. No "+NAME:" prefix, which would
            // make them unsolicited: these are the answer.
            for (int i = 0; i < 4; ++i)
                chunk += line(fmt::format("ENDLESS {:08} {}", stream_lines_++, std::string(3980, 'x')));
            break;
        case Stream::one_line: chunk.assign(stream_chunk_bytes, 'y'); break;
        case Stream::garbage: {
            std::uniform_int_distribution<int> byte(0, 255);
            chunk.resize(stream_chunk_bytes);
            for (auto& c : chunk) c = static_cast<char>(byte(rng_));
            break;
        }
        case Stream::none: break;
    }
    return chunk;
}

std::optional<Clock::time_point> ModemModel::next_deadline() const {
    std::optional<Clock::time_point> next = attach_at_;
    auto consider = [&](const std::optional<Clock::time_point>& t) {
        if (t && (!next || *t < *next)) next = t;
    };
    for (const auto& p : ports_) {
        consider(p.escape_at);
        consider(p.stream_at);
    }
    consider(drop_at_);
    return next;
}

Events ModemModel::port_closed(int port) {
    Events out;
    auto& p = ports_.at(static_cast<std::size_t>(port));
    if (call_port_ == port) {
        out.push_back(Event{EventKind::log, port, "client closed the port: call ends", milliseconds{0}, '!'});
        end_call(out, false);
    }
    p.line.clear();
    return out;
}

Events ModemModel::peer_data(std::string_view bytes) {
    if (!call_port_ || !in_data_mode(*call_port_)) return {};  // online command mode: the modem drops it
    return {send(*call_port_, std::string(bytes))};
}

Events ModemModel::drop_call() {
    Events out;
    if (call_port_) end_call(out, true);
    return out;
}

Events ModemModel::inject_urc(std::string_view text) {
    Events out;
    urc(text, out);
    return out;
}

Events ModemModel::force_functionality(int fun, Clock::time_point now) {
    Reply reply;
    execute_cfun(fmt::format("={}", fun), reply, now);
    return std::move(reply.after);
}

Events ModemModel::change_sim(SimCard card, Clock::time_point now) {
    Events out;
    sim_ = card;
    if (sim_ == SimCard::ready) {
        urc("+CPIN: READY", out);
        start_attach(now, out);
    } else {
        attach_at_.reset();
        set_registration(0, out);
    }
    return out;
}

Events ModemModel::force_registration(int stat) {
    Events out;
    attach_at_.reset();
    set_registration(stat, out);
    return out;
}

void ModemModel::urc(std::string_view text, Events& out) const {
    // A port in data mode carries PPP frames only; its URCs are lost, as with most modems.
    if (ports_[static_cast<std::size_t>(config_.urc_port)].mode == Mode::data) return;
    out.push_back(send(config_.urc_port, line(text)));
}

std::string ModemModel::random_urc() {
    return std::string(kNoiseUrcs[std::uniform_int_distribution<std::size_t>(0, kNoiseUrcs.size() - 1)(rng_)]);
}

std::string ModemModel::cme(int code) const {
    switch (cmee_) {
        case 1: return fmt::format("+CME ERROR: {}", code);
        case 2: return fmt::format("+CME ERROR: {}", cme_text(code));
        default: return "ERROR";
    }
}

std::string ModemModel::state_line() const {
    std::string call =
        call_port_ ? fmt::format("{}:{}", *call_port_, in_data_mode(*call_port_) ? "data" : "online-command") : "none";
    std::string apn = pdp_.contains(1) ? pdp_.at(1).apn : "";
    const char* sim = sim_ == SimCard::ready     ? "ready"
                      : sim_ == SimCard::missing ? "missing"
                      : sim_ == SimCard::pin     ? "pin"
                                                 : "puk";
    return fmt::format("cfun={} reg={} call={} cmee={} sim={} apn=\"{}\"", cfun_, reg_stat_, call, cmee_, sim, apn);
}

std::vector<std::string> ModemModel::persistent_commands() const {
    std::vector<std::string> out;
    for (const auto& [cid, ctx] : pdp_)
        out.push_back(fmt::format(R"(AT+CGDCONT={},"{}","{}")", cid, ctx.type, ctx.apn));
    for (const auto& [cid, a] : auth_) {
        out.push_back(fmt::format(R"(AT+CGAUTH={},{},"{}","{}")", cid, a.type, a.user, a.password));
    }
    return out;
}

void ModemModel::restore(const std::vector<std::string>& commands) {
    pdp_.clear();
    auth_.clear();
    const int saved_reg = std::exchange(reg_stat_, 0);  // no "set while registered" remarks
    for (const auto& command : commands) {
        if (!to_upper(command).starts_with("AT")) continue;
        Reply ignored;
        if (auto split = split_commands(std::string_view(command).substr(2))) {
            for (const auto& c : *split) execute(0, c, ignored, Clock::time_point{});
        }
    }
    reg_stat_ = saved_reg;
}

}  // namespace lte::sim
