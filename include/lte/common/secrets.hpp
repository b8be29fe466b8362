#pragma once
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace lte {

// Values that must never reach a log line (passwords, PINs). Every sink is wrapped by
// MaskingSink, which replaces each registered value, so no caller has to remember to mask.
class SecretRegistry {
public:
    static SecretRegistry& instance();

    void add(std::string value);
    void clear();
    // Returns text with every registered secret replaced by "***".
    [[nodiscard]] std::string mask(std::string_view text) const;

private:
    mutable std::mutex mutex_;
    std::vector<std::string> secrets_;
};

inline std::string mask_secrets(std::string_view text) { return SecretRegistry::instance().mask(text); }

}  // namespace lte
