#pragma once
#include <chrono>
#include <filesystem>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace lte::service {

// The daemon is not there, refused us, or answered nonsense; what() is meant for the user.
class ControlError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Sends one request line to the control socket and returns the daemon's JSON reply line.
[[nodiscard]] std::string control_request(const std::filesystem::path& socket, std::string_view request,
                                          std::chrono::milliseconds timeout);

// `lte-dialer status [--json]`: a table, or the raw JSON. Returns the exit code (0 on success);
// errors go to err.
int run_status_command(const std::filesystem::path& socket, bool json, std::ostream& out, std::ostream& err);

// `lte-dialer at 'AT+CSQ' [--force]`: prints the reply lines and the final result code.
// Exit code 0 on OK, 1 otherwise (refused, ERROR, timeout, no daemon).
int run_at_command(const std::filesystem::path& socket, std::string_view command, bool force, std::ostream& out,
                   std::ostream& err);

}  // namespace lte::service
