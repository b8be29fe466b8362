#include "lte/connection/connection.hpp"

#include <algorithm>
#include <filesystem>

#include <spdlog/spdlog.h>

#include "lte/common/log_context.hpp"
#include "lte/connection/link_loss.hpp"
#include "lte/parse/operator_selection.hpp"
#include "lte/parse/registration.hpp"
#include "lte/parse/serving_cell.hpp"
#include "lte/parse/signal_quality.hpp"
#include "lte/serial/port_holders.hpp"

namespace lte::connection {

using namespace std::chrono_literals;

// The longest pause between looks at a port another program holds.
constexpr std::chrono::milliseconds kBusyPortPollMax = 30s;

struct Connection::Ports {
    std::unique_ptr<serial::SerialPort> at_port;
    std::unique_ptr<serial::SerialPort> data_port;  // null on a single-port modem
    std::unique_ptr<at::Channel> at;
    std::unique_ptr<at::Channel> data;  // null on a single-port modem
    at::Subscription urcs;

    at::Channel& data_channel() { return data ? *data : *at; }
    serial::SerialPort& data_tty() { return data_port ? *data_port : *at_port; }

    ~Ports() {
        urcs.reset();
        data.reset();  // channels before the ports they read
        at.reset();
        data_port.reset();
        at_port.reset();
    }
};

Connection::Connection(asio::io_context& io, ConnectionSettings settings, Observer observer)
    : io_(io),
      settings_(std::move(settings)),
      observer_(std::move(observer)),
      wakeup_(io),
      probe_(io),
      probe_timer_(io) {
    status_.counters.since = std::chrono::system_clock::now();  // a first period, unless restore_counters()
}

Connection::~Connection() {
    *alive_ = false;
    pppd_.reset();  // kills and reaps pppd if a teardown never ran
    ports_.reset();
}

void Connection::start() {
    if (running_) return;
    running_ = true;
    asio::co_spawn(io_, run(), [alive = alive_](const std::exception_ptr& e) {
        if (!*alive || !e) return;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            spdlog::critical("connection crashed: {}", ex.what());
        }
    });
}

void Connection::stop() {
    if (stopping_) return;
    stopping_ = true;
    spdlog::info("stopping");
    if (ports_) {
        // Commands in flight fail at once, so the coroutine gets to the teardown; the ports stay
        // open for the hang-up.
        ports_->at->abort_commands("stopping");
        if (ports_->data) ports_->data->abort_commands("stopping");
    }
    wakeup_.notify();
    if (!running_) finish(RunResult{RunResult::Kind::Stopped, "stopped"});
}

void Connection::update_settings(ConnectionSettings settings) { pending_settings_ = std::move(settings); }

std::string Connection::hold_down(bool down, std::string why) {
    if (stopping_) return "the daemon is stopping";
    if (down == held_down_)
        return down ? "already down (" + held_down_why_ + ")" : "not down: already dialling or online";
    held_down_ = down;
    wakeup_.notify();
    if (!down) {
        spdlog::info("up ({}): dialling again", why);
        return "dialling again";
    }
    held_down_why_ = std::move(why);
    spdlog::info("down ({}): hanging up", held_down_why_);
    const std::string reason = "down (" + held_down_why_ + ")";
    if (pppd_) {
        link_lost_ = reason;  // supervise_ppp stops pppd and hangs up
    } else if (ports_) {
        // As for a stop: a sequence in progress ends at once; stay_down() hangs up.
        ports_->at->abort_commands(reason);
        if (ports_->data) ports_->data->abort_commands(reason);
    }
    return "hanging up; the link stays down until `lte-dialer up`";
}

void Connection::at_command(at::Command command, at::Channel::ReplyHandler handler) {
    auto refuse = [&](std::string why) {
        asio::post(io_, [handler = std::move(handler), why = std::move(why)] {
            handler(at::Reply{at::Final::Closed, why, {}});
        });
    };
    if (!ports_) return refuse("the modem's AT port is not open (" + std::string(to_string(status_.state)) + ")");
    if (ports_->at->in_data_mode())
        return refuse(
            "the AT port is the data port and PPP owns it: no AT commands while online on a single-port modem");
    ports_->at->send(std::move(command), std::move(handler));
}

// ---------------------------------------------------------------------------------------------
// The main loop: attempts and recovery.

