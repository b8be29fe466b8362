#pragma once
// `lte-dialer status --watch`: connections that asked for the status stream get one JSON object
// per line at each change. A watcher that does not read never slows the daemon or grows its
// memory: each has a bounded queue, and one that falls that far behind is told so and dropped.
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "lte/common/asio.hpp"

namespace lte::service {

class StatusStream {
public:
    struct Limits {
        std::size_t watchers = 128;                                     // at once; more are refused with a message
        std::size_t queued = 32;                                        // lines behind before a watcher is dropped
        std::chrono::milliseconds drop_grace{std::chrono::seconds(5)};  // to read the "dropped" line
        std::size_t socket_buffer = 8192;                               // SO_SNDBUF of each watcher
    };

    explicit StatusStream(Limits limits);
    ~StatusStream();  // closes every watcher
    StatusStream(const StatusStream&) = delete;
    StatusStream& operator=(const StatusStream&) = delete;

    // Whether one more watcher may come (Limits::watchers).
    [[nodiscard]] bool has_room();
    // Takes over a connection that asked to watch: `first` is its first line (the status now);
    // `who` names the peer in messages ("uid 1000 (pid 4242)").
    void adopt(asio::local::stream_protocol::socket socket, std::string first, std::string who);
    // One JSON object, without its line end, to every watcher.
    void publish(const std::string& json);
    [[nodiscard]] std::size_t watchers() const;

    class Watcher;

private:
    Limits limits_;
    std::vector<std::weak_ptr<Watcher>> watchers_;
};

}  // namespace lte::service
