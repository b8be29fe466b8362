#pragma once
// Strict YAML reading shared by the sequence, profile and config loaders: every error names
// file:line:column and what was expected, so `lte-dialer check-config` can point at the spot.
#include <chrono>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace lte::sequence {

class YamlError : public std::runtime_error {
public:
    // line and column are 1-based; 0 means "the whole file".
    YamlError(std::string file, int line, int column, const std::string& problem);

    [[nodiscard]] const std::string& file() const noexcept { return file_; }
    [[nodiscard]] int line() const noexcept { return line_; }
    [[nodiscard]] int column() const noexcept { return column_; }
    [[nodiscard]] const std::string& problem() const noexcept { return problem_; }

private:
    std::string file_;
    int line_;
    int column_;
    std::string problem_;
};

// The longest duration a setting may have. Timers add it to "now", so a value near the
// representable limit would overflow there; no timeout or backoff needs more than this.
inline constexpr std::chrono::milliseconds kMaxDuration = std::chrono::hours(24 * 30);

// "500ms", "5s", "2m" -> milliseconds; nullopt for anything else (a bare number has no unit) and
// for anything above kMaxDuration.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// The closest of candidates to word within a small edit distance, for "did you mean".
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

class YamlReader {
public:
    explicit YamlReader(std::string file) : file_(std::move(file)) {}

    [[nodiscard]] const std::string& file() const noexcept { return file_; }

    // Loads text; a syntax error becomes a YamlError at its position.
    [[nodiscard]] YAML::Node parse(const std::string& text) const;
    // Reads and parses file(); a missing or unreadable file is a YamlError too.
    [[nodiscard]] YAML::Node parse_file() const;

    [[noreturn]] void fail(const YAML::Node& at, const std::string& problem) const;

    // Fails on any key of map not in allowed, suggesting the nearest allowed key.
    void check_keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
                    std::string_view where) const;
    void expect_map(const YAML::Node& node, std::string_view what) const;

    [[nodiscard]] std::string string(const YAML::Node& node, std::string_view what) const;
    [[nodiscard]] bool boolean(const YAML::Node& node, std::string_view what) const;
    [[nodiscard]] long integer(const YAML::Node& node, std::string_view what, long min, long max) const;
    [[nodiscard]] std::chrono::milliseconds duration(const YAML::Node& node, std::string_view what) const;
    // A list of strings; a single string is accepted as a list of one.
    [[nodiscard]] std::vector<std::string> strings(const YAML::Node& node, std::string_view what) const;
    // One of choices, e.g. auth: none|pap|chap|auto.
    [[nodiscard]] std::string choice(const YAML::Node& node, std::string_view what,
                                     std::initializer_list<std::string_view> choices) const;

private:
    std::string file_;
};

}  // namespace lte::sequence
