#include "lte/service/daemon_records.hpp"

#include <spdlog/spdlog.h>

#include "lte/common/atomic_file.hpp"
#include "lte/service/counter_store.hpp"
#include "lte/service/metrics.hpp"
#include "lte/service/status_json.hpp"

namespace lte::service {

DaemonRecords::DaemonRecords(asio::io_context& io, Options options, std::function<connection::Status()> status)
    : options_(std::move(options)), status_(std::move(status)), save_timer_(io) {}

std::optional<connection::Counters> DaemonRecords::restore() {
    schedule_save();
    try {
        auto counters = load_counters(options_.counters_file);
        if (counters)
            spdlog::info("counters since {} restored from {}", iso8601_utc(counters->since),
                         options_.counters_file.string());
        return counters;
    } catch (const CounterFileError& e) {
        // Kept aside, not overwritten: a person may want to mend it.
        const auto aside = options_.counters_file.string() + ".unreadable";
        std::error_code ec;
        std::filesystem::rename(options_.counters_file, aside, ec);
        spdlog::warn("{}; counting starts afresh{}", e.what(), ec ? "" : " (the old file is kept as " + aside + ")");
        return std::nullopt;
    }
}

void DaemonRecords::schedule_save() {
    save_timer_.expires_after(options_.save_every);
    save_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        save_now();
        schedule_save();
    });
}

void DaemonRecords::save_now() {
    try {
        save_counters(options_.counters_file, status_(), std::chrono::system_clock::now());
        report(counters_failing_, "counters", nullptr);
    } catch (const std::exception& e) {
        report(counters_failing_, "counters", e.what());
    }
}

void DaemonRecords::state_changed(const connection::Status& status) {
    if (metrics_state_ == status.state) return;  // a new detail (a sequence step) is no new metric
    write_metrics(status);
}

void DaemonRecords::refreshed(const connection::Status& status) { write_metrics(status); }

void DaemonRecords::finish(connection::State final_state) {
    save_timer_.cancel();
    connection::Status last = status_();
    last.state = final_state;
    save_now();
    write_metrics(last);
}

void DaemonRecords::write_metrics(const connection::Status& status) {
    if (options_.metrics_file.empty()) return;
    metrics_state_ = status.state;
    try {
        write_file_atomically(options_.metrics_file,
                              metrics_text(status, options_.instance, std::chrono::system_clock::now()), 0644);
        report(metrics_failing_, "metrics", nullptr);
    } catch (const std::exception& e) {
        report(metrics_failing_, "metrics", e.what());
    }
}

// A file that cannot be written is said once, not at every refresh; and said again when it mends.
void DaemonRecords::report(bool& failing, const char* what, const char* error) {
    const bool failed = error != nullptr;
    if (failed && !failing)
        spdlog::warn("{}: {} (said once; the daemon goes on without them until a write works)", what, error);
    else if (failed)
        spdlog::debug("{}: {}", what, error);
    else if (failing)
        spdlog::info("{}: written again", what);
    failing = failed;
}

}  // namespace lte::service
