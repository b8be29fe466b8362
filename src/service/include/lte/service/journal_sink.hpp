#pragma once
#include <map>
#include <string>
#include <vector>

#include <spdlog/sinks/base_sink.h>

namespace lte::service {

// The journal entry for one message: MESSAGE=, PRIORITY= (syslog level), SYSLOG_IDENTIFIER= and
// an LTE_<KEY>= field for each LogContext entry (upper case, as journald requires).
[[nodiscard]] std::vector<std::string> journal_fields(std::string_view message, spdlog::level::level_enum level,
                                                      const std::string& ident,
                                                      const std::map<std::string, std::string>& context);

// spdlog's own systemd_sink sends only the message and priority; this one adds the LogContext.
class JournalSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit JournalSink(std::string ident) : ident_(std::move(ident)) {}

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override;
    void flush_() override {}

private:
    std::string ident_;
};

}  // namespace lte::service
