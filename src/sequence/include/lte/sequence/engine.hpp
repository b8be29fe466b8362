#pragma once
// Runs a loaded Sequence on the modem's AT channel (and its data channel for the dial step).
#include <functional>
#include <optional>
#include <string>

#include "lte/at/channel.hpp"
#include "lte/common/asio.hpp"
#include "lte/sequence/sequence.hpp"
#include "lte/sequence/variables.hpp"

namespace lte::sequence {

// One thing worth showing a user while a sequence runs. Texts are already secret-masked.
struct Progress {
    enum class Kind {
        StepStarted,  // text: the command as sent ("AT+CGAUTH=<secret>" for secret steps) or what is awaited
        Reply,        // text: what came back, lines joined by " | "
        StepDone,     // outcome, text: why (skipped, optional failure, registered, ...)
    };
    Kind kind = Kind::StepStarted;
    std::string step;  // "4", or "6.2" inside a when block
    std::string text;
    Outcome outcome = Outcome::Continue;
};

// What went wrong, for a user to act on: which step, which command, what came back.
struct Failure {
    std::string step;     // "4"
    std::string command;  // masked, e.g. "AT+CPIN?"
    std::string reply;    // masked, e.g. "+CME ERROR: 10 (SIM not inserted)"
    std::string message;  // the step's `fail:` text or the engine's explanation
    bool fatal = false;   // a `fatal` step the modem refused: no retry can help
    // `step 4 "AT+CPIN?": +CME ERROR: 10 (SIM not inserted) — SIM not inserted`
    [[nodiscard]] std::string describe() const;
};

struct Result {
    std::optional<Failure> failure;
    std::string connect_line;  // "CONNECT 150000000" when the sequence dialled
    Variables variables;       // the final variables, captures included
    [[nodiscard]] bool ok() const noexcept { return !failure; }
};

class Engine {
public:
    using ProgressHandler = std::function<void(const Progress&)>;

    // at and data may be the same channel (a single-port modem).
    Engine(at::Channel& at, at::Channel& data, ProgressHandler progress = {});

    // Never throws for modem behaviour; every problem ends up in Result::failure.
    // sequence, the channels and the engine must outlive the run.
    asio::awaitable<Result> run(const Sequence& sequence, Variables variables);

    // Callback form: runs on io and calls done with the result (same lifetime rules).
    void start(asio::io_context& io, const Sequence& sequence, Variables variables, std::function<void(Result)> done);

private:
    struct Run;
    asio::awaitable<Outcome> run_steps(const std::vector<Step>& steps, const std::string& prefix, Run& run);
    asio::awaitable<Outcome> run_finally(const WhenStep& when, const std::string& label, Outcome outcome, Run& run);
    void capture(const SendStep& step, const at::Reply& reply, Run& run, bool failed);
    asio::awaitable<Outcome> run_send(const SendStep& step, const std::string& label, Run& run);
    asio::awaitable<Outcome> run_wait(const WaitRegisteredStep& step, const std::string& label, Run& run);
    void report(Progress::Kind kind, const std::string& step, const std::string& text,
                Outcome outcome = Outcome::Continue);

    at::Channel& at_;
    at::Channel& data_;
    ProgressHandler progress_;
};

}  // namespace lte::sequence
