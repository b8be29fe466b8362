#pragma once
#include <chrono>

#include "lte/common/asio.hpp"

namespace lte::connection {

// Lets a coroutine sleep until something happens or a time passes. Boost 1.74 has no awaitable
// operators or cancellation slots, so events cancel a timer instead.
class Wakeup {
public:
    explicit Wakeup(asio::io_context& io) : timer_(io) {}

    void notify() {
        pending_ = true;
        timer_.cancel();
    }

    // true when notify() came (before or during the wait), false when the time ran out.
    asio::awaitable<bool> wait_for(std::chrono::steady_clock::duration d) {
        if (!pending_) {
            timer_.expires_after(d);
            boost::system::error_code ec;
            co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        }
        const bool notified = pending_;
        pending_ = false;
        co_return notified;
    }

private:
    asio::steady_timer timer_;
    bool pending_ = false;
};

}  // namespace lte::connection
