#pragma once
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>

#include "lte/common/asio.hpp"

namespace lte::ppp::test {

// Runs the loop until done() or the (generous) limit; returns done().
template <class Done>
bool run_until(asio::io_context& io, Done done, std::chrono::seconds limit = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        io.restart();
        io.run_one_for(std::chrono::milliseconds(100));
    }
    return done();
}

// Alive = exists and is not a zombie (an orphan's zombie waits for init, which is not ours to drive).
inline bool process_alive(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    if (!std::getline(stat, text)) return false;
    const auto paren = text.rfind(')');
    return paren != std::string::npos && paren + 2 < text.size() && text[paren + 2] != 'Z';
}

inline bool wait_until_dead(pid_t pid, std::chrono::seconds limit = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (process_alive(pid) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return !process_alive(pid);
}

inline std::set<int> open_fds(const std::string& proc_dir) {
    std::set<int> fds;
    for (const auto& entry : std::filesystem::directory_iterator(proc_dir + "/fd"))
        fds.insert(std::stoi(entry.path().filename().string()));
    return fds;
}

}  // namespace lte::ppp::test
