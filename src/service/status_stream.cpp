#include "lte/service/status_stream.hpp"

#include <algorithm>
#include <array>
#include <deque>

#include <spdlog/spdlog.h>

#include "lte/service/json_writer.hpp"

namespace lte::service {

class StatusStream::Watcher : public std::enable_shared_from_this<Watcher> {
public:
    Watcher(asio::local::stream_protocol::socket socket, std::string who, const Limits& limits)
        : socket_(std::move(socket)), timer_(socket_.get_executor()), who_(std::move(who)), limits_(limits) {}

    void start(std::string first) {
        watch_for_close();
        push(std::move(first));
    }

    void push(std::string json) {
        if (dropping_ || !socket_.is_open()) return;
        if (queue_.size() >= limits_.queued) return drop();
        queue_.push_back(std::move(json) + "\n");
        if (queue_.size() == 1) write_next();
    }

    [[nodiscard]] bool open() const { return socket_.is_open(); }

    void close() {
        boost::system::error_code ignored;
        timer_.cancel();
        socket_.close(ignored);
    }

private:
    // The line being written stays (its buffer is in use); the rest gives way to the reason.
    void drop() {
        dropping_ = true;
        spdlog::warn("control socket: dropped the status watcher of {}: it fell {} updates behind", who_,
                     limits_.queued);
        queue_.erase(queue_.begin() + 1, queue_.end());
        JsonWriter w;
        w.begin_object()
            .key("ok")
            .value(false)
            .key("error")
            .value("dropped: this watcher fell " + std::to_string(limits_.queued) +
                   " updates behind (read faster, or watch again)")
            .end_object();
        queue_.push_back(w.str() + "\n");
        timer_.expires_after(limits_.drop_grace);  // a reader that never reads is closed all the same
        timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
            if (auto self = weak.lock(); self && !ec) self->close();
        });
    }

    void write_next() {
        asio::async_write(socket_, asio::buffer(queue_.front()),
                          [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                              if (ec) return self->close();
                              self->queue_.pop_front();
                              if (!self->queue_.empty()) return self->write_next();
                              if (self->dropping_) self->close();
                          });
    }

    // A watcher says nothing after its request: any read ending is its going away.
    void watch_for_close() {
        socket_.async_read_some(asio::buffer(discard_),
                                [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                                    if (ec) return self->close();
                                    self->watch_for_close();
                                });
    }

    asio::local::stream_protocol::socket socket_;
    asio::steady_timer timer_;
    std::string who_;
    Limits limits_;
    std::deque<std::string> queue_;
    std::array<char, 256> discard_{};
    bool dropping_ = false;
};

StatusStream::StatusStream(Limits limits) : limits_(limits) {}

StatusStream::~StatusStream() {
    for (auto& weak : watchers_)
        if (auto w = weak.lock()) w->close();
}

bool StatusStream::has_room() {
    std::erase_if(watchers_, [](const auto& weak) {
        const auto w = weak.lock();
        return !w || !w->open();
    });
    return watchers_.size() < limits_.watchers;
}

void StatusStream::adopt(asio::local::stream_protocol::socket socket, std::string first, std::string who) {
    // A small kernel buffer per watcher: a reader that stops shows as behind after a few dozen
    // updates, not after the kernel has taken hundreds of kilobytes for it.
    boost::system::error_code ignored;
    socket.set_option(asio::socket_base::send_buffer_size(static_cast<int>(limits_.socket_buffer)), ignored);
    auto watcher = std::make_shared<Watcher>(std::move(socket), std::move(who), limits_);
    watchers_.push_back(watcher);
    watcher->start(std::move(first));
}

void StatusStream::publish(const std::string& json) {
    for (auto& weak : watchers_)
        if (auto w = weak.lock()) w->push(json);
}

std::size_t StatusStream::watchers() const {
    return static_cast<std::size_t>(std::count_if(watchers_.begin(), watchers_.end(), [](const auto& weak) {
        const auto w = weak.lock();
        return w && w->open();
    }));
}

}  // namespace lte::service
