#include "lte/cli/profile_detection.hpp"

#include <gtest/gtest.h>

#include "sim_fixture.hpp"

namespace {

using lte::cli::detect_profile;
using lte::service::DeviceInfo;

std::vector<lte::config::Profile> shipped_profiles() {
    return lte::config::load_profiles({std::filesystem::path(LTE_SOURCE_DIR) / "config/profiles"});
}

// SIMCom's composition 1e0e:9001 as sd-device lists it: AT on interface 2, PPP on 3.
std::vector<DeviceInfo> simcom_9001() {
    const std::string usb = "/sys/devices/platform/usb1/1-1";
    return {{"/dev/ttyUSB1", "1e0e", "9001", 1, usb},
            {"/dev/ttyUSB2", "1e0e", "9001", 2, usb},
            {"/dev/ttyUSB3", "1e0e", "9001", 3, usb}};
}

lte::cli::ModelProbe saying(std::vector<std::string> said, std::string* asked = nullptr) {
    return [said, asked](const std::string& tty, std::string& why) {
        if (asked) *asked = tty;
        if (said.empty()) why = "Device or resource busy";
        return said;
    };
}

}  // namespace

TEST(ProfileDetection, ASharedUsbIdIsDecidedByWhatTheModemSays) {
    const auto profiles = shipped_profiles();
    std::string asked;
    const auto sim7600 = detect_profile(profiles, simcom_9001(), saying({"SIMCOM_SIM7600G-H"}, &asked));
    ASSERT_TRUE(sim7600);
    EXPECT_EQ(sim7600->profile->name, "sim7600");
    EXPECT_EQ(asked, "/dev/ttyUSB2") << "asked on the profiles' AT interface";
    EXPECT_NE(sim7600->reason.find("SIMCOM_SIM7600G-H"), std::string::npos) << sim7600->reason;
    EXPECT_NE(sim7600->reason.find("sim7000 or sim7600"), std::string::npos) << sim7600->reason;

    // ATI's lines, as SIMCom writes them, when AT+CGMM said nothing.
    const auto sim7000 = detect_profile(
        profiles, simcom_9001(),
        saying({"Manufacturer: SIMCOM INCORPORATED", "Model: SIMCOM_SIM7000E", "Revision: 1351B04SIM7000E"}));
    ASSERT_TRUE(sim7000);
    EXPECT_EQ(sim7000->profile->name, "sim7000");
    EXPECT_NE(sim7000->reason.find("model 'SIMCOM_SIM7000E'"), std::string::npos) << sim7000->reason;
    EXPECT_EQ(sim7000->reason.find("Revision"), std::string::npos) << "only the model is logged";
}

TEST(ProfileDetection, AModemThatCannotBeAskedKeepsTheFirstAndSaysHowToChoose) {
    const auto profiles = shipped_profiles();  // what detect_profile's answer points into
    const auto detected = detect_profile(profiles, simcom_9001(), saying({}));
    ASSERT_TRUE(detected);
    EXPECT_EQ(detected->profile->name, "sim7000");
    EXPECT_NE(detected->reason.find("Device or resource busy"), std::string::npos) << detected->reason;
    EXPECT_NE(detected->reason.find("set modem.profile"), std::string::npos) << detected->reason;

    const auto unknown = detect_profile(profiles, simcom_9001(), saying({"A7670E-LASE"}));
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->profile->name, "sim7000");
    EXPECT_NE(unknown->reason.find("A7670E-LASE"), std::string::npos) << unknown->reason;
}

TEST(ProfileDetection, AnIdOfOneProfileNeedsNoQuestion) {
    bool asked = false;
    const auto profiles = shipped_profiles();
    const std::vector<DeviceInfo> ec25{{"/dev/ttyUSB2", "2c7c", "0125", 2, "/sys/x"}};
    const auto detected = detect_profile(profiles, ec25, [&](const std::string&, std::string&) {
        asked = true;
        return std::vector<std::string>{};
    });
    ASSERT_TRUE(detected);
    EXPECT_EQ(detected->profile->name, "ec25");
    EXPECT_FALSE(asked);
    EXPECT_FALSE(detect_profile(profiles, {{"/dev/ttyACM0", "1234", "5678", 0, "/sys/y"}}, saying({})));
}

TEST(ProfileDetection, AskModelReadsTheSimulatedModemOverItsTty) {
    lte::test::SimFixture sim;
    std::string why;
    const auto said = lte::cli::ask_model(sim.at_port(), why);
    ASSERT_FALSE(said.empty()) << why;
    EXPECT_EQ(said.front(), "SIM7600G-H");  // AT+CGMM's answer first, then ATI's lines
    EXPECT_NE(std::find(said.begin(), said.end(), "Model: SIM7600G-H"), said.end());
    const auto received = sim.received();
    EXPECT_NE(std::find(received.begin(), received.end(), "AT+CGMM"), received.end());

    const auto gone = lte::cli::ask_model(sim.dir() / "no-such-tty", why);
    EXPECT_TRUE(gone.empty());
    EXPECT_NE(why.find("no-such-tty"), std::string::npos) << why;
}
