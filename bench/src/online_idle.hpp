#pragma once
// lte-dialer online (`run`, with tests/fixtures/fake-pppd in pppd's place: the host has no PPP):
// how often it wakes while the link is up, with monitor.interval at a given value.
#include <optional>
#include <string>

#include "trial.hpp"

namespace bench {

struct OnlineIdleSetup {
    Tools tools;
    std::string fake_pppd;
    std::string monitor_interval;  // "60s", "0s"
    std::string dir;
    double window_s = 61;  // a 60 s interval shows its burst once
};

struct OnlineIdleResult {
    std::optional<double> wakeups_per_s;
    std::optional<double> cpu_ms_per_s;
    int at_commands = 0;  // received by the modem in the window
    std::string failure;
};

OnlineIdleResult run_online_idle(const OnlineIdleSetup& setup);

}  // namespace bench
