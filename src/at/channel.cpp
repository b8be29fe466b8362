#include "lte/at/channel.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "lte/at/limits.hpp"
#include "lte/at/result_code.hpp"
#include "lte/at/unsolicited.hpp"
#include "lte/common/secrets.hpp"

namespace lte::at {

namespace {

// After a timeout, lines that arrive within this window are the late reply of the timed-out
// command: dropping them keeps the next command's reply clean.
constexpr std::chrono::milliseconds drain_window{300};

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string loggable(const Command& c) {
    if (!c.secret) return c.text;
    const auto eq = c.text.find('=');
    return (eq == std::string::npos ? std::string("AT") : c.text.substr(0, eq + 1)) + "<secret>";
}

}  // namespace

void Subscription::reset() {
    if (auto table = table_.lock()) table->erase(id_);
    table_.reset();
}

Channel::Channel(asio::io_context& io, serial::ByteStream& stream)
    : io_(io),
      stream_(stream),
      port_name_(stream.name()),
      framer_([this](std::string line) { on_line(std::move(line)); }, [this] { on_prompt(); },
              [this] { on_line_overflow(); }),
      timer_(io),
      drain_timer_(io),
      urc_prefixes_(standard_urc_prefixes()),
      subscribers_(std::make_shared<std::map<std::uint64_t, UrcHandler>>()) {}

Channel::~Channel() {
    *alive_ = false;
    stream_.pause();
}

void Channel::start() { start_reading(); }

void Channel::start_reading() {
    stream_.start([this](std::string_view bytes) { on_bytes(bytes); },
                  [this](const std::error_code& ec) { on_stream_lost(ec); });
}

void Channel::send(Command command, ReplyHandler handler) {
    if (lost_ || closed_ || refusing_) {
        Reply reply{lost_ ? Final::PortLost : Final::Closed,
                    lost_     ? port_name_ + ": port lost"
                    : closed_ ? port_name_ + ": channel closed"
                              : refusal_,
                    {}};
        asio::post(io_,
                   [handler = std::move(handler), reply = std::move(reply)]() mutable { handler(std::move(reply)); });
        return;
    }
    if (queue_.size() >= limits::max_queued_commands) {
        // The modem is not keeping up (or not answering): more waiting commands would only grow.
        Reply reply{Final::Overflow,
                    fmt::format("{}: {} commands already wait for the modem, {} refused; the modem answers too "
                                "slowly or not at all: check it with `lte-dialer status`",
                                port_name_, queue_.size(), loggable(command)),
                    {}};
        spdlog::warn("{}", reply.final_line);
        asio::post(io_,
                   [handler = std::move(handler), reply = std::move(reply)]() mutable { handler(std::move(reply)); });
        return;
    }
    queue_.push_back(Pending{std::move(command), std::move(handler)});
    send_next();
}

Subscription Channel::subscribe(UrcHandler handler) {
    const auto id = next_id_++;
    subscribers_->emplace(id, std::move(handler));
    return Subscription(subscribers_, id);
}

// log_level trace: the raw bytes each way. While a secret command is out its echo may come split
// at any byte, where no masking could recognise it: only the count is logged then.
void Channel::trace_bytes(std::string_view direction, std::string_view bytes) const {
    if (!spdlog::should_log(spdlog::level::trace)) return;
    const bool secret =
        current_ && (current_->command.secret || SecretRegistry::instance().carries_secret(current_->command.text));
    if (secret)
        spdlog::trace("{} {} {} bytes (a secret command is pending)", port_name_, direction, bytes.size());
    else
        spdlog::trace("{} {} {}", port_name_, direction, loggable_bytes(bytes));
}

void Channel::add_urc_prefix(std::string prefix) {
    if (std::find(urc_prefixes_.begin(), urc_prefixes_.end(), prefix) == urc_prefixes_.end())
        urc_prefixes_.push_back(std::move(prefix));
}

void Channel::on_bytes(std::string_view bytes) {
    if (data_mode_) return;
    trace_bytes("<=", bytes);
    if (first_read_ && !bytes.empty()) {
        first_read_ = false;
        // The port's flush at open can cut a modem line in two. A fresh line starts with CR/LF,
        // or is the echo of what we just sent; anything else is the tail of a cut line.
        const std::string& sent = current_ ? current_->command.text : std::string();
        const std::size_t n = std::min(sent.size(), bytes.size());
        const bool echo = n > 0 && sent.compare(0, n, bytes.substr(0, n)) == 0;
        if (bytes[0] != '\r' && bytes[0] != '\n' && !echo) discard_torn_line_ = true;
    }
    framer_.feed(bytes);
}

bool Channel::is_urc(const std::string& line) const {
    return std::any_of(urc_prefixes_.begin(), urc_prefixes_.end(),
                       [&](const std::string& p) { return line.compare(0, p.size(), p) == 0; });
}

// A listed URC, unless it carries the command's own name (the answer to AT+CEREG? starts with
// "+CEREG:" too); and while an extended command is in flight, any "+NAME:" line of another name.
bool Channel::is_unsolicited(const std::string& line, std::string_view command) const {
    const auto answers = answer_prefixes(command);
    const std::string prefix = line_prefix(line);
    if (!prefix.empty() && std::find(answers.begin(), answers.end(), prefix) != answers.end()) return false;
    return is_urc(line) || (!prefix.empty() && !answers.empty());
}

void Channel::on_line(std::string line) {
    // Bytes that came in the same read as CONNECT are PPP's, not lines for anyone here.
    if (data_mode_) return;
    if (discard_torn_line_) {
        discard_torn_line_ = false;
        spdlog::debug("{}: dropped '{}', a line cut by the flush at open", port_name_, loggable_modem_line(line));
        return;
    }
    spdlog::debug("{} <- {}", port_name_, loggable_modem_line(line));
    if (urc_body_pending_) {  // the PDU or text line of a +CMT / +CBM / +CDS before it
        urc_body_pending_ = false;
        if (!classify_final(line, false)) {
            deliver_urc(line);
            return;
        }
    }
    if (!current_) {
        if (end_escape_early(line)) return;
        if (draining_ && !is_unsolicited(line, drained_command_)) {
            spdlog::debug("{}: dropped late reply line '{}'", port_name_, loggable_modem_line(line));
            return;
        }
        deliver_urc(line);  // anything while idle is unsolicited
        return;
    }
    const Command& cmd = current_->command;
    if (!current_->escape && !echo_seen_ && line == cmd.text) {
        echo_seen_ = true;
        stale_possible_ = false;
        // Lines before our echo were sent before the modem read our command: not its answer.
        deliver_early_lines();
        return;
    }
    const bool dial = current_->escape || is_dial_command(cmd.text);
    if (const auto final = classify_final(line, dial)) {
        if (stale_possible_ && echo_on_ && !echo_seen_ && !current_->escape) {
            // With echo on, a final before our echo belongs to the command that timed out.
            stale_possible_ = false;
            spdlog::debug("{}: dropped late final '{}' of a timed-out command", port_name_, line);
            return;
        }
        finish(*final, std::move(line));
        return;
    }
    if (is_unsolicited(line, cmd.text)) {
        deliver_urc(line);
        return;
    }
    if (reply_.lines.size() >= limits::max_reply_lines) {
        overflow(fmt::format("exceeded {} lines", limits::max_reply_lines));
        return;
    }
    if (reply_bytes_ + line.size() > limits::max_reply_bytes) {
        overflow(fmt::format("exceeded {} bytes", limits::max_reply_bytes));
        return;
    }
    reply_bytes_ += line.size();
    reply_.lines.push_back(std::move(line));
}

void Channel::on_line_overflow() {
    if (data_mode_) return;
    if (discard_torn_line_) {
        discard_torn_line_ = false;  // the torn line was the overlong one: it is gone already
        return;
    }
    if (!current_) {
        // Warned once, not per line: a modem streaming garbage must not flood the journal.
        spdlog::log(std::exchange(idle_overflow_warned_, true) ? spdlog::level::debug : spdlog::level::warn,
                    "{}: dropped a line from the modem longer than {} bytes while no command was in flight", port_name_,
                    limits::max_line_bytes);
        return;
    }
    overflow(fmt::format("had a line longer than {} bytes", limits::max_line_bytes));
}

// Gives the command in flight up: its reply is past a cap. A lone CR aborts what the modem is
// doing (V.250 §5.6.1: any character aborts a command in progress) and the drain window drops the
// rest of its reply, so the next command starts clean.
void Channel::overflow(const std::string& what) {
    const std::string message = fmt::format(
        "reply from the modem to {} on {} {}; the rest was discarded and the command aborted. A modem "
        "that streams without end is in a firmware fault or this is not its AT port: check modem.port, "
        "or reset the modem",
        loggable(current_->command), port_name_, what);
    spdlog::warn("{}", message);
    reply_.lines.clear();
    if (!lost_ && !closed_) {
        stream_.write("\r");
        start_drain(current_->command.text);  // before finish(): the next command waits for the drain
    }
    finish(Final::Overflow, message);
}

void Channel::deliver_early_lines() {
    if (reply_.lines.empty()) return;
    std::vector<std::string> early;
    early.swap(reply_.lines);
    auto alive = alive_;
    for (const auto& line : early) {
        spdlog::debug("{}: '{}' came before the echo of our command: unsolicited", port_name_,
                      loggable_modem_line(line));
        deliver_urc(line);
        if (!*alive) return;
    }
}

void Channel::on_prompt() {
    if (current_ && current_->command.payload) stream_.write(*current_->command.payload + '\x1a');
}

void Channel::deliver_urc(const std::string& line) {
    if (urc_has_body(line)) urc_body_pending_ = true;
    // Copy first: a handler may subscribe or unsubscribe while we iterate.
    std::vector<UrcHandler> handlers;
    handlers.reserve(subscribers_->size());
    for (const auto& [id, handler] : *subscribers_) handlers.push_back(handler);
    auto alive = alive_;
    for (const auto& handler : handlers) {
        handler(line);
        if (!*alive) return;
    }
}

void Channel::send_next() {
    if (current_ || queue_.empty() || data_mode_ || lost_ || closed_ || draining_) return;
    current_ = std::move(queue_.front());
    queue_.pop_front();
    write_current();
}

void Channel::write_current() {
    reply_ = Reply{};
    reply_bytes_ = 0;
    echo_seen_ = false;
    const Command& cmd = current_->command;
    framer_.expect_prompt(cmd.payload.has_value());
    spdlog::debug("{} -> {}", port_name_, loggable(cmd));
    const std::string bytes = current_->escape ? cmd.text : cmd.text + '\r';
    trace_bytes("=>", bytes);
    stream_.write(bytes);
    timer_.expires_after(cmd.timeout);
    timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
        if (!*alive || ec || !current_) return;
        finish(Final::Timeout,
               "within " + std::to_string(current_->command.timeout.count()) + " ms to " + loggable(current_->command));
    });
}