namespace {

// "440-10, TAC 1698, cell 39683652, EUTRAN-BAND28"; "NO SERVICE" without a cell.
std::string cell_text(const parse::ServingCell& cell) {
    if (!cell.mcc_mnc) return cell.system_mode;
    std::string text = *cell.mcc_mnc;
    if (cell.tac) text += ", TAC " + *cell.tac;
    if (cell.cell_id) text += ", cell " + std::to_string(*cell.cell_id);
    if (cell.band) text += ", " + *cell.band;
    return text;
}

std::string delay_text(std::chrono::milliseconds delay) {
    if (delay < 1s) return delay == 0ms ? "now" : "in " + std::to_string(delay.count()) + " ms";
    return "in " + std::to_string(delay.count() / 1000) + " s";
}

}  // namespace

asio::awaitable<void> Connection::run() {
    std::uniform_real_distribution<double> spread(-1.0, 1.0);
    while (!stopping_) {
        if (pending_settings_) {
            settings_ = std::move(*pending_settings_);
            pending_settings_.reset();
            spdlog::info("configuration reloaded");
        }
        if (held_down_) {
            co_await stay_down();
            continue;
        }
        ++status_.counters.attempts;
        const AttemptEnd end = co_await attempt();
        if (stopping_) break;
        if (held_down_) continue;  // the attempt ended because of `down`: no failure to recover from
        count_attempt_end(end);
        if (end.verdict != Verdict::Dialed) status_.last_error = end.reason;
        const Decision decision = decide(settings_.recovery, history_, end, spread(rng_));
        history_ = decision.next;
        if (const auto* stop = std::get_if<Stop>(&decision.action)) {
            co_await hang_up();
            close_ports();
            if (stop->result.kind == RunResult::Kind::GaveUp) status_.action = stop->result.message;
            if (stop->result.exit_code() != 0) set_state(State::Failed, stop->result.message);
            finish(stop->result);
            co_return;
        }
        const auto& step = std::get<Recover>(decision.action);
        ++status_.reconnects;
        const std::string count =
            step.rung_limit ? " " + std::to_string(step.attempt) + "/" + std::to_string(step.rung_limit) : "";
        set_state(State::Recovering,
                  std::string(to_string(step.rung)) + count + " " + delay_text(step.delay) + ": " + step.reason);
        co_await wakeup_.wait_for(step.delay);
        if (stopping_) break;
        if (held_down_) continue;
        co_await climb(step.rung);
    }
    set_state(State::Stopping, "shutting down");
    if (ports_) {
        ports_->at->accept_commands();
        if (ports_->data) ports_->data->accept_commands();
    }
    if (pppd_ && pppd_->running()) {
        pppd_->stop(settings_.ppp_stop_grace);
        while (pppd_->running()) co_await wakeup_.wait_for(1s);
    }
    co_await hang_up();
    close_ports();
    finish(RunResult{RunResult::Kind::Stopped, "stopped"});
}

asio::awaitable<void> Connection::stay_down() {
    if (ports_) {
        ports_->at->accept_commands();  // `at` works while down
        if (ports_->data) ports_->data->accept_commands();
        co_await hang_up();
    }
    set_state(State::Down, held_down_why_);
    while (held_down_ && !stopping_) co_await wakeup_.wait_for(1h);
    history_ = History{};  // back up by request: the ladder starts from its first rung
}

asio::awaitable<AttemptEnd> Connection::attempt() {
    port_lost_ = false;
    link_lost_.reset();
    if (!ports_) {
        std::string error;
        if (!open_ports(error)) co_return AttemptEnd{Verdict::PortsAbsent, error};
        // A dialer that crashed while online can leave the modem in data mode (a modem that
        // ignores DTR keeps the call): ATD would then go to the network as data.
        co_await leave_data_mode(false);
        if (stopping_) co_return AttemptEnd{Verdict::Stopped, "stopped"};
    }

    set_state(State::Probing, "talking to the modem on " + ports_->at->port_name());
    sequence::Engine engine(*ports_->at, ports_->data_channel(),
                            [this](const sequence::Progress& p) { on_progress(p); });
    const sequence::Result result = co_await engine.run(settings_.sequence, settings_.variables);
    if (stopping_) co_return AttemptEnd{Verdict::Stopped, "stopped"};
    if (!result.ok()) {
        const Verdict verdict = port_lost_              ? Verdict::PortsAbsent
                                : result.failure->fatal ? Verdict::NeedsPerson
                                                        : Verdict::StepFailed;
        co_return AttemptEnd{verdict, result.failure->describe() + other_holders()};
    }
    if (result.connect_line.empty())
        co_return AttemptEnd{Verdict::NoDial, "the connect sequence " + settings_.sequence.name +
                                                  " ended without dialling (no CONNECT)"};

    spdlog::info("{}: {}", ports_->data_channel().port_name(), result.connect_line);
    if (!settings_.start_ppp) {
        set_detail("dialled: " + result.connect_line + " (pppd not started)");
        co_return AttemptEnd{Verdict::Dialed, result.connect_line};
    }
    co_return co_await supervise_ppp();
}

