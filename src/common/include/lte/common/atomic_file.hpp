#pragma once
#include <sys/types.h>

#include <filesystem>
#include <string_view>

namespace lte {

// Replaces `path` with `content` so that a reader (node_exporter, the next start after a power cut)
// sees the old file or the new one, never half of one: written beside it, synced, then renamed.
// The temporary name ends in ".tmp", which node_exporter's textfile collector skips (it reads *.prom).
// Throws std::system_error naming the file.
void write_file_atomically(const std::filesystem::path& path, std::string_view content, mode_t mode = 0644);

}  // namespace lte
