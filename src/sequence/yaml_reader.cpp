#include "lte/sequence/yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace lte::sequence {
namespace {

std::string located(const std::string& file, int line, int column, const std::string& problem) {
    if (line <= 0) return fmt::format("{}: {}", file, problem);
    return fmt::format("{}:{}:{}: {}", file, line, column, problem);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string joined(std::initializer_list<std::string_view> items) {
    std::string out;
    for (auto item : items) {
        if (!out.empty()) out += ", ";
        out += item;
    }
    return out;
}

}  // namespace

YamlError::YamlError(std::string file, int line, int column, const std::string& problem)
    : std::runtime_error(located(file, line, column, problem)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      problem_(problem) {}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
    long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end == text.data() || value < 0) return std::nullopt;
    const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
    long per_unit = 0;  // milliseconds
    if (unit == "ms") per_unit = 1;
    if (unit == "s") per_unit = 1000;
    if (unit == "m") per_unit = 60000;
    // Compared before multiplying: a count near LONG_MAX would overflow the product (found by fuzzing).
    if (per_unit == 0 || value > kMaxDuration.count() / per_unit) return std::nullopt;
    return std::chrono::milliseconds(value * per_unit);
}

std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates) {
    std::optional<std::string> best;
    std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (const auto& candidate : candidates) {
        const auto distance = edit_distance(word, candidate);
        if (distance < best_distance) {
            best_distance = distance;
            best = candidate;
        }
    }
    return best;
}

YAML::Node YamlReader::parse(const std::string& text) const {
    try {
        return YAML::Load(text);
    } catch (const YAML::ParserException& e) {
        throw YamlError(file_, e.mark.line + 1, e.mark.column + 1, e.msg);
    }
}

YAML::Node YamlReader::parse_file() const {
    std::ifstream in(file_);
    if (!in) throw YamlError(file_, 0, 0, "cannot open the file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str());
}

void YamlReader::fail(const YAML::Node& at, const std::string& problem) const {
    const auto mark = at.Mark();
    if (mark.is_null()) throw YamlError(file_, 0, 0, problem);
    throw YamlError(file_, mark.line + 1, mark.column + 1, problem);
}

void YamlReader::expect_map(const YAML::Node& node, std::string_view what) const {
    if (!node.IsMap()) fail(node, fmt::format("{} must be a mapping (key: value)", what));
}

void YamlReader::check_keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
                            std::string_view where) const {
    for (const auto& entry : map) {
        const auto key = string(entry.first, fmt::format("a key in {}", where));  // not a list or a map
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
        std::string problem = fmt::format("unknown key '{}' in {}", key, where);
        const auto suggestion = closest_match(key, std::vector<std::string>(allowed.begin(), allowed.end()));
        if (suggestion)
            problem += fmt::format(" (did you mean '{}'?)", *suggestion);
        else
            problem += fmt::format(" (expected one of: {})", joined(allowed));
        fail(entry.first, problem);
    }
}

std::string YamlReader::string(const YAML::Node& node, std::string_view what) const {
    if (!node.IsScalar()) fail(node, fmt::format("{} must be a string", what));
    return node.Scalar();
}

bool YamlReader::boolean(const YAML::Node& node, std::string_view what) const {
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value))
        fail(node, fmt::format("{} must be true or false", what));
    return value;
}

long YamlReader::integer(const YAML::Node& node, std::string_view what, long min, long max) const {
    long value = 0;
    if (!node.IsScalar() || !YAML::convert<long>::decode(node, value))
        fail(node, fmt::format("{} must be a whole number", what));
    if (value < min || value > max) fail(node, fmt::format("{} must be between {} and {}", what, min, max));
    return value;
}

std::chrono::milliseconds YamlReader::duration(const YAML::Node& node, std::string_view what) const {
    const auto text = node.IsScalar() ? std::optional(node.Scalar()) : std::nullopt;
    const auto value = text ? parse_duration(*text) : std::nullopt;
    if (!value)
        fail(node, fmt::format("{} must be a duration with a unit, like 500ms, 5s or 2m, of at most {} days (got '{}')",
                               what, std::chrono::duration_cast<std::chrono::hours>(kMaxDuration).count() / 24,
                               text.value_or("?")));
    return *value;
}

std::vector<std::string> YamlReader::strings(const YAML::Node& node, std::string_view what) const {
    if (node.IsScalar()) return {node.Scalar()};
    if (!node.IsSequence()) fail(node, fmt::format("{} must be a list of strings", what));
    std::vector<std::string> out;
    for (const auto& item : node) out.push_back(string(item, what));
    return out;
}

std::string YamlReader::choice(const YAML::Node& node, std::string_view what,
                               std::initializer_list<std::string_view> choices) const {
    auto value = string(node, what);
    if (std::find(choices.begin(), choices.end(), value) == choices.end())
        fail(node, fmt::format("{} must be one of {} (got '{}')", what, joined(choices), value));
    return value;
}

}  // namespace lte::sequence
