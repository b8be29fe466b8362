#include "lte/sim/simulator.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <stdexcept>

#include <fmt/format.h>

#include "lte/sim/at_syntax.hpp"
#include "lte/sim/gadget_port.hpp"
#include "lte/sim/pty_port.hpp"

namespace lte::sim {

namespace {
constexpr std::size_t stream_backlog = std::size_t{256} * 1024;  // an endless fault's bytes queued for a slow reader
}  // namespace

Simulator::Simulator(asio::io_context& io, SimulatorOptions options, std::ostream& announce)
    : io_(io),
      options_(std::move(options)),
      announce_(announce),
      model_(options_.modem),
      transcript_(options_.transcript.empty() ? Transcript{} : Transcript{options_.transcript}),
      model_timer_(io),
      fault_timer_(io) {
    if (!options_.gadget.empty()) {
        if (options_.modem.port_count != 2)
            throw std::invalid_argument("a USB gadget modem has separate AT and data ports (no --single-port)");
        gadget_ = std::make_unique<UsbGadget>(options_.gadget, options_.udc);
    }
    if (options_.modem.cmux && (gadget_ || options_.modem.port_count != 2))
        throw std::invalid_argument("--cmux multiplexes one pty: it needs --single-port and no --gadget");
    // With CMUX the model has its two ports (AT, data) on one pty: the DLCIs tell them apart.
    const int ttys = options_.modem.cmux ? 1 : options_.modem.port_count;
    for (int i = 0; i < ttys; ++i) {
        FragmentOptions fragment = options_.fragment;
        fragment.seed += static_cast<std::uint32_t>(i);
        if (gadget_)
            ports_.push_back(
                std::make_unique<GadgetPort>(io_, fragment, gadget_->tty_of(i == 0 ? "gser.at" : "gser.modem")));
        else
            ports_.push_back(std::make_unique<PtyPort>(io_, fragment, links_of(i)));
    }
    load_state();
}

Simulator::~Simulator() { stop(); }

void Simulator::start() {
    for (int i = 0; i < static_cast<int>(ports_.size()); ++i) {
        ports_[i]->start([this, i](std::string_view bytes) { on_port_data(i, bytes); },
                         [this, i] {
                             if (mux_) {  // the UART's client is gone, and with it every channel
                                 mux_.reset();
                                 dispatch(model_.port_closed(1));
                             }
                             dispatch(model_.port_closed(i));
                         },
                         [this, i] {
                             if (i == options_.modem.urc_port && !held_urcs_.empty())
                                 dispatch(std::exchange(held_urcs_, {}));
                         });
    }
    open_ports();
    if (!options_.control.empty()) {
        control_ = std::make_unique<ControlServer>(io_, options_.control,
                                                   [this](std::string_view command) { return control(command); });
    }
    announce("READY " + ports_line());
    greet(model_.boot(Clock::now(), options_.boot_urcs));
    if (options_.vanish_after) {
        fault_timer_.expires_after(*options_.vanish_after);
        fault_timer_.async_wait([this](boost::system::error_code ec) {
            if (!ec) vanish("fault: vanish-after");
        });
    }
}

void Simulator::stop() {
    model_timer_.cancel();
    fault_timer_.cancel();
    control_.reset();
    peer_.reset();
    for (auto& port : ports_) port->close();
    if (gadget_) gadget_->unplug();
    present_ = false;
}

void Simulator::open_ports() {
    for (auto& port : ports_) port->open();
    if (gadget_) gadget_->plug();
    present_ = true;
}

void Simulator::greet(Events boot_urcs) {
    // A pty knows when its client opens it and the URCs wait for that; a USB function does not,
    // and its own buffer keeps them until the host reads the port, as a real modem's does.
    held_urcs_ = std::move(boot_urcs);
    if (gadget_) dispatch(std::exchange(held_urcs_, {}));
    rearm_timer();
}

void Simulator::on_port_data(int port, std::string_view bytes) {
    if (mux_) {
        mux_->receive(bytes);  // its hooks hand each channel's bytes to the model
        return;
    }
    dispatch(model_.receive(port, bytes, Clock::now()));
    save_state();
}

void Simulator::deliver(int port, std::string bytes, std::chrono::milliseconds delay) {
    if (mux_) {
        mux_->send(port, bytes, delay);
        return;
    }
    if (port < static_cast<int>(ports_.size())) ports_[port]->send(std::move(bytes), delay);
}

void Simulator::start_mux(std::size_t n1) {
    transcript_.write("at", '!', fmt::format("CMUX on, N1 {}", n1));
    mux_ = std::make_unique<CmuxResponder>(
        n1, CmuxResponder::Hooks{[this](std::string frame, std::chrono::milliseconds delay) {
                                     ports_[0]->send(std::move(frame), delay);
                                 },
                                 [this](int port, std::string_view bytes) {
                                     dispatch(model_.receive(port, bytes, Clock::now()));
                                     save_state();
                                 },
                                 [this](int port) { dispatch(model_.port_closed(port)); },
                                 // Not from inside the responder's own handler: ending it destroys it.
                                 [this] { asio::post(io_, [this] { end_mux(); }); }});
}

void Simulator::end_mux() {
    if (!mux_) return;
    transcript_.write("at", '!', "CMUX off: plain AT again");
    mux_.reset();
    dispatch(model_.port_closed(1));
}

void Simulator::dispatch(Events events) {
    for (auto& event : events) {
        const int port = event.port;
        switch (event.kind) {
            case EventKind::send:
                transcript_.write(port_label(port), '>', event.bytes);
                deliver(port, std::move(event.bytes), event.delay);
                break;
            case EventKind::stream:
                // Paced by the reader, as a UART's flow control would: a client that stops reading
                // does not grow the simulator.
                if (ports_[std::min<std::size_t>(port, ports_.size() - 1)]->backlog() < stream_backlog)
                    deliver(port, std::move(event.bytes), milliseconds{0});
                break;
            case EventKind::log: transcript_.write(port_label(port), event.dir, event.bytes); break;
            case EventKind::peer_data:
                if (peer_) peer_->write(std::move(event.bytes));
                break;
            case EventKind::call_up:
                transcript_.write(port_label(port), '!', "call up");
                if (!options_.ppp_peer.empty()) {
                    peer_ = std::make_unique<PeerProcess>(
                        io_, options_.ppp_peer, [this](std::string_view bytes) { dispatch(model_.peer_data(bytes)); },
                        [this] {
                            // Not from inside the peer's own handler: it is destroyed by the call_down.
                            asio::post(io_, [this] {
                                transcript_.write("peer", '!', "ppp peer exited");
                                dispatch(model_.drop_call());
                            });
                        });
                }
                break;
            case EventKind::call_down:
                transcript_.write(port_label(port), '!', "call down");
                peer_.reset();
                if (mux_) mux_->carrier_lost(port);
                break;
            case EventKind::mux_start: start_mux(std::stoul(event.bytes)); break;
            case EventKind::restart:
                transcript_.write(port_label(port), '!', "restart");
                restart();
                break;
        }
    }
    rearm_timer();
}

void Simulator::rearm_timer() {
    const auto deadline = model_.next_deadline();
    if (!deadline) {
        model_timer_.cancel();
        return;
    }
    model_timer_.expires_at(*deadline);
    model_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) dispatch(model_.advance(Clock::now()));
    });
}

