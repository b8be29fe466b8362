#pragma once
#include <chrono>
#include <filesystem>
#include <optional>
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

// Where a daemon that stopped with an error leaves its last status (JSON) beside its socket, so
// `status` can still say what a person must do once it is gone: "<socket>.last".
[[nodiscard]] std::filesystem::path last_status_path(const std::filesystem::path& socket);

// `lte-dialer status [--json]`: a table, or the raw JSON. Returns the exit code (0 on success);
// errors go to err. With no daemon to ask, the status it left at last_status_path() is shown,
// and the exit code is 1.
int run_status_command(const std::filesystem::path& socket, bool json, std::ostream& out, std::ostream& err);

struct AtOptions {
    bool force = false;                                // `--force`: send what `at` would refuse
    std::optional<std::chrono::milliseconds> timeout;  // `--timeout`; nullopt: default_at_timeout
    bool json = false;                                 // `--json`: the reply as one JSON object
};

// `lte-dialer at 'AT+CSQ' [--force] [--timeout 3m] [--json]`: prints the reply lines and the final
// result code (in words), or with json {"ok","command","lines","final","error"}; "error" is the
// failure's meaning ("+CME ERROR: 10 (SIM not inserted)", "refused: ...") or null.
// Exit code 0 on OK, 1 otherwise (refused, ERROR, timeout, no daemon); 2 for a command that is not
// one line (a CR, LF, NUL or other control byte), which is never sent.
int run_at_command(const std::filesystem::path& socket, std::string_view command, const AtOptions& options,
                   std::ostream& out, std::ostream& err);

// `lte-dialer status --watch [--json]`: the status now and at each change, a line each (the JSON
// object with --json), until the daemon closes the stream or the watcher is interrupted. Exit 1
// when there is no daemon or it dropped this watcher for reading too slowly.
int run_watch_command(const std::filesystem::path& socket, bool json, std::ostream& out, std::ostream& err);

// `lte-dialer down` / `up` / `status --reset-counters`: sends that request line ("down", "up",
// "reset-counters"); prints what the daemon said. Exit 0 when it took the request, 1 otherwise.
int run_operator_command(const std::filesystem::path& socket, std::string_view request, std::ostream& out,
                         std::ostream& err);

}  // namespace lte::service
