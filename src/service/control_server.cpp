#include "lte/service/control_server.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>
#include <system_error>

#include <spdlog/spdlog.h>

#include "lte/common/secrets.hpp"
#include "lte/service/at_policy.hpp"
#include "lte/service/control_request.hpp"
#include "lte/service/json_writer.hpp"
#include "lte/service/status_json.hpp"

namespace lte::service {

namespace fs = std::filesystem;
using stream = asio::local::stream_protocol;

std::filesystem::path default_socket_path(std::string_view instance) {
    return fs::path("/run/lte-dialer") / (std::string(instance) + ".sock");
}

bool peer_allowed(uid_t peer_uid, gid_t peer_gid, const std::vector<gid_t>& peer_groups, uid_t our_uid,
                  std::optional<gid_t> allowed_group) {
    if (peer_uid == 0 || peer_uid == our_uid) return true;
    if (!allowed_group) return false;
    return peer_gid == *allowed_group ||
           std::find(peer_groups.begin(), peer_groups.end(), *allowed_group) != peer_groups.end();
}

bool peer_may_force(uid_t peer_uid, gid_t peer_gid, const std::vector<gid_t>& peer_groups,
                    std::optional<gid_t> force_group) {
    if (peer_uid == 0) return true;
    if (!force_group) return false;
    return peer_gid == *force_group ||
           std::find(peer_groups.begin(), peer_groups.end(), *force_group) != peer_groups.end();
}

namespace {

// chgrp needs CAP_CHOWN or membership of the group: under the packaged unit the daemon runs with
// Group=lte-dialer, so that group works without the capability.
void give_to_group(const fs::path& path, std::optional<gid_t> group) {
    if (!group || ::chown(path.c_str(), static_cast<uid_t>(-1), *group) == 0) return;
    throw std::system_error(errno, std::generic_category(),
                            "cannot give " + path.string() + " to group " + std::to_string(*group) +
                                " (control.group): run the daemon in that group (Group= or SupplementaryGroups= "
                                "in its unit) or with CAP_CHOWN");
}

// The group is checked by SO_PEERCRED, but the file system must let its members reach the socket:
// a directory made elsewhere (systemd's RuntimeDirectory=, a path given with --socket) may not.
void warn_if_unreachable(const fs::path& dir, gid_t group) {
    struct stat st {};
    if (dir.empty() || ::stat(dir.c_str(), &st) != 0) return;
    const bool searchable = (st.st_mode & S_IXOTH) || (st.st_gid == group && (st.st_mode & S_IXGRP));
    if (!searchable)
        spdlog::warn(
            "control socket: members of group {} cannot enter {} (mode {:04o}, group {}): they will be "
            "refused by the file system",
            group, dir.string(), st.st_mode & 07777, st.st_gid);
}

std::string error_json(std::string_view message) {
    JsonWriter w;
    // The message may quote the command (a timeout does): secrets are masked here too.
    w.begin_object().key("ok").value(false).key("error").value(mask_secrets(message)).end_object();
    return w.str();
}

std::string seconds_text(std::chrono::milliseconds t) {
    return t.count() % 1000 == 0 ? std::to_string(t.count() / 1000) + " s" : std::to_string(t.count()) + " ms";
}

// A timeout in words a user can act on: which command, how long, and how to wait longer.
std::string no_reply_text(const std::string& command, std::chrono::milliseconds timeout, std::size_t lines) {
    std::string text = "no reply to " + command + " within " + seconds_text(timeout);
    if (lines > 0) text += " (" + std::to_string(lines) + " lines came, but no OK or ERROR)";
    return text + "; wait longer with --timeout";
}

// Lines are masked: a group member may read replies, but not the APN password
// that AT+CGAUTH? would echo back.
std::string reply_json(const at::Reply& reply, const std::string& command, std::chrono::milliseconds timeout) {
    const std::string describe = reply.final == at::Final::Timeout
                                     ? no_reply_text(command, timeout, reply.lines.size())
                                     : reply.describe();  // the final in words: "+CME ERROR: 14 (SIM busy)"
    JsonWriter w;
    w.begin_object();
    w.key("ok").value(reply.ok());
    w.key("command").value(mask_secrets(command));
    w.key("final").value(mask_secrets(reply.final_line.empty() ? describe : reply.final_line));
    w.key("describe").value(mask_secrets(describe));
    w.key("lines").begin_array();
    for (const auto& line : reply.lines) w.value(mask_secrets(line));
    w.end_array();
    w.end_object();
    return w.str();
}

std::vector<gid_t> peer_groups(int fd) {
    std::vector<gid_t> groups(16);
    for (int attempt = 0; attempt < 2; ++attempt) {
        socklen_t len = static_cast<socklen_t>(groups.size() * sizeof(gid_t));
        if (::getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups.data(), &len) == 0) {
            groups.resize(len / sizeof(gid_t));
            return groups;
        }
        if (errno != ERANGE) break;
        groups.resize(len / sizeof(gid_t) + 1);
    }
    return {};
}

// Leaves the socket file alone if a live daemon still answers on it.
void remove_stale_socket(const fs::path& path) {
    std::error_code fs_ec;
    const auto st = fs::symlink_status(path, fs_ec);
    if (fs_ec || !fs::exists(st)) return;
    if (!fs::is_socket(st))
        throw std::runtime_error("control socket path " + path.string() + " exists and is not a socket");
    asio::io_context probe_io;
    stream::socket probe(probe_io);
    boost::system::error_code ec;
    probe.connect(stream::endpoint(path.string()), ec);
    if (!ec)
        throw std::runtime_error("another lte-dialer is already listening on " + path.string() +
                                 " (use a different instance name or stop it)");
    fs::remove(path);
}

}  // namespace

