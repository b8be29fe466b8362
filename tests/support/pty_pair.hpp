#pragma once
// A real pseudo-terminal pair: the test plays the modem on the master, the code under test
// opens the slave path like a tty.
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

#include "lte/common/scoped_fd.hpp"

namespace lte::test {

class PtyPair {
public:
    PtyPair() {
        master_.reset(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
        if (!master_.valid() || ::grantpt(master_.get()) != 0 || ::unlockpt(master_.get()) != 0)
            throw std::runtime_error("cannot create a pty pair");
        slave_path_ = ::ptsname(master_.get());
    }

    [[nodiscard]] const std::string& slave_path() const { return slave_path_; }
    [[nodiscard]] int master() const { return master_.get(); }

    void write(const std::string& bytes) const {
        if (::write(master_.get(), bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size()))
            throw std::runtime_error("pty write failed");
    }

    // Reads what the slave side wrote, waiting up to timeout_ms for the first byte.
    std::string read(int timeout_ms = 2000) const {
        pollfd p{master_.get(), POLLIN, 0};
        if (::poll(&p, 1, timeout_ms) <= 0 || !(p.revents & POLLIN)) return "";
        char buf[4096];
        const ssize_t n = ::read(master_.get(), buf, sizeof buf);
        return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
    }

    void close_master() { master_.reset(); }

private:
    ScopedFd master_;
    std::string slave_path_;
};

}  // namespace lte::test
