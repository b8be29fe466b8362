#include "lte/config/checks.hpp"

#include <arpa/inet.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

#include "lte/sequence/yaml_reader.hpp"

namespace lte::config {
namespace {

bool is_label_char(char ch, bool underscore) {
    const bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    return alnum || ch == '-' || (underscore && ch == '_');
}

// Labels between dots: each non-empty, at most 63 octets, of label characters.
bool labels_ok(std::string_view text, bool underscore) {
    while (true) {
        const auto dot = text.find('.');
        const auto label = text.substr(0, dot);
        if (label.empty() || label.size() > 63) return false;
        for (char ch : label)
            if (!is_label_char(ch, underscore)) return false;
        if (dot == std::string_view::npos) return true;
        text.remove_prefix(dot + 1);
    }
}

}  // namespace

std::optional<ApnProblem> apn_problem(std::string_view apn) {
    if (apn.size() > kMaxApnLength)
        return ApnProblem{true, fmt::format("apn is {} characters long; 3GPP TS 23.003 §9.1 allows at most {} octets",
                                            apn.size(), kMaxApnLength)};
    if (apn.empty() || labels_ok(apn, false)) return std::nullopt;
    return ApnProblem{false, fmt::format("apn '{}' is not made of labels of letters, digits and hyphens separated by "
                                         "dots (3GPP TS 23.003 §9.1); check it with your operator",
                                         apn)};
}

bool is_ip_address(const std::string& text) {
    unsigned char buffer[16];
    return ::inet_pton(AF_INET, text.c_str(), buffer) == 1 || ::inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

std::optional<std::string> hostname_problem(std::string_view text) {
    if (!text.empty() && text.back() == '.') text.remove_suffix(1);  // the root: "example.com." is fully qualified
    if (text.empty()) return "it is empty";
    if (text.size() > 253) return "longer than the 253 octets DNS allows";
    if (!labels_ok(text, true))
        return "a host name is labels of 1 to 63 letters, digits, hyphens or underscores, separated by dots";
    return std::nullopt;
}

std::optional<std::string> secret_file_warning(const std::filesystem::path& file, std::string_view what,
                                               bool insecure) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) return std::nullopt;
    std::string problem;
    if ((st.st_mode & 077) != 0)
        problem = fmt::format("holds {} but is open to {} (mode {:04o}); run: chmod 600 {}", what,
                              (st.st_mode & 007) ? "everyone" : "its group", st.st_mode & 07777, file.string());
    else if (st.st_uid != 0 && st.st_uid != ::geteuid())
        problem = fmt::format("holds {} but belongs to uid {}, who could change it; run: chown root {}", what,
                              st.st_uid, file.string());
    else
        return std::nullopt;
    if (!insecure)
        throw sequence::YamlError(file.string(), 0, 0, problem + " (or set insecure_permissions: true to only warn)");
    return fmt::format("{}: {} (insecure_permissions: true)", file.string(), problem);
}

std::string read_password_file(const std::filesystem::path& file, bool insecure, std::optional<std::string>& warning) {
    std::ifstream in(file);
    if (!in)
        throw std::invalid_argument(
            fmt::format("--password-file: cannot read {}: {}", file.string(), std::strerror(errno)));
    warning = secret_file_warning(file, "a password", insecure);
    std::string line;
    std::getline(in, line);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
    if (line.empty())
        throw std::invalid_argument(
            fmt::format("--password-file: the first line of {} is empty, and an empty password would be sent; put the "
                        "password on the first line (or leave out --password-file when the network needs none)",
                        file.string()));
    return line;
}

std::optional<std::string> pppd_path_problem(const std::filesystem::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return fmt::format("pppd.path {}: {}; install pppd (apt install ppp) or set pppd.path", path.string(),
                           std::strerror(errno));
    if (!S_ISREG(st.st_mode)) return fmt::format("pppd.path {} is not a file", path.string());
    if ((st.st_mode & 0111) == 0)
        return fmt::format("pppd.path {} is not executable (mode {:04o})", path.string(), st.st_mode & 07777);
    return std::nullopt;
}

}  // namespace lte::config
