#pragma once
// A monthly data budget (config budget:): the counting period follows the billing month, which
// begins on day_of_month at midnight local time; when the period's bytes reach the limit the
// daemon warns (journal, status, metric) or hangs up until the next period begins.
#include <chrono>
#include <functional>
#include <optional>

#include "lte/common/asio.hpp"
#include "lte/config/config.hpp"
#include "lte/connection/status.hpp"

namespace lte::service {

// The start of the billing period that holds t, and of the one after it (local time).
[[nodiscard]] std::chrono::system_clock::time_point budget_period_start(std::chrono::system_clock::time_point t,
                                                                        int day_of_month);
[[nodiscard]] std::chrono::system_clock::time_point budget_period_end(std::chrono::system_clock::time_point t,
                                                                      int day_of_month);

class DataBudget {
public:
    struct Actions {
        std::function<void()> new_period;           // start a new counting period (reset the counters)
        std::function<void(std::string why)> hold;  // hang up and stay down, saying why
        std::function<void()> release;              // dial again
    };
    DataBudget(asio::io_context& io, config::Budget budget, Actions actions);

    // After each state change and refresh, and at start: a period that ended starts anew (and a
    // link held down for the budget comes back), a spent budget warns or hangs up. The actions may
    // not call back into the connection at once (post them): this runs inside its callbacks.
    void check(const connection::Status& status);
    // What `status` shows of the budget for this status.
    [[nodiscard]] connection::BudgetStatus describe(const connection::Status& status) const;

private:
    void arm(const connection::Status& status);

    config::Budget budget_;
    Actions actions_;
    asio::steady_timer timer_;  // the period's end (re-checked hourly: a Pi's clock may jump at boot)
    std::optional<std::chrono::system_clock::time_point> renewed_at_;  // when a new period was asked for
    bool warned_ = false;                                              // this period
    bool holding_ = false;                                             // the link is down because of the budget
};

}  // namespace lte::service