class ControlServer::Session : public std::enable_shared_from_this<Session> {
public:
    // counter: the admitted clients, or (admitted false) the ones being told "too many clients".
    Session(stream::socket socket, const ControlServerOptions& options, StatusProvider status, AtHandler at,
            OperatorCommand command, std::weak_ptr<StatusStream> watchers, std::shared_ptr<std::size_t> counter,
            bool admitted)
        : socket_(std::move(socket)),
          timer_(socket_.get_executor()),
          max_request_(options.max_request),
          request_timeout_(options.request_timeout),
          reply_margin_(options.reply_margin),
          allowed_group_(options.allowed_group),
          force_group_(options.force_group),
          status_(std::move(status)),
          at_(std::move(at)),
          command_(std::move(command)),
          stream_(std::move(watchers)),
          counter_(std::move(counter)),
          admitted_(admitted) {
        ++*counter_;
    }
    ~Session() { --*counter_; }

    void start() {
        if (!admitted_) return respond(error_json("too many clients; try again"));
        if (auto refusal = check_peer()) return respond(error_json(*refusal));
        arm_timer(request_timeout_, "");
        asio::async_read_until(socket_, asio::dynamic_buffer(request_, max_request_), '\n',
                               [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
                                   self->on_request(ec, n);
                               });
    }

