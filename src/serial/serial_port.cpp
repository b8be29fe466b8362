#include "lte/serial/serial_port.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <spdlog/spdlog.h>

#include "lte/serial/port_holders.hpp"

namespace lte::serial {

namespace {

speed_t to_speed(unsigned baud, const std::string& port) {
    switch (baud) {
        case 9600: return B9600;
        case 19200: return B19200;
        case 38400: return B38400;
        case 57600: return B57600;
        case 115200: return B115200;
        case 230400: return B230400;
        case 460800: return B460800;
        case 921600: return B921600;
        case 1000000: return B1000000;
        case 3000000: return B3000000;
        case 4000000: return B4000000;
        default: throw PortError(port, "unsupported baud rate " + std::to_string(baud));
    }
}

std::string errno_text(int err) { return std::strerror(err); }

// UUCP-style lock name as pppd/minicom use it: the path below /dev with '/' turned into '_'.
// A symlink (/dev/serial/by-id/..., a simulator's link) is resolved first, so every name of one
// device shares one lock and two devices never share one.
std::string uucp_lock_name(const std::string& port) {
    std::error_code ec;
    const auto real = std::filesystem::canonical(port, ec);
    const std::string path = ec ? port : real.string();
    std::string name = path.rfind("/dev/", 0) == 0 ? path.substr(5) : path;
    for (auto& c : name)
        if (c == '/') c = '_';
    return "LCK.." + name;
}

// EOF on a tty means the device went away (a pty master closed, a USB modem reset): EIO.
std::error_code to_std(const boost::system::error_code& ec) {
    if (ec && ec.category() == boost::system::system_category()) return {ec.value(), std::system_category()};
    return std::make_error_code(std::errc::io_error);
}

bool pid_alive(pid_t pid) { return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM); }

// Takes the UUCP lock file, removing a stale one. Returns its path, or "" when the lock
// directory is not usable (not root): the flock and TIOCEXCL still protect the port.
std::string take_uucp_lock(const std::string& dir, const std::string& port) {
    if (dir.empty()) return "";
    std::string lock_path = dir + "/" + uucp_lock_name(port);
    for (int attempt = 0; attempt < 2; ++attempt) {
        const int fd = ::open(lock_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0) {
            ScopedFd owned(fd);
            char text[16];
            const int n = std::snprintf(text, sizeof text, "%10d\n", static_cast<int>(::getpid()));
            if (::write(fd, text, static_cast<size_t>(n)) != n)
                throw PortError(port, "cannot write lock file " + lock_path);
            return lock_path;
        }
        if (errno == EACCES || errno == EROFS || errno == ENOENT) return "";
        if (errno != EEXIST) throw PortError(port, "cannot create lock file " + lock_path + ": " + errno_text(errno));
        std::ifstream in(lock_path);
        long pid = 0;
        in >> pid;
        if (pid_alive(static_cast<pid_t>(pid)) && pid != ::getpid())
            throw PortError(port,
                            "port busy: locked by PID " + process_text(std::to_string(pid)) + " (" + lock_path + ")",
                            PortError::Cause::Busy);
        std::filesystem::remove(lock_path);  // stale: its owner is gone
    }
    throw PortError(port, "cannot take lock file " + lock_path);
}

}  // namespace

PortError::PortError(const std::string& port, const std::string& what, Cause cause)
    : std::runtime_error(port + ": " + what), port_(port), cause_(cause) {}

