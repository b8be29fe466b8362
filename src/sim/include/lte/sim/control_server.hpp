#pragma once
// The simulator's remote control (--control PATH): a Unix stream socket taking one command per
// line and answering one line each, so tests can drop calls or make ports vanish mid-run.
#include <functional>
#include <string>
#include <string_view>

#include "lte/common/asio.hpp"

namespace lte::sim {

class ControlServer {
public:
    using Handler = std::function<std::string(std::string_view command)>;

    // Binds path (an old socket file there is replaced); throws boost::system::system_error.
    ControlServer(asio::io_context& io, std::string path, Handler handler);
    ~ControlServer();
    ControlServer(const ControlServer&) = delete;
    ControlServer& operator=(const ControlServer&) = delete;

private:
    void accept();

    std::string path_;
    Handler handler_;
    asio::local::stream_protocol::acceptor acceptor_;
};

}  // namespace lte::sim
