// The transport and AT channel alone (no dialer) against lte-modem-sim on real ptys: URCs in the
// middle of replies, a command that is never answered, and the modem vanishing mid-command.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lte/at/channel.hpp"
#include "lte/config/profile.hpp"
#include "lte/serial/serial_port.hpp"

#include "sim_fixture.hpp"

using lte::at::Command;
using lte::at::Final;
using lte::at::Reply;
using lte::test::SimFixture;
using testing::HasSubstr;
using namespace std::chrono_literals;
namespace asio = lte::asio;

namespace {

struct Client {
    asio::io_context io;
    lte::serial::SerialPort port;
    lte::at::Channel channel{io, port};
    std::vector<std::string> urcs;
    lte::at::Subscription sub;

    explicit Client(const std::string& path) : port(io, path, options()) {
        sub = channel.subscribe([this](const std::string& l) { urcs.push_back(l); });
        channel.start();
    }
    static lte::serial::PortOptions options() {
        lte::serial::PortOptions o;
        o.lock_dir = testing::TempDir();
        return o;
    }
    Reply run(Command c) {
        std::optional<Reply> reply;
        channel.send(std::move(c), [&](Reply r) { reply = std::move(r); });
        for (int i = 0; i < 3000 && !reply; ++i) {
            io.restart();
            io.run_one_for(20ms);
        }
        return reply.value_or(Reply{Final::Closed, "no reply delivered", {}});
    }
};

}  // namespace

TEST(ChannelLane, UrcsInTheMiddleOfFragmentedRepliesNeverEnterTheReply) {
    SimFixture sim({"--urc-noise", "--fragment", "--fragment-max", "3", "--seed", "7", "--boot-urcs"});
    Client c(sim.at_port());
    // The simulator is a SIM7600: its plain-text URCs (RDY, SMS DONE, PB DONE) come from that profile.
    for (const auto& urc : lte::config::load_profile(LTE_SOURCE_DIR "/config/profiles/sim7600.yaml").urcs)
        c.channel.add_urc_prefix(urc);
    for (int i = 0; i < 15; ++i) {
        const Reply r = c.run(Command("AT+CSQ"));
        ASSERT_EQ(r.final, Final::Ok) << r.describe();
        ASSERT_EQ(r.lines.size(), 1u) << "round " << i << ": " << testing::PrintToString(r.lines);
        EXPECT_THAT(r.lines[0], testing::StartsWith("+CSQ: "));
    }
    EXPECT_FALSE(c.urcs.empty()) << "the noise went somewhere: to the subscribers";
    for (const auto& urc : c.urcs) EXPECT_THAT(urc, testing::Not(HasSubstr("+CSQ")));
}

TEST(ChannelLane, UnansweredCommandTimesOutAndTheNextOneIsAnswered) {
    SimFixture sim({"--fault", "no-reply=AT+CGDCONT?"});
    Client c(sim.at_port());
    EXPECT_EQ(c.run(Command("AT+CGDCONT?", 300ms)).final, Final::Timeout);
    const Reply next = c.run(Command("AT+CPIN?"));
    EXPECT_EQ(next.final, Final::Ok);
    EXPECT_THAT(next.lines, testing::ElementsAre("+CPIN: READY"));
}

TEST(ChannelLane, VanishingModemFailsThePendingCommandAsPortLost) {
    SimFixture sim({"--fault", "no-reply=AT+COPS=?"});
    Client c(sim.at_port());
    int lost = 0;
    c.channel.on_lost([&](const std::error_code&) { ++lost; });
    std::optional<Reply> reply;
    c.channel.send(Command("AT+COPS=?", 60s), [&](Reply r) { reply = r; });
    for (int i = 0; i < 20; ++i) c.io.run_one_for(10ms);
    EXPECT_THAT(sim.control("vanish"), testing::Not(HasSubstr("error")));
    for (int i = 0; i < 500 && !reply; ++i) {
        c.io.restart();
        c.io.run_one_for(20ms);
    }
    ASSERT_TRUE(reply.has_value());
    EXPECT_EQ(reply->final, Final::PortLost);
    EXPECT_EQ(lost, 1);
}
