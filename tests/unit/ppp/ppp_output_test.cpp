#include "lte/ppp/ppp_output.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace lte::ppp {
namespace {

std::vector<PppEvent> feed_all(PppOutputParser& parser, const std::string& log) {
    std::vector<PppEvent> events;
    std::istringstream in(log);
    for (std::string line; std::getline(in, line);)
        if (auto e = parser.feed(line)) events.push_back(*e);
    return events;
}

// pppd 2.4.9 on a SIM7000C (shared/seeds/004): PAP succeeds, then the modem hangs up.
constexpr const char* kSim7000Session =
    R"(Script /usr/sbin/chat -v -f /etc/ppp/sim7000 finished (pid 8470), status = 0x0
Serial connection established.
using channel 1
Using interface ppp0
Connect: ppp0 <--> /dev/ttyUSB3
sent [LCP ConfReq id=0x1 <asyncmap 0x0> <magic 0xc7630ae8> <pcomp> <accomp>]
rcvd [LCP ConfReq id=0x1 <asyncmap 0x0> <auth pap> <magic 0xae79c4ba> <pcomp> <accomp>]
sent [PAP AuthReq id=0x1 user="myusername@realm" password=<hidden>]
rcvd [PAP AuthAck id=0x1 ""]
PAP authentication succeeded
sent [IPCP ConfReq id=0x1 <compress VJ 0f 01> <addr 0.0.0.0> <ms-dns1 0.0.0.0> <ms-dns2 0.0.0.0>]
rcvd [LCP ProtRej id=0x3 80 fd 01 01 00 0f 1a 04 78 00 18 04 78 00 15 03 2f]
Protocol-Reject for 'Compression Control Protocol' (0x80fd) received
Modem hangup
Connection terminated.
)";

// The same modem through the journal (seed 004), IPCP up; journald shows the block twice.
constexpr const char* kJournalIpcpUp = R"(Aug 08 10:58:13 raspberrypi pppd[4174]: local  IP address 10.172.102.128
Aug 08 10:58:13 raspberrypi pppd[4174]: remote IP address 10.64.64.64
Aug 08 10:58:13 raspberrypi pppd[4174]: primary   DNS address 168.95.1.1
Aug 08 10:58:13 raspberrypi pppd[4174]: secondary DNS address 168.95.192.1
Aug 08 10:58:13 raspberrypi pppd[4174]: local  IP address 10.172.102.128
Aug 08 10:58:13 raspberrypi pppd[4174]: remote IP address 10.64.64.64
Aug 08 10:58:13 raspberrypi pppd[4174]: primary   DNS address 168.95.1.1
Aug 08 10:58:13 raspberrypi pppd[4174]: secondary DNS address 168.95.192.1
Aug 08 10:58:43 raspberrypi pppd[4174]: IPV6CP: timeout sending Config-Requests
)";

// /usr/sbin/pppd 2.4.9 on this machine's kernel (no PPP), exit 4.
constexpr const char* kNoKernelPpp = R"(Plugin passwordfd.so loaded.
Couldn't open the /dev/ppp device: No such file or directory
/usr/sbin/pppd: You need to create the /dev/ppp device node by
executing the following command as root:
	mknod /dev/ppp c 108 0
)";

TEST(PppOutputParser, Sim7000SessionGivesItsEventsInOrder) {
    PppOutputParser parser;
    const auto events = feed_all(parser, kSim7000Session);
    ASSERT_EQ(events.size(), 5U);
    EXPECT_EQ(events[0].kind, PppEventKind::Interface);
    EXPECT_EQ(events[0].value, "ppp0");
    EXPECT_EQ(events[1].kind, PppEventKind::Connected);
    EXPECT_EQ(events[1].value, "/dev/ttyUSB3");
    EXPECT_EQ(events[2].kind, PppEventKind::AuthSucceeded);
    EXPECT_EQ(events[2].value, "PAP");
    EXPECT_EQ(events[3].kind, PppEventKind::ModemHangup);
    EXPECT_EQ(events[4].kind, PppEventKind::ConnectionTerminated);
    EXPECT_EQ(parser.link().interface, "ppp0");
    EXPECT_TRUE(parser.link().local_ip.empty());  // IPCP never came up
    EXPECT_EQ(parser.end_cause(), PppEventKind::ModemHangup);
}

TEST(PppOutputParser, JournalLinesFillLinkInfoWithoutDuplicateDns) {
    PppOutputParser parser;
    const auto events = feed_all(parser, kJournalIpcpUp);
    ASSERT_EQ(events.size(), 8U);
    EXPECT_EQ(events[0].kind, PppEventKind::LocalIp);
    EXPECT_EQ(events[3].kind, PppEventKind::SecondaryDns);
    EXPECT_EQ(parser.link().local_ip, "10.172.102.128");
    EXPECT_EQ(parser.link().remote_ip, "10.64.64.64");
    EXPECT_EQ(parser.link().dns, (std::vector<std::string>{"168.95.1.1", "168.95.192.1"}));
    EXPECT_FALSE(parser.end_cause());
}

