#include "lte/connection/dns_probe.hpp"

#include <optional>

#include <gtest/gtest.h>

using lte::connection::dns_answers;
using lte::connection::dns_query;
using lte::connection::DnsProbe;
namespace asio = lte::asio;
using udp = asio::ip::udp;
using namespace std::chrono_literals;

TEST(DnsQuery, EncodesHeaderAndNameAsRfc1035Says) {
    const std::string q = dns_query(0xbeef, "soracom.io");
    const std::string want(
        "\xbe\xef\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00"
        "\x07soracom\x02io\x00\x00\x01\x00\x01",
        12 + 12 + 4);
    EXPECT_EQ(q, want);
}

TEST(DnsQuery, AnswersAreTellTheirIdAndQrBit) {
    std::string reply = dns_query(7, "example.com");
    EXPECT_FALSE(dns_answers(reply, 7)) << "a query is no answer";
    reply[2] = static_cast<char>(reply[2] | 0x80);
    reply[3] = 0x03;  // NXDOMAIN still proves traffic
    EXPECT_TRUE(dns_answers(reply, 7));
    EXPECT_FALSE(dns_answers(reply, 8));
    EXPECT_FALSE(dns_answers("\x00\x07\x80", 7));
}

namespace {

// A DNS server on loopback that answers every query (or stays silent).
struct LoopbackServer {
    asio::io_context& io;
    udp::socket socket{io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
    std::array<char, 512> buf{};
    udp::endpoint from;
    bool answer;
    int queries = 0;

    LoopbackServer(asio::io_context& i, bool answering) : io(i), answer(answering) { receive(); }
    void receive() {
        socket.async_receive_from(asio::buffer(buf), from, [this](const boost::system::error_code& ec, std::size_t n) {
            if (ec) return;
            ++queries;
            if (answer) {
                std::string reply(buf.data(), n);
                reply[2] = static_cast<char>(reply[2] | 0x80);
                socket.send_to(asio::buffer(reply), from);
            }
            receive();
        });
    }
    [[nodiscard]] udp::endpoint endpoint() const { return socket.local_endpoint(); }
};

std::optional<bool> run_probe(asio::io_context& io, DnsProbe& probe, const udp::endpoint& server) {
    std::optional<bool> verdict;
    probe.probe(server, "example.com", 300ms, [&](bool answered) { verdict = answered; });
    for (int i = 0; i < 200 && !verdict; ++i) io.run_one_for(20ms);
    return verdict;
}

}  // namespace

TEST(DnsProbe, AnsweredQueryIsTraffic) {
    asio::io_context io;
    LoopbackServer server(io, true);
    DnsProbe probe(io);
    EXPECT_EQ(run_probe(io, probe, server.endpoint()), std::optional<bool>(true));
    EXPECT_EQ(run_probe(io, probe, server.endpoint()), std::optional<bool>(true)) << "the probe is reusable";
    EXPECT_EQ(server.queries, 2);
}

TEST(DnsProbe, SilenceIsNoTraffic) {
    asio::io_context io;
    LoopbackServer server(io, false);
    DnsProbe probe(io);
    EXPECT_EQ(run_probe(io, probe, server.endpoint()), std::optional<bool>(false));
    EXPECT_EQ(server.queries, 1);
}

TEST(DnsProbe, CancelledProbeNeverCallsBack) {
    asio::io_context io;
    LoopbackServer server(io, false);
    DnsProbe probe(io);
    bool called = false;
    probe.probe(server.endpoint(), "example.com", 50ms, [&](bool) { called = true; });
    probe.cancel();
    for (int i = 0; i < 10; ++i) io.run_one_for(20ms);
    EXPECT_FALSE(called);
}
