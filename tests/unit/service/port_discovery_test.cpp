#include "lte/service/port_discovery.hpp"

#include <gtest/gtest.h>

namespace lte::service {
namespace {

using namespace std::chrono_literals;

const PortSpec kEc25{"2c7c", "0125", 2, 3};  // Quectel EC25: AT on interface 2, modem (data) on 3
const std::string kUsbA = "/sys/devices/platform/soc/usb1/1-1";
const std::string kUsbB = "/sys/devices/platform/soc/usb1/1-2";

std::vector<DeviceInfo> ec25_at(const std::string& syspath, int first_tty) {
    std::vector<DeviceInfo> devices;
    for (int i = 0; i < 4; ++i)
        devices.push_back({"/dev/ttyUSB" + std::to_string(first_tty + i), "2c7c", "0125", i, syspath});
    return devices;
}

TEST(MatchPorts, FindsAtAndDataByInterfaceNumber) {
    const auto found = match_ports(ec25_at(kUsbA, 0), kEc25);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->at_port, "/dev/ttyUSB2");
    EXPECT_EQ(found->data_port, "/dev/ttyUSB3");
    EXPECT_EQ(found->usb_syspath, kUsbA);
}

TEST(MatchPorts, FollowsTheModemAcrossReEnumeration) {
    // After a reset the kernel handed out new names: the same interfaces are now ttyUSB4..7.
    const auto found = match_ports(ec25_at(kUsbA, 4), kEc25);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->at_port, "/dev/ttyUSB6");
    EXPECT_EQ(found->data_port, "/dev/ttyUSB7");
}

TEST(MatchPorts, IgnoresOtherDevicesAndIsCaseInsensitive) {
    std::vector<DeviceInfo> devices{
        {"/dev/ttyUSB0", "0403", "6001", 0, "/sys/ftdi"},    // a USB-serial console cable
        {"/dev/ttyUSB1", "1E0E", "9001", 2, "/sys/simcom"},  // another modem
    };
    for (auto& d : ec25_at(kUsbA, 2)) {
        d.vendor = "2C7C";
        devices.push_back(d);
    }
    const auto found = match_ports(devices, kEc25);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->at_port, "/dev/ttyUSB4");
    EXPECT_EQ(found->data_port, "/dev/ttyUSB5");
}

TEST(MatchPorts, NeedsBothPortsOfTheSameModem) {
    // The AT port of one EC25 and the data port of another must not be paired.
    const std::vector<DeviceInfo> devices{{"/dev/ttyUSB2", "2c7c", "0125", 2, kUsbA},
                                          {"/dev/ttyUSB7", "2c7c", "0125", 3, kUsbB}};
    EXPECT_FALSE(match_ports(devices, kEc25));
}

TEST(MatchPorts, TwoModemsPickTheSameOneEveryTime) {
    auto devices = ec25_at(kUsbB, 4);
    for (auto& d : ec25_at(kUsbA, 0)) devices.push_back(d);
    const auto found = match_ports(devices, kEc25);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->usb_syspath, kUsbA);
    EXPECT_EQ(found->at_port, "/dev/ttyUSB2");
}

TEST(MatchPorts, NothingPluggedIn) { EXPECT_FALSE(match_ports({}, kEc25)); }

TEST(EnumerateUsbTtys, RunsAgainstThisMachinesDevices) {
    std::vector<DeviceInfo> devices;
    ASSERT_NO_THROW(devices = enumerate_usb_ttys());
    // Whatever is plugged in here (nothing, on the CI machines), every entry must be complete.
    for (const auto& d : devices) {
        EXPECT_TRUE(d.devnode.starts_with("/dev/")) << d.devnode;
        EXPECT_FALSE(d.vendor.empty()) << d.devnode;
        EXPECT_GE(d.interface_number, 0) << d.devnode;
    }
    EXPECT_FALSE(match_ports(devices, PortSpec{"ffff", "fffe", 2, 3}));
}

}  // namespace
}  // namespace lte::service
