#include "floor_client.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

namespace bench {

namespace {

int open_raw(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return -1;
    termios tio{};
    ::tcgetattr(fd, &tio);
    ::cfmakeraw(&tio);
    ::tcsetattr(fd, TCSANOW, &tio);
    return fd;
}

// Writes "command\r" and reads until a final result code; false on I/O error or a failure code.
bool exchange(int fd, std::string_view command, std::string_view success) {
    const std::string line = std::string(command) + "\r";
    if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) return false;
    std::string got;
    std::array<char, 256> buffer{};
    while (true) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n <= 0) return false;
        got.append(buffer.data(), static_cast<std::size_t>(n));
        if (got.find(std::string("\r\n") + std::string(success)) != std::string::npos && got.ends_with("\r\n"))
            return true;
        for (std::string_view bad : {"\r\nERROR\r\n", "\r\nNO CARRIER\r\n", "+CME ERROR"})
            if (got.find(bad) != std::string::npos) {
                std::fprintf(stderr, "floor client: %s answered %s\n", line.c_str(), got.c_str());
                return false;
            }
    }
}

}  // namespace

int run_floor_client(const std::string& at_port, const std::string& data_port) {
    // What lte-dialer sends when the modem is registered at once (its CEREG? answer ends the wait).
    static constexpr std::array<std::string_view, 12> kCommands = {
        "AT",          "ATE0",       "AT+CMEE=2",  "AT+IFC?",    "AT+IPR?",   "AT+CPIN?",
        "AT+CGDCONT?", "AT+CGAUTH?", "AT+CEREG=2", "AT+CGREG=2", "AT+CREG=2", "AT+CEREG?"};
    const int at = open_raw(at_port);
    const int data = open_raw(data_port);
    if (at < 0 || data < 0) {
        std::fprintf(stderr, "floor client: cannot open %s / %s: %s\n", at_port.c_str(), data_port.c_str(),
                     std::strerror(errno));
        return 1;
    }
    for (auto command : kCommands)
        if (!exchange(at, command, "OK")) return 1;
    const bool connected = exchange(data, "ATD*99***1#", "CONNECT");
    ::close(at);
    ::close(data);
    return connected ? 0 : 1;
}

}  // namespace bench
