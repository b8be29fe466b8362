#include "lte/sim/control_server.hpp"

#include <unistd.h>

#include <memory>

namespace lte::sim {

namespace {

using Socket = asio::local::stream_protocol::socket;

// One client connection: reads lines until the peer closes, answers each.
class Session : public std::enable_shared_from_this<Session> {
public:
    Session(Socket socket, ControlServer::Handler& handler) : socket_(std::move(socket)), handler_(handler) {}

    void read() {
        asio::async_read_until(socket_, asio::dynamic_buffer(input_), '\n',
                               [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                                   if (ec) return;
                                   std::string command = self->input_.substr(0, n - 1);
                                   self->input_.erase(0, n);
                                   if (!command.empty() && command.back() == '\r') command.pop_back();
                                   self->reply(self->handler_(command) + "\n");
                               });
    }

private:
    void reply(std::string text) {
        output_ = std::move(text);
        asio::async_write(socket_, asio::buffer(output_),
                          [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                              if (!ec) self->read();
                          });
    }

    Socket socket_;
    ControlServer::Handler& handler_;
    std::string input_;
    std::string output_;
};

}  // namespace

ControlServer::ControlServer(asio::io_context& io, std::string path, Handler handler)
    : path_(std::move(path)), handler_(std::move(handler)), acceptor_(io) {
    ::unlink(path_.c_str());
    const asio::local::stream_protocol::endpoint endpoint(path_);
    acceptor_.open(endpoint.protocol());
    acceptor_.bind(endpoint);
    acceptor_.listen();
    accept();
}

ControlServer::~ControlServer() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    ::unlink(path_.c_str());
}

void ControlServer::accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, Socket socket) {
        if (ec) return;  // closed on shutdown
        std::make_shared<Session>(std::move(socket), handler_)->read();
        accept();
    });
}

}  // namespace lte::sim
