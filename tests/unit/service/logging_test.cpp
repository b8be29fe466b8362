#include "lte/service/logging.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "lte/common/masking_sink.hpp"
#include "lte/common/secrets.hpp"

#include "env_guard.hpp"

namespace lte::service {
namespace {

class SecretsGuard {
public:
    ~SecretsGuard() { SecretRegistry::instance().clear(); }
};

TEST(Logging, RegisteredSecretNeverReachesTheSinkAtAnyLevel) {
    SecretsGuard guard;
    SecretRegistry::instance().add("s3cr3t-APN-pw");
    std::ostringstream out;
    auto logger = make_masked_logger("t", std::make_shared<spdlog::sinks::ostream_sink_mt>(out), spdlog::level::trace);
    logger->set_pattern("%l %v");
    const std::string secret = "s3cr3t-APN-pw";
    logger->trace("> AT+CGAUTH=1,1,\"user\",\"{}\"", secret);
    logger->debug("{}", secret);
    logger->info("password={}; again {}", secret, secret);
    logger->warn("[{}]", secret);
    logger->error("{}", "prefix-" + secret + "-suffix");
    logger->critical(secret);
    logger->flush();
    const std::string text = out.str();
    EXPECT_EQ(text.find(secret), std::string::npos) << text;
    EXPECT_NE(text.find("trace > AT+CGAUTH=***"), std::string::npos) << text;  // by its place, whatever its value
    EXPECT_NE(text.find("info password=***; again ***"), std::string::npos) << text;
    EXPECT_NE(text.find("critical ***"), std::string::npos) << text;
}

TEST(Logging, LevelBelowThresholdIsDropped) {
    std::ostringstream out;
    auto logger = make_masked_logger("t", std::make_shared<spdlog::sinks::ostream_sink_mt>(out), spdlog::level::info);
    logger->debug("AT transcript line");
    logger->info("state change");
    EXPECT_EQ(out.str().find("AT transcript"), std::string::npos);
    EXPECT_NE(out.str().find("state change"), std::string::npos);
}

TEST(Logging, EveryDefaultSinkMasks) {
    for (const LogTarget target : {LogTarget::Stderr, LogTarget::Journal}) {
        auto logger = setup_logging({spdlog::level::debug, target, "lte-dialer-test"});
        EXPECT_EQ(spdlog::default_logger(), logger);
        EXPECT_EQ(logger->level(), spdlog::level::debug);
        ASSERT_FALSE(logger->sinks().empty());
        for (const auto& sink : logger->sinks()) EXPECT_NE(std::dynamic_pointer_cast<MaskingSink>(sink), nullptr);
    }
    spdlog::set_default_logger(spdlog::stderr_color_mt("restored-default"));
}

TEST(Logging, ParsesLevelWords) {
    EXPECT_EQ(parse_log_level("debug"), spdlog::level::debug);
    EXPECT_EQ(parse_log_level("warning"), spdlog::level::warn);
    EXPECT_EQ(parse_log_level("warn"), spdlog::level::warn);
    EXPECT_EQ(parse_log_level("off"), spdlog::level::off);
    EXPECT_THROW((void)parse_log_level("loud"), std::invalid_argument);
}

TEST(Logging, JournalStreamMatchesOnlyTheSameFile) {
    std::FILE* file = std::tmpfile();
    ASSERT_NE(file, nullptr);
    struct stat st {};
    ASSERT_EQ(::fstat(::fileno(file), &st), 0);
    const std::string id = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
    EXPECT_TRUE(fd_matches_journal_stream(::fileno(file), id));
    EXPECT_FALSE(
        fd_matches_journal_stream(::fileno(file), std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino + 1)));
    EXPECT_FALSE(fd_matches_journal_stream(::fileno(file), "garbage"));
    EXPECT_FALSE(fd_matches_journal_stream(::fileno(file), ""));
    std::fclose(file);
}

TEST(Logging, DetectsTheJournalFromTheEnvironment) {
    test::EnvGuard env{"JOURNAL_STREAM", "INVOCATION_ID"};
    ::unsetenv("INVOCATION_ID");
    ::setenv("JOURNAL_STREAM", "0:0", 1);  // some other stream: not ours
    EXPECT_EQ(detect_log_target(), LogTarget::Stderr);

    struct stat st {};
    ASSERT_EQ(::fstat(STDERR_FILENO, &st), 0);
    ::setenv("JOURNAL_STREAM", (std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino)).c_str(), 1);
    EXPECT_EQ(detect_log_target(), LogTarget::Journal);

    ::unsetenv("JOURNAL_STREAM");
    ::setenv("INVOCATION_ID", "0123456789abcdef0123456789abcdef", 1);
    EXPECT_EQ(detect_log_target(), LogTarget::Journal);
}

}  // namespace
}  // namespace lte::service
