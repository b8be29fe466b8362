#pragma once
// A modem that only replays: two real pseudo-terminals (AT and data port) and a table of command
// line -> the bytes a real modem sent, nothing else. Unlike lte-modem-sim it has no model of a modem
// of its own, so it cannot agree with our code by construction: what the product reads is exactly
// the recorded reply. It echoes like a modem (ATE0/ATE1 switch it) and answers "+++" with OK, so
// the product's own hang-up does not wait out its timeouts.
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "lte/common/scoped_fd.hpp"

namespace lte::test {

// One reply: the bytes to write, and where in them the echo of the command goes.
struct ReplayReply {
    std::string before_echo;  // sent before the echo (a line the modem had queued)
    std::string after_echo;
};

// The replies to one command line; the n-th time it comes the n-th reply is sent, the last repeats.
struct ReplayAnswer {
    std::vector<ReplayReply> replies;
};

class ReplayModem {
public:
    // script: exact command lines, or prefixes ending in '*' ("AT+CGAUTH=*"); unlisted lines get
    // fallback. echo: whether the modem echoes at power-on.
    ReplayModem(std::map<std::string, ReplayAnswer> script, ReplayReply fallback, bool echo)
        : script_(std::move(script)), fallback_(std::move(fallback)) {
        for (auto& port : ports_) {
            port.echo = echo;
            open_pty(port);
        }
        thread_ = std::thread([this] { serve(); });
    }
    ReplayModem(const ReplayModem&) = delete;
    ReplayModem& operator=(const ReplayModem&) = delete;
    ~ReplayModem() {
        stop_ = true;
        thread_.join();
    }

    [[nodiscard]] const std::string& at_port() const { return ports_[0].path; }
    [[nodiscard]] const std::string& data_port() const { return ports_[1].path; }

    // Every command line received, in order, on either port.
    [[nodiscard]] std::vector<std::string> received() const {
        const std::lock_guard lock(mutex_);
        return received_;
    }

private:
    struct Port {
        ScopedFd master;
        ScopedFd slave;  // held open so the master never reads EIO between the product's opens
        std::string path;
        std::string line;
        bool echo = true;
    };

    static void open_pty(Port& port) {
        port.master.reset(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK));
        if (!port.master.valid() || ::grantpt(port.master.get()) != 0 || ::unlockpt(port.master.get()) != 0)
            throw std::runtime_error("replay modem: cannot create a pty");
        port.path = ::ptsname(port.master.get());
        port.slave.reset(::open(port.path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC));
        termios tio{};
        if (!port.slave.valid() || ::tcgetattr(port.slave.get(), &tio) != 0)
            throw std::runtime_error("replay modem: cannot open " + port.path);
        ::cfmakeraw(&tio);  // the modem does its own echo; the line discipline must not
        ::tcsetattr(port.slave.get(), TCSANOW, &tio);
    }

    void serve() {
        while (!stop_) {
            pollfd fds[2] = {{ports_[0].master.get(), POLLIN, 0}, {ports_[1].master.get(), POLLIN, 0}};
            if (::poll(fds, 2, 50) <= 0) continue;
            for (std::size_t i = 0; i < 2; ++i) {
                if (!(fds[i].revents & POLLIN)) continue;
                char buf[512];
                const ssize_t n = ::read(ports_[i].master.get(), buf, sizeof buf);
                for (ssize_t k = 0; k < n; ++k) take(ports_[i], buf[k]);
            }
        }
    }

    void take(Port& port, char c) {
        if (c == '\n') return;  // the LF of a CR LF
        if (c != '\r') {
            port.line += c;
            if (port.line.ends_with("+++")) {  // an escape has no CR: answer it at once
                port.line.clear();
                write(port, "\r\nOK\r\n");
            }
            return;
        }
        const std::string command = std::exchange(port.line, {});
        if (command.empty()) return;
        {
            const std::lock_guard lock(mutex_);
            received_.push_back(command);
        }
        const ReplayReply reply = reply_for(command);
        write(port, reply.before_echo + (port.echo ? command + "\r" : "") + reply.after_echo);
        std::string upper;
        for (char ch : command) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        if (upper == "ATE0") port.echo = false;
        if (upper == "ATE1" || upper == "ATZ") port.echo = true;
    }

    ReplayReply reply_for(const std::string& command) {
        for (auto& [pattern, answer] : script_) {
            const bool prefix = pattern.ends_with('*');
            const bool hit = prefix ? command.starts_with(pattern.substr(0, pattern.size() - 1)) : command == pattern;
            if (!hit || answer.replies.empty()) continue;
            std::size_t& n = asked_[pattern];
            const ReplayReply reply = answer.replies[std::min(n, answer.replies.size() - 1)];
            ++n;
            return reply;
        }
        return fallback_;
    }

    void write(const Port& port, const std::string& bytes) const {
        std::size_t done = 0;
        while (done < bytes.size() && !stop_) {  // a client that stopped reading must not hang the test
            const ssize_t n = ::write(port.master.get(), bytes.data() + done, bytes.size() - done);
            if (n > 0) {
                done += static_cast<std::size_t>(n);
            } else {
                pollfd p{port.master.get(), POLLOUT, 0};
                ::poll(&p, 1, 100);
            }
        }
    }

    std::map<std::string, ReplayAnswer> script_;
    ReplayReply fallback_;
    std::map<std::string, std::size_t> asked_;
    Port ports_[2];
    mutable std::mutex mutex_;
    std::vector<std::string> received_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace lte::test
