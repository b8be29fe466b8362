#include "lte/sim/at_syntax.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace lte::sim {

namespace {

bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Reads an extended command ("+CGDCONT=1,\"IP\",\"x;y\"") up to an unquoted ';' or the end.
std::optional<std::size_t> extended_end(std::string_view body, std::size_t pos) {
    bool quoted = false;
    for (; pos < body.size(); ++pos) {
        if (body[pos] == '"') quoted = !quoted;
        if (body[pos] == ';' && !quoted) return pos;
    }
    if (quoted) return std::nullopt;
    return pos;
}

}  // namespace

std::optional<std::vector<std::string>> split_commands(std::string_view body) {
    std::vector<std::string> commands;
    std::size_t pos = 0;
    while (pos < body.size()) {
        const char c = body[pos];
        if (c == ' ' || c == ';') {
            ++pos;
            continue;
        }
        if (c == '+' || c == '$' || c == '^' || c == '#') {
            auto end = extended_end(body, pos);
            if (!end) return std::nullopt;
            commands.emplace_back(body.substr(pos, *end - pos));
            pos = *end;
            continue;
        }
        const std::size_t start = pos;
        const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (upper == 'D') {  // dial string: everything up to the end of the line
            commands.emplace_back(body.substr(pos));
            break;
        }
        if (c == '&') ++pos;
        if (pos >= body.size() || !is_alpha(body[pos])) return std::nullopt;
        const bool s_register = std::toupper(static_cast<unsigned char>(body[pos])) == 'S' && c != '&';
        ++pos;
        while (pos < body.size() && is_digit(body[pos])) ++pos;
        if (s_register && pos < body.size() && (body[pos] == '?' || body[pos] == '=')) {
            ++pos;
            while (pos < body.size() && is_digit(body[pos])) ++pos;
        }
        commands.emplace_back(body.substr(start, pos - start));
    }
    return commands;
}

std::vector<std::string> split_args(std::string_view args) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (char c : args) {
        if (c == '"') {
            quoted = !quoted;
        } else if (c == ',' && !quoted) {
            out.emplace_back();
        } else if (quoted || c != ' ') {
            out.back() += c;
        }
    }
    return out;
}

std::string to_upper(std::string_view text) {
    std::string out(text);
    std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

std::optional<int> to_int(std::string_view text) {
    int value = 0;
    const auto* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end || text.empty()) return std::nullopt;
    return value;
}

}  // namespace lte::sim
