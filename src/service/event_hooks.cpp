#include "lte/service/event_hooks.hpp"

#include <unistd.h>

#include <algorithm>

#include <spdlog/spdlog.h>

#include "lte/common/secrets.hpp"

namespace lte::service {

namespace {

// A hook that ignores SIGTERM gets SIGKILL (to its whole process group) this long after it.
constexpr std::chrono::milliseconds kKillGrace{2000};

std::string seconds_text(std::chrono::milliseconds d) {
    const auto ms = d.count();
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

bool is_leftover(const std::string& name) {
    return name.empty() || name.front() == '.' || name.back() == '~' || name.find(".dpkg-") != std::string::npos ||
           name.find(".ucf-") != std::string::npos;
}

}  // namespace

std::vector<std::string> hook_environment(const HookEvent& e, const std::string& instance) {
    const auto var = [](const char* name, const std::string& value) {
        std::string clean = mask_secrets(value);
        std::replace_if(
            clean.begin(), clean.end(), [](char c) { return c == '\n' || c == '\r' || c == '\0'; }, ' ');
        return std::string(name) + "=" + clean;
    };
    return {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            var("LTE_EVENT", e.event),
            var("LTE_STATE", e.state),
            var("LTE_REASON", e.reason),
            var("LTE_IFACE", e.interface),
            var("LTE_IPLOCAL", e.local_ip),
            var("LTE_IPREMOTE", e.remote_ip),
            var("LTE_DNS1", e.dns1),
            var("LTE_DNS2", e.dns2),
            var("LTE_INSTANCE", instance)};
}

std::vector<std::filesystem::path> list_hooks(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> hooks;
    std::error_code ec;
    std::filesystem::directory_iterator it(dir, ec);
    if (ec) {
        if (ec != std::errc::no_such_file_or_directory)
            spdlog::warn("event hooks: cannot read {}: {}", dir.string(), ec.message());
        return hooks;
    }
    for (const auto& entry : it) {
        const std::string name = entry.path().filename().string();
        std::error_code type_ec;
        if (is_leftover(name) || !entry.is_regular_file(type_ec)) continue;
        if (::access(entry.path().c_str(), X_OK) != 0) {
            spdlog::debug("event hooks: {} is not executable: skipped", entry.path().string());
            continue;
        }
        hooks.push_back(entry.path());
    }
    std::sort(hooks.begin(), hooks.end(),
              [](const auto& a, const auto& b) { return a.filename().string() < b.filename().string(); });
    return hooks;
}

EventHooks::EventHooks(asio::io_context& io, EventHooksOptions options)
    : io_(io), options_(std::move(options)), time_box_(io), drain_timer_(io) {}

EventHooks::~EventHooks() { *alive_ = false; }

void EventHooks::status_changed(const connection::Status& s) {
    if (last_state_ == s.state) return;
    const bool was_online = last_state_ == connection::State::Online;
    last_state_ = s.state;
    HookEvent e;
    e.state = connection::to_string(s.state);
    e.reason = s.detail;
    if (s.state == connection::State::Online) {
        e.interface = s.interface;
        e.local_ip = s.local_ip;
        e.remote_ip = s.remote_ip;
        e.dns1 = s.dns.empty() ? std::string() : s.dns[0];
        e.dns2 = s.dns.size() < 2 ? std::string() : s.dns[1];
        online_ = e;
    } else if (was_online) {
        HookEvent down = online_;
        down.event = "down";
        down.state = e.state;
        down.reason = s.detail;
        notify(std::move(down));
    }
    e.event = "state";
    notify(e);
    if (s.state == connection::State::Online) {
        e.event = "up";
        notify(std::move(e));
    }
}

void EventHooks::notify(HookEvent event) {
    if (draining_ && drained_ == nullptr) return;  // the drain is over: the daemon is going
    if (queue_.size() >= options_.max_queued) {
        spdlog::warn("event hooks: {} events waiting for slow hooks; the oldest ({} {}) is dropped", queue_.size(),
                     queue_.front().event, queue_.front().state);
        queue_.pop_front();
    }
    queue_.push_back(std::move(event));
    if (!current_) start_next();
}

void EventHooks::start_next() {
    while (!current_ && !queue_.empty()) {
        current_ = std::move(queue_.front());
        queue_.pop_front();
        hooks_ = list_hooks(options_.dir);
        std::reverse(hooks_.begin(), hooks_.end());  // taken from the back
        if (hooks_.empty()) current_.reset();
    }
    if (current_) return run_hook();
    if (draining_) finish_drain();
}

void EventHooks::run_hook() {
    const std::filesystem::path hook = hooks_.back();
    hooks_.pop_back();
    child_name_ = hook.filename().string();
    timed_out_ = false;
    output_lines_ = 0;
    ppp::SpawnSpec spec;
    spec.path = std::filesystem::absolute(hook).string();
    spec.argv = {spec.path, current_->event};
    spec.env = hook_environment(*current_, options_.instance);
    const std::string label = child_name_ + " (" + current_->event + " " + current_->state + ")";
    spdlog::debug("event hook {} started", label);
    try {
        child_ = std::make_unique<ppp::ChildProcess>(
            io_, spec,
            [this, label](std::string_view line) {
                if (++output_lines_ <= options_.max_output_lines)
                    spdlog::info("hook {}: {}", child_name_, line);
                else if (output_lines_ == options_.max_output_lines + 1)
                    spdlog::warn("hook {}: more than {} lines of output; the rest is not logged", label,
                                 options_.max_output_lines);
            },
            [this, alive = alive_](const ppp::ProcessExit& exit) {
                if (*alive) hook_finished(exit);
            });
    } catch (const std::exception& e) {
        spdlog::warn("event hook {} could not be started: {}", label, e.what());
        asio::post(io_, [this, alive = alive_] {
            if (!*alive) return;
            if (hooks_.empty()) current_.reset();
            if (current_)
                run_hook();
            else
                start_next();
        });
        return;
    }
    time_box_.expires_after(options_.timeout);
    time_box_.async_wait([this, label, alive = alive_](const boost::system::error_code& ec) {
        if (ec || !*alive || !child_ || !child_->running()) return;
        timed_out_ = true;
        spdlog::error(
            "event hook {} did not finish within {} (hooks.timeout): killed with its process group "
            "(pid {})",
            label, seconds_text(options_.timeout), child_->pid());
        child_->terminate(kKillGrace);
    });
}

void EventHooks::hook_finished(const ppp::ProcessExit& exit) {
    time_box_.cancel();
    const std::string label = child_name_ + " (" + current_->event + " " + current_->state + ")";
    if (timed_out_)
        spdlog::warn("event hook {} was killed: {}", label, exit.describe());
    else if (exit.code == 0)
        spdlog::debug("event hook {} done", label);
    else
        spdlog::warn("event hook {} failed: {}", label, exit.describe());
    // The ChildProcess may not be destroyed inside its own handler's caller frame for long: post.
    asio::post(io_, [this, alive = alive_] {
        if (!*alive) return;
        child_.reset();
        if (hooks_.empty()) current_.reset();
        if (current_)
            run_hook();
        else
            start_next();
    });
}

void EventHooks::drain(std::chrono::milliseconds limit, std::function<void()> done) {
    draining_ = true;
    drained_ = std::move(done);
    if (!current_ && queue_.empty()) return finish_drain();
    drain_timer_.expires_after(limit);
    drain_timer_.async_wait([this, limit, alive = alive_](const boost::system::error_code& ec) {
        if (ec || !*alive || !drained_) return;
        spdlog::warn("event hooks: still running {} after stopping; {} events not delivered", seconds_text(limit),
                     queue_.size() + (current_ ? 1 : 0));
        queue_.clear();
        hooks_.clear();
        child_.reset();  // kills the process group and reaps it
        current_.reset();
        finish_drain();
    });
}

void EventHooks::finish_drain() {
    drain_timer_.cancel();
    if (auto done = std::exchange(drained_, nullptr)) done();
}

}  // namespace lte::service