// A program that opened the port without a lock (a plain `cat`) reads the modem's answers away:
// the failure then looks like a mute modem, so it names who else has the port open.
std::string Connection::other_holders() const {
    if (!ports_) return {};
    std::vector<std::string> holders = serial::port_holders(status_.at_port);
    if (status_.data_port != status_.at_port)
        for (auto& h : serial::port_holders(status_.data_port))
            if (std::find(holders.begin(), holders.end(), h) == holders.end()) holders.push_back(std::move(h));
    if (holders.empty()) return {};
    std::string names;
    for (const auto& h : holders) names += (names.empty() ? "" : ", ") + h;
    return " — the modem's port is also open in " + names + ": it may be taking the modem's answers; stop it";
}

asio::awaitable<AttemptEnd> Connection::supervise_ppp() {
    ppp_exit_.reset();
    link_up_.reset();
    auto alive = alive_;
    pppd_ = std::make_unique<ppp::PppSupervisor>(
        io_, ppp::PppSupervisor::Callbacks{[this, alive](const ppp::LinkInfo& link) {
                                               if (!*alive) return;
                                               link_up_ = link;
                                               wakeup_.notify();
                                           },
                                           [this, alive](const ppp::ExitReport& report) {
                                               if (!*alive) return;
                                               ppp_exit_ = report;
                                               wakeup_.notify();
                                           },
                                           [](std::string_view line) { spdlog::debug("pppd: {}", line); }});
    try {
        pppd_->start(settings_.ppp, ports_->data_tty().native_handle(), settings_.password);
    } catch (const std::exception& e) {
        // A bad option or a missing pppd does not mend itself.
        co_return AttemptEnd{Verdict::NeedsPerson, std::string("cannot start pppd: ") + e.what()};
    }
    set_state(State::PppUp,
              "pppd " + std::to_string(pppd_->pid()) + " negotiating on " + ports_->data_channel().port_name());

    const auto started = std::chrono::steady_clock::now();
    std::optional<std::chrono::steady_clock::time_point> online_at;
    AttemptEnd end;
    while (!stopping_) {
        const bool monitoring = settings_.monitor_interval > 0ms;
        const auto wait = online_at ? std::chrono::steady_clock::duration(monitoring ? settings_.monitor_interval : 24h)
                                    : started + settings_.ppp_up_timeout - std::chrono::steady_clock::now();
        const bool woken = co_await wakeup_.wait_for(std::max<std::chrono::steady_clock::duration>(wait, 0ms));
        if (stopping_) break;
        if (ppp_exit_) break;
        if (link_lost_) {
            end = AttemptEnd{port_lost_ ? Verdict::PortsAbsent : Verdict::LinkLost, *link_lost_};
            break;
        }
        if (link_up_ && !online_at) {
            online_at = std::chrono::steady_clock::now();
            const auto link = *link_up_;
            status_.interface = link.interface;
            status_.local_ip = link.local_ip;
            status_.remote_ip = link.remote_ip;
            status_.dns = link.dns;
            status_.online_since = std::chrono::system_clock::now();
            ++status_.connects;
            ++status_.counters.connects;
            for (const auto& said : link.hook_messages) spdlog::info("ppp hook: {}", said);
            set_state(State::Online, link.local_ip + " via " + link.interface);
            if (observer_.online) observer_.online(link);
            start_probing(link);
            co_await refresh();
            continue;
        }
        if (!woken && !online_at) {
            end = AttemptEnd{Verdict::BelowPpp, "PPP did not come up within " +
                                                    std::to_string(settings_.ppp_up_timeout.count() / 1000) + " s"};
            break;
        }
        if (!woken && online_at && monitoring) co_await refresh();
    }

    stop_probing();
    if (pppd_->running()) {
        pppd_->stop(settings_.ppp_stop_grace);
        while (!ppp_exit_) co_await wakeup_.wait_for(1s);
    }
    // pppd ending by itself says why; ended by us, our own reason (link lost, no IP in time) stands.
    if (ppp_exit_ && end.reason.empty()) {
        end = AttemptEnd{verdict_of(ppp_exit_->decision), "pppd ended: " + ppp_exit_->reason};
    } else if (ppp_exit_ && !ppp_exit_->stop_requested) {
        // pppd ended by itself while we were ending the link: its graver verdict counts.
        const Verdict says = verdict_of(ppp_exit_->decision);
        if (says == Verdict::NeedsPerson || (says == Verdict::BelowPpp && end.verdict == Verdict::LinkLost))
            end.verdict = says;
    }
    if (online_at)
        end.uptime =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - *online_at);
    // pppd counts in 32 bits and the interface is gone with it: the larger of its last word and
    // our last reading of the interface is the session's.
    if (ppp_exit_ && ppp_exit_->traffic)
        status_.session = {std::max(status_.session.received, ppp_exit_->traffic->received),
                           std::max(status_.session.sent, ppp_exit_->traffic->sent)};
    close_session(end.uptime);
    status_.interface.clear();
    status_.local_ip.clear();
    status_.remote_ip.clear();
    status_.dns.clear();
    status_.online_since.reset();
    pppd_.reset();
    if (end.verdict != Verdict::PortsAbsent && ports_ && !stopping_) co_await hang_up();
    co_return end;
}

