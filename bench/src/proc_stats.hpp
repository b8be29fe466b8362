#pragma once
// What /proc says about a running process: memory, and how often it was scheduled.
#include <sys/types.h>

#include <optional>

namespace bench {

struct ProcSample {
    long rss_kb = 0;            // VmRSS
    long private_dirty_kb = 0;  // smaps_rollup Private_Dirty: what this process alone costs
    long context_switches = 0;  // voluntary + involuntary, summed over every thread
    double cpu_ms = 0;          // utime + stime
};

// Nothing if the process is gone.
std::optional<ProcSample> sample_process(pid_t pid);

}  // namespace bench
