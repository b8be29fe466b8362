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

// "6" for /dev/pts/6; "" for a device that is not a pty's slave.
std::string pty_index(const fs::path& device) {
    const std::string text = device.string();
    const std::string prefix = "/dev/pts/";
    if (text.rfind(prefix, 0) != 0) return "";
    const std::string index = text.substr(prefix.size());
    const bool digits = !index.empty() && index.find_first_not_of("0123456789") == std::string::npos;
    return digits ? index : "";
}

// Whether fd (of /proc/PID/fd) is the master of pty `index`: its fdinfo says "tty-index: N".
bool is_master_of(const fs::path& fd, const fs::path& link, const std::string& index) {
    if (link != "/dev/ptmx" && link != "/dev/pts/ptmx") return false;
    std::ifstream info(fd.parent_path().parent_path() / "fdinfo" / fd.filename());
    for (std::string line; std::getline(info, line);)
        if (line.rfind("tty-index:", 0) == 0) return line.substr(line.find_first_not_of(" \t", 10)) == index;
    return false;
}

}  // namespace

std::string process_text(const std::string& pid) { return pid + " (" + comm_of(pid) + ")"; }

std::string holders_text(const std::string& device_path) {
    const auto holders = port_holders(device_path);
    if (holders.empty()) return "";
    std::string text = "; held by";
    for (const auto& h : holders) text += (&h == holders.data() ? " " : ", ") + h;
    return text;
}

std::vector<std::string> port_holders(const std::string& device_path) {
    std::vector<std::string> holders;
    std::error_code ec;
    const fs::path target = fs::canonical(device_path, ec);
    if (ec) return holders;
    const std::string self = std::to_string(::getpid());
    const std::string index = pty_index(target);
    for (const auto& proc : fs::directory_iterator("/proc", ec)) {
        const std::string pid = proc.path().filename();
        if (pid.empty() || !std::isdigit(static_cast<unsigned char>(pid[0])) || pid == self) continue;
        std::error_code fd_ec;
        bool holds = false;
        bool far_end = false;  // it holds the pty's master too: the terminal or simulator, no rival
        for (const auto& fd : fs::directory_iterator(proc.path() / "fd", fd_ec)) {
            std::error_code link_ec;
            const fs::path link = fs::read_symlink(fd.path(), link_ec);
            if (link_ec) continue;
            holds = holds || link == target;
            far_end = far_end || (!index.empty() && is_master_of(fd.path(), link, index));
        }
        if (holds && !far_end) holders.push_back(process_text(pid));
    }
    return holders;
}

}  // namespace lte::serial
