#include "lte/service/journal_sink.hpp"

#include <sys/uio.h>

#include <cctype>

#include <systemd/sd-journal.h>

#include "lte/common/log_context.hpp"

namespace lte::service {

namespace {

int syslog_priority(spdlog::level::level_enum level) {
    switch (level) {
        case spdlog::level::critical: return 2;
        case spdlog::level::err: return 3;
        case spdlog::level::warn: return 4;
        case spdlog::level::info: return 6;
        default: return 7;  // debug, trace
    }
}

}  // namespace

std::vector<std::string> journal_fields(std::string_view message, spdlog::level::level_enum level,
                                        const std::string& ident, const std::map<std::string, std::string>& context) {
    std::vector<std::string> fields{"MESSAGE=" + std::string(message),
                                    "PRIORITY=" + std::to_string(syslog_priority(level)), "SYSLOG_IDENTIFIER=" + ident};
    for (const auto& [key, value] : context) {
        std::string field = "LTE_";  // LTE_<KEY>=value
        for (const char c : key)
            field += std::isalnum(static_cast<unsigned char>(c))
                         ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                         : '_';
        field += '=';
        field += value;
        fields.push_back(std::move(field));
    }
    return fields;
}

void JournalSink::sink_it_(const spdlog::details::log_msg& msg) {
    const auto fields = journal_fields(std::string_view(msg.payload.data(), msg.payload.size()), msg.level, ident_,
                                       LogContext::instance().snapshot());
    std::vector<iovec> iov;
    iov.reserve(fields.size());
    for (const auto& f : fields) iov.push_back({const_cast<char*>(f.data()), f.size()});
    ::sd_journal_sendv(iov.data(), static_cast<int>(iov.size()));
}

}  // namespace lte::service
