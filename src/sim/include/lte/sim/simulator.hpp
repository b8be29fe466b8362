#pragma once
// lte-modem-sim's wiring: the ModemModel's events go to its ports (ptys, or a USB gadget's ttys)
// and a PPP peer; the ports' bytes and the model's timers come back to it, all on one io_context.
#include <chrono>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lte/common/asio.hpp"
#include "lte/sim/cmux_responder.hpp"
#include "lte/sim/control_server.hpp"
#include "lte/sim/modem_model.hpp"
#include "lte/sim/peer_process.hpp"
#include "lte/sim/transcript.hpp"
#include "lte/sim/tty_port.hpp"
#include "lte/sim/usb_gadget.hpp"

namespace lte::sim {

struct SimulatorOptions {
    ModemConfig modem;  // modem.port_count decides single-port; modem.cmux: one pty, two channels
    std::string at_link;
    std::string data_link;
    // A USB gadget's configfs directory: its functions gser.at and gser.modem are the AT and data
    // ports, and vanishing (reset, vanish) unplugs it. Empty: ptys at at_link/data_link.
    std::string gadget;
    std::string udc;  // the controller the gadget binds to; empty: the first free one
    FragmentOptions fragment;
    bool boot_urcs = false;
    std::string ppp_peer;    // shell command bridged to a data call; empty: data is swallowed
    std::string state_file;  // PDP contexts and auth kept across runs; empty: memory only
    std::string transcript;
    std::string control;  // Unix socket path; empty: none
    std::optional<std::chrono::milliseconds> vanish_after;
    std::optional<std::chrono::milliseconds> return_after;
    std::chrono::milliseconds reset_time{2000};  // ports gone after AT+CFUN=1,1
};

class Simulator {
public:
    // `announce` receives the machine-readable lines (READY, VANISHED, RETURNED), each flushed.
    Simulator(asio::io_context& io, SimulatorOptions options, std::ostream& announce);
    ~Simulator();
    Simulator(const Simulator&) = delete;
    Simulator& operator=(const Simulator&) = delete;

    // Creates the ptys and symlinks (or plugs the gadget in), boots the modem and prints
    // "READY at=<tty> data=<tty>".
    void start();
    // Closes the ports and removes the symlinks; pending work is dropped.
    void stop();
    // One control command ("urc RDY", "drop", "vanish", "return", "reg 5", "reset", "state") → one reply line.
    std::string control(std::string_view command);

    // The tty a client of `port` opens (a pty slave; the gadget side of a USB function).
    [[nodiscard]] std::string slave_path(int port) const;

private:
    void dispatch(Events events);
    void rearm_timer();
    void on_port_data(int port, std::string_view bytes);
    void deliver(int port, std::string bytes, std::chrono::milliseconds delay);
    void start_mux(std::size_t n1);
    void end_mux();
    void vanish(std::string_view why);
    void come_back();
    void restart();
    void save_state();
    void load_state();
    [[nodiscard]] std::string port_label(int port) const;
    [[nodiscard]] std::vector<std::string> links_of(int port) const;
    [[nodiscard]] std::string ports_line() const;
    void announce(const std::string& text);
    void open_ports();
    void greet(Events boot_urcs);

    asio::io_context& io_;
    SimulatorOptions options_;
    std::ostream& announce_;
    ModemModel model_;
    Transcript transcript_;
    std::unique_ptr<UsbGadget> gadget_;
    std::vector<std::unique_ptr<TtyPort>> ports_;
    std::unique_ptr<PeerProcess> peer_;
    std::unique_ptr<CmuxResponder> mux_;  // after AT+CMUX=0, until CLD, a reset or a vanish
    std::unique_ptr<ControlServer> control_;
    asio::steady_timer model_timer_;
    asio::steady_timer fault_timer_;  // vanish-after / return-after / reset time
    Events held_urcs_;                // boot URCs waiting for a client to open the URC port
    std::vector<std::string> saved_state_;
    bool present_ = false;
};

}  // namespace lte::sim
