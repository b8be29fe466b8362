#pragma once
// Where sequence and profile files are looked up: the administrator's copy first, then the
// packaged one, then the source tree's for runs from a build directory.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace lte::config {

using SearchPath = std::vector<std::filesystem::path>;

// kind is "sequences" or "profiles": /etc/lte-dialer/<kind>, /usr/share/lte-dialer/<kind>, and
// <source tree>/config/<kind> when the running program sits in a build directory of the tree.
SearchPath default_search_path(std::string_view kind);

// A name ("simcom") is looked up as <dir>/<name>.yaml in each directory in turn; anything with a
// '/' or ending in .yaml is a path. Throws std::runtime_error listing where it looked.
std::filesystem::path resolve_file(const std::string& name_or_path, const SearchPath& dirs, std::string_view kind);

}  // namespace lte::config
