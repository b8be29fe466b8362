#pragma once
// Event hooks: the executables in hooks.dir, run on each state change ("state") and when the link
// comes up ("up") or goes down ("down"), for a person's own scripts (a VPN to start, a message to a
// fleet's server). They run one at a time, in name order, each within a time box, with a clean
// environment of LTE_* variables only and never a secret; their output reaches the journal (a
// bounded number of lines); a hook that overruns its time box is killed with its process group.
// Nothing here blocks the event loop: children are supervised by ppp::ChildProcess on asio.
#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lte/common/asio.hpp"
#include "lte/connection/status.hpp"
#include "lte/ppp/child_process.hpp"

namespace lte::service {

// What a hook is told, as LTE_EVENT, LTE_STATE, LTE_REASON, LTE_IFACE, LTE_IPLOCAL, LTE_IPREMOTE,
// LTE_DNS1, LTE_DNS2 (and LTE_INSTANCE from the options).
struct HookEvent {
    std::string event;  // "up", "down" or "state"
    std::string state;  // connection::to_string(State): "online", "recovering", ...
    std::string reason;
    std::string interface;
    std::string local_ip;
    std::string remote_ip;
    std::string dns1;
    std::string dns2;
};

struct EventHooksOptions {
    std::filesystem::path dir;  // config::hooks_dir(config)
    std::chrono::milliseconds timeout{30000};
    std::string instance;
    std::size_t max_queued = 64;         // events waiting while hooks run; past it the oldest is dropped
    std::size_t max_output_lines = 100;  // per hook run, to the journal; the rest is counted
};

// The environment a hook gets: nothing of ours (no LTE_DIALER_PASSWORD, no NOTIFY_SOCKET), a fixed
// PATH, and each value masked like a log line so a secret can never reach it.
[[nodiscard]] std::vector<std::string> hook_environment(const HookEvent& event, const std::string& instance);

// The hooks of a directory in the order they run: regular executable files, by name, without
// hidden files, backups (~) and the package manager's leftovers (.dpkg-*, .ucf-*).
[[nodiscard]] std::vector<std::filesystem::path> list_hooks(const std::filesystem::path& dir);

class EventHooks {
public:
    EventHooks(asio::io_context& io, EventHooksOptions options);
    ~EventHooks();
    EventHooks(const EventHooks&) = delete;
    EventHooks& operator=(const EventHooks&) = delete;

    // Queues the event; its hooks run after those of the events before it.
    void notify(HookEvent event);
    // Feeds a status change in: "state" on a new state, and "up"/"down" around Online.
    void status_changed(const connection::Status& status);
    // At shutdown: runs what is queued (the last "down", "stopped"), but for at most limit in all,
    // then calls done. Events after this are ignored.
    void drain(std::chrono::milliseconds limit, std::function<void()> done);

private:
    void start_next();
    void run_hook();
    void hook_finished(const ppp::ProcessExit& exit);
    void finish_drain();

    asio::io_context& io_;
    EventHooksOptions options_;
    std::deque<HookEvent> queue_;
    std::optional<HookEvent> current_;
    std::vector<std::filesystem::path> hooks_;  // of current_, still to run
    std::unique_ptr<ppp::ChildProcess> child_;
    std::string child_name_;
    asio::steady_timer time_box_;
    asio::steady_timer drain_timer_;
    bool timed_out_ = false;
    std::size_t output_lines_ = 0;
    std::function<void()> drained_;
    bool draining_ = false;
    std::optional<connection::State> last_state_;
    HookEvent online_;  // the link's details while Online, for the "down" that follows
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace lte::service