void Simulator::vanish(std::string_view why) {
    if (!present_) return;
    transcript_.write("sim", '!', why);
    for (int i = 0; i < options_.modem.port_count; ++i) dispatch(model_.port_closed(i));
    peer_.reset();
    mux_.reset();                    // a modem that comes back is in plain AT mode
    if (gadget_) gadget_->unplug();  // the host sees the USB device go, and its ttyUSB ports with it
    for (auto& port : ports_) port->close();
    present_ = false;
    announce("VANISHED");
    if (options_.return_after) {
        fault_timer_.expires_after(*options_.return_after);
        fault_timer_.async_wait([this](boost::system::error_code ec) {
            if (!ec) come_back();
        });
    }
}

void Simulator::come_back() {
    if (present_) return;
    fault_timer_.cancel();
    open_ports();
    transcript_.write("sim", '!', "ports returned");
    announce("RETURNED " + ports_line());
    // New USB ports mean a rebooted modem, which greets its host.
    greet(model_.boot(Clock::now(), true));
}

void Simulator::restart() {
    // The OK of AT+CFUN=1,1 goes out before the ports disappear.
    auto remaining = std::make_shared<std::size_t>(ports_.size());
    for (auto& port : ports_) {
        port->when_delivered([this, remaining] {
            if (--*remaining > 0) return;
            vanish("reset");
            fault_timer_.expires_after(options_.reset_time);
            fault_timer_.async_wait([this](boost::system::error_code ec) {
                if (!ec) come_back();
            });
        });
    }
}

