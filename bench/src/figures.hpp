#pragma once
// The figures of one trial, all from the simulator's stamps (ms, truncated to the µs) and the spawn time.
#include <optional>
#include <vector>

#include "trial.hpp"

namespace bench {

struct TrialFigures {
    double to_connect_ms = 0;  // client spawned → CONNECT written by the sim (dial received + latency)
    double startup_ms = 0;     // client spawned → its first AT command received
    int commands = 0;          // AT commands up to and including the dial that connected
    // Registration → that dial received. From the +CEREG URC when the client enabled it, else from
    // the sim's attach timer (power-on + attach time), which the client learns only by polling.
    double reg_to_dial_ms = 0;
    bool reg_from_urc = false;
    std::optional<double> reg_estimate_error_ms;  // URC stamp − attach-timer estimate, when both exist
    // Per command: (first command → dial received − latency of every command before the dial) / their
    // number. The client's turnaround (read reply, decide, write next) plus the sim's own; only
    // meaningful when nothing waited (attach time 0, no failed dial).
    double turnaround_ms = 0;
    // The brief's formula: (to_connect − Σ latency − attach) / commands, process start-up included.
    double overhead_per_command_ms = 0;
};

// Nothing when the trial did not connect.
std::optional<TrialFigures> figures(const TrialResult& r, const SimSettings& sim);

struct Summary {
    double median = 0;
    double min = 0;
    double max = 0;
    double mean = 0;
    int n = 0;
};
Summary summarize(std::vector<double> values);

}  // namespace bench
