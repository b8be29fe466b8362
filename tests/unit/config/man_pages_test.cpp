// The man pages (man/*.scd) stay true: every key the loader accepts is in lte-dialer.yaml(5), and
// every subcommand and option each program's --help lists is in its page.
#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lte/config/config.hpp"

namespace lte::config {
namespace {

std::string read_page(const std::string& name) {
    std::ifstream in(std::string(LTE_SOURCE_DIR) + "/man/" + name + ".scd");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string output_of(const std::string& command) {
    std::string out;
    const std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen((command + " 2>&1").c_str(), "r"), ::pclose);
    if (!pipe) return out;
    std::array<char, 4096> buf{};
    while (const std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe.get())) out.append(buf.data(), n);
    return out;
}

// "--at-port", "-c" ... of a --help text (CLI11's "  -c,--config TEXT   ..." lines).
std::vector<std::string> options_of(const std::string& help) {
    std::vector<std::string> options;
    static const std::regex option(R"(^\s+((-\w),)?(--[\w-]+))");
    std::istringstream lines(help);
    for (std::string line; std::getline(lines, line);) {
        std::smatch m;
        if (!std::regex_search(line, m, option)) continue;
        options.push_back(m[3]);
        if (m[2].matched) options.push_back(m[2]);
    }
    return options;
}

TEST(ManPages, EveryConfigurationKeyIsInTheYamlPage) {
    const std::string page = read_page("lte-dialer.yaml.5");
    ASSERT_FALSE(page.empty());
    std::size_t keys = 0;
    const auto& sections = accepted_keys();
    const auto is_section = [&](std::string_view key) {
        return std::any_of(sections.begin(), sections.end(), [&](const auto& s) { return s.section == key; });
    };
    for (const auto& section : sections)
        for (const auto key : section.keys) {
            const std::string name =
                section.section.empty() ? std::string(key) : std::string(section.section) + "." + std::string(key);
            // A key that is a section has a heading of its own; every other key an entry "*name*".
            const std::string entry =
                section.section.empty() && is_section(key) ? "\n# " + name + "\n" : "*" + name + "*";
            EXPECT_THAT(page, testing::HasSubstr(entry)) << name << " is not documented in lte-dialer.yaml(5)";
            ++keys;
        }
    EXPECT_GT(keys, 50U);
}

TEST(ManPages, EverySubcommandAndOptionOfLteDialerIsInItsPage) {
    const std::string page = read_page("lte-dialer.1");
    ASSERT_FALSE(page.empty());
    for (const char* sub : {"connect", "run", "status", "at", "down", "up", "info", "check-config"}) {
        EXPECT_THAT(page, testing::HasSubstr("\n*" + std::string(sub) + "*")) << sub << " has no entry under COMMANDS";
        const std::string help = output_of(std::string(LTE_DIALER_BINARY) + " " + sub + " --help");
        ASSERT_THAT(help, testing::HasSubstr("--help")) << help;
        for (const auto& option : options_of(help))
            EXPECT_THAT(page, testing::HasSubstr("*" + option)) << sub << " " << option << " is not in lte-dialer(1)";
    }
}

TEST(ManPages, EveryOptionOfTheSimulatorIsInItsPage) {
    const std::string page = read_page("lte-modem-sim.1");
    const std::string help = output_of(std::string(LTE_SIM_BINARY) + " --help");
    const auto options = options_of(help);
    ASSERT_GT(options.size(), 20U) << help;
    for (const auto& option : options)
        EXPECT_THAT(page, testing::HasSubstr("*" + option + "*")) << option << " is not in lte-modem-sim(1)";
}

}  // namespace
}  // namespace lte::config
