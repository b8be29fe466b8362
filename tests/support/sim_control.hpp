#pragma once
// One line to lte-modem-sim's --control socket and its one-line answer (the simulator keeps the
// connection open for more lines, so read to the newline, not to EOF).
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "lte/common/scoped_fd.hpp"

namespace lte::test {

inline std::string sim_control(const std::filesystem::path& socket, const std::string& line) {
    ScopedFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", socket.c_str());
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        throw std::runtime_error("cannot reach the simulator's control socket " + socket.string());
    const std::string request = line + "\n";
    if (::write(fd.get(), request.data(), request.size()) != static_cast<ssize_t>(request.size()))
        throw std::runtime_error("control write failed");
    std::string reply;
    char c = 0;
    while (::read(fd.get(), &c, 1) == 1 && c != '\n') reply += c;
    return reply;
}

}  // namespace lte::test