// ---------------------------------------------------------------------------------------------
// The connectivity probe: callbacks on the loop beside the coroutine, which it wakes on a verdict.

void Connection::start_probing(const ppp::LinkInfo& link) {
    const ProbeSettings& p = settings_.probe;
    if (p.interval <= 0ms) return;
    const std::string server = !p.server.empty() ? p.server : link.dns.empty() ? "" : link.dns.front();
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(server, ec);
    if (server.empty() || ec) {
        spdlog::warn("connectivity probe off: no DNS server to ask ({})", server.empty() ? "none learned" : server);
        return;
    }
    probe_server_ = asio::ip::udp::endpoint(address, p.port);
    probe_misses_ = 0;
    probe_next();
}

void Connection::probe_next() {
    probe_timer_.expires_after(settings_.probe.interval);
    probe_timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
        if (!*alive || ec) return;
        probe_.probe(probe_server_, settings_.probe.name, settings_.probe.timeout, [this](bool answered) {
            probe_misses_ = answered ? 0 : probe_misses_ + 1;
            if (probe_misses_ < settings_.probe.failures) {
                if (!answered)
                    spdlog::info("connectivity probe: no answer from {} ({}/{})", probe_server_.address().to_string(),
                                 probe_misses_, settings_.probe.failures);
                probe_next();
                return;
            }
            link_lost_ = "no traffic through the link: " + std::to_string(probe_misses_) + " DNS queries to " +
                         probe_server_.address().to_string() + " unanswered";
            spdlog::warn("{}", *link_lost_);
            wakeup_.notify();
        });
    });
}

void Connection::stop_probing() {
    probe_timer_.cancel();
    probe_.cancel();
}

// ---------------------------------------------------------------------------------------------
// The ladder's rungs beyond a redial.

asio::awaitable<void> Connection::climb(Rung rung) {
    switch (rung) {
        case Rung::Redial: co_return;  // the sequence is idempotent: it keeps the PS attach
        case Rung::RadioCycle:
            if (!ports_) co_return;
            set_detail("radio off/on");
            co_await command(settings_.radio_off_command, settings_.radio_command_timeout);
            co_await command(settings_.radio_on_command, settings_.radio_command_timeout);
            co_return;
        case Rung::ModemReset:
            if (ports_) {
                set_detail("resetting the modem: " + settings_.reset_command);
                co_await command(settings_.reset_command, settings_.radio_command_timeout);
                close_ports();
                // The ports vanish a moment after the reset; do not reopen the old ones meanwhile.
                co_await wakeup_.wait_for(settings_.port_poll * 3);
            }
            co_await wait_for_ports();
            co_return;
        case Rung::WaitForPorts:
            close_ports();
            co_await wait_for_ports();
            co_return;
    }
}

