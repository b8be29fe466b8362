#include "lte/config/profile.hpp"

#include <gtest/gtest.h>

#include "lte/common/secrets.hpp"
#include "lte/sequence/yaml_reader.hpp"

using namespace lte::config;

TEST(Profile, ReadsIdsInterfacesAndQuirks) {
    const auto p = parse_profile(R"(
name: sim7600
usb: [{vid: "1e0e", pid: "9001"}]
models: [SIM7600]
at_interface: 2
data_interface: 3
sequence: simcom
reset: "AT+CFUN=1,1"
quirks: {cgauth_order: password_first, auth_auto_code: 3}
)",
                                 "p.yaml");
    ASSERT_EQ(p.usb.size(), 1u);
    EXPECT_EQ(p.usb[0], (UsbId{0x1e0e, 0x9001}));
    EXPECT_EQ(p.at_interface, 2);
    EXPECT_EQ(p.cgauth_order, CgauthOrder::PasswordFirst);
    EXPECT_EQ(p.auth_auto_code, 3);
}

TEST(Profile, BadUsbIdIsLocated) {
    try {
        parse_profile("name: x\nusb:\n  - {vid: \"1e0e\", pid: 90x1}\n", "p.yaml");
        FAIL() << "accepted a bad pid";
    } catch (const lte::sequence::YamlError& e) {
        EXPECT_EQ(e.line(), 3);
        EXPECT_EQ(e.column(), 24);
        EXPECT_NE(e.problem().find("four hex digits"), std::string::npos) << e.what();
    }
}

TEST(Profile, UnknownQuirkSuggestsTheRightOne) {
    try {
        parse_profile("name: x\nquirks:\n  cgauth_ordre: password_first\n", "p.yaml");
        FAIL() << "accepted an unknown quirk";
    } catch (const lte::sequence::YamlError& e) {
        EXPECT_EQ(e.line(), 3);
        EXPECT_NE(e.problem().find("did you mean 'cgauth_order'"), std::string::npos) << e.what();
    }
}

TEST(Profile, SharedUsbIdIsToldApartByModel) {
    std::vector<Profile> profiles(2);
    profiles[0].name = "sim7000";
    profiles[0].usb = {{0x1e0e, 0x9001}};
    profiles[0].models = {"SIMCOM_SIM7000"};
    profiles[1].name = "sim7600";
    profiles[1].usb = {{0x1e0e, 0x9001}};
    profiles[1].models = {"SIMCOM_SIM7600"};
    EXPECT_EQ(match_usb(profiles, {0x1e0e, 0x9001}, "SIMCOM_SIM7600G-H")->name, "sim7600");
    EXPECT_EQ(match_usb(profiles, {0x1e0e, 0x9001}, "SIMCOM_SIM7000E")->name, "sim7000");
    EXPECT_EQ(match_usb(profiles, {0x1e0e, 0x9001})->name, "sim7000") << "without a model: the first";
    EXPECT_EQ(match_usb(profiles, {0x2c7c, 0x0125}), nullptr);
}

TEST(Profile, SecretCommandsAreMaskedOnceLoaded) {
    lte::SecretRegistry::instance().clear();
    EXPECT_EQ(lte::mask_secrets("AT+XAUTH=1,\"pw\""), "AT+XAUTH=1,\"pw\"");
    const auto p = parse_profile("name: x\nsecret_commands: [\"+XAUTH\"]\n", "p.yaml");
    EXPECT_EQ(p.secret_commands, std::vector<std::string>{"+XAUTH"});
    EXPECT_EQ(lte::mask_secrets("AT+XAUTH=1,\"pw\""), "AT+XAUTH=***");
    lte::SecretRegistry::instance().clear();
    EXPECT_THROW(parse_profile("name: x\nsecret_commands: [\"XAUTH\"]\n", "p.yaml"), lte::sequence::YamlError);
}

TEST(Profile, ServingCellIsAQueryTheDialerCanRead) {
    EXPECT_EQ(parse_profile("name: s\nserving_cell: \"AT+CPSI?\"\n", "p.yaml").serving_cell_command, "AT+CPSI?");
    EXPECT_TRUE(parse_profile("name: g\n", "p.yaml").serving_cell_command.empty());
    try {
        (void)parse_profile("name: q\nserving_cell: 'AT+QENG=\"servingcell\"'\n", "p.yaml");
        ADD_FAILURE() << "a query without a parser was taken";
    } catch (const lte::sequence::YamlError& e) {
        EXPECT_EQ(e.line(), 2);
        EXPECT_NE(std::string(e.what()).find("reads only SIMCom's AT+CPSI?"), std::string::npos) << e.what();
    }
}
