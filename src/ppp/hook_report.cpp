#include "lte/ppp/hook_report.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <system_error>

namespace lte::ppp {

namespace {

std::filesystem::path temp_root() {
    // PrivateTmp= in the units: pppd and its scripts see the daemon's own /tmp.
    const char* tmp = std::getenv("TMPDIR");
    return (tmp != nullptr && *tmp != '\0') ? tmp : "/tmp";
}

}  // namespace

HookReport::HookReport() {
    std::string name = (temp_root() / "lte-dialer-ppp-XXXXXX").string();
    if (::mkdtemp(name.data()) == nullptr)
        throw std::system_error(errno, std::generic_category(),
                                "cannot create a directory for the ppp hook's report in " + temp_root().string());
    dir_ = name;
}

HookReport::~HookReport() {
    std::error_code ignored;  // a directory already gone is fine
    std::filesystem::remove_all(dir_, ignored);
}

std::optional<std::vector<std::string>> HookReport::messages() const {
    std::ifstream in(path(), std::ios::binary);
    if (!in) return std::nullopt;
    std::string text(kMaxLines * kMaxLineBytes, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    std::vector<std::string> lines;
    for (std::size_t start = 0; start < text.size() && lines.size() < kMaxLines;) {
        const auto end = std::min(text.find('\n', start), text.size());
        if (end > start) lines.push_back(text.substr(start, std::min(end - start, kMaxLineBytes)));
        start = end + 1;
    }
    return lines;
}

}  // namespace lte::ppp
