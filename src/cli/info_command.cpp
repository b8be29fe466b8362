#include <iostream>

#include <yaml-cpp/yaml.h>

#include "lte/at/channel.hpp"
#include "lte/cli/app.hpp"
#include "lte/cli/commands.hpp"
#include "lte/cli/modem_info.hpp"
#include "lte/cli/settings_builder.hpp"
#include "lte/service/control_client.hpp"
#include "lte/service/control_request.hpp"
#include "lte/service/logging.hpp"

namespace lte::cli {

namespace {

// Through the daemon's queue when it runs: it owns the port, and asking it does not disturb PPP.
at::Reply via_daemon(const std::filesystem::path& socket, const at::Command& command) {
    // The daemon waits as long as we would have; we wait a little longer for its answer.
    const std::string json =
        service::control_request(socket, service::at_request_line(command.text, false, command.timeout),
                                 command.timeout + std::chrono::seconds(5));
    const YAML::Node reply = YAML::Load(json);
    at::Reply r;
    r.final_line = reply["final"] ? reply["final"].as<std::string>() : reply["error"].as<std::string>("");
    r.final = reply["ok"] && reply["ok"].as<bool>() ? at::Final::Ok : at::Final::Error;
    if (reply["lines"])
        for (const auto& line : reply["lines"]) r.lines.push_back(line.as<std::string>());
    return r;
}

}  // namespace

int info_command(const ModemOptions& options, bool json, bool show_ids, const std::filesystem::path& socket) {
    const config::Config cfg = load_effective_config(options);
    service::setup_logging({service::parse_log_level(cfg.log_level), service::LogTarget::Stderr, "lte-dialer"});
    asio::io_context io;
    std::optional<ModemInfo> info;
    std::unique_ptr<serial::SerialPort> port;
    std::unique_ptr<at::Channel> channel;
    AtExecutor exec;

    if (std::filesystem::exists(socket)) {
        exec = [socket](at::Command c) -> asio::awaitable<at::Reply> { co_return via_daemon(socket, c); };
    } else {
        DialerSetup setup =
            build_setup(cfg, config::default_search_path("profiles"), config::default_search_path("sequences"));
        const auto paths = setup.settings.locate_ports();
        if (!paths) {
            std::cerr << "lte-dialer: the modem's ports (" << setup.ports_text << ") are not present\n";
            return kPortProblem;
        }
        try {
            port = std::make_unique<serial::SerialPort>(io, paths->at, setup.settings.port_options);
        } catch (const serial::PortError& e) {
            std::cerr << "lte-dialer: " << e.what() << '\n';
            return kPortProblem;
        }
        channel = std::make_unique<at::Channel>(io, *port);
        for (const auto& prefix : setup.settings.urc_prefixes) channel->add_urc_prefix(prefix);
        channel->start();
        exec = [&](at::Command c) { return channel->async_send(std::move(c), asio::use_awaitable); };
    }
    asio::co_spawn(
        io, [&]() -> asio::awaitable<void> { info = co_await gather_modem_info(exec); },
        [&](const std::exception_ptr& e) {
            io.stop();  // the open port keeps the loop busy: stop it once the answers are in
            if (e) std::rethrow_exception(e);
        });
    io.run();
    if (!info) return kFailed;
    if (json)
        print_info_json(*info, show_ids, std::cout);
    else
        print_info_table(*info, show_ids, std::cout);
    return kOk;
}

}  // namespace lte::cli
