#include "lte/sequence/engine.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "lte/common/secrets.hpp"
#include "lte/parse/registration.hpp"

namespace lte::sequence {
namespace {

using at::Final;

bool channel_gone(const at::Reply& reply) { return reply.final == Final::PortLost || reply.final == Final::Closed; }

// The modem answered no: an error result, not silence or a lost port.
bool refused(const at::Reply& reply) {
    return reply.final == Final::Error || reply.final == Final::CmeError || reply.final == Final::CmsError;
}

bool reply_contains(const at::Reply& reply, const std::string& text) {
    return std::any_of(reply.lines.begin(), reply.lines.end(),
                       [&](const auto& line) { return line.find(text) != std::string::npos; });
}

// An info line counts when the command succeeded, or when the modem sent it and then no final result
// at all (some answer "+CPIN: READY" without OK): what was asked for came, and a retry would only
// wait out the same silence. An error result never counts.
bool info_lines_count(const at::Reply& reply) { return reply.final == Final::Ok || reply.final == Final::Timeout; }

bool matches(const Expect& expect, const at::Reply& reply) {
    switch (expect.kind) {
        case Expect::Kind::FinalOk: return reply.final == Final::Ok;
        case Expect::Kind::Literal:
            // The final line can be what is expected (CONNECT 150000000).
            if (!reply.final_line.empty() && reply.final_line.find(expect.text) != std::string::npos) return true;
            return info_lines_count(reply) && reply_contains(reply, expect.text);
        case Expect::Kind::Regex:
            if (expect.regex->search(reply.final_line)) return true;
            return info_lines_count(reply) && std::any_of(reply.lines.begin(), reply.lines.end(),
                                                          [&](const auto& line) { return expect.regex->search(line); });
    }
    return false;
}

std::string expectation(const Expect& expect) {
    switch (expect.kind) {
        case Expect::Kind::FinalOk: return "expected OK";
        case Expect::Kind::Literal: return fmt::format("expected \"{}\"", expect.text);
        case Expect::Kind::Regex: return fmt::format("expected a line matching /{}/", expect.text);
    }
    return {};
}

// What came back, for a person: the information lines, then the final result.
std::string reply_text(const at::Reply& reply) {
    std::string out;
    for (const auto& line : reply.lines) out += line + " | ";
    const bool modem_final = reply.final != Final::Timeout && !channel_gone(reply) && !reply.final_line.empty();
    out += (reply.final == Final::Ok || reply.final == Final::Connect) && modem_final ? reply.final_line
                                                                                      : reply.describe();
    return mask_secrets(out);
}

std::optional<std::string> abort_hit(const at::Reply& reply, const std::vector<std::string>& step_abort,
                                     const std::vector<std::string>& sequence_abort) {
    for (const auto* list : {&step_abort, &sequence_abort})
        for (const auto& text : *list)
            if (reply.final_line.find(text) != std::string::npos || reply_contains(reply, text)) return text;
    return std::nullopt;
}

// A secret step shows only the command name: AT+CGAUTH=<secret>.
std::string shown_command(const SendStep& step, const std::string& text) {
    if (!step.secret) return mask_secrets(text);
    const auto eq = text.find('=');
    return eq == std::string::npos ? "<secret>" : text.substr(0, eq + 1) + "<secret>";
}

const char* reg_query(parse::RegKind kind) {
    switch (kind) {
        case parse::RegKind::Creg: return "AT+CREG";
        case parse::RegKind::Cgreg: return "AT+CGREG";
        case parse::RegKind::Cereg: return "AT+CEREG";
        case parse::RegKind::C5greg: return "AT+C5GREG";
    }
    return "AT+CEREG";
}

std::string seconds(std::chrono::milliseconds d) {
    return fmt::format("{:g} s", static_cast<double>(d.count()) / 1000.0);
}

// Registration seen so far, fed by poll replies and URCs alike; parse::RegistrationState holds
// the rule (packet domain over +CREG, which <stat> values count).
struct RegistrationWatch {
    explicit RegistrationWatch(const std::vector<parse::RegKind>& via) : state(via) {}
    parse::RegistrationState state;
    asio::steady_timer* wake = nullptr;
};

}  // namespace

std::string Failure::describe() const {
    std::string out = command.empty() ? "step " + step : fmt::format("step {} \"{}\"", step, command);
    if (!reply.empty()) out += ": " + reply;
    if (!message.empty()) out += (reply.empty() ? ": " : " — ") + message;
    return out;
}

struct Engine::Run {
    const Sequence& sequence;
    Variables vars;
    std::optional<Failure> failure;
    std::string connect_line;

