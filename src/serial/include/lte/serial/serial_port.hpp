#pragma once
#include <array>
#include <deque>
#include <memory>
#include <stdexcept>
#include <string>

#include "lte/common/asio.hpp"
#include "lte/common/scoped_fd.hpp"
#include "lte/serial/byte_stream.hpp"

namespace lte::serial {

struct PortOptions {
    unsigned baud = 115200;
    bool rtscts = false;
    // TIOCEXCL + flock + UUCP lock file, so a second dialer or a prober gets "port busy".
    bool exclusive = true;
    // Where UUCP lock files live (LCK..ttyUSB2); empty disables them.
    std::string lock_dir = "/run/lock";
};

// Thrown when a port cannot be opened or configured; the message names the port and the cause.
class PortError : public std::runtime_error {
public:
    // Busy: another program has the port (a lock, an exclusive open); it may let go any time.
    enum class Cause { Other, Busy };
    PortError(const std::string& port, const std::string& what, Cause cause = Cause::Other);
    [[nodiscard]] const std::string& port() const noexcept { return port_; }
    [[nodiscard]] Cause cause() const noexcept { return cause_; }

private:
    std::string port_;
    Cause cause_;
};

// A tty in raw 8N1 mode driven by Boost.Asio. Port loss is reported once through the
// LostHandler; nothing is read or written after that.
class SerialPort final : public ByteStream {
public:
    // Opens and configures path; throws PortError (busy, missing, not a tty, permission).
    SerialPort(asio::io_context& io, std::string path, const PortOptions& options = {});
    ~SerialPort() override;
    SerialPort(const SerialPort&) = delete;
    SerialPort& operator=(const SerialPort&) = delete;

    void start(DataHandler on_data, LostHandler on_lost) override;
    void pause() override;
    void write(std::string bytes) override;
    [[nodiscard]] std::string name() const override { return path_; }

    // The tty's descriptor, e.g. to hand it to pppd as its stdin. Stays owned by this object.
    [[nodiscard]] int native_handle() { return stream_.native_handle(); }
    [[nodiscard]] bool lost() const noexcept { return lost_; }

private:
    void read_some(unsigned generation);
    void write_next();
    void report_lost(const std::error_code& ec);

    std::string path_;
    asio::posix::stream_descriptor stream_;
    ScopedFd lock_file_;
    std::string uucp_lock_path_;
    std::array<char, 4096> buffer_{};
    std::deque<std::string> out_;
    bool writing_ = false;
    bool reading_ = false;
    unsigned read_generation_ = 0;  // a read cancelled by pause() must not deliver after a restart
    bool lost_ = false;
    DataHandler on_data_;
    LostHandler on_lost_;
    // Guards async handlers against running after destruction.
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace lte::serial
