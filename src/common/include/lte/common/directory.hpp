#pragma once
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace lte {

// The names in a directory (no "." or ".."), sorted. Unlike a directory_iterator given an
// error_code, an unreadable directory is an error naming it, not an empty listing that later
// reads as "no profiles were found". (64-bit readdir on 32-bit armhf: see _FILE_OFFSET_BITS.)
// Throws std::system_error naming the directory when it cannot be read.
std::vector<std::string> list_directory(const std::filesystem::path& dir);

}  // namespace lte
