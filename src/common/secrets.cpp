#include "lte/common/secrets.hpp"

#include <algorithm>

namespace lte {

SecretRegistry& SecretRegistry::instance() {
    static SecretRegistry registry;
    return registry;
}

void SecretRegistry::add(std::string value) {
    if (value.empty()) return;  // masking "" would mangle every line
    std::lock_guard lock(mutex_);
    if (std::find(secrets_.begin(), secrets_.end(), value) != secrets_.end()) return;
    secrets_.push_back(std::move(value));
    // Longest first, so a secret that contains another is masked whole.
    std::sort(secrets_.begin(), secrets_.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

void SecretRegistry::clear() {
    std::lock_guard lock(mutex_);
    secrets_.clear();
}

std::string SecretRegistry::mask(std::string_view text) const {
    std::string out(text);
    std::lock_guard lock(mutex_);
    for (const auto& secret : secrets_) {
        for (auto pos = out.find(secret); pos != std::string::npos; pos = out.find(secret, pos + 3))
            out.replace(pos, secret.size(), "***");
    }
    return out;
}

}  // namespace lte
