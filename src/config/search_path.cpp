#include "lte/config/search_path.hpp"

#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

namespace lte::config {
namespace fs = std::filesystem;

SearchPath default_search_path(std::string_view kind) {
    SearchPath dirs{fs::path("/etc/lte-dialer") / kind, fs::path("/usr/share/lte-dialer") / kind};
    // An uninstalled binary lives a few levels below the tree's top (build-x/, build-x/tests/).
    std::error_code ec;
    auto dir = fs::read_symlink("/proc/self/exe", ec).parent_path();
    for (int level = 0; !ec && level < 4 && !dir.empty(); ++level, dir = dir.parent_path()) {
        const auto candidate = dir / "config" / kind;
        if (fs::exists(dir / "CMakeLists.txt", ec) && fs::is_directory(candidate, ec)) {
            dirs.push_back(candidate);
            break;
        }
        if (dir == dir.root_path()) break;
    }
    return dirs;
}

fs::path resolve_file(const std::string& name_or_path, const SearchPath& dirs, std::string_view kind) {
    if (name_or_path.find('/') != std::string::npos || fs::path(name_or_path).extension() == ".yaml") {
        if (!fs::exists(name_or_path))
            throw std::runtime_error(fmt::format("{} file {} does not exist", kind, name_or_path));
        return name_or_path;
    }
    std::string looked;
    for (const auto& dir : dirs) {
        auto candidate = dir / (name_or_path + ".yaml");
        if (fs::exists(candidate)) return candidate;
        looked += (looked.empty() ? "" : ", ") + dir.string();
    }
    throw std::runtime_error(
        fmt::format("no {} named '{}' in {}", kind, name_or_path, looked.empty() ? "(no directories)" : looked));
}

}  // namespace lte::config
