#pragma once
// Strict YAML reading shared by the sequence, profile and config loaders: every error names
// file:line:column and what was expected, so `lte-dialer check-config` can point at the spot.
#include <chrono>
#include <initializer_list>
#include <optional>
#include <span>
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

protected:
    // For YamlErrors: what() is text, the position that of the first problem.
    YamlError(const std::string& text, const YamlError& first);

public:
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

// Several problems at once (check-config reports every one): what() lists them, one a line; the
// position is the first's.
class YamlErrors : public YamlError {
public:
    explicit YamlErrors(std::vector<YamlError> all);
    [[nodiscard]] const std::vector<YamlError>& all() const noexcept { return all_; }

private:
    std::vector<YamlError> all_;
};

// The longest duration a setting may have. Timers add it to "now", so a value near the
// representable limit would overflow there; no timeout or backoff needs more than this.
inline constexpr std::chrono::milliseconds kMaxDuration = std::chrono::hours(24 * 30);

// "500ms", "5s", "2m", "1h", or parts of those from the largest unit down ("1h30m", "2m30s") ->
// milliseconds; nullopt for anything else (a bare number has no unit) and for anything above
// kMaxDuration. The one duration parser: config, profiles and sequences all read through it.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// The closest of candidates to word within a small edit distance, for "did you mean".
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

class YamlReader {
public:
    // FirstProblem: every failure throws at once (profiles, sequences). EveryProblem: failures inside
    // attempt() and duplicate keys are noted, and throw_problems() throws them all (the config).
    enum class Mode { FirstProblem, EveryProblem };
    explicit YamlReader(std::string file, Mode mode = Mode::FirstProblem) : file_(std::move(file)), mode_(mode) {}

    [[nodiscard]] const std::string& file() const noexcept { return file_; }

    // Loads text; a syntax error becomes a YamlError at its position. A key that appears twice in one
    // mapping is an error naming both places (yaml-cpp would silently keep the first).
    [[nodiscard]] YAML::Node parse(const std::string& text) const;
    // Reads and parses file(); a missing or unreadable file is a YamlError too.
    [[nodiscard]] YAML::Node parse_file() const;

    [[noreturn]] void fail(const YAML::Node& at, const std::string& problem) const;

    // Runs read; in EveryProblem mode a YamlError it throws is noted and reading goes on.
    template <typename Read>
    void attempt(Read&& read) const {
        if (mode_ == Mode::FirstProblem) return read();
        try {
            read();
        } catch (const YamlErrors& e) {
            problems_.insert(problems_.end(), e.all().begin(), e.all().end());
        } catch (const YamlError& e) {
            problems_.push_back(e);
        }
    }
    // Notes a problem without a position in the file's text (EveryProblem), or throws it.
    void note(const YamlError& problem) const;
    // Throws every noted problem (a YamlError for one, YamlErrors for several); nothing if none.
    void throw_problems() const;
    // The noted problems so far, in the order of the file.
    [[nodiscard]] std::vector<YamlError> problems() const;

    // Fails on any key of map not in allowed, suggesting the nearest allowed key.
    void check_keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
                    std::string_view where) const;
    void check_keys(const YAML::Node& map, std::span<const std::string_view> allowed, std::string_view where) const;
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
    void check_duplicate_keys(const std::string& text) const;

    std::string file_;
    Mode mode_;
    mutable std::vector<YamlError> problems_;
};

}  // namespace lte::sequence
