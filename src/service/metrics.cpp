#include "lte/service/metrics.hpp"

#include <fmt/format.h>

#include "lte/connection/recovery.hpp"
#include "lte/service/counter_store.hpp"
#include "lte/service/json_writer.hpp"
#include "lte/service/status_json.hpp"

namespace lte::service {

namespace {

using connection::State;

// Every state, so that each has its series (0 or 1) and a dashboard can graph any of them.
constexpr State kStates[] = {State::Idle,        State::Probing,         State::SimCheck, State::Configuring,
                             State::Registering, State::Dialing,         State::PppUp,    State::Online,
                             State::Recovering,  State::WaitingForPorts, State::Down,     State::Stopping,
                             State::Stopped,     State::Failed};

// The ways an attempt can fail, so that a rate() over each reason has a series from the start.
constexpr connection::Verdict kFailures[] = {connection::Verdict::LinkLost,    connection::Verdict::StepFailed,
                                             connection::Verdict::NoDial,      connection::Verdict::BelowPpp,
                                             connection::Verdict::PortsAbsent, connection::Verdict::NeedsPerson};

class Exposition {
public:
    explicit Exposition(std::string_view instance)
        : instance_(instance.empty() ? std::string() : "lte_instance=\"" + escape_label_value(instance) + "\"") {}

    Exposition& family(std::string_view name, std::string_view type, std::string_view help) {
        name_ = name;
        out_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
        return *this;
    }
    // labels: already escaped `name="value"` pairs, comma-separated; empty for none.
    Exposition& sample(const std::string& value, std::string_view labels = {}) {
        std::string all = instance_;
        if (!labels.empty()) all += (all.empty() ? "" : ",") + std::string(labels);
        out_ += all.empty() ? fmt::format("{} {}\n", name_, value) : fmt::format("{}{{{}}} {}\n", name_, all, value);
        return *this;
    }
    template <typename Number>
    Exposition& sample(Number value, std::string_view labels = {}) {
        return sample(std::to_string(value), labels);
    }
    [[nodiscard]] const std::string& text() const noexcept { return out_; }

private:
    std::string instance_;
    std::string name_;
    std::string out_;
};

std::string label(std::string_view name, std::string_view value) {
    return fmt::format("{}=\"{}\"", name, escape_label_value(value));
}

}  // namespace

// The format wants UTF-8 and only escapes \\, \" and \n: other control bytes (a modem's noise in
// an operator name) become spaces.
std::string escape_label_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (const char c : valid_utf8(value)) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
            out += ' ';
        else
            out += c;
    }
    return out;
}

std::string metrics_text(const connection::Status& s, std::string_view instance,
                         std::chrono::system_clock::time_point now) {
    const auto& c = s.counters;
    const ppp::Traffic traffic = connection::period_traffic(s);
    Exposition e(instance);
    e.family("lte_dialer_up", "gauge", "1 while the link is online (IP up), else 0.")
        .sample(s.state == State::Online ? 1 : 0);
    e.family("lte_dialer_state", "gauge", "The connection's state: 1 for the current one, 0 for the others.");
    for (const State state : kStates) e.sample(s.state == state ? 1 : 0, label("state", connection::to_string(state)));
    e.family("lte_dialer_last_change_timestamp_seconds", "gauge", "When the current state was entered (Unix time).")
        .sample(unix_seconds(s.since));
    e.family("lte_dialer_receive_bytes_total", "counter", "Bytes received through the link in this counting period.")
        .sample(traffic.received);
    e.family("lte_dialer_transmit_bytes_total", "counter", "Bytes sent through the link in this counting period.")
        .sample(traffic.sent);
    e.family("lte_dialer_online_seconds_total", "counter", "Time online in this counting period, in seconds.")
        .sample(period_online(s, now).count());
    e.family("lte_dialer_connect_attempts_total", "counter", "Connect attempts started in this counting period.")
        .sample(c.attempts);
    e.family("lte_dialer_connects_total", "counter", "Attempts that came online in this counting period.")
        .sample(c.connects);
    e.family("lte_dialer_drops_total", "counter", "Online sessions that ended without being asked to.").sample(c.drops);
    e.family("lte_dialer_failures_total", "counter", "Attempts that never came online, by how they ended.");
    for (const auto verdict : kFailures) {
        const auto found = c.failures.find(connection::to_string(verdict));
        e.sample(found == c.failures.end() ? 0 : found->second, label("reason", connection::to_string(verdict)));
    }
    e.family("lte_dialer_counters_since_timestamp_seconds", "gauge",
             "When this counting period began (Unix time; `lte-dialer status --reset-counters` starts one).")
        .sample(unix_seconds(c.since));
    if (c.last_failure_at)
        e.family("lte_dialer_last_failure_timestamp_seconds", "gauge",
                 "When the last drop or failure happened (Unix time).")
            .sample(unix_seconds(*c.last_failure_at));
    if (s.signal_dbm)
        e.family("lte_dialer_signal_rssi_dbm", "gauge", "Received signal strength (AT+CSQ), in dBm.")
            .sample(*s.signal_dbm);
    if (s.rsrp_dbm)
        e.family("lte_dialer_signal_rsrp_dbm", "gauge", "LTE reference signal received power (AT+CESQ), in dBm.")
            .sample(*s.rsrp_dbm);
    if (s.rsrq_db)
        e.family("lte_dialer_signal_rsrq_db", "gauge", "LTE reference signal received quality (AT+CESQ), in dB.")
            .sample(fmt::format("{}", *s.rsrq_db));
    if (s.readings_at)
        e.family("lte_dialer_signal_timestamp_seconds", "gauge", "When the signal was last read (Unix time).")
            .sample(unix_seconds(*s.readings_at));
    if (s.budget) {
        e.family("lte_dialer_budget_bytes", "gauge", "The monthly data budget (budget.monthly), in bytes.")
            .sample(s.budget->limit_bytes);
        e.family("lte_dialer_budget_spent", "gauge", "1 when this period's bytes reached the budget, else 0.")
            .sample(s.budget->spent ? 1 : 0);
    }
    e.family("lte_dialer_network_info", "gauge", "Always 1: the network the modem is on, in its labels.")
        .sample(1, label("operator", s.operator_name) + "," + label("technology", s.technology) + "," +
                       label("registration", s.registration));
    return e.text();
}

}  // namespace lte::service
