#include "lte/common/directory.hpp"

#include <dirent.h>

#include <algorithm>
#include <cerrno>
#include <memory>

namespace lte {

std::vector<std::string> list_directory(const std::filesystem::path& dir) {
    const std::unique_ptr<DIR, int (*)(DIR*)> handle(::opendir(dir.c_str()), ::closedir);
    if (!handle) throw std::system_error(errno, std::generic_category(), "cannot read directory " + dir.string());
    std::vector<std::string> names;
    errno = 0;
    while (const dirent* entry = ::readdir(handle.get())) {
        const std::string name = entry->d_name;
        if (name != "." && name != "..") names.push_back(name);
        errno = 0;
    }
    if (errno != 0) throw std::system_error(errno, std::generic_category(), "cannot read directory " + dir.string());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace lte
