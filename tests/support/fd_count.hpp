#pragma once
#include <filesystem>

namespace lte::test {

// Open descriptors of this process, to prove that nothing leaked.
inline std::size_t open_fd_count() {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
    return n;
}

}  // namespace lte::test
