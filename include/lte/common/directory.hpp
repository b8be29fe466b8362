#pragma once
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace lte {

// The names in a directory (no "." or ".."), sorted. Uses readdir with 64-bit offsets and inode
// numbers (the build defines _FILE_OFFSET_BITS=64): on 32-bit armhf, libstdc++'s
// directory_iterator reads with the 32-bit call, which fails with EOVERFLOW on filesystems with
// 64-bit inode numbers and made shipped profiles look absent.
// Throws std::system_error naming the directory when it cannot be read.
std::vector<std::string> list_directory(const std::filesystem::path& dir);

}  // namespace lte