std::string Simulator::control(std::string_view command) {
    const auto space = command.find(' ');
    const std::string verb(command.substr(0, space));
    const std::string arg = space == std::string_view::npos ? "" : std::string(command.substr(space + 1));
    transcript_.write("control", '!', command);
    if (verb == "state") return fmt::format("{} present={} {}", model_.state_line(), present_ ? 1 : 0, ports_line());
    if (verb == "urc" && !arg.empty()) {
        dispatch(model_.inject_urc(arg));
        return "ok";
    }
    if (verb == "drop") {
        auto events = model_.drop_call();
        if (events.empty()) return "error: no call";
        dispatch(std::move(events));
        return "ok";
    }
    if (verb == "reg") {
        auto stat = to_int(arg);
        if (!stat || *stat < 0 || *stat > 5) return "error: reg takes a status 0..5";
        dispatch(model_.force_registration(*stat));
        return "ok";
    }
    if (verb == "cfun") {
        auto fun = to_int(arg);
        if (!fun || (*fun != 0 && *fun != 1 && *fun != 4)) return "error: cfun takes 0, 1 or 4";
        dispatch(model_.force_functionality(*fun, Clock::now()));
        return "ok";
    }
    if (verb == "sim") {
        const std::map<std::string, SimCard, std::less<>> cards{
            {"ready", SimCard::ready}, {"missing", SimCard::missing}, {"pin", SimCard::pin}, {"puk", SimCard::puk}};
        const auto card = cards.find(arg);
        if (card == cards.end()) return "error: sim takes ready, missing, pin or puk";
        dispatch(model_.change_sim(card->second, Clock::now()));
        return "ok";
    }
    if (verb == "signal") {
        const auto space_at = arg.find(' ');
        const auto rssi = to_int(arg.substr(0, space_at));
        const auto rsrp = space_at == std::string::npos ? std::optional<int>(61) : to_int(arg.substr(space_at + 1));
        if (!rssi || *rssi < 0 || *rssi > 31 || !rsrp || *rsrp < 0 || *rsrp > 97)
            return "error: signal takes a CSQ rssi 0..31 and optionally a CESQ rsrp 0..97";
        model_.set_signal(*rssi, *rsrp);
        return "ok";
    }
    if (verb == "vanish") {
        fault_timer_.cancel();
        vanish("control: vanish");
        return "ok";
    }
    if (verb == "return") {
        come_back();
        return "ok";
    }
    if (verb == "reset") {
        restart();
        return "ok";
    }
    return fmt::format(
        "error: unknown command '{}' (urc TEXT, drop, reg N, cfun N, sim CARD, signal RSSI [RSRP], vanish, return, "
        "reset, state)",
        command);
}

std::string Simulator::slave_path(int port) const {
    return ports_.at(static_cast<std::size_t>(port < static_cast<int>(ports_.size()) ? port : 0))->device_path();
}

std::string Simulator::port_label(int port) const { return port == 0 ? "at" : "data"; }

std::vector<std::string> Simulator::links_of(int port) const {
    if (port == 1) return {options_.data_link};
    if (options_.modem.port_count == 1 || options_.modem.cmux)  // --single-port: one pty for both
        return {options_.at_link, options_.data_link};
    return {options_.at_link};
}

std::string Simulator::ports_line() const { return fmt::format("at={} data={}", slave_path(0), slave_path(1)); }

void Simulator::announce(const std::string& text) { announce_ << text << std::endl; }

void Simulator::load_state() {
    if (options_.state_file.empty()) return;
    std::ifstream in(options_.state_file);
    if (!in) return;  // first run
    std::vector<std::string> commands;
    for (std::string line; std::getline(in, line);) commands.push_back(line);
    model_.restore(commands);
    saved_state_ = model_.persistent_commands();
}

void Simulator::save_state() {
    if (options_.state_file.empty()) return;
    auto commands = model_.persistent_commands();
    if (commands == saved_state_) return;
    const std::string temp = options_.state_file + ".tmp";
    {
        std::ofstream out(temp, std::ios::trunc);
        if (!out) throw std::runtime_error("cannot write state file " + temp);
        for (const auto& c : commands) out << c << '\n';
    }
    std::filesystem::rename(temp, options_.state_file);
    saved_state_ = std::move(commands);
}

}  // namespace lte::sim
