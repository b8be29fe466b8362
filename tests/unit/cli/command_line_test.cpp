// The product binaries' own command lines, run as a user would type them.
#include <filesystem>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "process.hpp"

namespace lte::cli {
namespace {

using testing::HasSubstr;
using testing::Not;

struct Outcome {
    int code = -1;
    std::string out, err;
};

Outcome run(const std::string& program, const std::vector<std::string>& args) {
    const auto dir =
        std::filesystem::temp_directory_path() /
        ("lte-cli-" + std::to_string(::getpid()) + "-" + testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir);
    test::Process p(program, args, dir / "out", dir / "err");
    Outcome r;
    r.code = p.wait(std::chrono::seconds(30)).value_or(-1);
    r.out = p.out();
    r.err = p.err();
    std::filesystem::remove_all(dir);
    return r;
}

TEST(CommandLine, MistypedSubcommandIsNamedWithASuggestion) {
    const Outcome r = run(LTE_DIALER_BINARY, {"stauts"});
    EXPECT_EQ(r.code, 2);
    EXPECT_THAT(r.err, HasSubstr("unknown subcommand 'stauts'; did you mean 'status'?"));
    EXPECT_THAT(r.err, Not(HasSubstr("A subcommand is required")));
}

TEST(CommandLine, UnrelatedWordGetsNoSuggestion) {
    const Outcome r = run(LTE_DIALER_BINARY, {"frobnicate"});
    EXPECT_EQ(r.code, 2);
    EXPECT_THAT(r.err, HasSubstr("unknown subcommand 'frobnicate'"));
    EXPECT_THAT(r.err, Not(HasSubstr("did you mean")));
}

TEST(CommandLine, NoSubcommandStillSaysOneIsRequired) {
    const Outcome r = run(LTE_DIALER_BINARY, {});
    EXPECT_EQ(r.code, 2);
    EXPECT_THAT(r.err + r.out, HasSubstr("subcommand"));
}

TEST(CommandLine, InfoHelpListsOnlyTheOptionsInfoUses) {
    const Outcome r = run(LTE_DIALER_BINARY, {"info", "--help"});
    EXPECT_EQ(r.code, 0);
    for (const char* used : {"--config", "--at-port", "--profile", "--baud", "--json", "--show-ids", "--socket"})
        EXPECT_THAT(r.out, HasSubstr(used));
    for (const char* unused :
         {"--apn", "--user", "--password", "--auth", "--pdp-type", "--cid", "--sequence", "--dial-only", "--verbose"})
        EXPECT_THAT(r.out, Not(HasSubstr(unused)));
}

TEST(CommandLine, ConnectHelpStillListsTheDialOptions) {
    const Outcome r = run(LTE_DIALER_BINARY, {"connect", "--help"});
    EXPECT_EQ(r.code, 0);
    for (const char* used : {"--apn", "--password-file", "--at-port", "--sequence"})
        EXPECT_THAT(r.out, HasSubstr(used));
}

TEST(CommandLine, SimulatorPrintsItsVersion) {
    const Outcome r = run(LTE_SIM_BINARY, {"--version"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_THAT(r.out, testing::MatchesRegex("lte-modem-sim [0-9]+\\.[0-9]+\\.[0-9]+\n"));
}

}  // namespace
}  // namespace lte::cli
