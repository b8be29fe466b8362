#include "lte/sim/pty_port.hpp"

#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <termios.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

#include "lte/serial/port_holders.hpp"

namespace lte::sim {

namespace {

[[noreturn]] void fail(const std::string& what) { throw std::system_error(errno, std::generic_category(), what); }

}  // namespace

PtyPort::PtyPort(asio::io_context& io, FragmentOptions fragment)
    : io_(io), fragment_(fragment), rng_(fragment.seed), master_(io), inotify_(io), timer_(io), delivered_timer_(io) {}

PtyPort::~PtyPort() { close(); }

void PtyPort::open(const std::vector<std::string>& links) {
    close();
    ScopedFd master(::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (!master.valid()) fail("posix_openpt");
    if (::grantpt(master.get()) != 0 || ::unlockpt(master.get()) != 0) fail("grantpt/unlockpt");
    std::array<char, 128> name{};
    if (::ptsname_r(master.get(), name.data(), name.size()) != 0) fail("ptsname_r");
    const std::string slave_path = name.data();

    ScopedFd slave(::open(slave_path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!slave.valid()) fail("open " + slave_path);
    termios tio{};
    if (::tcgetattr(slave.get(), &tio) != 0) fail("tcgetattr " + slave_path);
    ::cfmakeraw(&tio);  // no line discipline echo or CR/LF mangling: the modem does its own echo
    ::cfsetspeed(&tio, B115200);
    if (::tcsetattr(slave.get(), TCSANOW, &tio) != 0) fail("tcsetattr " + slave_path);

    // Watching starts after our own open, so the count below is the clients' alone.
    ScopedFd watch(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (!watch.valid()) fail("inotify_init1");
    if (::inotify_add_watch(watch.get(), slave_path.c_str(), IN_OPEN | IN_CLOSE) < 0) fail("inotify " + slave_path);

    for (const auto& link : links) {
        if (link.empty()) continue;
        const std::filesystem::path path(link);
        if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
        std::error_code ignored;
        if (std::filesystem::is_symlink(path, ignored)) std::filesystem::remove(path);
        std::filesystem::create_symlink(slave_path, path);  // throws filesystem_error naming both paths
        links_.push_back(link);
    }

    master_.assign(master.release());
    inotify_.assign(watch.release());
    slave_ = std::move(slave);
    slave_path_ = slave_path;
    clients_ = 0;
    token_ = std::make_shared<int>(0);
    if (on_data_) {
        read_some();
        watch_clients();
    }
}

void PtyPort::close() {
    token_ = std::make_shared<int>(0);
    boost::system::error_code ignored;
    master_.close(ignored);
    inotify_.close(ignored);
    timer_.cancel();
    delivered_timer_.cancel();
    slave_.reset();
    for (const auto& link : std::exchange(links_, {})) {
        std::error_code ignored_fs;
        std::filesystem::remove(link, ignored_fs);
    }
    queue_.clear();
    current_.clear();
    writing_ = false;
    clients_ = 0;
    auto waiters = std::exchange(idle_waiters_, {});
    for (auto& w : waiters) asio::post(io_, std::move(w));
}

void PtyPort::start(DataHandler on_data, ClosedHandler on_closed, OpenedHandler on_opened) {
    on_data_ = std::move(on_data);
    on_closed_ = std::move(on_closed);
    on_opened_ = std::move(on_opened);
    if (is_open()) {
        read_some();
        watch_clients();
    }
}

void PtyPort::read_some() {
    master_.async_read_some(asio::buffer(read_buffer_),
                            [this, alive = std::weak_ptr<int>(token_)](boost::system::error_code ec, std::size_t n) {
                                if (alive.expired() || ec) return;  // closed, or reopened as a new pty
                                drain_inotify();  // a client's open is known before its first bytes count
                                on_data_(std::string_view(read_buffer_.data(), n));
                                if (!alive.expired()) read_some();
                            });
}

void PtyPort::watch_clients() {
    inotify_.async_wait(asio::posix::stream_descriptor::wait_read,
                        [this, alive = std::weak_ptr<int>(token_)](boost::system::error_code ec) {
                            if (alive.expired() || ec) return;
                            drain_inotify();
                            if (!alive.expired()) watch_clients();
                        });
}

void PtyPort::drain_inotify() {
    if (!inotify_.is_open()) return;
    alignas(inotify_event) std::array<char, 4096> buffer{};
    bool opened = false;
    bool closed = false;
    for (;;) {
        const ssize_t n = ::read(inotify_.native_handle(), buffer.data(), buffer.size());
        if (n <= 0) break;
        for (ssize_t off = 0; off < n;) {
            const auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + off);
            if ((event->mask & IN_OPEN) && ++clients_ == 1) opened = true;
            if ((event->mask & IN_CLOSE) && clients_ > 0 && --clients_ == 0) closed = true;
            off += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
        }
    }
    if (closed && clients_ == 0) {
        // inotify merges identical events in a row (pppd reopening the tty by name while the
        // dialer holds it gives one IN_OPEN for two opens), so the count can reach zero while a
        // client still has the port: ask /proc before treating the port as abandoned.
        if (const auto holders = serial::port_holders(slave_path_); !holders.empty()) {
            clients_ = static_cast<int>(holders.size());
            closed = false;
        }
    }
    if (closed && clients_ == 0) {
        // Nobody reads the slave now: what the modem said must not greet the next client. Only our
        // output is flushed; a client that already reopened may have written its first command.
        ::tcflush(slave_.get(), TCIFLUSH);
        // A pty's TIOCEXCL outlives its client (a USB tty's dies with the last close), and would
        // make the client's own reopen fail with EBUSY unless it runs as root.
        ::ioctl(slave_.get(), TIOCNXCL);
        queue_.clear();
        current_.clear();
    }
    auto notify = [this](const std::function<void()>& handler) {
        if (handler)
            asio::post(io_, [&handler, alive = std::weak_ptr<int>(token_)] {
                if (!alive.expired()) handler();
            });
    };
    if (closed) notify(on_closed_);  // even if reopened since: the old client's call is over
    if (opened && clients_ > 0) notify(on_opened_);
}

int PtyPort::clients() {
    drain_inotify();
    return clients_;
}

void PtyPort::send(std::string bytes, std::chrono::milliseconds delay) {
    if (!is_open() || clients() == 0) return;
    queue_.push_back(Pending{std::move(bytes), delay});
    pump();
}

void PtyPort::when_delivered(std::function<void()> done) {
    // The kernel hands written bytes to the slave's queue asynchronously, so an empty queue
    // right after the write proves nothing: look only after a moment.
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

void PtyPort::await_read(std::function<void()> done, int tries_left) {
    int unread = 0;
    if (!slave_.valid() || ::ioctl(slave_.get(), FIONREAD, &unread) != 0 || unread == 0 || tries_left == 0) {
        done();
        return;
    }
    // The pty says nothing when its reader catches up, so look again shortly (only during a reset).
    delivered_timer_.expires_after(std::chrono::milliseconds(10));
    delivered_timer_.async_wait([this, done = std::move(done), tries_left](boost::system::error_code ec) mutable {
        if (ec) {
            done();
            return;
        }
        await_read(std::move(done), tries_left - 1);
    });
}

void PtyPort::pump() {
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
    asio::async_write(master_, asio::buffer(current_.data(), n),
                      [this, alive = std::weak_ptr<int>(token_)](boost::system::error_code ec, std::size_t written) {
                          if (alive.expired() || ec) return;
                          current_.erase(0, written);
                          finish_write_step();
                      });
}

void PtyPort::finish_write_step() {
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
