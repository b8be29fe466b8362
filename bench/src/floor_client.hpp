#pragma once
// The floor: the least a client can do per command (write it, block until its final result line).
// Run against the same sim, its turnaround is what the sim, the ptys and the scheduler cost, so
// lte-dialer's own share is its turnaround minus this one.
#include <string>

namespace bench {

// Sends lte-dialer's command list (sim7600 profile, APN preset) on at_port, the dial on data_port.
// Returns 0 on CONNECT; prints what went wrong on stderr otherwise.
int run_floor_client(const std::string& at_port, const std::string& data_port);

}  // namespace bench
