#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "lte/common/asio.hpp"

namespace lte::connection {

// A DNS query (RFC 1035 §4.1) for name's A record, recursion desired. Labels longer than 63 bytes
// are cut, as no resolver would take them anyway.
[[nodiscard]] std::string dns_query(std::uint16_t id, std::string_view name);
// Whether packet is a response (QR set) to the query with this id. Any response, NXDOMAIN too,
// proves that traffic crossed the link both ways, which is all the probe asks.
[[nodiscard]] bool dns_answers(std::string_view packet, std::uint16_t id);

// Catches "connected but no traffic": pppd and LCP are content, yet nothing passes. Sends one DNS
// query through the link and reports whether an answer came within the timeout.
class DnsProbe {
public:
    explicit DnsProbe(asio::io_context& io);
    ~DnsProbe();
    DnsProbe(const DnsProbe&) = delete;
    DnsProbe& operator=(const DnsProbe&) = delete;

    // done(answered) is called exactly once, unless cancel() or destruction comes first.
    void probe(const asio::ip::udp::endpoint& server, const std::string& name, std::chrono::milliseconds timeout,
               std::function<void(bool answered)> done);
    void cancel();

private:
    void receive();
    void finish(bool answered);

    asio::ip::udp::socket socket_;
    asio::steady_timer timer_;
    std::array<char, 512> buffer_{};
    std::uint16_t id_ = 0;
    std::function<void(bool)> done_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace lte::connection
