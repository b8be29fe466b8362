#include "lte/service/data_budget.hpp"

#include <ctime>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "lte/service/status_json.hpp"
#include "lte/service/status_text.hpp"

namespace lte::service {

namespace {

using std::chrono::system_clock;

// Midnight local time on day `day` of the month `months_ahead` after t's.
system_clock::time_point local_day(system_clock::time_point t, int day, int months_ahead) {
    const std::time_t secs = system_clock::to_time_t(t);
    std::tm tm{};
    localtime_r(&secs, &tm);
    tm.tm_mon += months_ahead;  // mktime carries it into the year
    tm.tm_mday = day;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    return system_clock::from_time_t(std::mktime(&tm));
}

}  // namespace

system_clock::time_point budget_period_start(system_clock::time_point t, int day_of_month) {
    const auto this_month = local_day(t, day_of_month, 0);
    return this_month <= t ? this_month : local_day(t, day_of_month, -1);
}

system_clock::time_point budget_period_end(system_clock::time_point t, int day_of_month) {
    const auto this_month = local_day(t, day_of_month, 0);
    return this_month > t ? this_month : local_day(t, day_of_month, 1);
}

DataBudget::DataBudget(asio::io_context& io, config::Budget budget, Actions actions)
    : budget_(budget), actions_(std::move(actions)), timer_(io) {}

connection::BudgetStatus DataBudget::describe(const connection::Status& s) const {
    const auto traffic = connection::period_traffic(s);
    connection::BudgetStatus b;
    b.limit_bytes = budget_.monthly_bytes;
    b.action = budget_.action == config::Budget::Action::Disconnect ? "disconnect" : "warn";
    b.spent = traffic.received + traffic.sent >= budget_.monthly_bytes;
    b.period_end = budget_period_end(s.counters.since, budget_.day_of_month);
    return b;
}

void DataBudget::check(const connection::Status& s) {
    const auto now = system_clock::now();
    if (renewed_at_ && s.counters.since < *renewed_at_) return;  // the new period is on its way
    if (now >= budget_period_end(s.counters.since, budget_.day_of_month)) {
        renewed_at_ = now;
        spdlog::info("data budget: a new period from {}", iso8601_utc(budget_period_start(now, budget_.day_of_month)));
        warned_ = false;
        actions_.new_period();  // the next check sees the fresh counters
        if (holding_) {
            holding_ = false;
            actions_.release();
        }
        return;
    }
    arm(s);
    const auto b = describe(s);
    if (!b.spent) return;
    const auto traffic = connection::period_traffic(s);
    const std::string used = fmt::format("{} of {} used since {}", human_bytes(traffic.received + traffic.sent),
                                         human_bytes(b.limit_bytes), iso8601_utc(s.counters.since));
    if (budget_.action == config::Budget::Action::Warn) {
        if (!warned_) spdlog::warn("data budget spent: {}; the link stays up (budget.action: warn)", used);
        warned_ = true;
        return;
    }
    if (holding_) return;
    holding_ = true;
    spdlog::warn("data budget spent: {}; hanging up until {} (budget.action: disconnect)", used,
                 iso8601_utc(b.period_end));
    actions_.hold("data budget spent (" + used + "): down until " + iso8601_utc(b.period_end));
}

void DataBudget::arm(const connection::Status& s) {
    const auto end = budget_period_end(s.counters.since, budget_.day_of_month);
    const auto wait = std::min<system_clock::duration>(end - system_clock::now(), std::chrono::hours(1));
    timer_.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(wait) +
                         std::chrono::seconds(1));
    const auto since = s.counters.since;
    timer_.async_wait([this, since](const boost::system::error_code& ec) {
        if (ec) return;
        // Only the period's start matters here: a check with a status of that period.
        connection::Status probe;
        probe.counters.since = since;
        if (system_clock::now() >= budget_period_end(since, budget_.day_of_month))
            check(probe);
        else
            arm(probe);
    });
}

}  // namespace lte::service
