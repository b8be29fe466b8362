// The billing period's bounds, in local time: midnight of day_of_month, this month or the last.
#include "lte/service/data_budget.hpp"

#include <ctime>

#include <gtest/gtest.h>

#include "env_guard.hpp"

namespace lte::service {
namespace {

using std::chrono::system_clock;

system_clock::time_point at(int year, int month, int day, int hour = 0) {
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_isdst = -1;
    return system_clock::from_time_t(std::mktime(&tm));
}

class BudgetPeriod : public testing::Test {
protected:
    void SetUp() override {
        ::setenv("TZ", "Asia/Tokyo", 1);  // a Pi's local time, not UTC
        ::tzset();
    }
    void TearDown() override { ::tzset(); }
    test::EnvGuard env_{"TZ"};
};

TEST_F(BudgetPeriod, BeginsOnItsDayAtLocalMidnight) {
    EXPECT_EQ(budget_period_start(at(2026, 12, 4, 19), 1), at(2026, 12, 1));
    EXPECT_EQ(budget_period_end(at(2026, 12, 4, 19), 1), at(2027, 1, 1)) << "into the next year";
    EXPECT_EQ(budget_period_start(at(2026, 12, 4, 19), 15), at(2026, 11, 15)) << "the day has not come this month";
    EXPECT_EQ(budget_period_end(at(2026, 12, 4, 19), 15), at(2026, 12, 15));
    EXPECT_EQ(budget_period_start(at(2026, 12, 15), 15), at(2026, 12, 15)) << "midnight belongs to the new period";
    EXPECT_EQ(budget_period_end(at(2026, 12, 15), 15), at(2027, 1, 15));
    EXPECT_EQ(budget_period_end(at(2027, 2, 20), 28), at(2027, 2, 28)) << "28 exists in every month";
}

TEST_F(BudgetPeriod, SpentWhenThePeriodsBytesReachTheLimit) {
    asio::io_context io;
    config::Budget budget{10'000, 1, config::Budget::Action::Disconnect};
    DataBudget b(io, budget, {});
    connection::Status s;
    s.counters.since = system_clock::now();
    s.counters.traffic = {6'000, 3'999};
    EXPECT_FALSE(b.describe(s).spent);
    s.session = {1, 0};
    const auto d = b.describe(s);
    EXPECT_TRUE(d.spent) << "the session under way counts";
    EXPECT_EQ(d.limit_bytes, 10'000U);
    EXPECT_EQ(d.action, "disconnect");
    EXPECT_EQ(d.period_end, budget_period_end(s.counters.since, 1));
}

}  // namespace
}  // namespace lte::service
