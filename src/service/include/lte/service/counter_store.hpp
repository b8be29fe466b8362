#pragma once
// The counters' state file, so that a period's totals survive restarts and reboots. It is written
// atomically, every few minutes while the daemon runs and when it stops, never per packet.
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "lte/connection/status.hpp"

namespace lte::service {

// $STATE_DIRECTORY (systemd's StateDirectory=: /var/lib/lte-dialer, or /var/lib/lte-dialer/<name>
// for an instance), else that same path; then "counters.json".
[[nodiscard]] std::filesystem::path counters_path(std::string_view instance);

class CounterFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// What the file says, or nullopt when there is none. A file that cannot be read or understood
// throws CounterFileError naming it.
[[nodiscard]] std::optional<connection::Counters> load_counters(const std::filesystem::path& file);

// The period so far, the current session's bytes and time included: a daemon killed mid-session
// (a power cut) loses only what came after the last save. The last failure's text is masked.
[[nodiscard]] std::string counters_to_json(const connection::Status& status, std::chrono::system_clock::time_point now);
[[nodiscard]] connection::Counters counters_from_json(std::string_view json, const std::string& source);

// Throws std::system_error naming the file.
void save_counters(const std::filesystem::path& file, const connection::Status& status,
                   std::chrono::system_clock::time_point now);

// The period's time online: ended sessions and the current one.
[[nodiscard]] std::chrono::seconds period_online(const connection::Status& status,
                                                 std::chrono::system_clock::time_point now);

}  // namespace lte::service
