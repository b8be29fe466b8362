#pragma once
#include <chrono>
#include <string>

#include "lte/connection/status.hpp"

namespace lte::service {

// The control socket's `status` reply (one JSON object):
// state, since (ISO-8601 UTC or null), detail, registration, technology, operator,
// signal_dbm|null, interface, ip, remote_ip, dns[], uptime_s|null, connects, reconnects,
// last_error, action (what a person must do after a stop for good; "" otherwise), at_port, data_port. `now` makes
// uptime_s testable.
[[nodiscard]] std::string status_to_json(const connection::Status& status, std::chrono::system_clock::time_point now);

// "2026-11-22T00:00:52Z"
[[nodiscard]] std::string iso8601_utc(std::chrono::system_clock::time_point t);

}  // namespace lte::service
