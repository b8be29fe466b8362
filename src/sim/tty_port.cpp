#include "lte/sim/tty_port.hpp"

#include <utility>

namespace lte::sim {

TtyPort::TtyPort(asio::io_context& io, FragmentOptions fragment)
    : io_(io), end_(io), fragment_(fragment), rng_(fragment.seed), timer_(io), delivered_timer_(io) {}

void TtyPort::start(DataHandler on_data, ClosedHandler on_closed, OpenedHandler on_opened) {
    on_data_ = std::move(on_data);
    on_closed_ = std::move(on_closed);
    on_opened_ = std::move(on_opened);
    if (is_open()) read_some();
}

void TtyPort::attach(int fd, std::string device_path) {
    end_.assign(fd);
    device_path_ = std::move(device_path);
    token_ = std::make_shared<int>(0);
    if (on_data_) read_some();
}

void TtyPort::detach() {
    token_ = std::make_shared<int>(0);
    boost::system::error_code ignored;
    end_.close(ignored);
    timer_.cancel();
    delivered_timer_.cancel();
    drop_output();
    writing_ = false;
    auto waiters = std::exchange(idle_waiters_, {});
    for (auto& w : waiters) asio::post(io_, std::move(w));
}

void TtyPort::drop_output() {
    queue_.clear();
    current_.clear();
}

void TtyPort::notify(const std::function<void()>& handler) {
    if (handler)
        asio::post(io_, [&handler, alive = std::weak_ptr<int>(token_)] {
            if (!alive.expired()) handler();
        });
}

void TtyPort::read_some() {
    end_.async_read_some(asio::buffer(read_buffer_),
                         [this, alive = std::weak_ptr<int>(token_)](boost::system::error_code ec, std::size_t n) {
                             if (alive.expired() || ec) return;  // closed, or reopened as a new tty
                             before_data();
                             on_data_(std::string_view(read_buffer_.data(), n));
                             if (!alive.expired()) read_some();
                         });
}

void TtyPort::send(std::string bytes, std::chrono::milliseconds delay) {
    if (!is_open() || !has_client()) return;
    queue_.push_back(Pending{std::move(bytes), delay});
    pump();
}

std::size_t TtyPort::backlog() const noexcept {
    std::size_t n = current_.size();
    for (const auto& p : queue_) n += p.bytes.size();
    return n;
}

void TtyPort::when_delivered(std::function<void()> done) {
    // The kernel hands written bytes on asynchronously, so an empty queue right after the write
    // proves nothing: look only after a moment.
    auto read_then_done = [this, done = std::move(done)]() mutable {
        delivered_timer_.expires_after(std::chrono::milliseconds(50));
        delivered_timer_.async_wait(
            [this, done = std::move(done)](boost::system::error_code) mutable { await_read(std::move(done), 100); });
    };
    if (!writing_ && queue_.empty() && current_.empty()) {
        asio::post(io_, std::move(read_then_done));
        return;
    }
    idle_waiters_.push_back(std::move(read_then_done));
}

void TtyPort::await_read(std::function<void()> done, int tries_left) {
    if (!is_open() || undelivered() <= 0 || tries_left == 0) {
        done();
        return;
    }
    // The tty says nothing when its reader catches up, so look again shortly (only during a reset).
    delivered_timer_.expires_after(std::chrono::milliseconds(10));
    delivered_timer_.async_wait([this, done = std::move(done), tries_left](boost::system::error_code ec) mutable {
        if (ec) {
            done();
            return;
        }
        await_read(std::move(done), tries_left - 1);
    });
}

void TtyPort::pump() {
    if (writing_ || !is_open()) return;
    if (current_.empty()) {
        if (queue_.empty()) {
            for (auto& w : std::exchange(idle_waiters_, {})) asio::post(io_, std::move(w));
            return;
        }
        Pending next = std::move(queue_.front());
        queue_.pop_front();
        current_ = std::move(next.bytes);
        if (next.delay.count() > 0) {
            writing_ = true;
            timer_.expires_after(next.delay);
            timer_.async_wait([this, alive = std::weak_ptr<int>(token_)](boost::system::error_code ec) {
                if (alive.expired() || ec) return;
                writing_ = false;
                pump();
            });
            return;
        }
    }
    std::size_t n = current_.size();
    if (fragment_.enabled) n = std::min(n, std::uniform_int_distribution<std::size_t>(1, fragment_.max_chunk)(rng_));
    writing_ = true;
    asio::async_write(end_, asio::buffer(current_.data(), n),
                      [this, alive = std::weak_ptr<int>(token_)](boost::system::error_code ec, std::size_t written) {
                          if (alive.expired() || ec) return;
                          current_.erase(0, written);
                          finish_write_step();
                      });
}

void TtyPort::finish_write_step() {
    if (!fragment_.enabled || fragment_.max_gap.count() == 0) {
        writing_ = false;
        pump();
        return;
    }
    // A tiny random gap makes the client see the chunks in separate reads, as from a real UART.
    const auto gap =
        std::chrono::milliseconds(std::uniform_int_distribution<std::int64_t>(0, fragment_.max_gap.count())(rng_));
    timer_.expires_after(gap);
    timer_.async_wait([this, alive = std::weak_ptr<int>(token_)](boost::system::error_code ec) {
        if (alive.expired() || ec) return;
        writing_ = false;
        pump();
    });
}

}  // namespace lte::sim