void Channel::finish(Final final, std::string final_line) {
    timer_.cancel();
    framer_.expect_prompt(false);
    Pending done = std::move(*current_);
    current_.reset();
    reply_.final = final;
    reply_.final_line = std::move(final_line);
    if (final != Final::Timeout && final != Final::Overflow) idle_overflow_warned_ = false;

    if (!done.escape) {
        const std::string text = upper(done.command.text);
        if (text.starts_with("ATE0"))
            echo_on_ = false;
        else if (text.starts_with("ATE1"))
            echo_on_ = true;
        else if (final != Final::Timeout)
            echo_on_ = echo_seen_;  // echo comes back on by itself after a modem reset
    }
    if (final == Final::Timeout) {
        spdlog::log(done.command.probe ? spdlog::level::debug : spdlog::level::warn, "{}: {}", port_name_,
                    reply_.describe());
        start_drain(done.command.text);
    }
    // Posted before fail_all() below so the commands queued behind this one are answered after it.
    asio::post(io_,
               [handler = std::move(done.handler), reply = std::move(reply_)]() mutable { handler(std::move(reply)); });
    reply_ = Reply{};
    if (final == Final::Connect) {
        // The line now carries PPP: stop reading so every byte goes to pppd.
        data_mode_ = true;
        stream_.pause();
        framer_.reset();
        fail_all(Final::Closed, port_name_ + ": port is in data mode");
    }
    send_next();
}

