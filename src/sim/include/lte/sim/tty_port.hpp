#pragma once
// One simulated modem port as its client sees it: a tty whose far end the simulator holds (a pty
// master, or the gadget side /dev/ttyGS<n> of a USB serial function). This base owns what both
// share: reading the client's bytes and writing the modem's replies with delays and fragmentation.
#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <string_view>

#include "lte/common/asio.hpp"

namespace lte::sim {

struct FragmentOptions {
    bool enabled = false;
    std::size_t max_chunk = 12;            // chunks are 1..max_chunk bytes
    std::chrono::milliseconds max_gap{3};  // pause of 0..max_gap between chunks
    std::uint32_t seed = 1;
};

class TtyPort {
public:
    using DataHandler = std::function<void(std::string_view bytes)>;
    using ClosedHandler = std::function<void()>;  // the last client closed the port
    using OpenedHandler = std::function<void()>;  // a first client opened the port

    TtyPort(asio::io_context& io, FragmentOptions fragment);
    virtual ~TtyPort() = default;
    TtyPort(const TtyPort&) = delete;
    TtyPort& operator=(const TtyPort&) = delete;

    // Makes the port appear (again) to clients; throws std::system_error naming the step.
    virtual void open() = 0;
    // Makes it disappear: clients see HUP/EIO. Pending output is lost.
    virtual void close() = 0;
    [[nodiscard]] bool is_open() const noexcept { return end_.is_open(); }
    // The device a client opens (pty slave, or the gadget's tty on the simulator's side).
    [[nodiscard]] const std::string& device_path() const noexcept { return device_path_; }

    // Handlers stay set across close()/open().
    void start(DataHandler on_data, ClosedHandler on_closed, OpenedHandler on_opened = {});
    // Queues bytes for the client after a pause of `delay` (counted once earlier output is written).
    // Dropped when the port knows no client has it open, as a USB tty nobody reads loses them.
    void send(std::string bytes, std::chrono::milliseconds delay = {});
    // Bytes queued by send() and not yet written to the tty.
    [[nodiscard]] std::size_t backlog() const noexcept;
    // Runs `done` once everything queued so far is written and the client has read it, or after
    // about a second if it does not read.
    void when_delivered(std::function<void()> done);

protected:
    // Takes over `fd` as the simulator's end of a freshly opened port and starts reading.
    void attach(int fd, std::string device_path);
    // Closes the simulator's end; queued output and pending reads are dropped.
    void detach();
    // Whether a client may be reading (a pty counts its clients; a USB function cannot know).
    [[nodiscard]] virtual bool has_client() { return true; }
    // Bytes written but not yet taken by the client; -1 when that cannot be asked.
    [[nodiscard]] virtual int undelivered() = 0;
    // Called before each chunk of received bytes is handed on.
    virtual void before_data() {}
    // Forgets output not yet written, e.g. when the last client left.
    void drop_output();
    // Posts `handler` unless the port was reopened or closed since.
    void notify(const std::function<void()>& handler);

    asio::io_context& io_;
    asio::posix::stream_descriptor end_;
    ClosedHandler on_closed_;
    OpenedHandler on_opened_;

private:
    struct Pending {
        std::string bytes;
        std::chrono::milliseconds delay;
    };
    void read_some();
    void pump();
    void finish_write_step();
    void await_read(std::function<void()> done, int tries_left);

    FragmentOptions fragment_;
    std::mt19937 rng_;
    asio::steady_timer timer_;
    asio::steady_timer delivered_timer_;
    std::string device_path_;
    std::array<char, 4096> read_buffer_{};
    std::deque<Pending> queue_;
    std::string current_;
    bool writing_ = false;
    std::deque<std::function<void()>> idle_waiters_;
    DataHandler on_data_;
    // Replaced on every attach/detach: handlers of an older tty (or a destroyed port) see it expired.
    std::shared_ptr<int> token_ = std::make_shared<int>(0);
};

}  // namespace lte::sim