    Outcome fail(std::string step, const std::string& command, const std::string& reply, const std::string& message,
                 bool fatal = false) {
        failure = Failure{std::move(step), mask_secrets(command), mask_secrets(reply), mask_secrets(message), fatal};
        return Outcome::Failure;
    }
};

Engine::Engine(at::Channel& at, at::Channel& data, ProgressHandler progress)
    : at_(at), data_(data), progress_(std::move(progress)) {}

void Engine::report(Progress::Kind kind, const std::string& step, const std::string& text, Outcome outcome) {
    if (progress_) progress_(Progress{kind, step, mask_secrets(text), outcome});
}

void Engine::start(asio::io_context& io, const Sequence& sequence, Variables variables,
                   std::function<void(Result)> done) {
    asio::co_spawn(io, run(sequence, std::move(variables)),
                   [done = std::move(done)](const std::exception_ptr& error, Result result) {
                       if (error) {
                           try {
                               std::rethrow_exception(error);
                           } catch (const std::exception& e) {
                               result.failure = Failure{"?", "", "", mask_secrets(e.what())};
                           }
                       }
                       done(std::move(result));
                   });
}

asio::awaitable<Result> Engine::run(const Sequence& sequence, Variables variables) {
    Run run{sequence, std::move(variables), std::nullopt, {}};
    for (const auto& [name, value] : sequence.defaults)
        if (!run.vars.find(name)) run.vars.set(name, value);
    for (const auto& name : sequence.secret_vars) run.vars.mark_secret(name);

    co_await run_steps(sequence.steps, "", run);
    co_return Result{std::move(run.failure), std::move(run.connect_line), std::move(run.vars)};
}

asio::awaitable<Outcome> Engine::run_steps(const std::vector<Step>& steps, const std::string& prefix, Run& run) {
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const auto label = prefix + std::to_string(i + 1);
        const auto& action = steps[i].action;
        Outcome outcome = Outcome::Continue;
        if (const auto* send = std::get_if<SendStep>(&action)) {
            outcome = co_await run_send(*send, label, run);
        } else if (const auto* wait = std::get_if<WaitRegisteredStep>(&action)) {
            outcome = co_await run_wait(*wait, label, run);
        } else if (const auto* when = std::get_if<WhenStep>(&action)) {
            bool holds = false;
            try {
                for (const auto& all_of : when->condition.any_of) {
                    bool all = true;
                    for (const auto& clause : all_of) {
                        const bool equal =
                            substitute_plain(clause.left, run.vars) == substitute_plain(clause.right, run.vars);
                        all = all && equal == clause.equal;
                    }
                    holds = holds || all;
                }
            } catch (const SubstitutionError& e) {
                outcome = run.fail(label, "when: " + when->condition.text, "", e.what());
            }
            if (outcome != Outcome::Failure) {
                report(Progress::Kind::StepStarted, label, "when " + when->condition.text);
                report(Progress::Kind::StepDone, label, holds ? "condition holds" : "skipped: condition is false");
                if (holds) outcome = co_await run_steps(when->steps, label + ".", run);
                if (holds && !when->finally.empty()) outcome = co_await run_finally(*when, label, outcome, run);
            }
        } else if (const auto* give_up = std::get_if<GiveUpStep>(&action)) {
            std::string message;
            try {
                message = substitute_plain(give_up->message, run.vars);
            } catch (const SubstitutionError&) {
                message = give_up->message;  // as written, it still tells a person what to do
            }
            report(Progress::Kind::StepStarted, label, "give up");
            report(Progress::Kind::StepDone, label, message, Outcome::Failure);
            outcome = run.fail(label, "", "", message, true);
        } else if (const auto* sleep = std::get_if<SleepStep>(&action)) {
            report(Progress::Kind::StepStarted, label, "sleep " + seconds(sleep->duration));
            asio::steady_timer timer(co_await asio::this_coro::executor, sleep->duration);
            co_await timer.async_wait(asio::use_awaitable);
            report(Progress::Kind::StepDone, label, "done");
        }
        if (outcome != Outcome::Continue) co_return outcome;
    }
    co_return Outcome::Continue;
}

