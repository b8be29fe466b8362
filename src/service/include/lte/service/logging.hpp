#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <spdlog/logger.h>

namespace lte::service {

enum class LogTarget { Journal, Stderr };

// Journald when systemd started us with stderr connected to the journal (JOURNAL_STREAM names
// stderr's device:inode) or when INVOCATION_ID says we run as a unit; stderr otherwise.
[[nodiscard]] LogTarget detect_log_target();
// True when journal_stream ("<dev>:<ino>", as systemd sets JOURNAL_STREAM) is the file fd refers to.
[[nodiscard]] bool fd_matches_journal_stream(int fd, std::string_view journal_stream);

struct LogOptions {
    spdlog::level::level_enum level = spdlog::level::info;  // --verbose: debug (the AT transcript)
    std::optional<LogTarget> target;                        // nullopt: detect_log_target()
    std::string ident = "lte-dialer";                       // SYSLOG_IDENTIFIER in the journal
};

// "trace", "debug", "info", "warning"/"warn", "error", "critical", "off"; throws
// std::invalid_argument naming the accepted words otherwise.
[[nodiscard]] spdlog::level::level_enum parse_log_level(std::string_view word);

// A logger whose every sink is wrapped in MaskingSink, so no registered secret reaches output.
[[nodiscard]] std::shared_ptr<spdlog::logger> make_masked_logger(std::string name,
                                                                 std::shared_ptr<spdlog::sinks::sink> inner,
                                                                 spdlog::level::level_enum level);

// Builds the journald or stderr logger and makes it spdlog's default.
std::shared_ptr<spdlog::logger> setup_logging(const LogOptions& options);

}  // namespace lte::service