asio::awaitable<bool> Connection::wait_for_ports() {
    set_state(State::WaitingForPorts, "waiting for the modem's ports to return");
    const auto started = std::chrono::steady_clock::now();
    const auto deadline = started + settings_.port_return_timeout;
    port_event_ = false;
    const auto events = watch_port_events();
    const auto absent_poll = events ? settings_.port_poll_with_events : settings_.port_poll;
    auto poll = absent_poll;
    for (bool first = true; !stopping_ && std::chrono::steady_clock::now() < deadline; first = false) {
        std::string error;
        if (open_ports(error)) {
            if (!first) {
                const auto waited =
                    std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
                spdlog::info("the modem's ports are back after {} ms, seen {}", waited.count(),
                             port_event_ ? "by a udev tty event" : "by polling");
            }
            co_return true;
        }
        // Absent ports return at a reset's pace: look at each tty event, or often. A busy one
        // waits for a person or a program to let go: look less and less often.
        poll = port_busy_ ? std::min<std::chrono::milliseconds>(poll * 2, kBusyPortPollMax) : absent_poll;
        co_await wakeup_.wait_for(poll);
    }
    co_return false;
}

std::unique_ptr<PortEvents> Connection::watch_port_events() {
    if (!settings_.watch_ports) return nullptr;
    try {
        return settings_.watch_ports(io_, [this, alive = alive_] {
            if (!*alive) return;
            port_event_ = true;
            wakeup_.notify();
        });
    } catch (const std::exception& e) {
        spdlog::debug("no tty events ({}); looking for the ports every {} ms", e.what(), settings_.port_poll.count());
        return nullptr;
    }
}

asio::awaitable<void> Connection::hang_up() {
    if (!ports_ || port_lost_) co_return;
    at::Channel& data = ports_->data_channel();
    if (!data.in_data_mode()) co_return;
    data.resume_command_mode();
    data.flush_command_line();
    co_await leave_data_mode(true);
}

// After pppd the modem is usually back in command mode already (it said NO CARRIER, or pppd
// dropped DTR). An "AT" tells: answered, the modem is in command mode; unanswered, it still passes
// data, and only "+++" with its guard times gets its attention, and ATH then ends the call.
// always_hang_up: send ATH even when "AT" was answered (our own call is to be ended).
asio::awaitable<void> Connection::leave_data_mode(bool always_hang_up) {
    at::Channel& data = ports_->data_channel();
    at::Command is_it_listening("AT", 1s);
    is_it_listening.probe = true;  // unanswered is the usual case after our own call: the info below tells
    const at::Reply probe = co_await data.async_send(std::move(is_it_listening), asio::use_awaitable);
    if (probe.final == at::Final::PortLost || probe.final == at::Final::Closed) co_return;
    if (probe.ok() && !always_hang_up) co_return;
    if (!probe.ok()) {
        const at::Reply escaped = co_await asio::async_initiate<decltype(asio::use_awaitable), void(at::Reply)>(
            [&](auto handler) {
                auto shared = std::make_shared<decltype(handler)>(std::move(handler));
                data.escape_data_mode(settings_.escape_guard, [shared](at::Reply r) { (*shared)(std::move(r)); });
            },
            asio::use_awaitable);
        spdlog::debug("{}: +++ -> {}", data.port_name(), escaped.describe());
        if (escaped.final == at::Final::PortLost || escaped.final == at::Final::Closed) co_return;
        // NO CARRIER before "+++" went out: the call had ended, the modem is in command mode.
        if (escaped.final == at::Final::NoCarrier && !always_hang_up) co_return;
        if (escaped.final != at::Final::NoCarrier) {
            // Not even "+++" answered on a port just opened: a mute modem, which the sequence reports.
            if (!escaped.ok() && !always_hang_up) co_return;
            spdlog::info("{}: the modem was still in data mode: ending that call", data.port_name());
            // An unanswered "+++" may sit in a command-mode modem's line: end that line, or the
            // modem reads "+++ATH".
            if (!escaped.ok()) data.flush_command_line();
        }
    }
    co_await data.async_send(at::Command("ATH", 10s), asio::use_awaitable);
}