void Channel::start_drain(std::string command) {
    drained_command_ = std::move(command);
    stale_possible_ = true;
    draining_ = true;
    drain_timer_.expires_after(drain_window);
    drain_timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
        if (!*alive || ec) return;
        draining_ = false;
        send_next();
    });
}

void Channel::flush_command_line() {
    if (lost_ || closed_ || data_mode_) return;
    stream_.write("\r");
    start_drain();
}

void Channel::abort_commands(const std::string& why) {
    refusing_ = true;
    refusal_ = port_name_ + ": " + why;
    if (current_ && !data_mode_) start_drain(current_->command.text);  // its reply may still come: not for the next
    fail_all(Final::Closed, refusal_);
}

void Channel::fail_all(Final final, const std::string& why) {
    std::deque<Pending> pending;
    pending.swap(queue_);
    if (current_) {
        timer_.cancel();
        pending.push_front(std::move(*current_));
        current_.reset();
    }
    for (auto& p : pending) {
        asio::post(io_, [handler = std::move(p.handler), reply = Reply{final, why, {}}]() mutable {
            handler(std::move(reply));
        });
    }
}

void Channel::on_stream_lost(const std::error_code& ec) {
    if (lost_) return;
    lost_ = true;
    fail_all(Final::PortLost, port_name_ + ": port lost (" + ec.message() + ")");
    if (on_lost_) on_lost_(ec);
}

