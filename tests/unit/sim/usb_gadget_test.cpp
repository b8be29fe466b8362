// lte-modem-sim --gadget's two parts without a kernel gadget: UsbGadget on a configfs-shaped
// directory (configfs attributes are files written once), GadgetPort on a pty standing in for
// /dev/ttyGS<n>. The system lane (scripts/e2e-system.sh) runs both on the real gadget stack.
#include "lte/sim/usb_gadget.hpp"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "lte/common/asio.hpp"
#include "lte/common/scoped_fd.hpp"
#include "lte/sim/gadget_port.hpp"

namespace lte::sim {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string slurp(const fs::path& file) {
    std::ifstream in(file);
    return {std::istreambuf_iterator<char>(in), {}};
}

class FakeConfigfs : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("usb-gadget-test-" + std::to_string(::getpid()));
        fs::remove_all(root_);
        fs::create_directories(gadget() / "functions" / "gser.at");
        fs::create_directories(gadget() / "functions" / "gser.modem");
        std::ofstream(gadget() / "UDC") << "\n";
        std::ofstream(gadget() / "functions" / "gser.at" / "port_num") << "2\n";
        std::ofstream(gadget() / "functions" / "gser.modem" / "port_num") << "3\n";
        fs::create_directories(root_ / "gadgets" / "other");
        std::ofstream(root_ / "gadgets" / "other" / "UDC") << "dummy_udc.0\n";  // taken
        fs::create_directories(root_ / "udc" / "dummy_udc.0");
        fs::create_directories(root_ / "udc" / "dummy_udc.1");
    }
    void TearDown() override { fs::remove_all(root_); }
    fs::path gadget() const { return root_ / "gadgets" / "sim7600a"; }
    UsbGadget make(std::string udc = "") const {
        return UsbGadget(gadget(), std::move(udc), root_ / "dev", root_ / "udc");
    }
    fs::path root_;
};

TEST_F(FakeConfigfs, FunctionsMapToTheirGadgetTtys) {
    const UsbGadget g = make();
    EXPECT_EQ(g.tty_of("gser.at"), (root_ / "dev" / "ttyGS2").string());
    EXPECT_EQ(g.tty_of("gser.modem"), (root_ / "dev" / "ttyGS3").string());
    try {
        (void)g.tty_of("gser.nmea");
        FAIL() << "a function that is not there";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("gser.nmea/port_num"), std::string::npos) << e.what();
    }
}

TEST_F(FakeConfigfs, PlugsIntoTheFirstFreeControllerAndUnplugs) {
    UsbGadget g = make();
    EXPECT_EQ(g.udc(), "dummy_udc.1") << "dummy_udc.0 belongs to the other gadget";
    EXPECT_FALSE(g.plugged());
    g.plug();
    EXPECT_EQ(slurp(gadget() / "UDC"), "dummy_udc.1\n");
    EXPECT_TRUE(g.plugged());
    g.unplug();
    EXPECT_EQ(slurp(gadget() / "UDC"), "\n");
    EXPECT_FALSE(g.plugged());
    EXPECT_EQ(make("dummy_udc.7").udc(), "dummy_udc.7") << "a named controller is taken as given";
}

TEST_F(FakeConfigfs, RefusesADirectoryThatIsNoGadget) {
    EXPECT_THROW(UsbGadget(root_ / "udc", "", root_ / "dev", root_ / "udc"), std::runtime_error);
    fs::remove_all(root_ / "udc" / "dummy_udc.1");
    try {
        (void)make();
        FAIL() << "no controller left";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("no free USB device controller"), std::string::npos) << e.what();
    }
}

// The host's side of the pty plays the USB host: what it writes reaches the data handler raw
// (no echo, no CR->LF from the gadget tty's line discipline), and what the port sends reaches it.
TEST(GadgetPort, CarriesBytesBothWaysRawAndReportsDelivery) {
    ScopedFd host(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
    ASSERT_TRUE(host.valid());
    ASSERT_EQ(::grantpt(host.get()), 0);
    ASSERT_EQ(::unlockpt(host.get()), 0);
    const std::string tty = ::ptsname(host.get());

    asio::io_context io;
    GadgetPort port(io, FragmentOptions{}, tty);
    std::string received;
    port.start([&](std::string_view bytes) { received.append(bytes); }, [] {});
    port.open();
    EXPECT_EQ(port.device_path(), tty);
    ASSERT_EQ(::write(host.get(), "AT\r", 3), 3);
    bool delivered = false;
    port.send("\r\nOK\r\n");
    port.when_delivered([&] { delivered = true; });
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    std::string at_host;
    while ((received.size() < 3 || at_host.size() < 6) && std::chrono::steady_clock::now() < deadline) {
        io.run_for(20ms);
        pollfd p{host.get(), POLLIN, 0};
        if (::poll(&p, 1, 0) == 1) {
            char buf[64];
            const ssize_t n = ::read(host.get(), buf, sizeof buf);
            if (n > 0) at_host.append(buf, static_cast<std::size_t>(n));
        }
    }
    while (!delivered && std::chrono::steady_clock::now() < deadline) io.run_for(20ms);
    EXPECT_EQ(received, "AT\r") << "no echo, no CR->LF";
    EXPECT_EQ(at_host, "\r\nOK\r\n");
    EXPECT_TRUE(delivered);
    port.close();
    EXPECT_FALSE(port.is_open());
}

}  // namespace
}  // namespace lte::sim