asio::awaitable<at::Reply> Connection::command(const std::string& text, std::chrono::milliseconds timeout) {
    if (!ports_) co_return at::Reply{at::Final::Closed, "ports closed", {}};
    at::Reply reply = co_await ports_->at->async_send(at::Command(text, timeout), asio::use_awaitable);
    if (!reply.ok()) spdlog::warn("{}: {} -> {}", ports_ ? ports_->at->port_name() : "", text, reply.describe());
    co_return reply;
}

// ---------------------------------------------------------------------------------------------
// Counters.

void Connection::count_attempt_end(const AttemptEnd& end) {
    Counters& c = status_.counters;
    if (end.verdict == Verdict::Stopped || end.verdict == Verdict::Dialed) return;
    if (end.uptime > 0ms)
        ++c.drops;
    else
        ++c.failures[to_string(end.verdict)];
    c.last_failure_at = std::chrono::system_clock::now();
    c.last_failure = end.reason;
}

void Connection::close_session(std::chrono::milliseconds uptime) {
    Counters& c = status_.counters;
    c.traffic.received += status_.session.received - c.session_before.received;
    c.traffic.sent += status_.session.sent - c.session_before.sent;
    // A reset during the session: only the time since then belongs to this period.
    if (counted_from_)
        uptime = std::min(uptime, std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::steady_clock::now() - *counted_from_));
    c.online += std::chrono::duration_cast<std::chrono::seconds>(uptime);
    c.session_before = {};
    counted_from_.reset();
    status_.session = {};
}

void Connection::reset_counters() {
    sample_traffic();
    Counters fresh;
    fresh.since = std::chrono::system_clock::now();
    fresh.session_before = status_.session;
    status_.counters = std::move(fresh);
    if (status_.online_since) counted_from_ = std::chrono::steady_clock::now();
}

void Connection::sample_traffic() {
    if (!status_.online_since) return;
    if (const auto now = ppp::interface_traffic(status_.interface))
        status_.session = {std::max(status_.session.received, now->received),
                           std::max(status_.session.sent, now->sent)};
}

asio::awaitable<void> Connection::refresh() {
    if (settings_.monitor_interval > 0ms) co_await poll_signal();
    sample_traffic();
    if (observer_.refreshed && !stopping_) observer_.refreshed(status_);
}

asio::awaitable<void> Connection::poll_signal() {
    if (!ports_ || !ports_->data || ports_->at->in_data_mode()) co_return;  // single port: busy with PPP
    const at::Reply csq = co_await command("AT+CSQ", 5s);
    for (const auto& line : csq.lines)
        if (const auto q = parse::parse_csq(line)) {
            status_.signal_dbm = q->rssi_dbm;
            status_.ber = q->ber;
        }
    // 27.007's extended quality (RSRP, RSRQ); a modem that refuses it once is not asked again.
    if (cesq_supported_) {
        const at::Reply cesq = co_await command("AT+CESQ", 5s);
        cesq_supported_ = cesq.final != at::Final::Error && cesq.final != at::Final::CmeError;
        for (const auto& line : cesq.lines)
            if (const auto q = parse::parse_cesq(line)) {
                status_.rsrp_dbm = q->rsrp_dbm();
                status_.rsrq_db = q->rsrq_db();
            }
    }
    if (!settings_.serving_cell_command.empty()) {
        const at::Reply reply = co_await command(settings_.serving_cell_command, 5s);
        for (const auto& line : reply.lines)
            if (const auto cell = parse::parse_cpsi(line)) status_.cell = cell_text(*cell);
    }
    const at::Reply cops = co_await command("AT+COPS?", 10s);
    for (const auto& line : cops.lines)
        if (const auto op = parse::parse_cops(line)) {
            if (op->name) status_.operator_name = *op->name;
            if (op->act) status_.technology = parse::access_technology_name(*op->act);
        }
    status_.readings_at = std::chrono::system_clock::now();
}

// ---------------------------------------------------------------------------------------------
// Ports and events.

