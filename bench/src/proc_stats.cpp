#include "proc_stats.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace bench {

namespace {

// The number after "key:" in a /proc "key: value kB" file, or nothing.
std::optional<long> field(const std::string& path, const std::string& key) {
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with(key + ":")) return std::stol(line.substr(key.size() + 1));
    }
    return std::nullopt;
}

}  // namespace

std::optional<ProcSample> sample_process(pid_t pid) {
    const std::string dir = "/proc/" + std::to_string(pid);
    ProcSample s;
    const auto rss = field(dir + "/status", "VmRSS");
    const auto dirty = field(dir + "/smaps_rollup", "Private_Dirty");
    if (!rss || !dirty) return std::nullopt;
    s.rss_kb = *rss;
    s.private_dirty_kb = *dirty;

    // /proc/PID/status counts the main thread only; a wake-up of any thread costs the same.
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator(dir + "/task", ec)) {
        const auto status = task.path().string() + "/status";
        s.context_switches += field(status, "voluntary_ctxt_switches").value_or(0) +
                              field(status, "nonvoluntary_ctxt_switches").value_or(0);
    }

    std::ifstream stat(dir + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    // Fields after the command name, which may hold spaces and ')': utime and stime are 14 and 15.
    std::istringstream rest(text.substr(text.rfind(')') + 2));
    std::string skip;
    for (int i = 3; i <= 13; ++i) rest >> skip;
    long utime = 0;
    long stime = 0;
    rest >> utime >> stime;
    s.cpu_ms = static_cast<double>(utime + stime) * 1000.0 / static_cast<double>(::sysconf(_SC_CLK_TCK));
    return s;
}

}  // namespace bench
