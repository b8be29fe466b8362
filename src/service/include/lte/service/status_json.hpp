#pragma once
#include <chrono>
#include <cstdint>
#include <string>

#include "lte/connection/status.hpp"

namespace lte::service {

// The control socket's `status` reply (one JSON object):
// state, since (ISO-8601 UTC or null), detail, registration, technology, operator,
// signal_dbm|null, interface, ip, remote_ip, dns[], uptime_s|null, connects, reconnects,
// last_error, action (what a person must do after a stop for good; "" otherwise), at_port, data_port,
// signal {rssi_dbm, ber, rsrp_dbm, rsrq_db, age_s} (each null when unknown), session_received_bytes,
// session_sent_bytes, and the counting period's (the current session included): period_since,
// period_received_bytes, period_sent_bytes, period_online_s, period_attempts, period_connects,
// period_drops, period_failures {reason: n}, last_failure_at|null, last_failure. No key appears
// twice in the object, for scripts that grep it. `now` makes uptime_s and period_online_s testable.
[[nodiscard]] std::string status_to_json(const connection::Status& status, std::chrono::system_clock::time_point now);

// "2026-11-22T00:00:52Z"
[[nodiscard]] std::string iso8601_utc(std::chrono::system_clock::time_point t);
// Whole seconds since the epoch: the state file's and the metrics' timestamps.
[[nodiscard]] std::int64_t unix_seconds(std::chrono::system_clock::time_point t);

}  // namespace lte::service
