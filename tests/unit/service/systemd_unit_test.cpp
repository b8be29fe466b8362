// The shipped systemd units and udev rule: hardened enough, valid, and in step with the profiles.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

namespace {

namespace fs = std::filesystem;

const fs::path kSource = LTE_SOURCE_DIR;

struct CommandResult {
    int status = -1;
    std::string output;  // stdout and stderr
};

CommandResult run(const std::string& command) {
    CommandResult result;
    std::FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return result;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) result.output.append(buf, n);
    const int status = ::pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

bool have_systemd_analyze() { return run("command -v systemd-analyze").status == 0; }

std::string read_file(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

class UnitFile : public ::testing::TestWithParam<const char*> {
protected:
    void SetUp() override {
        if (!have_systemd_analyze()) GTEST_SKIP() << "systemd-analyze is not installed";
    }
    fs::path unit() const { return kSource / "systemd" / GetParam(); }
};

TEST_P(UnitFile, SecurityExposureIsAtMostFour) {
    const CommandResult r = run("systemd-analyze security --offline=true '" + unit().string() + "'");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.output, m, std::regex(R"(Overall exposure level for \S+: ([0-9]+\.[0-9]+))")))
        << r.output;
    const double exposure = std::stod(m[1].str());
    EXPECT_LE(exposure, 4.0) << r.output;
}

TEST_P(UnitFile, VerifiesCleanly) {
    // verify also insists that ExecStart's binary exists; it is not installed on a build machine,
    // so a copy points at /bin/true and everything else is checked as shipped.
    const fs::path dir = fs::temp_directory_path() / ("lte-unit-verify-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path copy = dir / GetParam();
    std::string text = read_file(unit());
    ASSERT_NE(text.find("ExecStart=/usr/bin/lte-dialer run"), std::string::npos);
    if (std::string(GetParam()).find('@') != std::string::npos) {
        EXPECT_NE(text.find(" --instance %i"), std::string::npos) << "each instance names its own pppd link";
    }
    text = std::regex_replace(text, std::regex("/usr/bin/lte-dialer"), "/bin/true");
    std::ofstream(copy) << text;
    const CommandResult r = run("systemd-analyze verify --man=no '" + copy.string() + "'");
    fs::remove_all(dir);
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(r.output, "") << "warnings mean a directive was ignored";
}

INSTANTIATE_TEST_SUITE_P(Shipped, UnitFile, ::testing::Values("lte-dialer.service", "lte-dialer@.service"),
                         [](const auto& param_info) {
                             return std::string(param_info.param).find('@') != std::string::npos ? "Template"
                                                                                                 : "Single";
                         });

// READY=1 comes only when the link is up, and multi-user.target waits for what it wants unless
// that says DefaultDependencies=no: a Pi out of coverage would never finish booting (checked by
// scripts/e2e-system.sh, STEP boot-not-held). The usual dependencies stay, minus that one.
TEST(UnitFiles, DoNotHoldTheBootUntilOnline) {
    for (const char* name : {"lte-dialer.service", "lte-dialer@.service"}) {
        const std::string text = read_file(kSource / "systemd" / name);
        for (const char* line :
             {"\nDefaultDependencies=no\n", "\nRequires=sysinit.target\n", "\nAfter=sysinit.target basic.target\n",
              "\nConflicts=shutdown.target\n", "\nBefore=shutdown.target\n", "\nWantedBy=multi-user.target\n"})
            EXPECT_NE(text.find(line), std::string::npos) << name << " lacks" << line;
    }
}

// DeviceAllow=char-ttyUSB resolves through /proc/devices when the unit starts: started at boot
// before the USB serial driver was loaded, the dialer got EPERM on its modem forever (found by
// scripts/e2e-system.sh, STEP reboot-online). The package loads the drivers early.
TEST(UnitFiles, TheirDeviceGroupsHaveTheirDriversLoadedAtBoot) {
    const std::string modules = read_file(kSource / "packaging" / "lte-dialer.modules-load");
    const std::string packaging = read_file(kSource / "cmake" / "Packaging.cmake");
    EXPECT_NE(packaging.find("lte-dialer.modules-load DESTINATION ${CMAKE_INSTALL_PREFIX}/lib/modules-load.d"),
              std::string::npos);
    const std::map<std::string, std::string> driver_of{{"char-ttyUSB", "\nusbserial\n"},
                                                       {"char-ttyACM", "\ncdc_acm\n"}};
    for (const char* name : {"lte-dialer.service", "lte-dialer@.service"}) {
        const std::string text = read_file(kSource / "systemd" / name);
        for (const auto& [group, module] : driver_of) {
            ASSERT_NE(text.find("DeviceAllow=" + group + " rw"), std::string::npos) << name << " " << group;
            EXPECT_NE(modules.find(module), std::string::npos) << group << " needs" << module;
        }
    }
}

// Under ProtectSystem=strict the DNS hook can only reach a plain /etc/resolv.conf if the unit lets
// it write that one file (checked by scripts/e2e-system.sh, STEP dns-plain); the generator adds it
// only then (tests/package/resolv-generator-test.sh): named in the unit itself, resolvconf's link
// target became a mount point that resolvconf could not replace (STEP dns-resolvconf).
TEST(UnitFiles, LetTheDnsHookWriteResolvConfOnlyThroughTheGenerator) {
    for (const char* name : {"lte-dialer.service", "lte-dialer@.service"}) {
        const std::string text = read_file(kSource / "systemd" / name);
        EXPECT_NE(text.find("\nProtectSystem=strict\n"), std::string::npos) << name;
        EXPECT_NE(text.find("\nReadWritePaths=-/etc/ppp /run\n"), std::string::npos) << name;
        EXPECT_EQ(text.find("ReadWritePaths=-/etc/resolv.conf"), std::string::npos) << name;
    }
    const std::string packaging = read_file(kSource / "cmake" / "Packaging.cmake");
    EXPECT_NE(packaging.find("resolv-generator DESTINATION /lib/systemd/system-generators RENAME lte-dialer-resolv"),
              std::string::npos);
}

TEST(UdevRule, KeepsModemManagerOffEveryProfiledModem) {
    const std::string rules = read_file(kSource / "systemd" / "70-lte-dialer.rules");
    ASSERT_FALSE(rules.empty());
    int ids = 0;
    for (const auto& entry : fs::directory_iterator(kSource / "config" / "profiles")) {
        if (entry.path().extension() != ".yaml") continue;
        const YAML::Node profile = YAML::LoadFile(entry.path().string());
        for (const auto& usb : profile["usb"]) {
            const std::string line = "ATTRS{idVendor}==\"" + usb["vid"].as<std::string>() + "\", ATTRS{idProduct}==\"" +
                                     usb["pid"].as<std::string>() + "\", ENV{ID_MM_DEVICE_IGNORE}=\"1\"";
            EXPECT_NE(rules.find(line), std::string::npos) << entry.path() << " needs: " << line;
            ++ids;
        }
    }
    EXPECT_GT(ids, 0) << "no USB ids found in config/profiles";
}

}  // namespace