// The block's failure, if it failed, stays the one reported: a cleanup that fails too (the port
// is gone) must not hide why the block failed.
asio::awaitable<Outcome> Engine::run_finally(const WhenStep& when, const std::string& label, Outcome outcome,
                                             Run& run) {
    std::optional<Failure> first = run.failure;
    const Outcome cleanup = co_await run_steps(when.finally, label + ".finally.", run);
    if (outcome == Outcome::Failure) {
        run.failure = std::move(first);
        co_return Outcome::Failure;
    }
    co_return cleanup == Outcome::Continue ? outcome : cleanup;
}

asio::awaitable<Outcome> Engine::run_send(const SendStep& step, const std::string& label, Run& run) {
    std::string text;
    try {
        text = substitute_command(step.command, run.vars);
    } catch (const SubstitutionError& e) {
        co_return run.fail(label, step.command, "", e.what());
    }
    const auto shown = shown_command(step, text);
    report(Progress::Kind::StepStarted, label, shown);

    auto& channel = step.port == Port::Data ? data_ : at_;
    at::Reply reply;
    for (int attempt = 0;; ++attempt) {
        reply = co_await channel.async_send(at::Command(text, step.timeout, step.secret), asio::use_awaitable);
        report(Progress::Kind::Reply, label, reply_text(reply));

        if (const auto hit = abort_hit(reply, step.abort, run.sequence.abort)) {
            report(Progress::Kind::StepDone, label, "abort: " + *hit, Outcome::Failure);
            co_return run.fail(label, shown, reply_text(reply),
                               step.fail_message.empty() ? fmt::format("aborted on \"{}\"", *hit) : step.fail_message);
        }
        if (matches(step.expect, reply)) break;
        if (attempt >= step.retry.times || channel_gone(reply)) {
            capture(step, reply, run, true);  // "+CME ERROR: 10" tells a missing SIM from a busy one
            auto why = step.fail_message.empty() ? expectation(step.expect) : step.fail_message;
            if (attempt > 0) why += fmt::format(" (after {} attempts)", attempt + 1);
            if (step.optional && !channel_gone(reply)) {
                report(Progress::Kind::StepDone, label, "failed, optional: " + why, Outcome::Continue);
                co_return Outcome::Continue;
            }
            report(Progress::Kind::StepDone, label, why, Outcome::Failure);
            co_return run.fail(label, shown, reply_text(reply), why, step.fatal && refused(reply));
        }
        asio::steady_timer pause(co_await asio::this_coro::executor, step.retry.interval);
        co_await pause.async_wait(asio::use_awaitable);
    }

    capture(step, reply, run, false);
    if (reply.final == Final::Connect) run.connect_line = reply.final_line;
    const auto outcome = (reply.final == Final::Connect || step.finish) ? Outcome::Success : Outcome::Continue;
    report(Progress::Kind::StepDone, label, reply.final == Final::Connect ? reply.final_line : "ok", outcome);
    co_return outcome;
}

// Each capture takes group 1 of the first reply line matching, the final result line included.
// After a failed reply a capture that matches nothing keeps an earlier value, or is "".
void Engine::capture(const SendStep& step, const at::Reply& reply, Run& run, bool failed) {
    for (const auto& capture : step.captures) {
        // The loader compiled it with placeholders, and values are escaped: it compiles.
        const Pattern pattern(substitute_regex(capture.pattern, run.vars));
        std::optional<std::string> value;
        std::vector<std::string> lines = reply.lines;
        if (!reply.final_line.empty()) lines.push_back(reply.final_line);
        for (const auto& line : lines) {
            if (auto group = pattern.first_group(line)) {
                value = std::move(*group);
                break;
            }
        }
        if (!value && failed && run.vars.find(capture.var)) continue;
        run.vars.set(capture.var, value.value_or(""), run.sequence.secret_vars.count(capture.var) > 0);
    }
}

