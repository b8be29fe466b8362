#pragma once
#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lte/at/reply.hpp"
#include "lte/common/asio.hpp"
#include "lte/connection/status.hpp"
#include "lte/service/control_request.hpp"
#include "lte/service/status_stream.hpp"

namespace lte::service {

// "/run/lte-dialer/<instance>.sock"
[[nodiscard]] std::filesystem::path default_socket_path(std::string_view instance = "lte-dialer");

struct ControlServerOptions {
    std::filesystem::path path = default_socket_path();
    // Members of this group may connect besides root and our own uid; the socket and its
    // directory are then owned by the group. nullopt: root and our own uid only.
    std::optional<gid_t> allowed_group;
    // Besides root, members of this group may force (`at --force`: what `at` refuses is sent).
    // Kept apart from allowed_group, whose members may only ask. nullopt: root only.
    std::optional<gid_t> force_group;
    std::size_t max_request = 4096;                   // bytes, newline included
    std::chrono::milliseconds request_timeout{5000};  // to send the request line
    // Beyond the command's own timeout (the channel's verdict comes first), how long the handler
    // may take before the server answers "no reply" itself.
    std::chrono::milliseconds reply_margin{std::chrono::seconds(10)};
    std::size_t max_clients = 8;  // concurrent; as many more are told "too many clients", the rest closed at once
    StatusStream::Limits watch;   // `watch` connections: not counted in max_clients
};

// The daemon's answer to `at <command>`: runs it through its own at::Channel queue, waiting up to
// `timeout` for the final result, and calls `done` exactly once with the modem's Reply.
using AtHandler =
    std::function<void(std::string command, std::chrono::milliseconds timeout, std::function<void(at::Reply)> done)>;
using StatusProvider = std::function<connection::Status()>;
// `down`, `up` and `reset-counters`: what the daemon did, in words (Connection::hold_down, ...).
using OperatorCommand = std::function<std::string(ControlRequest::Kind)>;

// The control socket: a Unix stream socket, one request line per connection (control_request.hpp),
// one JSON reply.
//   status       -> the Status object (see status_json.hpp)
//   watch        -> the Status object, then one more line at each publish() (status_stream.hpp)
//   at <cmd>     -> {"ok":bool,"final":"...","describe":"...","lines":[...]}, refused unless the
//                   command is on at_policy's allow-list
//   at! <cmd>    -> the same without the refusal (the CLI's --force): root or force_group only
//   down, up, reset-counters
//                -> {"ok":true,"message":"..."}: hang up and stay down, dial again, or start a new
//                   counting period; root or force_group only, like at!
// Errors are {"ok":false,"error":"..."}. Peers are checked with SO_PEERCRED whatever the file
// mode says: uid 0, our own uid, or (when configured) a member of allowed_group.
class ControlServer {
public:
    // Creates the directory (0750) and the socket (0660); replaces a stale socket but refuses
    // to steal one a running daemon still answers on.
    ControlServer(asio::io_context& io, ControlServerOptions options, StatusProvider status, AtHandler at,
                  OperatorCommand command = {});
    ~ControlServer();  // closes every connection and removes the socket file
    ControlServer(const ControlServer&) = delete;
    ControlServer& operator=(const ControlServer&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return options_.path; }
    [[nodiscard]] std::size_t active_clients() const noexcept { return *active_; }
    [[nodiscard]] std::size_t watchers() const { return stream_->watchers(); }
    // A status change or a refresh, to every `watch` connection.
    void publish(const connection::Status& status);

    class Session;

private:
    void accept();

    ControlServerOptions options_;
    StatusProvider status_;
    AtHandler at_;
    OperatorCommand command_;
    std::shared_ptr<StatusStream> stream_;  // sessions hold it weakly: they may outlive the server
    asio::local::stream_protocol::acceptor acceptor_;
    asio::steady_timer retry_timer_;  // after EMFILE: accept again later instead of spinning
    std::shared_ptr<std::size_t> active_ = std::make_shared<std::size_t>(0);
    std::shared_ptr<std::size_t> turned_away_ = std::make_shared<std::size_t>(0);  // being told "too many"
    std::vector<std::weak_ptr<Session>> sessions_;  // to close them when the server goes away
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// Whether a peer with these credentials may use the socket (pure, for the tests).
[[nodiscard]] bool peer_allowed(uid_t peer_uid, gid_t peer_gid, const std::vector<gid_t>& peer_groups, uid_t our_uid,
                                std::optional<gid_t> allowed_group);

// Whether a peer may force (`at --force`): root, or a member of force_group (pure, for the tests).
[[nodiscard]] bool peer_may_force(uid_t peer_uid, gid_t peer_gid, const std::vector<gid_t>& peer_groups,
                                  std::optional<gid_t> force_group);

}  // namespace lte::service
