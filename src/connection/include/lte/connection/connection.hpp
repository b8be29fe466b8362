#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "lte/at/channel.hpp"
#include "lte/common/asio.hpp"
#include "lte/connection/dns_probe.hpp"
#include "lte/connection/recovery.hpp"
#include "lte/connection/settings.hpp"
#include "lte/connection/status.hpp"
#include "lte/connection/wakeup.hpp"
#include "lte/parse/registration.hpp"
#include "lte/ppp/ppp_supervisor.hpp"
#include "lte/sequence/engine.hpp"
#include "lte/serial/serial_port.hpp"

namespace lte::connection {

// The connection state machine (design.md §2): ports → connect sequence → pppd → online, and after
// every attempt what decide() (recovery.hpp) says: stop, or a rung of the ladder after a delay.
// One coroutine on the io_context drives it; events (pppd exit, URCs, port loss, stop) wake it.
class Connection {
public:
    struct Observer {
        std::function<void(const Status&)> status_changed;  // after every transition
        std::function<void(const sequence::Progress&)> progress;
        std::function<void(const ppp::LinkInfo&)> online;  // IP is up
        std::function<void(const RunResult&)> finished;    // the run is over, everything released
        std::function<void(const Status&)> refreshed;      // readings renewed while online (signal, bytes)
    };

    Connection(asio::io_context& io, ConnectionSettings settings, Observer observer);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void start();
    // Clean teardown: pppd stopped, data mode left, ports released; finished() follows.
    void stop();
    // Replaces the settings used from the next attempt on (SIGHUP reload).
    void update_settings(ConnectionSettings settings);

    // `lte-dialer down` / `up` (or a spent data budget): hang up and stay down (pppd stopped, the
    // call ended, the AT port kept for `at` and status), or dial again with a fresh recovery
    // ladder. A reload keeps it. `why` is the Down state's detail. Returns what happened, for the
    // operator ("already down", ...).
    std::string hold_down(bool down, std::string why = "by request: `lte-dialer up` dials again");

    // An operator's AT command through the daemon's own AT channel queue.
    void at_command(at::Command command, at::Channel::ReplyHandler handler);

    [[nodiscard]] const Status& status() const noexcept { return status_; }

    // The counters a previous run left (the service's state file); before start().
    void restore_counters(Counters counters) { status_.counters = std::move(counters); }
    // `status --reset-counters`: a new period from now. The session under way counts from here too.
    void reset_counters();
    // Reads the current session's bytes from the interface's counters, for a status that is asked for.
    void sample_traffic();

private:
    struct Ports;  // the open ports and their channels

    asio::awaitable<void> run();
    asio::awaitable<AttemptEnd> attempt();
    asio::awaitable<AttemptEnd> supervise_ppp();
    asio::awaitable<void> climb(Rung rung);
    asio::awaitable<void> stay_down();
    asio::awaitable<bool> wait_for_ports();
    std::unique_ptr<PortEvents> watch_port_events();
    asio::awaitable<void> hang_up();
    asio::awaitable<void> leave_data_mode(bool always_hang_up);
    asio::awaitable<at::Reply> command(const std::string& text, std::chrono::milliseconds timeout);
    asio::awaitable<void> poll_signal();
    asio::awaitable<void> refresh();

    void start_probing(const ppp::LinkInfo& link);
    void probe_next();
    void stop_probing();
    bool open_ports(std::string& error);
    void close_ports();
    [[nodiscard]] std::string other_holders() const;
    void on_urc(const std::string& line);
    void on_progress(const sequence::Progress& progress);
    void set_state(State state, std::string detail);
    void count_attempt_end(const AttemptEnd& end);
    void close_session(std::chrono::milliseconds uptime);
    void set_detail(std::string detail);
    void finish(RunResult result);

    asio::io_context& io_;
    ConnectionSettings settings_;
    std::optional<ConnectionSettings> pending_settings_;
    Observer observer_;
    Status status_;
    History history_;
    std::mt19937 rng_{std::random_device{}()};  // the backoff's jitter
    parse::RegistrationState registration_;     // from URCs, for status_.registration
    Wakeup wakeup_;
    std::unique_ptr<Ports> ports_;
    std::unique_ptr<ppp::PppSupervisor> pppd_;
    DnsProbe probe_;
    asio::steady_timer probe_timer_;
    asio::ip::udp::endpoint probe_server_;
    unsigned probe_misses_ = 0;

    // Events, set by callbacks and consumed by the coroutine after a wakeup.
    std::optional<ppp::ExitReport> ppp_exit_;
    std::optional<ppp::LinkInfo> link_up_;
    std::optional<std::string> link_lost_;
    bool port_lost_ = false;
    bool port_busy_ = false;       // the last open failed because another program has the port
    std::string last_port_error_;  // warned once; repeats go to debug
    bool stopping_ = false;
    bool held_down_ = false;
    std::string held_down_why_;
    bool running_ = false;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
    bool port_event_ = false;                                            // a tty event came while waiting for the ports
    std::optional<std::chrono::steady_clock::time_point> counted_from_;  // a reset during this session
    bool cesq_supported_ = true;                                         // until the modem refuses AT+CESQ
};

}  // namespace lte::connection
