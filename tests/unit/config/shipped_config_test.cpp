// Every file under config/ loads cleanly, and check-config finds what it should.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "lte/common/secrets.hpp"
#include "lte/config/config.hpp"
#include "lte/sequence/loader.hpp"

using namespace lte::config;
namespace fs = std::filesystem;

namespace {

const fs::path kConfig = fs::path(LTE_SOURCE_DIR) / "config";
const SearchPath kProfiles{kConfig / "profiles"};
const SearchPath kSequences{kConfig / "sequences"};

std::string messages(const std::vector<Problem>& problems) {
    std::string out;
    for (const auto& p : problems) out += p.message + "\n";
    return out;
}

class TempConfig {
public:
    explicit TempConfig(const std::string& text)
        : path_(fs::temp_directory_path() / ("lte-check-" + std::to_string(::getpid()) + ".yaml")) {
        std::ofstream(path_) << text;
        fs::permissions(path_, fs::perms::owner_read | fs::perms::owner_write);
    }
    ~TempConfig() { fs::remove(path_); }
    [[nodiscard]] const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

}  // namespace

TEST(ShippedConfig, EveryProfileLoadsAndNamesAShippedSequence) {
    const auto profiles = load_profiles(kProfiles);
    std::size_t files = 0;
    for (const auto& entry : fs::directory_iterator(kConfig / "profiles")) files += entry.path().extension() == ".yaml";
    EXPECT_EQ(profiles.size(), files);
    EXPECT_GE(files, 7u);
    for (const auto& p : profiles) {
        EXPECT_EQ(p.name + ".yaml", fs::path(p.source).filename().string());
        EXPECT_NO_THROW(lte::sequence::load_sequence(resolve_file(p.sequence, kSequences, "sequence"))) << p.name;
    }
}

TEST(ShippedConfig, UsbIdsMatchModemManagersRules) {
    const auto profiles = load_profiles(kProfiles);
    EXPECT_EQ(match_usb(profiles, {0x2c7c, 0x0125})->name, "ec25");
    EXPECT_EQ(match_usb(profiles, {0x2c7c, 0x0121})->name, "ec21");
    EXPECT_EQ(match_usb(profiles, {0x2c7c, 0x0296})->name, "bg96");
    EXPECT_EQ(match_usb(profiles, {0x1e0e, 0x9001}, "SIMCOM_SIM7600G-H")->name, "sim7600");
    EXPECT_EQ(match_usb(profiles, {0x1e0e, 0x9001}, "SIMCOM_SIM7000E")->name, "sim7000");
    EXPECT_EQ(match_usb(profiles, {0x1e0e, 0x9011}, "SIM7672JP-MNGV")->name, "sim7672");
}

TEST(ShippedConfig, ExampleConfigLoadsAndChecksClean) {
    const auto c = parse_config(
        [] {
            std::ifstream in(kConfig / "config.yaml");
            return std::string(std::istreambuf_iterator<char>(in), {});
        }(),
        "config.yaml");
    EXPECT_EQ(c.apn, "soracom.io");
    EXPECT_EQ(c.user, "sora");
    EXPECT_EQ(c.profile, "auto");

    // The shipped file itself may be world-readable in the tree; check a private copy.
    std::ifstream in(kConfig / "config.yaml");
    const TempConfig copy(std::string(std::istreambuf_iterator<char>(in), {}));
    const auto problems = validate_config(copy.path(), kProfiles, kSequences);
    EXPECT_TRUE(problems.empty()) << messages(problems);
    lte::SecretRegistry::instance().clear();
}

TEST(CheckConfig, ReportsUnknownProfileAndBrokenSequenceWithLocations) {
    const TempConfig unknown("apn: x\nmodem: {profile: sim9999}\n");
    auto problems = validate_config(unknown.path(), kProfiles, kSequences);
    ASSERT_EQ(problems.size(), 1u) << messages(problems);
    EXPECT_NE(problems[0].message.find("no profile named 'sim9999'"), std::string::npos) << messages(problems);

    const fs::path broken = fs::temp_directory_path() / ("lte-broken-" + std::to_string(::getpid()) + ".yaml");
    std::ofstream(broken) << "name: broken\nsteps:\n  - {send: AT, retry: {times: many}}\n";
    const TempConfig uses_broken("apn: x\nmodem: {profile: ec25, sequence: " + broken.string() + "}\n");
    problems = validate_config(uses_broken.path(), kProfiles, kSequences);
    fs::remove(broken);
    ASSERT_EQ(problems.size(), 1u) << messages(problems);
    EXPECT_NE(problems[0].message.find(broken.string() + ":3:31: retry.times must be a whole number"),
              std::string::npos)
        << messages(problems);
}

TEST(CheckConfig, ConfigErrorIsTheOnlyProblemReported) {
    const TempConfig bad("apn: x\ncid: zero\n");
    const auto problems = validate_config(bad.path(), kProfiles, kSequences);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].message.find(":2:6: cid must be a whole number"), std::string::npos) << messages(problems);
}

TEST(SearchPath, LooksInOrderAndSaysWhere) {
    const SearchPath dirs{"/nonexistent/etc", kConfig / "sequences"};
    EXPECT_EQ(resolve_file("simcom", dirs, "sequence"), kConfig / "sequences" / "simcom.yaml");
    try {
        resolve_file("nope", dirs, "sequence");
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/etc"), std::string::npos) << e.what();
    }
    const auto defaults = default_search_path("sequences");
    ASSERT_GE(defaults.size(), 2u);
    EXPECT_EQ(defaults[0], "/etc/lte-dialer/sequences");
    EXPECT_EQ(defaults[1], "/usr/share/lte-dialer/sequences");
    // Run from a build directory inside the tree, the tree's own files are found last.
    const auto exe = fs::read_symlink("/proc/self/exe").string();
    if (exe.rfind(fs::path(LTE_SOURCE_DIR).string() + "/", 0) == 0) {
        ASSERT_EQ(defaults.size(), 3u);
        EXPECT_TRUE(fs::equivalent(defaults[2], kConfig / "sequences"));
    }
}
