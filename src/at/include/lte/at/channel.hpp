#pragma once
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lte/at/line_framer.hpp"
#include "lte/at/reply.hpp"
#include "lte/common/asio.hpp"
#include "lte/serial/byte_stream.hpp"

namespace lte::at {

// Keeps a URC subscription alive; unsubscribes when destroyed.
class Subscription {
public:
    Subscription() = default;
    Subscription(std::weak_ptr<std::map<std::uint64_t, std::function<void(const std::string&)>>> table,
                 std::uint64_t id)
        : table_(std::move(table)), id_(id) {}
    Subscription(Subscription&&) noexcept = default;
    Subscription& operator=(Subscription&& other) noexcept {
        if (this != &other) {
            reset();
            table_ = std::move(other.table_);
            id_ = other.id_;
        }
        return *this;
    }
    ~Subscription() { reset(); }
    void reset();

private:
    std::weak_ptr<std::map<std::uint64_t, std::function<void(const std::string&)>>> table_;
    std::uint64_t id_ = 0;
};

// The AT command channel: one command in flight, a queue behind it, a timeout per command,
// echo stripped, URCs routed to subscribers even in the middle of a reply. Bounded by
// lte/at/limits.hpp: a reply or a line past its caps ends the command with Final::Overflow, the
// rest is discarded and the modem's command aborted (a lone CR) so that the next one works; a send
// beyond a full queue fails at once.
class Channel {
public:
    using ReplyHandler = std::function<void(Reply)>;
    using UrcHandler = std::function<void(const std::string& line)>;
    using LostHandler = std::function<void(const std::error_code&)>;

    Channel(asio::io_context& io, serial::ByteStream& stream);
    ~Channel();
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    // Starts reading. Call once after the subscribers are in place.
    void start();

    // Queues a command; handler gets exactly one Reply, always on the io_context.
    void send(Command command, ReplyHandler handler);

    // Coroutine / completion-token form of send(): co_await ch.async_send(cmd, asio::use_awaitable).
    template <typename Token>
    auto async_send(Command command, Token&& token) {
        return asio::async_initiate<Token, void(Reply)>(
            [this](auto handler, Command cmd) {
                auto shared = std::make_shared<decltype(handler)>(std::move(handler));
                ReplyHandler on_reply = [shared](Reply reply) { (*shared)(std::move(reply)); };
                send(std::move(cmd), std::move(on_reply));
            },
            token, std::move(command));
    }

    [[nodiscard]] Subscription subscribe(UrcHandler handler);
    // Lines starting with prefix are URCs unless they answer the command in flight (the reply of
    // AT+CEREG? starts with "+CEREG:" too). The standard ones are known; a modem profile adds its
    // vendor's (`urcs:`). Besides these, a "+NAME:" line while an extended command of another name
    // is in flight, and any line before our command's echo, are unsolicited (lte/at/unsolicited.hpp).
    void add_urc_prefix(std::string prefix);

    void on_lost(LostHandler handler) { on_lost_ = std::move(handler); }

    // Leaves data mode: guard-time silence, "+++", guard time, then waits for OK / NO CARRIER.
    void escape_data_mode(std::chrono::milliseconds guard, ReplyHandler handler);

    // After CONNECT the channel stops reading so the data port can be handed to pppd.
    [[nodiscard]] bool in_data_mode() const noexcept { return data_mode_; }
    // Resumes AT framing after the data call ended (pppd exited, NO CARRIER).
    void resume_command_mode();

    // Ends whatever half line the modem holds (a call's last PPP bytes after NO CARRIER) with a
    // lone CR, and drops what that line gets back, so the next command starts clean.
    void flush_command_line();

    [[nodiscard]] bool lost() const noexcept { return lost_; }
    [[nodiscard]] std::size_t queued() const noexcept { return queue_.size() + (current_ ? 1 : 0); }
    [[nodiscard]] const std::string& port_name() const noexcept { return port_name_; }

    // Fails every queued and in-flight command with Final::Closed and stops reading.
    void close();

    // Fails every queued and in-flight command with Final::Closed and refuses new ones until
    // accept_commands(), keeping the port open: a stop aborts a sequence this way and can still
    // hang up cleanly afterwards.
    void abort_commands(const std::string& why);
    void accept_commands() { refusing_ = false; }

private:
    struct Pending {
        Command command;
        ReplyHandler handler;
        bool escape = false;  // the "+++" of escape_data_mode: no CR, no echo, ends like a dial
    };

    void on_bytes(std::string_view bytes);
    void trace_bytes(std::string_view direction, std::string_view bytes) const;
    void on_line(std::string line);
    void on_prompt();
    void on_line_overflow();
    void overflow(const std::string& what);
    void on_stream_lost(const std::error_code& ec);
    void send_next();
    void write_current();
    void start_reading();
    void finish(Final final, std::string final_line);
    void fail_all(Final final, const std::string& why);
    void start_drain(std::string command = {});
    void deliver_urc(const std::string& line);
    void deliver_early_lines();
    bool end_escape_early(const std::string& line);
    [[nodiscard]] bool is_urc(const std::string& line) const;
    [[nodiscard]] bool is_unsolicited(const std::string& line, std::string_view command) const;

    asio::io_context& io_;
    serial::ByteStream& stream_;
    std::string port_name_;
    LineFramer framer_;
    asio::steady_timer timer_;
    asio::steady_timer drain_timer_;
    std::deque<Pending> queue_;
    std::optional<Pending> current_;
    std::optional<Pending> escape_waiting_;  // "+++" waiting out the guard time before it
    Reply reply_;
    std::size_t reply_bytes_ = 0;  // of reply_.lines, against limits::max_reply_bytes
    bool echo_seen_ = false;
    bool echo_on_ = false;           // echo as last seen (unknown counts as off); tells stale finals apart
    bool draining_ = false;          // after a timeout: late replies are dropped before the next command
    bool stale_possible_ = false;    // a timed-out command may still answer; its final must not be taken
    std::string drained_command_;    // whose late answer the drain window drops
    bool urc_body_pending_ = false;  // the next line belongs to the +CMT/+CBM/+CDS URC before it
    bool data_mode_ = false;
    bool lost_ = false;
    bool closed_ = false;
    bool refusing_ = false;
    bool first_read_ = true;  // the first bytes after open may be a cut line's tail
    bool discard_torn_line_ = false;
    bool idle_overflow_warned_ = false;  // an overlong line while idle is warned once per episode
    std::string refusal_;
    std::vector<std::string> urc_prefixes_;
    std::shared_ptr<std::map<std::uint64_t, UrcHandler>> subscribers_;
    std::uint64_t next_id_ = 1;
    LostHandler on_lost_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace lte::at
