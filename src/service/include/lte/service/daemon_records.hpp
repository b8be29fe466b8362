#pragma once
// What the daemon leaves for the people who look after it from afar: the counters' state file
// (restored at start, saved every few minutes and at stop, so totals survive restarts and reboots)
// and the Prometheus textfile (after each state change and each refresh while online).
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "lte/common/asio.hpp"
#include "lte/connection/status.hpp"

namespace lte::service {

class DaemonRecords {
public:
    struct Options {
        std::filesystem::path counters_file;  // counters_path(instance)
        std::filesystem::path metrics_file;   // empty: no metrics
        std::string instance;
        std::chrono::seconds save_every{std::chrono::minutes(5)};
    };
    // status: the connection's status, its bytes read afresh (Connection::sample_traffic).
    DaemonRecords(asio::io_context& io, Options options, std::function<connection::Status()> status);

    // The counters the last run saved; nullopt (and a warning naming the file) when there are none
    // to use. Starts the periodic save.
    std::optional<connection::Counters> restore();
    void state_changed(const connection::Status& status);  // metrics, when the state is another
    void refreshed(const connection::Status& status);      // metrics
    void save_now();                                       // counters, e.g. after a reset
    // The last save and the last metrics, with `final_state` (stopped or failed) in them.
    void finish(connection::State final_state);

private:
    void schedule_save();
    void write_metrics(const connection::Status& status);
    // error: what went wrong, or nullptr for a write that worked; `failing` is that file's flag.
    void report(bool& failing, const char* what, const char* error);

    Options options_;
    std::function<connection::Status()> status_;
    asio::steady_timer save_timer_;
    std::optional<connection::State> metrics_state_;  // the state the metrics file last said
    bool counters_failing_ = false;                   // warned once, until a write works again
    bool metrics_failing_ = false;
};

}  // namespace lte::service
