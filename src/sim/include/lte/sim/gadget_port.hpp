#pragma once
// A simulated modem port on the gadget side of a USB serial function (/dev/ttyGS<n>): the host
// reads and writes it as /dev/ttyUSB<m>. The function carries no DTR and no open/close, so this
// port never learns whether the host has it open: what the modem says while nobody reads waits
// in the function's buffer for the host's next open, as on a real USB modem.
#include <string>

#include "lte/sim/tty_port.hpp"

namespace lte::sim {

class GadgetPort final : public TtyPort {
public:
    GadgetPort(asio::io_context& io, FragmentOptions fragment, std::string tty);
    ~GadgetPort() override;
    GadgetPort(const GadgetPort&) = delete;
    GadgetPort& operator=(const GadgetPort&) = delete;

    // Opens the gadget tty in raw mode (it exists whether or not the gadget is plugged in).
    void open() override;
    // Closes it; after an unplug the kernel has hung it up, and only a new open reads again.
    void close() override;

private:
    int undelivered() override;  // what the host has not fetched yet (TIOCOUTQ)

    std::string tty_;
};

}  // namespace lte::sim