SerialPort::SerialPort(asio::io_context& io, std::string path, const PortOptions& options)
    : path_(std::move(path)), stream_(io) {
    const int raw = ::open(path_.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (raw < 0) {
        const int err = errno;
        switch (err) {
            case ENOENT: throw PortError(path_, "no such port (is the modem plugged in?)");
            case EACCES: throw PortError(path_, "permission denied (run as root or join the dialout group)");
            case EBUSY:
                throw PortError(path_, "port busy: opened exclusively by another program" + holders_text(path_),
                                PortError::Cause::Busy);
            default: throw PortError(path_, "cannot open: " + errno_text(err));
        }
    }
    ScopedFd fd(raw);
    if (!::isatty(fd.get())) throw PortError(path_, "not a tty");

    if (options.exclusive) {
        if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0)
            throw PortError(path_, "port busy: locked by another program" + holders_text(path_),
                            PortError::Cause::Busy);
        uucp_lock_path_ = take_uucp_lock(options.lock_dir, path_);
        if (::ioctl(fd.get(), TIOCEXCL) != 0)
            throw PortError(path_, "cannot make the port exclusive: " + errno_text(errno));
    }

    termios tio{};
    if (::tcgetattr(fd.get(), &tio) != 0) throw PortError(path_, "cannot read tty settings: " + errno_text(errno));
    ::cfmakeraw(&tio);
    tio.c_cflag &= ~static_cast<tcflag_t>(CSIZE | PARENB | CSTOPB | CRTSCTS);
    tio.c_cflag |= CS8 | CLOCAL | CREAD;
    if (options.rtscts) tio.c_cflag |= CRTSCTS;
    tio.c_cc[VMIN] = 1;
    tio.c_cc[VTIME] = 0;
    const speed_t speed = to_speed(options.baud, path_);
    ::cfsetispeed(&tio, speed);
    ::cfsetospeed(&tio, speed);
    if (::tcsetattr(fd.get(), TCSANOW, &tio) != 0) throw PortError(path_, "cannot configure tty: " + errno_text(errno));
    ::tcflush(fd.get(), TCIOFLUSH);  // bytes from before we owned the port belong to nobody

    stream_.assign(fd.release());
}

SerialPort::~SerialPort() {
    *alive_ = false;
    // A pty keeps TIOCEXCL after we close it (a USB tty does not): clear it so the next opener
    // is not refused.
    if (stream_.is_open()) ::ioctl(stream_.native_handle(), TIOCNXCL);
    boost::system::error_code ignored;
    stream_.close(ignored);
    if (!uucp_lock_path_.empty()) ::unlink(uucp_lock_path_.c_str());
}

void SerialPort::start(DataHandler on_data, LostHandler on_lost) {
    on_data_ = std::move(on_data);
    on_lost_ = std::move(on_lost);
    if (reading_ || lost_) return;
    reading_ = true;
    read_some(++read_generation_);
}

void SerialPort::pause() {
    if (!reading_) return;
    reading_ = false;
    ++read_generation_;
    // The pending read must not take bytes meant for pppd, which reads the same tty.
    boost::system::error_code ignored;
    stream_.cancel(ignored);
}

void SerialPort::read_some(unsigned generation) {
    stream_.async_read_some(asio::buffer(buffer_),
                            [this, generation, alive = alive_](const boost::system::error_code& ec, std::size_t n) {
                                if (!*alive || generation != read_generation_) return;
                                if (ec == asio::error::operation_aborted) return;
                                if (ec || n == 0) {
                                    report_lost(to_std(ec));
                                    return;
                                }
                                if (on_data_) on_data_(std::string_view(buffer_.data(), n));
                                if (*alive && reading_ && generation == read_generation_) read_some(generation);
                            });
}

void SerialPort::write(std::string bytes) {
    if (lost_ || bytes.empty()) return;
    out_.push_back(std::move(bytes));
    if (!writing_) write_next();
}

void SerialPort::write_next() {
    if (out_.empty() || lost_) {
        writing_ = false;
        return;
    }
    writing_ = true;
    asio::async_write(stream_, asio::buffer(out_.front()),
                      [this, alive = alive_](const boost::system::error_code& ec, std::size_t) {
                          if (!*alive) return;
                          if (ec == asio::error::operation_aborted) {
                              // pause() cancels reads and writes alike: carry on writing.
                              write_next();
                              return;
                          }
                          if (ec) {
                              report_lost(to_std(ec));
                              return;
                          }
                          out_.pop_front();
                          write_next();
                      });
}

void SerialPort::report_lost(const std::error_code& ec) {
    if (lost_) return;
    lost_ = true;
    reading_ = false;
    writing_ = false;
    out_.clear();
    spdlog::warn("{}: port lost ({})", path_, ec.message());
    if (on_lost_) on_lost_(ec);
}

}  // namespace lte::serial
