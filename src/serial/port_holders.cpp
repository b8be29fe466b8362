#include "lte/serial/port_holders.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <system_error>

namespace lte::serial {

namespace fs = std::filesystem;

namespace {

std::string comm_of(const std::string& pid) {
    std::ifstream in("/proc/" + pid + "/comm");
    std::string name;
    std::getline(in, name);
    return name.empty() ? "?" : name;
}

}  // namespace

std::vector<std::string> port_holders(const std::string& device_path) {
    std::vector<std::string> holders;
    std::error_code ec;
    const fs::path target = fs::canonical(device_path, ec);
    if (ec) return holders;
    const std::string self = std::to_string(::getpid());
    for (const auto& proc : fs::directory_iterator("/proc", ec)) {
        const std::string pid = proc.path().filename();
        if (pid.empty() || !std::isdigit(static_cast<unsigned char>(pid[0])) || pid == self) continue;
        std::error_code fd_ec;
        for (const auto& fd : fs::directory_iterator(proc.path() / "fd", fd_ec)) {
            std::error_code link_ec;
            if (fs::read_symlink(fd.path(), link_ec) == target) {
                holders.push_back(pid + " (" + comm_of(pid) + ")");
                break;
            }
        }
    }
    return holders;
}

}  // namespace lte::serial
