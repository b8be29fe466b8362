#include "lte/sim/gadget_port.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>

#include <cerrno>
#include <system_error>

#include "lte/common/scoped_fd.hpp"

namespace lte::sim {

GadgetPort::GadgetPort(asio::io_context& io, FragmentOptions fragment, std::string tty)
    : TtyPort(io, fragment), tty_(std::move(tty)) {}

GadgetPort::~GadgetPort() { close(); }

void GadgetPort::open() {
    close();
    ScopedFd fd(::open(tty_.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (!fd.valid()) throw std::system_error(errno, std::generic_category(), "open " + tty_);
    termios tio{};
    // Raw: the gadget tty's line discipline would otherwise echo the host's bytes back and
    // turn CR into LF; the modem does its own echo.
    if (::tcgetattr(fd.get(), &tio) != 0) throw std::system_error(errno, std::generic_category(), "tcgetattr " + tty_);
    ::cfmakeraw(&tio);
    tio.c_cflag |= CLOCAL;
    if (::tcsetattr(fd.get(), TCSANOW, &tio) != 0)
        throw std::system_error(errno, std::generic_category(), "tcsetattr " + tty_);
    attach(fd.release(), tty_);
}

void GadgetPort::close() { detach(); }

int GadgetPort::undelivered() {
    int queued = 0;
    if (::ioctl(end_.native_handle(), TIOCOUTQ, &queued) != 0) return -1;
    return queued;
}

}  // namespace lte::sim
