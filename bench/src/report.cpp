#include "report.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>

#include <fmt/format.h>

namespace bench {

namespace {

std::vector<TrialFigures> figures_of(const std::vector<TrialResult>& trials, const SimSettings& sim) {
    std::vector<TrialFigures> out;
    for (const auto& t : trials)
        if (auto f = figures(t, sim)) out.push_back(*f);
    return out;
}

template <typename Get>
Summary over(const std::vector<TrialFigures>& fs, Get get) {
    std::vector<double> v;
    for (const auto& f : fs) v.push_back(get(f));
    return summarize(std::move(v));
}

std::string ratio(double value, double reference) {
    return reference > 0 ? fmt::format("{:.1f}x", value / reference) : "-";
}

std::string verdict(bool pass) { return pass ? "PASS" : "MISS"; }

std::string host_line() {
    utsname u{};
    ::uname(&u);
    std::ifstream load("/proc/loadavg");
    std::string l1, l5;
    load >> l1 >> l5;
    return fmt::format("{} {}, {} CPUs, load average {} {}", u.sysname, u.release, ::sysconf(_SC_NPROCESSORS_ONLN), l1,
                       l5);
}

}  // namespace

void print_report(std::ostream& out, const Config& c, const Runs& runs) {
    SimSettings registered = c.sim;
    registered.attach_s = 0;
    std::map<Client, std::vector<TrialFigures>> connect, turnaround;
    for (Client client : c.clients) {
        connect[client] = figures_of(runs.connect.at(client), c.sim);
        turnaround[client] = figures_of(runs.turnaround.at(client), registered);
    }

    out << "lte-bench: lte-dialer vs pppd's chat vs wvdial, same simulated modem, one run\n";
    out << fmt::format(
        "  simulator : lte-modem-sim --profile simcom --latency {} --attach-time {} --apn {}"
        " (APN preset: the modem already holds it)\n",
        c.sim.latency_ms, c.sim.attach_s, c.sim.apn);
    out << fmt::format("  lte-dialer: connect --profile sim7600 --dial-only (AT port + data port)\n");
    out << fmt::format("  chat      : {} on the data port, registration polled every {} s\n", c.tools.chat_script,
                       c.poll_s);
    out << fmt::format("  wvdial    : {} (Modem = the data port; redials on NO CARRIER until registered)\n",
                       c.tools.wvdial_template);
    out << fmt::format("  rounds    : {} per client and scenario, clients interleaved; host: {}\n", c.rounds,
                       host_line());
    out << "  times come from the simulator's transcript stamps (µs resolution); ratios = peer / lte-dialer\n\n";

    const double dialer_connect = over(connect[Client::dialer], [](auto& f) { return f.to_connect_ms; }).median;
    out << fmt::format("1. Time to CONNECT (client start -> CONNECT on the wire), attach {} s, latency {} ms\n",
                       c.sim.attach_s, c.sim.latency_ms);
    out << fmt::format("   {:<11} {:>5} {:>9} {:>9} {:>9} {:>8} {:>5}   {}\n", "client", "ok", "median ms", "min ms",
                       "max ms", "ratio", "cmds", "registration -> ATD received: median (min..max) ms");
    for (Client client : c.clients) {
        const auto& fs = connect[client];
        const auto t = over(fs, [](auto& f) { return f.to_connect_ms; });
        const auto reg = over(fs, [](auto& f) { return f.reg_to_dial_ms; });
        const bool urc = !fs.empty() && fs.front().reg_from_urc;
        out << fmt::format(
            "   {:<11} {:>2}/{:<2} {:>9.1f} {:>9.1f} {:>9.1f} {:>8} {:>5.0f}   {:.1f} ({:.1f}..{:.1f}) {}\n",
            name(client), t.n, runs.connect.at(client).size(), t.median, t.min, t.max, ratio(t.median, dialer_connect),
            over(fs, [](auto& f) { return double(f.commands); }).median, reg.median, reg.min, reg.max,
            urc ? "from the +CEREG URC" : "from the attach timer (client polls)");
    }
    const auto estimate = over(connect[Client::dialer], [](auto& f) { return f.reg_estimate_error_ms.value_or(0); });
    out << fmt::format(
        "   (attach-timer estimate checked against lte-dialer's URC stamps: off by {:.1f} ms median)\n\n",
        estimate.median);

    const double dialer_turn = over(turnaround[Client::dialer], [](auto& f) { return f.turnaround_ms; }).mean;
    out << fmt::format("2. Per-command overhead, attach 0 (registered at power-on: nothing waits), latency {} ms\n",
                       c.sim.latency_ms);
    out << "   turnaround = (first command -> ATD received - latency x commands before ATD) / those commands:\n"
           "   reply on the wire -> next command at the sim, i.e. client plus pty plus the sim's own wake-up\n";
    out << fmt::format("   {:<11} {:>5} {:>5} {:>11} {:>24} {:>7} {:>20}\n", "client", "ok", "cmds", "start-up ms",
                       "turnaround ms/cmd mean", "ratio", "incl. start-up ms/cmd");
    for (Client client : c.clients) {
        const auto& fs = turnaround[client];
        const auto turn = over(fs, [](auto& f) { return f.turnaround_ms; });
        out << fmt::format(
            "   {:<11} {:>2}/{:<2} {:>5.0f} {:>11.1f} {:>12.3f} ({:.2f}..{:.2f}) {:>7} {:>20.2f}\n", name(client),
            turn.n, runs.turnaround.at(client).size(), over(fs, [](auto& f) { return double(f.commands); }).median,
            over(fs, [](auto& f) { return f.startup_ms; }).median, turn.mean, turn.min, turn.max,
            ratio(turn.mean, dialer_turn), over(fs, [](auto& f) { return f.overhead_per_command_ms; }).median);
    }
    const auto floor_figures = figures_of(runs.floor, registered);
    const auto floor_turn = over(floor_figures, [](auto& f) { return f.turnaround_ms; });
    out << fmt::format(
        "   {:<11} {:>2}/{:<2} {:>5.0f} {:>11} {:>12.3f} ({:.2f}..{:.2f})   (lte-bench's minimal client: "
        "write, block until OK)\n",
        "floor", floor_turn.n, runs.floor.size(),
        over(floor_figures, [](auto& f) { return double(f.commands); }).median, "-", floor_turn.mean, floor_turn.min,
        floor_turn.max);
    const double dialer_own = dialer_turn - floor_turn.mean;
    out << fmt::format("   lte-dialer's own share: {:.3f} - {:.3f} (floor) = {:.3f} ms per command\n\n", dialer_turn,
                       floor_turn.mean, dialer_own);

    out << fmt::format("3. While waiting for registration: {} s window from {} s after start (attach {} s)\n",
                       c.idle.window_s, c.idle.start_s, c.idle.start_s + c.idle.window_s + 0.5);
    out << fmt::format("   {:<14} {:>8} {:>17} {:>11} {:>9} {:>16}\n", "process", "RSS kB", "Private_Dirty kB",
                       "wake-ups/s", "CPU ms/s", "AT cmds in window");
    std::optional<double> dialer_wakeups;
    std::optional<ProcSample> sim_sample;
    for (const auto& [client, r] : runs.idle) {
        if (!r.idle) {
            out << fmt::format("   {:<14} (not sampled: {})\n", name(client), r.failure);
            continue;
        }
        const auto& i = *r.idle;
        const double seconds = i.window_ms / 1000;
        const double wakeups = double(i.client_after.context_switches - i.client_before.context_switches) / seconds;
        const double window_start = r.spawn_ms + c.idle.start_s * 1000;
        int in_window = 0;
        for (const auto* cmd : r.transcript.commands())
            if (cmd->ms >= window_start && cmd->ms < window_start + i.window_ms) ++in_window;
        out << fmt::format("   {:<14} {:>8} {:>17} {:>11.1f} {:>9.2f} {:>16}\n", name(client), i.client_after.rss_kb,
                           i.client_after.private_dirty_kb, wakeups,
                           (i.client_after.cpu_ms - i.client_before.cpu_ms) / seconds, in_window);
        if (client == Client::dialer) dialer_wakeups = wakeups;
        sim_sample = i.sim;
    }
    if (sim_sample)
        out << fmt::format("   {:<14} {:>8} {:>17}   (reference)\n", "lte-modem-sim", sim_sample->rss_kb,
                           sim_sample->private_dirty_kb);
    out << "   chat: not sampled (the script starts a new chat process per poll)\n";
    out << "   redial after NO CARRIER: not measured (connect --dial-only ends at CONNECT; this kernel has no PPP)\n\n";

    out << fmt::format("4. Online: lte-dialer run, fake-pppd in pppd's place (no PPP here), {} s window\n",
                       c.online_window_s);
    out << fmt::format("   {:<24} {:>11} {:>9} {:>16}\n", "monitor.interval", "wake-ups/s", "CPU ms/s",
                       "AT cmds in window");
    for (const auto& [interval, r] : runs.online) {
        if (!r.wakeups_per_s) {
            out << fmt::format("   {:<24} (not sampled: {})\n", interval, r.failure);
            continue;
        }
        out << fmt::format("   {:<24} {:>11.2f} {:>9.2f} {:>16}\n", interval, *r.wakeups_per_s, *r.cpu_ms_per_s,
                           r.at_commands);
    }
    out << "\n";

    out << "Targets (lte-dialer)\n";
    const auto urc = over(connect[Client::dialer], [](auto& f) { return f.reg_to_dial_ms; });
    out << fmt::format(
        "   [{}] own overhead per command <= {} ms: {:.3f} ms over the floor client "
        "({:.3f} ms over the sim's latency alone; means of {} runs)\n",
        verdict(floor_turn.n > 0 && dialer_own <= kTurnaroundTargetMs), kTurnaroundTargetMs, dialer_own, dialer_turn,
        turnaround[Client::dialer].size());
    out << fmt::format("   [{}] registration URC -> ATD received <= {} ms: max {:.1f} ms (median {:.1f}, {} runs)\n",
                       verdict(urc.n > 0 && urc.max <= kUrcToDialTargetMs), kUrcToDialTargetMs, urc.max, urc.median,
                       urc.n);
    if (dialer_wakeups)
        out << fmt::format("   [{}] no busy-polling while waiting: {:.1f} wake-ups/s (<= {})\n",
                           verdict(*dialer_wakeups <= kIdleWakeupsTarget), *dialer_wakeups, kIdleWakeupsTarget);
    if (const auto off = runs.online.find("0s"); off != runs.online.end() && off->second.wakeups_per_s)
        out << fmt::format(
            "   [{}] quiet while online with monitor.interval 0s: {:.2f} wake-ups/s (<= {}), {} AT "
            "commands\n",
            verdict(*off->second.wakeups_per_s <= kIdleWakeupsTarget && off->second.at_commands == 0),
            *off->second.wakeups_per_s, kIdleWakeupsTarget, off->second.at_commands);
    for (Client client : c.clients) {
        if (client == Client::dialer) continue;
        const auto peer = over(connect[client], [](auto& f) { return f.to_connect_ms; });
        out << fmt::format("   [{}] faster to CONNECT than {}: {} of lte-dialer's time\n",
                           verdict(peer.n > 0 && dialer_connect < peer.median), name(client),
                           ratio(peer.median, dialer_connect));
    }

    std::vector<std::string> notes;
    for (const auto* set : {&runs.connect, &runs.turnaround})
        for (const auto& [client, trials] : *set)
            for (const auto& t : trials)
                if (!t.connected) notes.push_back(t.failure);
    for (const auto& [client, n] : runs.crashes)
        notes.push_back(fmt::format("{} crashed {} time(s) and was rerun (e.g. {})", name(client), n,
                                    runs.crash_notes.empty() ? "" : runs.crash_notes.front()));
    int busy = 0;
    for (const auto* set : {&runs.connect, &runs.turnaround})
        if (set->contains(Client::wvdial))
            for (const auto& t : set->at(Client::wvdial)) busy += t.busy_opens;
    if (busy > 0)
        notes.push_back(
            fmt::format("wvdial met EBUSY opening the data pty {} time(s) (a pty keeps TIOCEXCL until "
                        "the sim clears it; a USB tty would not): its start-up includes those retries",
                        busy));
    if (!notes.empty()) {
        out << "\nNotes\n";
        for (const auto& n : notes) out << "   - " << n << "\n";
    }
}

}  // namespace bench
