#pragma once
// A simulated modem port on a pty pair, its slave shown to clients under symlinks. The simulator
// keeps its own slave descriptor open so the master never reads EIO when clients come and go,
// and learns about client opens/closes from inotify instead.
#include <string>
#include <vector>

#include "lte/common/scoped_fd.hpp"
#include "lte/sim/tty_port.hpp"

namespace lte::sim {

class PtyPort final : public TtyPort {
public:
    // `links`: symlinks (re)pointed at the slave on every open(); empty entries are skipped.
    PtyPort(asio::io_context& io, FragmentOptions fragment, std::vector<std::string> links);
    ~PtyPort() override;
    PtyPort(const PtyPort&) = delete;
    PtyPort& operator=(const PtyPort&) = delete;

    // A fresh pty pair with the slave in raw mode, each link pointing at it (directories created).
    void open() override;
    // Closes master and slave so clients see HUP/EIO, and removes the symlinks.
    void close() override;
    // How many descriptions of the slave clients hold open now.
    [[nodiscard]] int clients();

private:
    bool has_client() override { return clients() > 0; }
    int undelivered() override;
    void before_data() override { drain_inotify(); }  // a client's open is known before its bytes count
    void watch_clients();
    void drain_inotify();

    std::vector<std::string> links_;
    std::vector<std::string> made_links_;
    asio::posix::stream_descriptor inotify_;
    ScopedFd slave_;
    int clients_ = 0;
};

}  // namespace lte::sim
