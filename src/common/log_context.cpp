#include "lte/common/log_context.hpp"

namespace lte {

LogContext& LogContext::instance() {
    static LogContext context;
    return context;
}

void LogContext::set(const std::string& key, std::string value) {
    std::lock_guard lock(mutex_);
    fields_[key] = std::move(value);
}

std::map<std::string, std::string> LogContext::snapshot() const {
    std::lock_guard lock(mutex_);
    return fields_;
}

}  // namespace lte
