#include "lte/common/secrets.hpp"

#include <algorithm>
#include <cctype>

namespace lte {

namespace {

// 27.007's commands that carry a SIM code or a password (+CPIN PIN/PUK, +CPWD old and new, +CLCK
// the facility's password, +CGAUTH the APN's), and Quectel's +QICSGP (APN, user, password).
constexpr std::string_view kStandardSecretCommands[] = {"+CPIN", "+CPWD", "+CLCK", "+CGAUTH", "+QICSGP"};
// Of those, the ones whose read reply echoes the secret back ("+CGAUTH: 1,2,\"pw\",\"user\"").
constexpr std::string_view kSecretReplies[] = {"+CGAUTH:", "+QICSGP:"};

char upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

std::string upper_copy(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), upper);
    return out;
}

// Where the arguments starting at pos end: items separated by ',', each a quoted string (also
// JSON-escaped, \"...\") or a run of plain characters. Whatever follows the last item (a space,
// ';', the quote around a quoted command, "\r") is not theirs; an unterminated quote runs to the end.
std::size_t end_of_arguments(std::string_view text, std::size_t pos) {
    const auto quote_at = [&](std::size_t i) {
        if (i < text.size() && text[i] == '"') return std::size_t{1};
        if (i + 1 < text.size() && text[i] == '\\' && text[i + 1] == '"') return std::size_t{2};
        return std::size_t{0};
    };
    while (pos < text.size()) {
        if (const std::size_t q = quote_at(pos); q > 0) {
            const auto close = text.find('"', pos + q);
            if (close == std::string_view::npos) return text.size();
            pos = close + 1;
        } else {
            while (pos < text.size() && quote_at(pos) == 0 && text[pos] != ',' && text[pos] != ';' &&
                   !std::isspace(static_cast<unsigned char>(text[pos])))
                ++pos;
        }
        if (pos >= text.size() || text[pos] != ',') break;
        ++pos;
    }
    return pos;
}

// What separates tokens: a secret is masked only where it stands between these (or the text's
// ends); '+', '.', '@' and the like join a token ("AT" is not masked in "AT+CSQ"). A '.' ends a
// token only before a space or the end, as at the end of a sentence.
bool token_edge(std::string_view text, std::size_t pos) {
    if (pos >= text.size()) return true;
    const char c = text[pos];
    if (c == '.') return pos + 1 == text.size() || std::isspace(static_cast<unsigned char>(text[pos + 1]));
    return std::isspace(static_cast<unsigned char>(c)) ||
           std::string_view("\"',;=:()[]{}<>\\/|`-").find(c) != std::string_view::npos;
}

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

}  // namespace

SecretRegistry& SecretRegistry::instance() {
    static SecretRegistry registry;
    return registry;
}

SecretRegistry::SecretRegistry() {
    for (const auto name : kStandardSecretCommands) commands_.emplace_back(name);
}

void SecretRegistry::add_command(std::string_view name) {
    std::string key = upper_copy(name);
    if (key.size() < 2) return;  // a bare prefix would mask every extended command
    std::lock_guard lock(mutex_);
    if (std::find(commands_.begin(), commands_.end(), key) == commands_.end()) commands_.push_back(std::move(key));
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
    commands_.assign(std::begin(kStandardSecretCommands), std::end(kStandardSecretCommands));
}

bool SecretRegistry::carries_secret(std::string_view command) const {
    const std::string text = upper_copy(command);
    std::lock_guard lock(mutex_);
    for (const auto& name : commands_) {
        for (auto pos = text.find(name); pos != std::string::npos; pos = text.find(name, pos + 1)) {
            const auto after = text.find_first_not_of(' ', pos + name.size());
            if (after != std::string::npos && text[after] == '=' && text.compare(after, 2, "=?") != 0) return true;
        }
    }
    return false;
}

// "AT+CPIN=\"4321\"" -> "AT+CPIN=***", "+CGAUTH: 1,2,\"pw\",\"u\"" -> "+CGAUTH: ***": by their place
// in the command, so whatever the value (even one never registered, typed through `at`).
std::string SecretRegistry::mask_commands(std::string_view text) const {
    std::string out(text);
    std::string folded = upper_copy(text);
    const auto mask_after = [&](std::size_t args) {
        // Already masked where it was made ("<secret>" from a sequence's secret step).
        if (folded.compare(args, 8, "<SECRET>") == 0 || folded.compare(args, 3, "***") == 0) return;
        const std::size_t end = end_of_arguments(out, args);
        if (end == args) return;
        out.replace(args, end - args, "***");
        folded.replace(args, end - args, "***");
    };
    for (const auto& name : commands_) {
        for (auto pos = folded.find(name); pos != std::string::npos; pos = folded.find(name, pos + 1)) {
            std::size_t at = folded.find_first_not_of(' ', pos + name.size());
            if (at == std::string::npos || folded[at] != '=' || folded.compare(at, 2, "=?") == 0) continue;
            mask_after(at + 1);
        }
    }
    for (const auto reply : kSecretReplies) {
        for (auto pos = folded.find(reply); pos != std::string::npos; pos = folded.find(reply, pos + 1)) {
            const std::size_t args = folded.find_first_not_of(' ', pos + reply.size());
            if (args != std::string::npos) mask_after(args);
        }
    }
    return out;
}

// A secret is masked where it stands as a word of its own: "sora" in "AT+CGAUTH=1,2,\"sora\"" or
// "password sora", but not inside "soracom.io", which would garble the APN in every log line
// while protecting nothing (an attacker who sees "soracom.io" learns no more than the APN).
std::string SecretRegistry::mask(std::string_view text) const { return mask_where(mask_commands(text), true); }

std::string SecretRegistry::mask_anywhere(std::string_view text) const { return mask_where(text, false); }

std::string SecretRegistry::mask_where(std::string_view text, bool words_only) const {
    std::string out(text);
    std::lock_guard lock(mutex_);
    for (const auto& secret : secrets_) {
        for (auto pos = out.find(secret); pos != std::string::npos;) {
            const auto end = pos + secret.size();
            // A secret whose own edge is punctuation needs no edge around it there ("a!x!b").
            const bool bounded = !words_only || ((pos == 0 || token_edge(out, pos - 1) || !word_char(secret.front())) &&
                                                 (token_edge(out, end) || !word_char(secret.back())));
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

std::string loggable_bytes(std::string_view bytes) {
    // Masked before escaping: a CR or LF is a token's edge here, while its escape "\\n" would not be.
    const bool binary = std::any_of(bytes.begin(), bytes.end(), [](char c) {
        return c != '\r' && c != '\n' && !std::isprint(static_cast<unsigned char>(c));
    });
    const auto& registry = SecretRegistry::instance();
    const std::string masked = binary ? registry.mask_anywhere(registry.mask(bytes)) : registry.mask(bytes);
    std::string out;
    for (const char c : masked) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\r') {
            out += "\\r";
        } else if (c == '\n') {
            out += "\\n";
        } else if (std::isprint(u) && c != '\\') {
            out += c;
        } else {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\x";
            out += kHex[u >> 4];
            out += kHex[u & 0xf];
        }
    }
    return out;
}

}  // namespace lte
