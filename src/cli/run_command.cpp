#include <signal.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <utility>

#include <spdlog/spdlog.h>

#include "lte/cli/app.hpp"
#include "lte/cli/commands.hpp"
#include "lte/cli/modem_wait.hpp"
#include "lte/cli/settings_builder.hpp"
#include "lte/connection/connection.hpp"
#include "lte/service/control_client.hpp"
#include "lte/service/control_server.hpp"
#include "lte/service/counter_store.hpp"
#include "lte/service/daemon_records.hpp"
#include "lte/service/data_budget.hpp"
#include "lte/service/event_hooks.hpp"
#include "lte/service/logging.hpp"
#include "lte/service/status_json.hpp"
#include "lte/service/status_text.hpp"
#include "lte/service/systemd_notifier.hpp"

namespace lte::cli {

namespace {

DialerSetup setup_from(const config::Config& cfg) {
    for (const auto& warning : cfg.warnings) spdlog::warn("{}", warning);
    if (cfg.apn.empty()) throw std::runtime_error("no APN configured: set apn in " + cfg.source);
    DialerSetup setup =
        build_setup(cfg, config::default_search_path("profiles"), config::default_search_path("sequences"));
    setup.settings.recovery.reconnect = true;
    return setup;
}

// STATUS= for systemd: every state change, and a changed detail (a step of the sequence, the
// seconds spent searching) at most once a second, so a fast sequence does not flood the socket.
class StatusNotes {
public:
    explicit StatusNotes(service::SystemdNotifier& notifier) : notifier_(notifier) {}
    void update(const connection::Status& s) {
        const auto now = std::chrono::steady_clock::now();
        std::string text = service::status_text(s);
        if (text == last_text_) return;
        if (s.state == last_state_ && now - last_sent_ < std::chrono::seconds(1)) return;
        notifier_.status(text);
        last_text_ = std::move(text);
        last_state_ = s.state;
        last_sent_ = now;
    }

private:
    service::SystemdNotifier& notifier_;
    std::string last_text_;
    connection::State last_state_ = connection::State::Idle;
    std::chrono::steady_clock::time_point last_sent_{};
};

// After a stop with an error the control socket is gone; this file lets `lte-dialer status` still
// say why and what a person must do (status.action). Its texts are masked like every log line.
void leave_last_status(const std::filesystem::path& socket, const connection::Status& status) {
    const auto path = service::last_status_path(socket);
    std::ofstream out(path, std::ios::trunc);
    out << service::status_to_json(status, std::chrono::system_clock::now()) << "\n";
    if (!out.flush()) spdlog::warn("cannot write {}: `lte-dialer status` will not show this run's end", path.string());
}

// What a data budget does to the daemon; posted, since it is checked inside the connection's callbacks.
service::DataBudget::Actions budget_actions(asio::io_context& io, connection::Connection& conn,
                                            service::DaemonRecords& records, bool& took_down) {
    return {[&io, &conn, &records] {
                asio::post(io, [&conn, &records] {
                    conn.reset_counters();
                    records.save_now();
                });
            },
            [&io, &conn, &took_down](const std::string& why) {
                asio::post(io, [&conn, &took_down, why] {
                    // Down already by request: the operator's, not the budget's to lift later.
                    if (conn.status().state == connection::State::Down) return;
                    took_down = true;
                    conn.hold_down(true, why);
                });
            },
            [&io, &conn, &took_down] {
                asio::post(io, [&conn, &took_down] {
                    if (std::exchange(took_down, false)) conn.hold_down(false, "a new data budget period");
                });
            }};
}

}  // namespace

// The daemon: dial, supervise, recover, until SIGTERM/SIGINT; SIGHUP reloads the configuration.
int run_command(const ModemOptions& options, const std::filesystem::path& socket) {
    // Log level first, so that even a configuration error reaches the journal properly.
    config::Config cfg = load_effective_config(options);
    service::setup_logging({service::parse_log_level(cfg.log_level), std::nullopt, "lte-dialer"});
    asio::io_context io;
    service::SystemdNotifier notifier(io);
    auto found = wait_for_modem(io, notifier, [&](bool reload) {
        if (!reload) return setup_from(cfg);
        // A reloaded file that is fine but names no modem yet is kept: it is what the wait goes on with.
        config::Config next = load_effective_config(options);
        const auto keep = [&] {
            cfg = std::move(next);
            spdlog::set_level(service::parse_log_level(cfg.log_level));
        };
        try {
            DialerSetup ready = setup_from(next);
            keep();
            return ready;
        } catch (const NoModemFound&) {
            keep();
            throw;
        }
    });
    if (!found) return 0;  // stopped before there was a modem to dial
    DialerSetup setup = std::move(*found);
    spdlog::info("lte-dialer starting: modem {} (profile {}), sequence {}", setup.ports_text, setup.profile_name,
                 setup.settings.sequence.name);

    StatusNotes status_notes(notifier);
    bool ready_sent = false;
    std::optional<connection::RunResult> result;
    // Set once the connection exists; the records outlive it (declared before it), so the
    // connection's last callbacks still find them.
    std::function<connection::Status()> current_status;
    service::DaemonRecords records(
        io, {service::counters_path(cfg.instance), cfg.metrics.textfile, cfg.instance, std::chrono::minutes(5)},
        [&] { return current_status(); });
    service::EventHooks hooks(io, {config::hooks_dir(cfg), cfg.hooks.timeout, cfg.instance});
    std::function<void(const connection::Status&)> publish;  // to `status --watch`, once the server exists
    std::optional<service::DataBudget> budget;               // with budget: set, once the connection exists
    connection::Connection conn(
        io, std::move(setup.settings),
        connection::Connection::Observer{[&](const connection::Status& s) {
                                             status_notes.update(s);
                                             records.state_changed(s);
                                             hooks.status_changed(s);
                                             if (budget) budget->check(s);
                                             if (publish) publish(s);
                                         },
                                         {},
                                         [&](const ppp::LinkInfo& link) {
                                             spdlog::info("online: {} via {}", link.local_ip, link.interface);
                                             if (!ready_sent) notifier.ready();  // READY=1 only once IP is up
                                             ready_sent = true;
                                         },
                                         [&](const connection::RunResult& r) {
                                             result = r;
                                             // The last "down" and "stopped" still reach the hooks,
                                             // within a bound that systemd's stop timeout allows.
                                             hooks.drain(std::clamp<std::chrono::milliseconds>(
                                                             cfg.hooks.timeout, std::chrono::seconds(5),
                                                             std::chrono::seconds(60)),
                                                         [&] { io.stop(); });
                                         },
                                         [&](const connection::Status& s) {
                                             records.refreshed(s);
                                             if (budget) budget->check(s);
                                             if (publish) publish(s);
                                         }});
    current_status = [&] {
        conn.sample_traffic();
        connection::Status s = conn.status();
        if (budget) s.budget = budget->describe(s);
        return s;
    };
    if (auto counters = records.restore()) conn.restore_counters(std::move(*counters));
    bool budget_took_down = false;  // and so lifts it when the next period begins
    if (cfg.budget.monthly_bytes > 0) {
        budget.emplace(io, cfg.budget, budget_actions(io, conn, records, budget_took_down));
        budget->check(current_status());  // a period that ended while the daemon was off starts anew
    }

    // A status left by an earlier run that stopped with an error is stale from now on.
    std::error_code ignored;
    std::filesystem::remove(service::last_status_path(socket), ignored);
    service::ControlServerOptions control;
    control.path = socket;
    control.allowed_group = cfg.control.group;  // read at start: a SIGHUP does not rebind the socket
    control.force_group = cfg.control.force_group;
    service::ControlServer server(
        io, control, current_status,
        [&](std::string command, std::chrono::milliseconds timeout, std::function<void(at::Reply)> done) {
            conn.at_command(at::Command(std::move(command), timeout), std::move(done));
        },
        [&](service::ControlRequest::Kind kind) -> std::string {
            if (kind != service::ControlRequest::Kind::ResetCounters)
                return conn.hold_down(kind == service::ControlRequest::Kind::Down);
            conn.reset_counters();
            records.save_now();
            return "counters reset: a new period from " + service::iso8601_utc(conn.status().counters.since);
        });
    publish = [&](const connection::Status& s) { server.publish(s); };
    spdlog::info("control socket {}: root{}; at --force: root{}", server.path().string(),
                 cfg.control.group ? " and group " + cfg.control.group_name : std::string(" only"),
                 cfg.control.force_group ? " and group " + cfg.control.force_group_name : std::string(" only"));

    asio::signal_set signals(io, SIGINT, SIGTERM, SIGHUP);
    std::function<void()> wait_signal = [&] {
        signals.async_wait([&](const boost::system::error_code& ec, int signo) {
            if (ec) return;
            if (signo == SIGHUP) {
                try {
                    const config::Config reloaded = load_effective_config(options);
                    conn.update_settings(setup_from(reloaded).settings);
                    // The log level needs no new connection: it applies at once. The rest waits for
                    // the next connect, so a reload never drops a working link (README: reload).
                    spdlog::set_level(service::parse_log_level(reloaded.log_level));
                    spdlog::info(
                        "SIGHUP: configuration reloaded; log_level {} applies now, the rest from the next connect",
                        reloaded.log_level);
                } catch (const std::exception& e) {
                    spdlog::error("SIGHUP: configuration not reloaded: {}", e.what());
                }
                wait_signal();
                return;
            }
            spdlog::info("signal {}: shutting down", signo);
            notifier.stopping();
            conn.stop();
        });
    };
    wait_signal();
    conn.start();
    io.run();
    publish = nullptr;  // the server goes before the connection
    records.finish(result && result->exit_code() != 0 ? connection::State::Failed : connection::State::Stopped);

    if (!result) return kFailed;
    if (result->kind != connection::RunResult::Kind::Stopped) spdlog::error("{}", result->message);
    if (result->exit_code() != 0) leave_last_status(socket, conn.status());
    spdlog::info("lte-dialer stopped");
    return result->exit_code();
}

}  // namespace lte::cli
