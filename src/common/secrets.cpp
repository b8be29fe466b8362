#include "lte/common/secrets.hpp"

#include <algorithm>
#include <cctype>

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

namespace {

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

}  // namespace

// A secret is masked where it stands as a word of its own: "sora" in "AT+CGAUTH=1,2,\"sora\"" or
// "password sora", but not inside "soracom.io", which would garble the APN in every log line
// while protecting nothing (an attacker who sees "soracom.io" learns no more than the APN).
std::string SecretRegistry::mask(std::string_view text) const { return mask_where(text, true); }

std::string SecretRegistry::mask_anywhere(std::string_view text) const { return mask_where(text, false); }

std::string SecretRegistry::mask_where(std::string_view text, bool words_only) const {
    std::string out(text);
    std::lock_guard lock(mutex_);
    for (const auto& secret : secrets_) {
        for (auto pos = out.find(secret); pos != std::string::npos;) {
            const auto end = pos + secret.size();
            const bool bounded =
                !words_only || ((pos == 0 || !word_char(out[pos - 1]) || !word_char(secret.front())) &&
                                (end == out.size() || !word_char(out[end]) || !word_char(secret.back())));
            if (bounded) {
                out.replace(pos, secret.size(), "***");
                pos = out.find(secret, pos + 3);
            } else {
                pos = out.find(secret, pos + 1);
            }
        }
    }
    return out;
}

std::string loggable_modem_line(std::string_view line) {
    std::string out(line);
    bool binary = false;
    for (auto& c : out) {
        if (!std::isprint(static_cast<unsigned char>(c))) {
            c = '.';
            binary = true;
        }
    }
    return binary ? SecretRegistry::instance().mask_anywhere(out) : out;
}

}  // namespace lte
