#include "lte/sim/pty_port.hpp"

#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <termios.h>

#include <array>
#include <cerrno>
#include <filesystem>
#include <system_error>

#include "lte/serial/port_holders.hpp"

namespace lte::sim {

namespace {

[[noreturn]] void fail(const std::string& what) { throw std::system_error(errno, std::generic_category(), what); }

}  // namespace

PtyPort::PtyPort(asio::io_context& io, FragmentOptions fragment, std::vector<std::string> links)
    : TtyPort(io, fragment), links_(std::move(links)), inotify_(io) {}

PtyPort::~PtyPort() { close(); }

void PtyPort::open() {
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

    for (const auto& link : links_) {
        if (link.empty()) continue;
        const std::filesystem::path path(link);
        if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
        std::error_code ignored;
        if (std::filesystem::is_symlink(path, ignored)) std::filesystem::remove(path);
        std::filesystem::create_symlink(slave_path, path);  // throws filesystem_error naming both paths
        made_links_.push_back(link);
    }

    inotify_.assign(watch.release());
    slave_ = std::move(slave);
    clients_ = 0;
    attach(master.release(), slave_path);
    watch_clients();
}

void PtyPort::close() {
    detach();
    boost::system::error_code ignored;
    inotify_.close(ignored);
    slave_.reset();
    for (const auto& link : std::exchange(made_links_, {})) {
        std::error_code ignored_fs;
        std::filesystem::remove(link, ignored_fs);
    }
    clients_ = 0;
}

void PtyPort::watch_clients() {
    inotify_.async_wait(asio::posix::stream_descriptor::wait_read, [this](boost::system::error_code ec) {
        if (ec || !inotify_.is_open()) return;  // closed (a reopen starts a new wait)
        drain_inotify();
        if (inotify_.is_open()) watch_clients();
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
        if (const auto holders = serial::port_holders(device_path()); !holders.empty()) {
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
        drop_output();
    }
    if (closed) notify(on_closed_);  // even if reopened since: the old client's call is over
    if (opened && clients_ > 0) notify(on_opened_);
}

int PtyPort::clients() {
    drain_inotify();
    return clients_;
}

int PtyPort::undelivered() {
    int unread = 0;
    if (!slave_.valid() || ::ioctl(slave_.get(), FIONREAD, &unread) != 0) return -1;
    return unread;
}

}  // namespace lte::sim
