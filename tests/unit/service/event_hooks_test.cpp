// What a hook is given and which files are hooks; running them is the hooks lane's (tests/sim).
#include "lte/service/event_hooks.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lte/common/secrets.hpp"

namespace lte::service {
namespace {

using testing::ElementsAre;
using testing::HasSubstr;
using testing::Not;

TEST(HookEnvironment, OnlyTheLteVariablesAPathAndNoSecret) {
    SecretRegistry::instance().add("pw-hook-7731");
    HookEvent e{"down",
                "recovering",
                "redial in 2 s: AT+CPIN=\"1234\" failed, user pw-hook-7731\nsecond line",
                "ppp0",
                "10.0.0.2",
                "10.0.0.1",
                "8.8.8.8",
                ""};
    const auto env = hook_environment(e, "north");
    SecretRegistry::instance().clear();
    EXPECT_EQ(env.size(), 10U);
    EXPECT_EQ(env.front(), "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    std::string all;
    for (const auto& v : env) all += v + "\n";
    EXPECT_THAT(all, HasSubstr("LTE_EVENT=down\n"));
    EXPECT_THAT(all, HasSubstr("LTE_INSTANCE=north\n"));
    EXPECT_THAT(all, HasSubstr("LTE_DNS2=\n"));
    EXPECT_THAT(all, Not(HasSubstr("pw-hook-7731")));
    EXPECT_THAT(all, Not(HasSubstr("1234")));
    EXPECT_THAT(all, HasSubstr(" second line\n")) << "one variable stays one line";
}

TEST(ListHooks, ExecutableFilesByNameWithoutLeftovers) {
    const auto dir = std::filesystem::temp_directory_path() / ("lte-hooks-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "90-a-directory");
    for (const char* name : {"20-vpn", "10-led", ".hidden", "30-backup~", "40-x.dpkg-dist", "50-y.ucf-old", "60-plain"})
        std::ofstream(dir / name) << "#!/bin/sh\n";
    for (const char* name : {"20-vpn", "10-led", ".hidden", "30-backup~", "40-x.dpkg-dist", "50-y.ucf-old"})
        ::chmod((dir / name).c_str(), 0755);
    std::vector<std::string> names;
    for (const auto& hook : list_hooks(dir)) names.push_back(hook.filename().string());
    EXPECT_THAT(names, ElementsAre("10-led", "20-vpn"));
    EXPECT_TRUE(list_hooks(dir / "absent").empty()) << "no directory: no hooks, no error";
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lte::service