    void close() {
        boost::system::error_code ignored;
        timer_.cancel();
        socket_.close(ignored);
    }

private:
    std::optional<std::string> check_peer() {
        ucred cred{};
        socklen_t len = sizeof cred;
        if (::getsockopt(socket_.native_handle(), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0)
            return "cannot identify the peer (SO_PEERCRED failed)";
        peer_ = cred;
        peer_groups_ = peer_groups(socket_.native_handle());
        if (peer_allowed(cred.uid, cred.gid, peer_groups_, ::getuid(), allowed_group_)) return std::nullopt;
        spdlog::warn("control socket: refused uid {} (pid {})", cred.uid, cred.pid);
        return "permission denied: uid " + std::to_string(cred.uid) +
               " may not use the lte-dialer control socket (root, the daemon's user or its control group only)";
    }

    // An empty message closes silently (the client vanished); otherwise it is sent as an error.
    void arm_timer(std::chrono::milliseconds timeout, std::string message) {
        timer_.expires_after(timeout);
        // The generation tells a stale expiry (already queued when the timer was re-armed) from a live one.
        timer_.async_wait([self = shared_from_this(), message = std::move(message),
                           generation = ++timer_generation_](const boost::system::error_code& ec) {
            if (ec || generation != self->timer_generation_) return;
            if (message.empty() || self->responded_)
                self->close();
            else
                self->respond(error_json(message));
        });
    }

    void on_request(const boost::system::error_code& ec, std::size_t n) {
        if (responded_) return;
        if (ec == asio::error::not_found)
            return respond(error_json("request too large (limit " + std::to_string(max_request_) + " bytes)"));
        if (ec && ec != asio::error::eof) return close();
        if (ec && request_.empty()) return close();  // the client vanished without a word
        (void)n;
        // All that came, not only up to the '\n': a second line is refused, never dropped unseen.
        handle(parse_control_request(request_));
    }

    void handle(ControlRequest request) {
        if (request.error) return respond(error_json(*request.error));
        if (request.kind == ControlRequest::Kind::Status)
            return respond(status_to_json(status_(), std::chrono::system_clock::now()));
        if (request.kind == ControlRequest::Kind::Watch) return watch();
        if (request.kind != ControlRequest::Kind::At) return operator_command(request.kind);
        const AtJudgement judgement = judge_at_command(request.command);
        if (judgement.invalid) return respond(error_json("refused: " + *judgement.invalid));
        if (request.force && !peer_may_force(peer_.uid, peer_.gid, peer_groups_, force_group_))
            return respond(error_json("permission denied: --force needs root or a member of control.force_group (uid " +
                                      std::to_string(peer_.uid) +
                                      " is neither); without --force, `at` sends only "
                                      "commands that cannot break the session"));
        if (!request.force && judgement.refusal)
            return respond(error_json("refused: " + *judgement.refusal +
                                      "; add --force to send it anyway (root or control.force_group only)"));
        if (!at_) return respond(error_json("AT commands are not available"));
        const auto timeout = request.timeout.value_or(default_at_timeout(request.command));
        spdlog::info("control socket: AT command {}{} from uid {} (timeout {})", request.command,
                     request.force ? " (forced)" : "", peer_.uid, seconds_text(timeout));
        arm_timer(timeout + reply_margin_, no_reply_text(request.command, timeout, 0));
        at_(request.command, timeout,
            [self = shared_from_this(), command = request.command, timeout](const at::Reply& reply) {
                if (!self->responded_) self->respond(reply_json(reply, command, timeout));
            });
    }

    // The connection leaves this session for the status stream, which writes to it from now on.
    void watch() {
        const auto watchers = stream_.lock();
        if (!watchers) return respond(error_json("this daemon does not stream its status"));
        if (!watchers->has_room()) return respond(error_json("too many status watchers; try again later"));
        responded_ = true;
        ++timer_generation_;
        timer_.cancel();
        watchers->adopt(std::move(socket_), status_to_json(status_(), std::chrono::system_clock::now()),
                        "uid " + std::to_string(peer_.uid) + " (pid " + std::to_string(peer_.pid) + ")");
    }

    // Taking the link down is as disruptive as a forced AT command, and the counters are what a
    // fleet bills by: the same people may do these.
    void operator_command(ControlRequest::Kind kind) {
        const std::string verb = kind == ControlRequest::Kind::Down ? "down"
                                 : kind == ControlRequest::Kind::Up ? "up"
                                                                    : "status --reset-counters";
        if (!peer_may_force(peer_.uid, peer_.gid, peer_groups_, force_group_))
            return respond(error_json("permission denied: `lte-dialer " + verb +
                                      "` needs root or a member of control.force_group (uid " +
                                      std::to_string(peer_.uid) + " is neither)"));
        if (!command_) return respond(error_json("this daemon does not take `lte-dialer " + verb + "`"));
        spdlog::info("control socket: {} from uid {}", verb, peer_.uid);
        JsonWriter w;
        w.begin_object().key("ok").value(true).key("message").value(command_(kind)).end_object();
        respond(w.str());
    }

    void respond(std::string json) {
        responded_ = true;
        ++timer_generation_;
        timer_.cancel();
        reply_ = std::move(json) + "\n";
        asio::async_write(socket_, asio::buffer(reply_),
                          [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                              if (ec) return self->close();
                              boost::system::error_code ignored;
                              self->socket_.shutdown(stream::socket::shutdown_send, ignored);
                              self->arm_timer(self->request_timeout_, "");
                              self->discard_until_eof();
                          });
    }

    // Closing with unread input (an oversized request, a turned-away client) would reset the
    // connection and could destroy our reply before the client reads it: wait for its EOF.
    void discard_until_eof() {
        socket_.async_read_some(asio::buffer(discard_),
                                [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                                    if (ec) return self->close();
                                    self->discard_until_eof();
                                });
    }

    stream::socket socket_;
    asio::steady_timer timer_;
    std::size_t max_request_;
    std::chrono::milliseconds request_timeout_;
    std::chrono::milliseconds reply_margin_;
    std::optional<gid_t> allowed_group_;
    std::optional<gid_t> force_group_;
    ucred peer_{};
    std::vector<gid_t> peer_groups_;
    StatusProvider status_;
    AtHandler at_;
    OperatorCommand command_;
    std::weak_ptr<StatusStream> stream_;
    std::shared_ptr<std::size_t> counter_;
    bool admitted_;  // false: over the limit, only told so
    std::string request_;
    std::string reply_;
    std::array<char, 512> discard_{};
    std::uint64_t timer_generation_ = 0;
    bool responded_ = false;
};

ControlServer::ControlServer(asio::io_context& io, ControlServerOptions options, StatusProvider status, AtHandler at,
                             OperatorCommand command)
    : options_(std::move(options)),
      status_(std::move(status)),
      at_(std::move(at)),
      command_(std::move(command)),
      stream_(std::make_shared<StatusStream>(options_.watch)),
      acceptor_(io),
      retry_timer_(io) {
    const fs::path dir = options_.path.parent_path();
    std::error_code dir_ec;
    // Only a directory we create gets our mode: the path is configurable and may point into /tmp.
    if (!dir.empty() && fs::create_directories(dir, dir_ec)) {
        ::chmod(dir.c_str(), 0750);
        give_to_group(dir, options_.allowed_group);
    }
    if (dir_ec) throw std::system_error(dir_ec, "cannot create the control socket directory " + dir.string());
    remove_stale_socket(options_.path);

    acceptor_.open(stream());
    boost::system::error_code ec;
    const mode_t old_mask = ::umask(0117);  // born 0660: never world-accessible, not even briefly
    acceptor_.bind(stream::endpoint(options_.path.string()), ec);
    ::umask(old_mask);
    if (ec) throw boost::system::system_error(ec, "cannot bind the control socket " + options_.path.string());
    give_to_group(options_.path, options_.allowed_group);
    if (options_.allowed_group) warn_if_unreachable(dir, *options_.allowed_group);
    acceptor_.listen(static_cast<int>(options_.max_clients));
    accept();
}

ControlServer::~ControlServer() {
    *alive_ = false;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    retry_timer_.cancel();
    for (auto& weak : sessions_)
        if (auto session = weak.lock()) session->close();
    std::error_code fs_ignored;
    fs::remove(options_.path, fs_ignored);
}

void ControlServer::publish(const connection::Status& status) {
    if (stream_->watchers() == 0) return;
    stream_->publish(status_to_json(status, std::chrono::system_clock::now()));
}

void ControlServer::accept() {
    acceptor_.async_accept([this, alive = alive_](const boost::system::error_code& ec, stream::socket socket) {
        if (!*alive || ec == asio::error::operation_aborted) return;
        if (ec) {
            // Out of descriptors (EMFILE) or similar: back off instead of spinning on the event loop.
            spdlog::warn("control socket {}: accept failed: {}", options_.path.string(), ec.message());
            retry_timer_.expires_after(std::chrono::milliseconds(200));
            retry_timer_.async_wait([this, alive](const boost::system::error_code& wait_ec) {
                if (!wait_ec && *alive) accept();
            });
            return;
        }
        const bool admitted = *active_ < options_.max_clients;
        if (!admitted && *turned_away_ >= options_.max_clients) {
            // A flood of connections: telling each one costs a descriptor for its timeout, and
            // the daemon's descriptors are for the modem. Closed unanswered.
            spdlog::debug("control socket: {} clients and {} waiting to be turned away: closed a connection", *active_,
                          *turned_away_);
            accept();
            return;
        }
        auto session = std::make_shared<Session>(std::move(socket), options_, status_, at_, command_, stream_,
                                                 admitted ? active_ : turned_away_, admitted);
        std::erase_if(sessions_, [](const auto& weak) { return weak.expired(); });
        sessions_.push_back(session);
        session->start();
        accept();
    });
}

}  // namespace lte::service