void Channel::escape_data_mode(std::chrono::milliseconds guard, ReplyHandler handler) {
    if (lost_ || closed_) {
        send(Command("+++", guard), std::move(handler));  // fails at once with the reason
        return;
    }
    data_mode_ = false;
    framer_.reset();
    start_reading();
    // "+++" needs silence of the guard time before and after it; it jumps the queue because
    // no command can be answered while the modem is in data mode.
    escape_waiting_.emplace(Pending{Command("+++", guard * 2 + std::chrono::seconds(2)), std::move(handler), true});
    drain_timer_.expires_after(guard);
    draining_ = true;
    drain_timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
        if (!*alive || !escape_waiting_) return;  // the modem answered first (end_escape_early)
        Pending escape = std::move(*escape_waiting_);
        escape_waiting_.reset();
        draining_ = false;
        if (ec || lost_ || closed_) {
            asio::post(io_, [h = std::move(escape.handler), port = port_name_]() {
                h(Reply{Final::Closed, port + ": escape cancelled", {}});
            });
            return;
        }
        if (current_) {  // cannot happen while in data mode, but never overwrite a command in flight
            queue_.push_front(std::move(escape));
            return;
        }
        current_ = std::move(escape);
        write_current();
    });
}

// OK or NO CARRIER while "+++" waits out its guard time: the modem is in command mode already (the
// call ended as we left data mode). "+++" now would only sit in its command line ("+++ATH").
bool Channel::end_escape_early(const std::string& line) {
    if (!escape_waiting_) return false;
    const auto final = classify_final(line, true);
    if (final != Final::Ok && final != Final::NoCarrier) return false;
    auto handler = std::move(escape_waiting_->handler);
    escape_waiting_.reset();
    drain_timer_.cancel();
    draining_ = false;
    spdlog::debug("{}: '{}' before +++: the modem is in command mode, no escape needed", port_name_, line);
    asio::post(io_, [h = std::move(handler), r = Reply{*final, line, {}}]() mutable { h(std::move(r)); });
    send_next();
    return true;
}

void Channel::resume_command_mode() {
    if (!data_mode_) return;
    data_mode_ = false;
    framer_.reset();
    start_reading();
    send_next();
}

void Channel::close() {
    if (closed_) return;
    closed_ = true;
    drain_timer_.cancel();
    fail_all(Final::Closed, port_name_ + ": channel closed");
    stream_.pause();
}

}  // namespace lte::at
