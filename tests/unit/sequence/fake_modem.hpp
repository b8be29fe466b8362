#pragma once
// A scripted modem for sequence tests: the real at::Channel over a ScriptedStream.
#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lte/at/channel.hpp"

#include "scripted_stream.hpp"

namespace lte::test {

// Echoes each command and answers it from a script: successive answers per command, the
// last one repeating; a command without a script gets OK; nullopt answers nothing.
class FakeModem {
public:
    explicit FakeModem(asio::io_context& io) : stream_(io), channel(io, stream_) {
        stream_.on_write = [this](const std::string& bytes) { on_write(bytes); };
        channel.start();
    }

    void answer(const std::string& command, std::vector<std::optional<std::string>> replies) {
        script_[command] = std::move(replies);
    }
    void inject(const std::string& bytes) { stream_.inject(bytes); }
    [[nodiscard]] long count(const std::string& command) const {
        return std::count(commands.begin(), commands.end(), command);
    }

    std::vector<std::string> commands;
    std::function<void(const std::string&)> on_command;  // runs after the answer is queued

private:
    void on_write(const std::string& bytes) {
        pending_ += bytes;
        for (auto cr = pending_.find('\r'); cr != std::string::npos; cr = pending_.find('\r')) {
            const auto command = pending_.substr(0, cr);
            pending_.erase(0, cr + 1);
            commands.push_back(command);
            std::optional<std::string> reply = "OK";
            if (auto it = script_.find(command); it != script_.end() && !it->second.empty()) {
                reply = it->second.front();
                if (it->second.size() > 1) it->second.erase(it->second.begin());
            }
            if (reply) stream_.inject(command + "\r\r\n" + *reply + "\r\n");
            if (on_command) on_command(command);
        }
    }

    ScriptedStream stream_;
    std::string pending_;
    std::map<std::string, std::vector<std::optional<std::string>>> script_;

public:
    at::Channel channel;
};

}  // namespace lte::test
