#include "lte/service/logging.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <stdexcept>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "lte/common/masking_sink.hpp"
#include "lte/service/journal_sink.hpp"

namespace lte::service {

bool fd_matches_journal_stream(int fd, std::string_view journal_stream) {
    const auto colon = journal_stream.find(':');
    if (colon == std::string_view::npos) return false;
    unsigned long long dev = 0, ino = 0;
    const auto dev_part = journal_stream.substr(0, colon);
    const auto ino_part = journal_stream.substr(colon + 1);
    if (std::from_chars(dev_part.data(), dev_part.data() + dev_part.size(), dev).ec != std::errc{}) return false;
    if (std::from_chars(ino_part.data(), ino_part.data() + ino_part.size(), ino).ec != std::errc{}) return false;
    struct stat st {};
    if (::fstat(fd, &st) != 0) return false;
    return st.st_dev == dev && st.st_ino == ino;
}

LogTarget detect_log_target() {
    if (const char* stream = std::getenv("JOURNAL_STREAM"); stream && fd_matches_journal_stream(STDERR_FILENO, stream))
        return LogTarget::Journal;
    if (const char* id = std::getenv("INVOCATION_ID"); id && *id) return LogTarget::Journal;
    return LogTarget::Stderr;
}

spdlog::level::level_enum parse_log_level(std::string_view word) {
    if (word == "warning") return spdlog::level::warn;
    const auto level = spdlog::level::from_str(std::string(word));
    // from_str answers "off" for anything it does not know: only trust it when asked for "off".
    if (level == spdlog::level::off && word != "off")
        throw std::invalid_argument("unknown log level '" + std::string(word) +
                                    "' (use trace, debug, info, warning, error, critical or off)");
    return level;
}

std::shared_ptr<spdlog::logger> make_masked_logger(std::string name, std::shared_ptr<spdlog::sinks::sink> inner,
                                                   spdlog::level::level_enum level) {
    auto logger = std::make_shared<spdlog::logger>(std::move(name), std::make_shared<MaskingSink>(std::move(inner)));
    logger->set_level(level);
    return logger;
}

std::shared_ptr<spdlog::logger> setup_logging(const LogOptions& options) {
    const LogTarget target = options.target.value_or(detect_log_target());
    std::shared_ptr<spdlog::logger> logger;
    if (target == LogTarget::Journal) {
        // journald stamps time, level (PRIORITY=) and unit itself: send the bare message, with the
        // state and ports as fields of their own.
        logger = make_masked_logger(options.ident, std::make_shared<JournalSink>(options.ident), options.level);
    } else {
        logger =
            make_masked_logger(options.ident, std::make_shared<spdlog::sinks::stderr_color_sink_mt>(), options.level);
        logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
    }
    // Warnings and errors reach the journal at once; debug lines may batch.
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(logger);
    return logger;
}

}  // namespace lte::service
