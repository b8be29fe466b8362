#pragma once
// The far end of a simulated data call (--ppp-peer): a shell command whose stdin/stdout carry
// the call's bytes, e.g. a pppd in a network namespace. It lives exactly as long as this object.
#include <sys/types.h>

#include <array>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "lte/common/asio.hpp"

namespace lte::sim {

class PeerProcess {
public:
    using OutputHandler = std::function<void(std::string_view bytes)>;
    using ExitHandler = std::function<void()>;  // its stdout closed: the peer is gone

    // Runs `/bin/sh -c command` in its own process group; throws std::system_error on fork/pipe failure.
    PeerProcess(asio::io_context& io, const std::string& command, OutputHandler on_output, ExitHandler on_exit);
    // Terminates the whole process group and reaps the shell.
    ~PeerProcess();
    PeerProcess(const PeerProcess&) = delete;
    PeerProcess& operator=(const PeerProcess&) = delete;

    void write(std::string bytes);

private:
    void read_some();
    void write_next();

    asio::posix::stream_descriptor to_peer_;
    asio::posix::stream_descriptor from_peer_;
    pid_t pid_ = -1;
    std::array<char, 4096> buffer_{};
    std::deque<std::string> out_;
    bool writing_ = false;
    OutputHandler on_output_;
    ExitHandler on_exit_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace lte::sim