asio::awaitable<Outcome> Engine::run_wait(const WaitRegisteredStep& step, const std::string& label, Run& run) {
    const auto executor = co_await asio::this_coro::executor;
    const auto deadline = std::chrono::steady_clock::now() + step.timeout;
    asio::steady_timer wake(executor);
    auto watch = std::make_shared<RegistrationWatch>(step.via);
    watch->wake = &wake;

    std::string kinds;
    for (auto kind : step.via) {
        kinds += fmt::format("{}{}", kinds.empty() ? "" : "/", parse::to_string(kind));
        at_.add_urc_prefix(fmt::format("+{}:", parse::to_string(kind)));
    }
    report(Progress::Kind::StepStarted, label,
           fmt::format("wait for network registration ({}), up to {}", kinds, seconds(step.timeout)));

    // A URC ends the wait at once rather than at the next poll.
    auto subscription = at_.subscribe([watch](const std::string& line) {
        const auto reg = parse::parse_registration(line, parse::RegSource::Unsolicited);
        if (!reg) return;
        watch->state.update(*reg);
        if (watch->state.verdict().readiness != parse::DataReadiness::Waiting && watch->wake) watch->wake->cancel();
    });

    auto lost = [&](const at::Reply& reply, const std::string& command) {
        report(Progress::Kind::StepDone, label, reply.describe(), Outcome::Failure);
        return run.fail(label, command, reply_text(reply), "the AT port went away while waiting for registration");
    };

    // Modems support only some of these (NB-IoT and LTE-only ones lack CGREG/CREG), so each may fail.
    for (auto kind : step.via) {
        const auto command = fmt::format("{}=2", reg_query(kind));
        const auto reply = co_await at_.async_send(at::Command(command), asio::use_awaitable);
        report(Progress::Kind::Reply, label, command + ": " + reply_text(reply));
        if (channel_gone(reply)) co_return lost(reply, command);
    }

    auto active = step.via;
    bool recovered = false;
    while (true) {
        for (auto it = active.begin();
             it != active.end() && watch->state.verdict().readiness != parse::DataReadiness::Registered;) {
            const auto command = fmt::format("{}?", reg_query(*it));
            const auto reply = co_await at_.async_send(at::Command(command), asio::use_awaitable);
            report(Progress::Kind::Reply, label, command + ": " + reply_text(reply));
            if (channel_gone(reply)) co_return lost(reply, command);
            if (!reply.ok()) {
                watch->state.unsupported(*it);
                it = active.erase(it);  // this modem does not know the command
                continue;
            }
            for (const auto& line : reply.lines)
                if (const auto reg = parse::parse_registration(line, parse::RegSource::Solicited))
                    watch->state.update(*reg);
            ++it;
        }
        const auto verdict = watch->state.verdict();
        if (verdict.readiness == parse::DataReadiness::Registered) {
            report(Progress::Kind::StepDone, label,
                   fmt::format("{} ({})", parse::to_string(watch->state.shown()->stat), parse::to_string(*verdict.by)));
            co_return Outcome::Continue;
        }
        const auto fail = [&](const std::string& why) {
            report(Progress::Kind::StepDone, label, why, Outcome::Failure);
            return run.fail(label, "wait_registered", "", why);
        };
        if (active.empty()) co_return fail(fmt::format("the modem rejects every registration query ({})", kinds));
        if (verdict.readiness == parse::DataReadiness::Denied)
            co_return fail(
                fmt::format("registration denied by the network ({} stat 3)", parse::to_string(*verdict.by)));
        const auto shown = watch->state.shown();
        if (!recovered && !step.not_searching.empty() && shown && shown->stat == parse::RegStat::NotSearching) {
            recovered = true;  // once: a modem still not searching afterwards is waited for, then reported
            report(Progress::Kind::Reply, label, "not registered and not searching: running not_searching");
            if (co_await run_steps(step.not_searching, label + ".not_searching.", run) == Outcome::Failure)
                co_return Outcome::Failure;
            continue;  // ask again at once
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline)
            co_return fail(fmt::format("not registered after {}: {}", seconds(step.timeout), watch->state.last_seen()));

        wake.expires_after(std::min<std::chrono::steady_clock::duration>(step.poll, deadline - now));
        boost::system::error_code ignored;  // cancelled by a URC: look again at once
        co_await wake.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
}

}  // namespace lte::sequence