bool Connection::open_ports(std::string& error) {
    const auto paths = settings_.locate_ports ? settings_.locate_ports() : std::nullopt;
    if (!paths) {
        error = "the modem's ports are not present";
        return false;
    }
    auto ports = std::make_unique<Ports>();
    try {
        ports->at_port = std::make_unique<serial::SerialPort>(io_, paths->at, settings_.port_options);
        if (paths->data != paths->at)
            ports->data_port = std::make_unique<serial::SerialPort>(io_, paths->data, settings_.port_options);
    } catch (const serial::PortError& e) {
        error = e.what();
        port_busy_ = e.cause() == serial::PortError::Cause::Busy;
        // Once a warning, then quiet: a port held for hours must not log once a second.
        if (error != last_port_error_)
            spdlog::warn("{}{}", error, port_busy_ ? " (retrying quietly until it is free)" : "");
        else
            spdlog::debug("{}", error);
        last_port_error_ = error;
        return false;
    }
    if (!last_port_error_.empty()) spdlog::info("{}: the port is free again", paths->at);
    last_port_error_.clear();
    port_busy_ = false;
    ports->at = std::make_unique<at::Channel>(io_, *ports->at_port);
    if (ports->data_port) ports->data = std::make_unique<at::Channel>(io_, *ports->data_port);
    for (const auto& prefix : settings_.urc_prefixes) {
        ports->at->add_urc_prefix(prefix);
        if (ports->data) ports->data->add_urc_prefix(prefix);
    }
    auto on_lost = [this, alive = alive_](const std::error_code& ec) {
        if (!*alive) return;
        port_lost_ = true;
        link_lost_ = "the modem's port went away (" + ec.message() + ")";
        wakeup_.notify();
    };
    ports->at->on_lost(on_lost);
    if (ports->data) ports->data->on_lost(on_lost);
    ports->urcs = ports->at->subscribe([this](const std::string& line) { on_urc(line); });
    ports->at->start();
    if (ports->data) ports->data->start();
    status_.at_port = paths->at;
    status_.data_port = paths->data;
    LogContext::instance().set("at_port", paths->at);
    LogContext::instance().set("data_port", paths->data);
    ports_ = std::move(ports);
    spdlog::info("opened AT port {} and data port {}", paths->at, paths->data);
    return true;
}

void Connection::close_ports() {
    if (!ports_) return;
    ports_.reset();
    spdlog::debug("ports closed");
}

void Connection::on_urc(const std::string& line) {
    if (const auto reg = parse::parse_registration(line, parse::RegSource::Unsolicited)) {
        registration_.update(*reg);  // packet-domain reports win over +CREG, as for the dial
        const auto shown = registration_.shown();
        status_.registration = parse::to_string(shown->stat);
        if (shown->act) status_.technology = parse::access_technology_name(*shown->act);
    }
    if (status_.state != State::Online && status_.state != State::PppUp) return;
    if (const auto reason = link_loss_reason(line)) {
        spdlog::warn("link lost: {}", *reason);
        link_lost_ = *reason;
        wakeup_.notify();
    }
}

void Connection::on_progress(const sequence::Progress& progress) {
    if (observer_.progress) observer_.progress(progress);
    if (progress.kind != sequence::Progress::Kind::StepStarted) return;
    // The state follows what the sequence is doing, so STATUS= and `status` say it in words.
    const std::string& text = progress.text;
    State state = status_.state;
    if (text.find("CPIN") != std::string::npos)
        state = State::SimCheck;
    else if (text.find("CGDCONT") != std::string::npos || text.find("CGAUTH") != std::string::npos ||
             text.find("CFUN") != std::string::npos)
        state = State::Configuring;
    else if (text.find("registration") != std::string::npos || text.find("REG") != std::string::npos)
        state = State::Registering;
    else if (text.starts_with("ATD") || text.find("CGDATA") != std::string::npos)
        state = State::Dialing;
    if (state != status_.state)
        set_state(state, text);
    else
        set_detail(text);
}

void Connection::set_state(State state, std::string detail) {
    const bool changed = state != status_.state;
    status_.state = state;
    status_.detail = std::move(detail);
    if (changed) {
        LogContext::instance().set("state", to_string(state));
        status_.since = std::chrono::system_clock::now();
        spdlog::info("state: {} ({})", to_string(state), status_.detail);
    }
    if (observer_.status_changed) observer_.status_changed(status_);
}

void Connection::set_detail(std::string detail) {
    status_.detail = std::move(detail);
    if (observer_.status_changed) observer_.status_changed(status_);
}

void Connection::finish(RunResult result) {
    running_ = false;
    if (result.kind == RunResult::Kind::Stopped) set_state(State::Stopped, result.message);
    if (observer_.finished) {
        auto finished = observer_.finished;
        asio::post(io_, [finished, result = std::move(result), alive = alive_] {
            if (*alive) finished(result);
        });
    }
}

}  // namespace lte::connection
