#pragma once
// A ByteStream for unit tests of the layers above the tty: records what was written and lets
// the test inject the modem's bytes, fragmented however it likes. Runs on a real io_context.
#include <functional>
#include <string>
#include <vector>

#include "lte/common/asio.hpp"
#include "lte/serial/byte_stream.hpp"

namespace lte::test {

class ScriptedStream final : public serial::ByteStream {
public:
    explicit ScriptedStream(asio::io_context& io) : io_(io) {}

    void start(DataHandler on_data, LostHandler on_lost) override {
        on_data_ = std::move(on_data);
        on_lost_ = std::move(on_lost);
        paused_ = false;
    }
    void pause() override { paused_ = true; }
    void write(std::string bytes) override {
        written += bytes;
        if (on_write) on_write(bytes);
    }
    [[nodiscard]] std::string name() const override { return "scripted"; }

    // Delivers bytes as the modem would, on the io_context (never re-entrantly).
    void inject(std::string bytes) {
        asio::post(io_, [this, bytes = std::move(bytes)] {
            if (!paused_ && on_data_) on_data_(bytes);
        });
    }
    void inject_lost(std::error_code ec = std::make_error_code(std::errc::io_error)) {
        asio::post(io_, [this, ec] {
            if (on_lost_) on_lost_(ec);
        });
    }
    [[nodiscard]] bool paused() const noexcept { return paused_; }

    std::string written;                               // everything the channel wrote
    std::function<void(const std::string&)> on_write;  // reply hook: a scripted modem

private:
    asio::io_context& io_;
    DataHandler on_data_;
    LostHandler on_lost_;
    bool paused_ = true;
};

}  // namespace lte::test
