#include "lte/service/status_json.hpp"

#include <algorithm>
#include <ctime>

#include "lte/common/secrets.hpp"
#include "lte/service/counter_store.hpp"
#include "lte/service/json_writer.hpp"

namespace lte::service {

namespace {

// Flat, with names found nowhere else in the object: scripts on a Pi read this with grep and sed,
// and a second "connects" or "since" would be taken for the first.
void write_counters(JsonWriter& w, const connection::Status& s, std::chrono::system_clock::time_point now) {
    const auto& c = s.counters;
    const ppp::Traffic period = connection::period_traffic(s);
    w.key("session_received_bytes").value(s.session.received);
    w.key("session_sent_bytes").value(s.session.sent);
    w.key("period_since").value(iso8601_utc(c.since));
    w.key("period_received_bytes").value(period.received);
    w.key("period_sent_bytes").value(period.sent);
    w.key("period_online_s").value(static_cast<std::int64_t>(period_online(s, now).count()));
    w.key("period_attempts").value(c.attempts);
    w.key("period_connects").value(c.connects);
    w.key("period_drops").value(c.drops);
    w.key("period_failures").begin_object();
    for (const auto& [reason, n] : c.failures) w.key(reason).value(n);
    w.end_object();
    w.key("last_failure_at");
    if (c.last_failure_at)
        w.value(iso8601_utc(*c.last_failure_at));
    else
        w.null();
    w.key("last_failure").value(mask_secrets(c.last_failure));
    if (!s.budget) return;
    w.key("budget_limit_bytes").value(s.budget->limit_bytes);
    w.key("budget_action").value(s.budget->action);
    w.key("budget_spent").value(s.budget->spent);
    w.key("budget_period_end").value(iso8601_utc(s.budget->period_end));
}

template <typename T>
void optional_value(JsonWriter& w, const char* key, const std::optional<T>& v) {
    w.key(key);
    if (v)
        w.value(*v);
    else
        w.null();
}

// The live readings while online, with their age: a value an hour old says less than one of now.
void write_readings(JsonWriter& w, const connection::Status& s, std::chrono::system_clock::time_point now) {
    w.key("signal").begin_object();
    optional_value(w, "rssi_dbm", s.signal_dbm);
    optional_value(w, "ber", s.ber);
    optional_value(w, "rsrp_dbm", s.rsrp_dbm);
    optional_value(w, "rsrq_db", s.rsrq_db);
    w.key("cell").value(s.cell);
    w.key("age_s");
    if (s.readings_at)
        w.value(static_cast<std::int64_t>(
            std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::seconds>(now - *s.readings_at).count())));
    else
        w.null();
    w.end_object();
}

}  // namespace

std::int64_t unix_seconds(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::string iso8601_utc(std::chrono::system_clock::time_point t) {
    const std::time_t secs = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[32];
    const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return {buf, n};
}

std::string status_to_json(const connection::Status& s, std::chrono::system_clock::time_point now) {
    JsonWriter w;
    w.begin_object();
    w.key("state").value(connection::to_string(s.state));
    w.key("since");
    if (s.since == std::chrono::system_clock::time_point{})  // never set: no state entered yet
        w.null();
    else
        w.value(iso8601_utc(s.since));
    // A step or an error may quote a command with a secret (a failed AT+CPIN=...): masked here too.
    w.key("detail").value(mask_secrets(s.detail));
    w.key("registration").value(s.registration);
    w.key("technology").value(s.technology);
    w.key("operator").value(s.operator_name);
    w.key("signal_dbm");
    if (s.signal_dbm)
        w.value(*s.signal_dbm);
    else
        w.null();
    write_readings(w, s, now);
    w.key("interface").value(s.interface);
    w.key("ip").value(s.local_ip);
    w.key("remote_ip").value(s.remote_ip);
    w.key("dns").begin_array();
    for (const auto& server : s.dns) w.value(server);
    w.end_array();
    w.key("uptime_s");
    if (s.online_since) {
        const auto up = std::chrono::duration_cast<std::chrono::seconds>(now - *s.online_since).count();
        w.value(static_cast<std::int64_t>(up < 0 ? 0 : up));
    } else {
        w.null();
    }
    w.key("connects").value(s.connects);
    w.key("reconnects").value(s.reconnects);
    w.key("last_error").value(mask_secrets(s.last_error));
    w.key("action").value(s.action);
    w.key("at_port").value(s.at_port);
    w.key("data_port").value(s.data_port);
    write_counters(w, s, now);
    w.end_object();
    return w.str();
}

}  // namespace lte::service
