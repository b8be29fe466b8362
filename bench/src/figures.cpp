#include "figures.hpp"

#include <algorithm>
#include <numeric>

namespace bench {

std::optional<TrialFigures> figures(const TrialResult& r, const SimSettings& sim) {
    const auto* dial = r.transcript.connected_dial();
    if (!r.connected || !dial) return std::nullopt;
    const auto commands = r.transcript.commands();
    const auto dial_at = std::find(commands.begin(), commands.end(), dial);
    if (commands.empty() || dial_at == commands.end()) return std::nullopt;

    const double latency = sim.latency_ms;
    // +0.0005: stamps are truncated to the µs, so a stamp of n means the event happened in [n, n+0.001).
    auto at = [](const TranscriptLine* line) { return line->ms + 0.0005; };
    TrialFigures f;
    f.commands = static_cast<int>(dial_at - commands.begin()) + 1;
    f.to_connect_ms = at(dial) + latency - r.spawn_ms;
    f.startup_ms = at(commands.front()) - r.spawn_ms;

    const double attach_done = r.boot_ms + sim.attach_s * 1000;
    if (const auto* urc = r.transcript.registration_urc()) {
        f.reg_from_urc = true;
        f.reg_to_dial_ms = dial->ms - urc->ms;
        f.reg_estimate_error_ms = at(urc) - attach_done;
    } else {
        f.reg_to_dial_ms = at(dial) - attach_done;
    }

    const int before_dial = f.commands - 1;
    if (before_dial > 0) f.turnaround_ms = (dial->ms - commands.front()->ms - before_dial * latency) / before_dial;
    f.overhead_per_command_ms = (f.to_connect_ms - f.commands * latency - sim.attach_s * 1000) / f.commands;
    return f;
}

Summary summarize(std::vector<double> values) {
    Summary s;
    s.n = static_cast<int>(values.size());
    if (values.empty()) return s;
    std::sort(values.begin(), values.end());
    const auto n = values.size();
    s.median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    s.min = values.front();
    s.max = values.back();
    s.mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(n);
    return s;
}

}  // namespace bench
