#pragma once
// The tables lte-bench prints, and the PASS/MISS verdict per target of issue 3.
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "figures.hpp"
#include "online_idle.hpp"
#include "trial.hpp"

namespace bench {

struct Config {
    int rounds = 5;
    SimSettings sim;
    double poll_s = 1.0;
    IdleProbe idle;
    int retries = 3;
    std::vector<Client> clients;
    Tools tools;
    std::string work_dir;
    std::string fake_pppd;        // tests/fixtures/fake-pppd, for the online figures
    double online_window_s = 61;  // a 60 s monitor.interval bursts once in it
};

struct Runs {
    std::map<Client, std::vector<TrialResult>> connect;     // attach time as configured
    std::map<Client, std::vector<TrialResult>> turnaround;  // attach time 0: nothing waits
    std::vector<TrialResult> floor;                         // attach time 0, lte-bench's minimal client
    std::map<Client, TrialResult> idle;                     // long attach, sampled while waiting
    std::map<std::string, OnlineIdleResult> online;         // lte-dialer run while online, by monitor.interval
    std::map<Client, int> crashes;
    std::vector<std::string> crash_notes;
};

// Targets of issue 3.
inline constexpr double kTurnaroundTargetMs = 0.25;
inline constexpr double kUrcToDialTargetMs = 20;
inline constexpr double kIdleWakeupsTarget = 10;  // per second: a 2 s poll costs a few; a busy loop hundreds

void print_report(std::ostream& out, const Config& c, const Runs& runs);

}  // namespace bench
