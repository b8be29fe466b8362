#pragma once
// What /proc says about processes: who is a child of whom, who is a zombie, who holds a device
// open. The daemon lanes use it to prove that nothing outlived or leaked from the daemon.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "process.hpp"

namespace lte::test {

struct ProcInfo {
    pid_t pid = 0;
    pid_t ppid = 0;
    char state = '?';
    std::string comm;
};

inline std::optional<ProcInfo> proc_info(pid_t pid) {
    const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
    const auto open = stat.find('(');
    const auto close = stat.rfind(')');
    if (open == std::string::npos || close == std::string::npos) return std::nullopt;
    ProcInfo info;
    info.pid = pid;
    info.comm = stat.substr(open + 1, close - open - 1);
    std::istringstream rest(stat.substr(close + 1));
    rest >> info.state >> info.ppid;
    return info;
}

inline std::vector<ProcInfo> all_processes() {
    std::vector<ProcInfo> out;
    for (const auto& e : std::filesystem::directory_iterator("/proc")) {
        const std::string name = e.path().filename();
        if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
        if (auto info = proc_info(std::stoi(name))) out.push_back(*info);
    }
    return out;
}

inline std::vector<ProcInfo> children_of(pid_t parent) {
    std::vector<ProcInfo> out;
    for (const auto& p : all_processes())
        if (p.ppid == parent) out.push_back(p);
    return out;
}

// Alive: exists and is not a zombie (a zombie whose parent is gone holds nothing).
inline bool alive(pid_t pid) {
    const auto info = proc_info(pid);
    return info && info->state != 'Z';
}

// Processes (pid: comm) that have `device` (a resolved /dev/pts/N) open.
inline std::vector<std::string> holders_of(const std::filesystem::path& device, pid_t except = 0) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& p : all_processes()) {
        if (p.pid == except || p.pid == ::getpid()) continue;
        const auto dir = "/proc/" + std::to_string(p.pid) + "/fd";
        for (const auto& fd : std::filesystem::directory_iterator(dir, ec)) {
            std::error_code link_ec;
            if (std::filesystem::read_symlink(fd.path(), link_ec) == device) {
                out.push_back(std::to_string(p.pid) + ":" + p.comm);
                break;
            }
        }
    }
    return out;
}

// The open descriptors of a process and what they point at ("fd -> target" lines).
inline std::size_t fd_count_of(pid_t pid) {
    std::size_t n = 0;
    std::error_code ec;
    for ([[maybe_unused]] const auto& e :
         std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec))
        ++n;
    return n;
}
inline std::string fd_list_of(pid_t pid) {
    std::string out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
        std::error_code link_ec;
        out += e.path().filename().string() + " -> " + std::filesystem::read_symlink(e.path(), link_ec).string() + "\n";
    }
    return out;
}

template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (pred()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return pred();
}

}  // namespace lte::test
