#pragma once
// One simulated modem port: a pty master driven by Boost.Asio, its slave shown to clients
// under a symlink. The simulator keeps its own slave descriptor open so the master never reads
// EIO when clients come and go, and learns about client opens/closes from inotify instead.
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "lte/common/asio.hpp"
#include "lte/common/scoped_fd.hpp"

namespace lte::sim {

struct FragmentOptions {
    bool enabled = false;
    std::size_t max_chunk = 12;            // chunks are 1..max_chunk bytes
    std::chrono::milliseconds max_gap{3};  // pause of 0..max_gap between chunks
    std::uint32_t seed = 1;
};

class PtyPort {
public:
    using DataHandler = std::function<void(std::string_view bytes)>;
    using ClosedHandler = std::function<void()>;  // the last client closed the slave
    using OpenedHandler = std::function<void()>;  // a first client opened the slave

    PtyPort(asio::io_context& io, FragmentOptions fragment);
    ~PtyPort();
    PtyPort(const PtyPort&) = delete;
    PtyPort& operator=(const PtyPort&) = delete;

    // Creates a fresh pty pair with the slave in raw mode and (re)points each non-empty link at the
    // slave, creating its directory. Throws std::system_error naming the step.
    void open(const std::vector<std::string>& links);
    // Closes master and slave so clients see HUP/EIO, and removes the symlinks. Pending output is lost.
    void close();
    [[nodiscard]] bool is_open() const noexcept { return master_.is_open(); }
    [[nodiscard]] const std::string& slave_path() const noexcept { return slave_path_; }

    // Handlers stay set across close()/open().
    void start(DataHandler on_data, ClosedHandler on_closed, OpenedHandler on_opened = {});
    // Queues bytes for the client after a pause of `delay` (counted once earlier output is written).
    // Dropped when no client has the port open, as a USB tty nobody reads loses the modem's output.
    void send(std::string bytes, std::chrono::milliseconds delay = {});
    // Runs `done` once everything queued so far is written and the client has read it (closing the
    // master discards what the slave has not read), or after about a second if it does not read.
    void when_delivered(std::function<void()> done);
    // How many descriptions of the slave clients hold open now.
    [[nodiscard]] int clients();

private:
    struct Pending {
        std::string bytes;
        std::chrono::milliseconds delay;
    };
    void read_some();
    void watch_clients();
    void drain_inotify();
    void pump();
    void finish_write_step();
    void await_read(std::function<void()> done, int tries_left);

    asio::io_context& io_;
    FragmentOptions fragment_;
    std::mt19937 rng_;
    asio::posix::stream_descriptor master_;
    asio::posix::stream_descriptor inotify_;
    asio::steady_timer timer_;
    asio::steady_timer delivered_timer_;
    ScopedFd slave_;
    std::string slave_path_;
    std::vector<std::string> links_;
    int clients_ = 0;
    std::array<char, 4096> read_buffer_{};
    std::deque<Pending> queue_;
    std::string current_;
    bool writing_ = false;
    std::deque<std::function<void()>> idle_waiters_;
    DataHandler on_data_;
    ClosedHandler on_closed_;
    OpenedHandler on_opened_;
    // Replaced on every open/close: handlers of an older pty (or a destroyed port) see it expired.
    std::shared_ptr<int> token_ = std::make_shared<int>(0);
};

}  // namespace lte::sim
