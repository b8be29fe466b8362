#include "lte/sequence/yaml_reader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>

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

std::string joined(std::span<const std::string_view> items) {
    std::string out;
    for (auto item : items) {
        if (!out.empty()) out += ", ";
        out += item;
    }
    return out;
}

std::string all_messages(const std::vector<YamlError>& all) {
    std::string text;
    for (const auto& e : all) text += (text.empty() ? "" : "\n") + std::string(e.what());
    return text;
}

// Finds keys that appear twice in one mapping from the parser's events: the loaded tree keeps only
// one of them for lookups, and events see each mapping once, however many aliases point at it.
class DuplicateKeyFinder : public YAML::EventHandler {
public:
    DuplicateKeyFinder(const std::string& file, std::vector<YamlError>& found) : file_(file), found_(found) {}

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override { node_done(); }
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override { node_done(); }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string& value) override {
        if (!frames_.empty() && frames_.back().map && frames_.back().at_key) check(mark, value);
        node_done();
    }
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
        frames_.push_back({});
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
        frames_.push_back({true, true, {}});
    }
    void OnMapEnd() override { close(); }

private:
    struct Frame {
        bool map = false;
        bool at_key = false;                          // the next node in this mapping is a key
        std::map<std::string, YAML::Mark> seen = {};  // keys so far, where each first appeared
    };

    void check(const YAML::Mark& mark, const std::string& key) {
        auto& seen = frames_.back().seen;
        const auto [first, inserted] = seen.emplace(key, mark);
        if (inserted) return;
        found_.emplace_back(file_, mark.line + 1, mark.column + 1,
                            fmt::format("duplicate key '{}': it is also at {}:{}:{}; only one would count, so "
                                        "remove or merge one of them",
                                        key, file_, first->second.line + 1, first->second.column + 1));
    }
    // A whole node (scalar, or a collection just closed) ends: a key is followed by its value.
    void node_done() {
        if (!frames_.empty() && frames_.back().map) frames_.back().at_key = !frames_.back().at_key;
    }
    void close() {
        frames_.pop_back();
        node_done();
    }

    const std::string& file_;
    std::vector<YamlError>& found_;
    std::vector<Frame> frames_;
};

}  // namespace

YamlError::YamlError(const std::string& text, const YamlError& first)
    : std::runtime_error(text),
      file_(first.file_),
      line_(first.line_),
      column_(first.column_),
      problem_(first.problem_) {}

YamlErrors::YamlErrors(std::vector<YamlError> all) : YamlError(all_messages(all), all.at(0)), all_(std::move(all)) {}

YamlError::YamlError(std::string file, int line, int column, const std::string& problem)
    : std::runtime_error(located(file, line, column, problem)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      problem_(problem) {}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
    struct Unit {
        std::string_view name;
        long ms;
    };
    // Longest name first, so "5ms" is not read as 5 minutes and an "s".
    static constexpr std::array<Unit, 4> kUnits{{{"ms", 1}, {"h", 3600000}, {"m", 60000}, {"s", 1000}}};
    if (text.empty()) return std::nullopt;
    long total = 0;
    long last_unit = 0;  // each part's unit must be smaller than the one before: "1h30m", not "30m1h"
    while (!text.empty()) {
        long value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc{} || end == text.data() || value < 0) return std::nullopt;
        text.remove_prefix(static_cast<std::size_t>(end - text.data()));
        const auto unit =
            std::find_if(kUnits.begin(), kUnits.end(), [&](const Unit& u) { return text.starts_with(u.name); });
        if (unit == kUnits.end() || (last_unit != 0 && unit->ms >= last_unit)) return std::nullopt;
        text.remove_prefix(unit->name.size());
        last_unit = unit->ms;
        // Compared before multiplying: a count near LONG_MAX would overflow the product (found by fuzzing).
        if (value > (kMaxDuration.count() - total) / unit->ms) return std::nullopt;
        total += value * unit->ms;
    }
    return std::chrono::milliseconds(total);
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
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
        throw YamlError(file_, e.mark.line + 1, e.mark.column + 1, e.msg);
    }
    check_duplicate_keys(text);
    return root;
}

void YamlReader::check_duplicate_keys(const std::string& text) const {
    std::vector<YamlError> found;
    DuplicateKeyFinder finder(file_, found);
    std::istringstream in(text);
    YAML::Parser parser(in);
    try {
        parser.HandleNextDocument(finder);  // the first document, the one YAML::Load reads
    } catch (const YAML::ParserException& e) {
        throw YamlError(file_, e.mark.line + 1, e.mark.column + 1, e.msg);
    }
    if (found.empty()) return;
    if (mode_ == Mode::EveryProblem) {
        problems_.insert(problems_.end(), found.begin(), found.end());
        return;
    }
    if (found.size() == 1) throw found.front();
    throw YamlErrors(std::move(found));
}

void YamlReader::note(const YamlError& problem) const {
    if (mode_ == Mode::FirstProblem) throw problem;
    problems_.push_back(problem);
}

std::vector<YamlError> YamlReader::problems() const {
    auto sorted = problems_;  // in the order of the file, as a reader goes through it
    std::stable_sort(sorted.begin(), sorted.end(), [](const YamlError& a, const YamlError& b) {
        return std::pair(a.line(), a.column()) < std::pair(b.line(), b.column());
    });
    return sorted;
}

void YamlReader::throw_problems() const {
    if (problems_.empty()) return;
    if (problems_.size() == 1) throw problems_.front();
    throw YamlErrors(problems());
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
    check_keys(map, std::span<const std::string_view>(allowed.begin(), allowed.size()), where);
}

void YamlReader::check_keys(const YAML::Node& map, std::span<const std::string_view> allowed,
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
        fail(node, fmt::format("{} must be a duration with a unit, like 500ms, 5s, 2m, 1h or 1h30m, of at most {} days "
                               "(got '{}')",
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
        fail(node, fmt::format("{} must be one of {} (got '{}')", what,
                               joined(std::span<const std::string_view>(choices.begin(), choices.size())), value));
    return value;
}

}  // namespace lte::sequence