TEST(PppOutputParser, MissingDevPppMeansNoKernelSupport) {
    PppOutputParser parser;
    const auto events = feed_all(parser, kNoKernelPpp);
    ASSERT_EQ(events.size(), 1U);
    EXPECT_EQ(events[0].kind, PppEventKind::NoKernelSupport);
    EXPECT_EQ(parser.end_cause(), PppEventKind::NoKernelSupport);

    PppOutputParser old_kernel;  // /dev/ppp present but no driver behind it
    ASSERT_TRUE(old_kernel.feed("This system lacks kernel support for PPP.  This could be because"));
    EXPECT_EQ(old_kernel.end_cause(), PppEventKind::NoKernelSupport);
}

// pppd's lcp.c LcpLinkFailure wording; pppd 2.4.9 then also logs "Modem hangup" and exits 16.
TEST(PppOutputParser, EchoTimeoutOutranksTheModemHangupThatFollows) {
    PppOutputParser parser;
    const auto events = feed_all(parser,
                                 "No response to 3 echo-requests\n"
                                 "Serial link appears to be disconnected.\n"
                                 "Connect time 1.2 minutes.\n"
                                 "Sent 1234 bytes, received 5678 bytes.\n"
                                 "Connection terminated.\n"
                                 "Modem hangup\n");
    ASSERT_EQ(events.size(), 5U);
    EXPECT_EQ(events[0].kind, PppEventKind::EchoTimeout);
    EXPECT_EQ(events[0].value, "3");
    EXPECT_EQ(events[1].kind, PppEventKind::SerialDisconnected);
    EXPECT_EQ(parser.end_cause(), PppEventKind::EchoTimeout);
}

TEST(PppOutputParser, ASpecificCauseAfterAHangupReplacesIt) {
    PppOutputParser parser;
    feed_all(parser, "Modem hangup\nCHAP authentication failed: Access denied\n");
    EXPECT_EQ(parser.end_cause(), PppEventKind::ChapFailed);
}

TEST(PppOutputParser, AuthenticationFailuresAndPeerTermination) {
    PppOutputParser pap;
    EXPECT_EQ(pap.feed("PAP authentication failed")->kind, PppEventKind::PapFailed);
    EXPECT_EQ(pap.end_cause(), PppEventKind::PapFailed);

    PppOutputParser peer;
    const auto e = peer.feed("LCP terminated by peer (User request)");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->kind, PppEventKind::PeerTerminated);
    EXPECT_EQ(e->value, "User request");
    EXPECT_EQ(peer.feed("Terminating on signal 15")->value, "15");
    EXPECT_EQ(peer.end_cause(), PppEventKind::PeerTerminated);
    EXPECT_FALSE(peer.feed("rcvd [LCP TermReq id=0x2]"));
}

// pppd's print_link_stats (main.c): "Sent %u bytes, received %u bytes." when a link that was up ends.
TEST(PppOutputParser, TheLinksBytesFromPppdsLastWords) {
    PppOutputParser parser;
    EXPECT_FALSE(parser.traffic());
    feed_all(parser,
             "Mar 03 10:12:41 pi pppd[812]: Connection terminated.\n"
             "Mar 03 10:12:41 pi pppd[812]: Connect time 31.4 minutes.\n"
             "Mar 03 10:12:41 pi pppd[812]: Sent 4294967295 bytes, received 181203 bytes.\n");
    ASSERT_TRUE(parser.traffic());
    EXPECT_EQ(parser.traffic()->sent, 4294967295U);
    EXPECT_EQ(parser.traffic()->received, 181203U);
    for (const char* noise : {"Sent bytes, received 5 bytes.", "Sent 12 bytes, received 5 bytes",
                              "Sent -1 bytes, received 5 bytes.", "Sent 12 bytes, received 5 bytes. extra"}) {
        PppOutputParser other;
        EXPECT_FALSE(other.feed(noise)) << noise;
        EXPECT_FALSE(other.traffic()) << noise;
    }
}

TEST(InterfaceTraffic, ReadsTheKernelsCountersAndNothingOutsideTheDirectory) {
    const auto root = std::filesystem::temp_directory_path() / ("lte-sysfs-" + std::to_string(::getpid()));
    std::filesystem::create_directories(root / "ppp0" / "statistics");
    std::ofstream(root / "ppp0" / "statistics" / "rx_bytes") << "5000000000\n";
    std::ofstream(root / "ppp0" / "statistics" / "tx_bytes") << "1234\n";
    const auto t = interface_traffic("ppp0", root.string());
    ASSERT_TRUE(t);
    EXPECT_EQ(t->received, 5000000000U) << "64-bit, unlike pppd's own figure";
    EXPECT_EQ(t->sent, 1234U);
    EXPECT_FALSE(interface_traffic("ppp1", root.string())) << "gone with pppd";
    EXPECT_FALSE(interface_traffic("../ppp0", root.string()));
    EXPECT_FALSE(interface_traffic("", root.string()));
    std::filesystem::remove_all(root);
    // The real kernel's loopback counters read the same way.
    EXPECT_TRUE(interface_traffic("lo"));
}

}  // namespace
}  // namespace lte::ppp
