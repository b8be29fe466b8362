#pragma once
#include <map>
#include <mutex>
#include <string>

namespace lte {

// Facts every log entry carries as structured journal fields (LTE_STATE=registering,
// LTE_AT_PORT=/dev/ttyUSB2, ...), kept current by the layer that knows each one, so an operator
// can `journalctl -u lte-dialer LTE_STATE=recovering` without parsing messages.
class LogContext {
public:
    static LogContext& instance();

    void set(const std::string& key, std::string value);
    [[nodiscard]] std::map<std::string, std::string> snapshot() const;

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::string> fields_;
};

}  // namespace lte
