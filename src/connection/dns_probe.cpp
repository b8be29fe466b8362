#include "lte/connection/dns_probe.hpp"

#include <random>

namespace lte::connection {

std::string dns_query(std::uint16_t id, std::string_view name) {
    std::string q;
    q += static_cast<char>(id >> 8);
    q += static_cast<char>(id & 0xff);
    q += std::string("\x01\x00", 2);                          // flags: standard query, recursion desired
    q += std::string("\x00\x01\x00\x00\x00\x00\x00\x00", 8);  // 1 question, no other records
    while (!name.empty()) {
        const auto dot = name.find('.');
        std::string_view label = name.substr(0, dot);
        if (label.size() > 63) label = label.substr(0, 63);
        if (!label.empty()) {
            q += static_cast<char>(label.size());
            q += label;
        }
        name = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
    }
    q += '\0';                                // root
    q += std::string("\x00\x01\x00\x01", 4);  // QTYPE A, QCLASS IN
    return q;
}

bool dns_answers(std::string_view packet, std::uint16_t id) {
    if (packet.size() < 12) return false;
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(packet[i]); };
    return ((byte(0) << 8) | byte(1)) == id && (byte(2) & 0x80) != 0;
}

DnsProbe::DnsProbe(asio::io_context& io) : socket_(io), timer_(io) {}

DnsProbe::~DnsProbe() {
    *alive_ = false;
    cancel();
}

void DnsProbe::probe(const asio::ip::udp::endpoint& server, const std::string& name, std::chrono::milliseconds timeout,
                     std::function<void(bool)> done) {
    cancel();
    done_ = std::move(done);
    static std::mt19937 rng{std::random_device{}()};
    id_ = static_cast<std::uint16_t>(rng());
    boost::system::error_code ec;
    socket_.open(server.protocol(), ec);
    if (!ec) socket_.connect(server, ec);  // connected: replies from elsewhere are not ours
    if (!ec) socket_.send(asio::buffer(dns_query(id_, name)), 0, ec);
    if (ec) {  // no route, network down: as good as unanswered
        asio::post(socket_.get_executor(), [this, alive = alive_] {
            if (*alive) finish(false);
        });
        return;
    }
    timer_.expires_after(timeout);
    timer_.async_wait([this, alive = alive_](const boost::system::error_code& e) {
        if (*alive && !e) finish(false);
    });
    receive();
}

void DnsProbe::receive() {
    socket_.async_receive(asio::buffer(buffer_),
                          [this, alive = alive_](const boost::system::error_code& ec, std::size_t n) {
                              if (!*alive || ec == asio::error::operation_aborted || !done_) return;
                              if (!ec && dns_answers(std::string_view(buffer_.data(), n), id_)) {
                                  finish(true);
                                  return;
                              }
                              if (!ec) receive();  // not our answer: keep listening until the timeout
                              // an error (ICMP unreachable) leaves the verdict to the timer
                          });
}

void DnsProbe::finish(bool answered) {
    if (!done_) return;
    auto done = std::move(done_);
    done_ = nullptr;
    cancel();
    done(answered);
}

void DnsProbe::cancel() {
    done_ = nullptr;
    timer_.cancel();
    boost::system::error_code ignored;
    socket_.close(ignored);
}

}  // namespace lte::connection
