#include <signal.h>

#include <iostream>

#include <spdlog/spdlog.h>

#include "lte/cli/app.hpp"
#include "lte/cli/commands.hpp"
#include "lte/cli/progress_printer.hpp"
#include "lte/cli/settings_builder.hpp"
#include "lte/connection/connection.hpp"
#include "lte/service/logging.hpp"

namespace lte::cli {

int connect_command(const ModemOptions& options, bool dial_only) {
    const config::Config cfg = load_effective_config(options);
    for (const auto& warning : cfg.warnings) std::cerr << "warning: " << warning << '\n';
    // The progress lines say what the log would; the log only adds warnings, or everything with -v.
    service::setup_logging(
        {options.verbose ? spdlog::level::debug : spdlog::level::warn, service::LogTarget::Stderr, "lte-dialer"});
    if (cfg.apn.empty()) {
        std::cerr << "lte-dialer: no APN: give --apn (e.g. --apn soracom.io) or set apn in the config file\n";
        return kUsage;
    }
    DialerSetup setup =
        build_setup(cfg, config::default_search_path("profiles"), config::default_search_path("sequences"));
    setup.settings.recovery.reconnect = false;  // one-shot: the daemon (`run`) is the one that redials
    setup.settings.start_ppp = !dial_only;

    std::cout << "lte-dialer: connecting to APN " << cfg.apn << " via " << setup.ports_text << " (profile "
              << setup.profile_name << ", sequence " << setup.settings.sequence.name << ")\n";
    asio::io_context io;
    ProgressPrinter printer(std::cout);
    std::optional<connection::RunResult> result;
    connection::Connection conn(
        io, std::move(setup.settings),
        connection::Connection::Observer{[&](const connection::Status& s) { printer.status(s); },
                                         [&](const sequence::Progress& p) { printer.progress(p); },
                                         [&](const ppp::LinkInfo& link) {
                                             std::cout << "online: " << link.local_ip << " via " << link.interface;
                                             if (!link.dns.empty()) std::cout << ", DNS " << link.dns.front();
                                             std::cout << " (Ctrl-C to hang up)\n" << std::flush;
                                         },
                                         [&](const connection::RunResult& r) {
                                             result = r;
                                             io.stop();
                                         },
                                         {}});
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int) {
        if (!ec) conn.stop();
    });
    conn.start();
    io.run();

    if (!result) return kFailed;
    switch (result->kind) {
        case connection::RunResult::Kind::Dialed:
            std::cout << "lte-dialer: " << result->message << " on " << conn.status().data_port
                      << " (--dial-only: pppd not started, the call is hung up)\n";
            return kOk;
        case connection::RunResult::Kind::Stopped: std::cout << "lte-dialer: hung up\n"; return kOk;
        default: std::cerr << "lte-dialer: " << result->message << '\n'; return result->exit_code();
    }
}

}  // namespace lte::cli
