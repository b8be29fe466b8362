// Faults on the way to and while online: line noise of every kind (the daemon must still come
// online, and recover from a drop), the link ending (NO CARRIER), the modem resetting (echo back
// on), USB ports vanishing and returning as new devices, and a daemon crash that leaves the modem
// in data mode. Each recovery ends online with reconnects >= 1 and the first-online descriptor count.
#include <fcntl.h>

#include "lte/common/scoped_fd.hpp"

#include "fault_harness.hpp"

namespace lte::faults {
namespace {

using testing::HasSubstr;

std::size_t online_fds(Daemon& d) {
    const auto n = d.fds_when([](const YAML::Node& s) { return s["state"].as<std::string>() == "online"; });
    if (!n) ADD_FAILURE() << "no online sample";
    return n.value_or(0);
}

class LinkFault : public FaultCase {
protected:
    // Online, `strike`, then back online with reconnects >= 1, a new pppd, the old one gone, the
    // first-online descriptor count and no zombie; SIGTERM exits 0 leaving nothing behind.
    void expect_recovery(SimFixture& sim, Daemon& d, const std::function<void()>& strike) {
        ASSERT_TRUE(d.wait_online());
        const std::size_t fds_first = online_fds(d);
        const auto first_pppd = d.pppd_pid();
        ASSERT_TRUE(first_pppd);
        strike();
        const YAML::Node s = d.wait_online(1);
        ASSERT_TRUE(s);
        EXPECT_GE(d.pppd_runs(), 2);
        EXPECT_TRUE(eventually([&] { return !alive(*first_pppd); }, 10s)) << "the first pppd outlived its link";
        d.expect_fds(fds_first);
        d.expect_no_zombie_children();
        observe("online again, reconnects " + std::to_string(s["reconnects"].as<unsigned>()) + ", fds " +
                std::to_string(fds_first) + "->" + std::to_string(d.fd_count()));
        d.stop_with(SIGTERM);
        (void)sim;
    }
};

void control_ok(SimFixture& sim, const std::string& line) {
    const std::string reply = sim.control(line);
    ASSERT_THAT(reply, testing::Not(HasSubstr("error"))) << line << " -> " << reply;
}

TEST_F(LinkFault, NoCarrierWhileOnline) {
    describe("NO CARRIER (network drop)", "online", "redial, online, reconnects>=1, fds flat");
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim);
    expect_recovery(sim, d, [&] { control_ok(sim, "drop"); });
    EXPECT_EQ(sim.count_received("AT+CFUN=1,1"), 0u) << "a drop is answered by a redial, not a reset";
}

TEST_F(LinkFault, GarbageBytes) {
    describe("garbage lines", "all (then drop)", "online, drop recovered, fds flat");
    SimFixture sim({"--attach-time", "0.3", "--fault", "garbage", "--seed", "7"});
    Daemon d(sim);
    expect_recovery(sim, d, [&] { control_ok(sim, "drop"); });
}

TEST_F(LinkFault, RepliesSplitAtEveryByte) {
    describe("replies split at every byte", "all (then drop)", "online, drop recovered, fds flat");
    SimFixture sim({"--attach-time", "0.3", "--fragment", "--fragment-max", "1", "--seed", "3"});
    Daemon d(sim);
    expect_recovery(sim, d, [&] { control_ok(sim, "drop"); });
}

TEST_F(LinkFault, UrcBetweenCommandAndResult) {
    describe("URCs inside replies + boot URCs", "all (then drop)", "online, drop recovered, fds flat");
    SimFixture sim({"--attach-time", "0.3", "--urc-noise", "--boot-urcs", "--seed", "5"});
    Daemon d(sim);
    expect_recovery(sim, d, [&] { control_ok(sim, "drop"); });
}

TEST_F(LinkFault, EchoBackOnAfterModemReset) {
    describe("modem reset: echo back on", "online", "ports wait, ATE0 again, online, fds flat");
    SimFixture sim({"--attach-time", "0.3", "--reset-time", "1"});
    Daemon d(sim);
    std::size_t ate0_before = 0;
    expect_recovery(sim, d, [&] {
        ate0_before = sim.count_received("ATE0");
        control_ok(sim, "reset");
    });
    EXPECT_GT(sim.count_received("ATE0"), ate0_before) << "echo must be switched off again after the reset";
}

TEST_F(LinkFault, PortsVanishWhileOnlineAndReturnRenamed) {
    describe("USB ports vanish, return renamed", "online", "wait for ports, online, fds flat");
    SimFixture sim({"--attach-time", "0.3"});
    Daemon d(sim);
    expect_recovery(sim, d, [&] {
        control_ok(sim, "vanish");
        d.wait_state("waiting for ports", 30s);
        control_ok(sim, "return");
    });
    // New ptys behind the same links (the kernel may hand out the same number again): the
    // daemon must have opened the ports anew, not kept the dead descriptors.
    EXPECT_THAT(sim.sim().out(), HasSubstr("RETURNED"));
    const std::string log = d.log();
    std::size_t opens = 0;
    for (auto at = log.find("opened AT port"); at != std::string::npos; at = log.find("opened AT port", at + 1))
        ++opens;
    EXPECT_EQ(opens, 2u) << "the ports must be reopened once after they returned";
}

TEST_F(LinkFault, PortsVanishWhileRegistering) {
    describe("USB ports vanish, return renamed", "registering", "wait for ports, then online");
    SimFixture sim({"--attach-time", "4"});
    Daemon d(sim);
    ASSERT_TRUE(d.wait_state("registering"));
    control_ok(sim, "vanish");
    ASSERT_TRUE(d.wait_state("waiting for ports", 30s));
    control_ok(sim, "return");
    const YAML::Node s = d.wait_online(1);
    ASSERT_TRUE(s);
    const std::size_t fds_first = online_fds(d);
    control_ok(sim, "drop");  // and the leak check: a second recovery keeps the count
    ASSERT_TRUE(d.wait_online(2));
    d.expect_fds(fds_first);
    d.expect_no_zombie_children();
    observe("online after return, reconnects " + std::to_string(s["reconnects"].as<unsigned>()));
    d.stop_with(SIGTERM);
}

TEST_F(LinkFault, ModemLeftInDataModeByACrashedDaemon) {
    describe("daemon SIGKILLed online, modem in data mode", "online", "new daemon: +++/ATH, then online");
    SimFixture sim({"--attach-time", "0.3", "--guard-time", "0.3"});
    // A second holder of the data tty keeps the call up when the daemon dies, as a USB modem that
    // ignores DTR does: the modem stays in data mode.
    ScopedFd holder;
    {
        Daemon first(sim, DaemonOptions().with_tag("crashed"));
        ASSERT_TRUE(first.wait_online());
        holder = ScopedFd(::open(sim.data_port().c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
        ASSERT_TRUE(holder.valid()) << "cannot open " << sim.data_port();
        first.process().signal(SIGKILL);
        ASSERT_TRUE(first.process().wait(10s));
        const auto pppd = first.pppd_pid();
        ASSERT_TRUE(pppd);
        EXPECT_TRUE(eventually([&] { return !alive(*pppd); }, 10s)) << "pppd outlived the daemon (PDEATHSIG)";
    }
    ASSERT_THAT(sim.control("state"), HasSubstr(":data")) << "precondition: the modem is still in data mode";
    const std::size_t commands_before = sim.received().size();

    Daemon second(sim, DaemonOptions().with_tag("second"));
    const YAML::Node s = second.wait_online(0, 120s);
    ASSERT_TRUE(s);
    const auto commands = sim.received();
    const std::vector<std::string> after(commands.begin() + static_cast<long>(commands_before), commands.end());
    EXPECT_GE(count_from(after, 0, "ATH"), 1u) << "the new daemon must hang the stale call up";
    // "+++" travels as call data, so the simulator's transcript shows only its OK: the log tells.
    EXPECT_THAT(second.log(), HasSubstr("+++ -> OK")) << "the new daemon must escape data mode with +++";
    EXPECT_EQ(count_from(after, 0, "AT+CFUN="), 0u) << "a stale call is ended with +++/ATH, not a radio cycle";
    observe("second daemon online, reconnects " + std::to_string(s["reconnects"].as<unsigned>()));
    holder = ScopedFd();
    second.expect_no_zombie_children();
    second.stop_with(SIGTERM);
}

}  // namespace
}  // namespace lte::faults
