#pragma once
// An AT channel over a ScriptedStream on a real io_context, with helpers to run a command to its reply.
#include <optional>
#include <string>
#include <vector>

#include "lte/at/channel.hpp"

#include "scripted_stream.hpp"

namespace lte::test {

struct ChannelHarness {
    asio::io_context io;
    ScriptedStream stream{io};
    at::Channel channel{io, stream};
    std::vector<std::string> urcs;
    at::Subscription subscription;

    ChannelHarness() {
        subscription = channel.subscribe([this](const std::string& line) { urcs.push_back(line); });
        channel.start();
    }

    // Runs the loop until pred() holds; false if it never did (a bounded wait, not a timing check).
    template <typename Pred>
    bool run_until(Pred pred, int max_steps = 20000) {
        for (int i = 0; i < max_steps && !pred(); ++i) {
            io.restart();
            io.run_one_for(std::chrono::milliseconds(50));
        }
        return pred();
    }

    at::Reply run(at::Command command) {
        std::optional<at::Reply> reply;
        channel.send(std::move(command), [&](at::Reply r) { reply = std::move(r); });
        run_until([&] { return reply.has_value(); });
        if (!reply) return at::Reply{at::Final::Closed, "harness: no reply delivered", {}};
        return *reply;
    }

    void settle() {
        io.restart();
        io.poll();
    }
};

}  // namespace lte::test
