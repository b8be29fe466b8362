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
    // Returns text with every registered secret that stands as a word replaced by "***".
    [[nodiscard]] std::string mask(std::string_view text) const;
    // The same wherever a secret occurs, inside words too: for binary junk (an echoed PAP frame)
    // where a secret's neighbours are arbitrary bytes.
    [[nodiscard]] std::string mask_anywhere(std::string_view text) const;

private:
    [[nodiscard]] std::string mask_where(std::string_view text, bool words_only) const;

    mutable std::mutex mutex_;
    std::vector<std::string> secrets_;
};

inline std::string mask_secrets(std::string_view text) { return SecretRegistry::instance().mask(text); }

// A line from a modem for a log: non-printable bytes (PPP frames on a data port) become '.', and
// then, because such a line may carry an echoed PAP frame, secrets are masked even inside words.
std::string loggable_modem_line(std::string_view line);

}  // namespace lte
