#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <system_error>

namespace lte::serial {

// A duplex byte pipe the AT channel talks over: a tty in production, a pty in the
// simulator lane, a scripted stream in unit tests.
class ByteStream {
public:
    using DataHandler = std::function<void(std::string_view bytes)>;
    // Called once when the far end is gone (USB reset, unplug, pty closed): EIO, ENODEV, HUP or EOF.
    using LostHandler = std::function<void(const std::error_code& why)>;

    virtual ~ByteStream() = default;

    // Starts (or resumes) delivering received bytes; handlers are called on the io_context.
    virtual void start(DataHandler on_data, LostHandler on_lost) = 0;
    // Stops reading without closing, e.g. while pppd owns the line in data mode.
    virtual void pause() = 0;
    // Queues bytes; writes complete in order.
    virtual void write(std::string bytes) = 0;
    // Human name for messages, e.g. "/dev/ttyUSB2".
    [[nodiscard]] virtual std::string name() const = 0;
};

}  // namespace lte::serial
