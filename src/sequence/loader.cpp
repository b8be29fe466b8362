#include "lte/sequence/loader.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "lte/sequence/variables.hpp"

namespace lte::sequence {
namespace {

class SequenceReader {
public:
    explicit SequenceReader(std::string source) : yaml_(std::move(source)) {}

    Sequence read(const YAML::Node& root) {
        Sequence seq;
        seq.source = yaml_.file();
        if (!root.IsMap()) yaml_.fail(root, "a sequence file must be a mapping with 'name' and 'steps'");
        yaml_.check_keys(root, {"name", "description", "abort", "vars", "secret_vars", "steps"}, "the sequence");
        if (!root["name"]) yaml_.fail(root, "missing 'name'");
        seq.name = yaml_.string(root["name"], "name");
        if (root["abort"]) seq.abort = yaml_.strings(root["abort"], "abort");
        if (const auto vars = root["vars"]) {
            yaml_.expect_map(vars, "vars");
            for (const auto& entry : vars) {
                const auto name = yaml_.string(entry.first, "a variable name in vars");
                seq.defaults[name] = yaml_.string(entry.second, fmt::format("vars.{}", name));
                known_.push_back(name);
            }
        }
        if (root["secret_vars"])
            for (auto& name : yaml_.strings(root["secret_vars"], "secret_vars")) {
                known_.push_back(name);
                seq.secret_vars.insert(std::move(name));
            }
        if (!root["steps"]) yaml_.fail(root, "missing 'steps'");
        seq.steps = steps(root["steps"]);
        return seq;
    }

private:
    std::vector<Step> steps(const YAML::Node& list) {
        if (!list.IsSequence() || list.size() == 0) yaml_.fail(list, "'steps' must be a non-empty list of steps");
        std::vector<Step> out;
        for (const auto& node : list) out.push_back(step(node));
        return out;
    }

    Step step(const YAML::Node& node) {
        if (!node.IsMap())
            yaml_.fail(node, "a step must be a mapping with one of send, wait_registered, when, sleep, give_up");
        Step out;
        out.line = node.Mark().line + 1;
        if (node["send"])
            out.action = send(node);
        else if (node["wait_registered"])
            out.action = wait_registered(node);
        else if (node["when"])
            out.action = when(node);
        else if (node["sleep"])
            out.action = sleep(node);
        else if (node["give_up"])
            out.action = give_up(node);
        else {
            // Name the misspelt key if there is one: "sned" -> "send".
            yaml_.check_keys(node, {"send", "wait_registered", "when", "sleep", "give_up"}, "a step");
            yaml_.fail(node, "a step needs one of send, wait_registered, when, sleep, give_up");
        }
        return out;
    }

    SendStep send(const YAML::Node& node) {
        yaml_.check_keys(node,
                         {"send", "expect", "expect_regex", "timeout", "retry", "abort", "fail", "optional", "secret",
                          "finish", "fatal", "capture", "port"},
                         "a send step");
        SendStep s;
        s.command = yaml_.string(node["send"], "send");
        check_references(node["send"], s.command);
        if (node["expect"] && node["expect_regex"])
            yaml_.fail(node["expect_regex"], "give expect or expect_regex, not both");
        if (const auto expect = node["expect"]) {
            const auto text = yaml_.string(expect, "expect");
            if (text.size() >= 2 && text.front() == '/' && text.back() == '/')
                s.expect = regex_expect(expect, text.substr(1, text.size() - 2));
            else
                s.expect = Expect{Expect::Kind::Literal, text, std::nullopt};
        }
        if (const auto expect = node["expect_regex"])
            s.expect = regex_expect(expect, yaml_.string(expect, "expect_regex"));
        if (node["timeout"]) {
            s.timeout = yaml_.duration(node["timeout"], "timeout");
            s.timeout_explicit = true;
        }
        if (const auto retry = node["retry"]) {
            yaml_.expect_map(retry, "retry");
            yaml_.check_keys(retry, {"times", "interval"}, "retry");
            if (retry["times"]) s.retry.times = static_cast<int>(yaml_.integer(retry["times"], "retry.times", 0, 1000));
            if (retry["interval"]) s.retry.interval = yaml_.duration(retry["interval"], "retry.interval");
        }
        if (node["abort"]) s.abort = yaml_.strings(node["abort"], "abort");
        if (node["fail"]) s.fail_message = yaml_.string(node["fail"], "fail");
        if (node["optional"]) s.optional = yaml_.boolean(node["optional"], "optional");
        if (node["secret"]) s.secret = yaml_.boolean(node["secret"], "secret");
        if (node["finish"]) s.finish = yaml_.boolean(node["finish"], "finish");
        if (node["fatal"]) s.fatal = yaml_.boolean(node["fatal"], "fatal");
        if (s.fatal && s.optional) yaml_.fail(node["fatal"], "a step cannot be both optional and fatal");
        if (s.fatal && s.retry.times > 0)
            yaml_.fail(node["fatal"], "a fatal step cannot retry: a refusal is final, and each try may cost one");
        if (node["port"]) s.port = yaml_.choice(node["port"], "port", {"at", "data"}) == "data" ? Port::Data : Port::At;
        if (const auto capture = node["capture"]) {
            yaml_.expect_map(capture, "capture");
            for (const auto& entry : capture) {
                Capture c{yaml_.string(entry.first, "a capture's variable name"),
                          yaml_.string(entry.second, "a capture pattern")};
                check_references(entry.second, c.pattern);
                // Variables are checked for reference above; compile with placeholders to check syntax.
                const auto compiled = compile(entry.second, with_placeholders(c.pattern));
                if (compiled.groups() < 1)
                    yaml_.fail(entry.second,
                               fmt::format("capture pattern for '{}' needs one (group) to capture", c.var));
                s.captures.push_back(std::move(c));
            }
            // Captures become known only after their step, so a step cannot use its own capture.
            for (const auto& c : s.captures) known_.push_back(c.var);
        }
        return s;
    }

    WaitRegisteredStep wait_registered(const YAML::Node& node) {
        yaml_.check_keys(node, {"wait_registered"}, "a wait_registered step");
        WaitRegisteredStep w;
        const auto body = node["wait_registered"];
        if (body.IsNull()) return w;
        yaml_.expect_map(body, "wait_registered");
        yaml_.check_keys(body, {"timeout", "poll", "via", "not_searching"}, "wait_registered");
        if (body["not_searching"]) w.not_searching = steps(body["not_searching"]);
        if (body["timeout"]) w.timeout = yaml_.duration(body["timeout"], "wait_registered.timeout");
        if (body["poll"]) w.poll = yaml_.duration(body["poll"], "wait_registered.poll");
        if (w.poll.count() == 0) yaml_.fail(body["poll"], "wait_registered.poll must be more than 0");
        if (const auto via = body["via"]) {
            w.via.clear();
            const auto list =
                via.IsScalar() ? std::vector<YAML::Node>{via} : std::vector<YAML::Node>(via.begin(), via.end());
            if (!via.IsScalar() && !via.IsSequence())
                yaml_.fail(via, "via must be a list of CEREG, CGREG, CREG, C5GREG");
            for (const auto& item : list) {
                const auto name = yaml_.choice(item, "via", {"CEREG", "CGREG", "CREG", "C5GREG"});
                w.via.push_back(name == "CEREG"   ? parse::RegKind::Cereg
                                : name == "CGREG" ? parse::RegKind::Cgreg
                                : name == "CREG"  ? parse::RegKind::Creg
                                                  : parse::RegKind::C5greg);
            }
            if (w.via.empty()) yaml_.fail(via, "via must name at least one of CEREG, CGREG, CREG, C5GREG");
        }
        return w;
    }

    WhenStep when(const YAML::Node& node) {
        yaml_.check_keys(node, {"when", "steps", "finally"}, "a when step");
        WhenStep w;
        w.condition = condition(node["when"]);
        if (!node["steps"]) yaml_.fail(node, "a when step needs 'steps' to run when the condition holds");
        w.steps = steps(node["steps"]);
        if (node["finally"]) w.finally = steps(node["finally"]);
        return w;
    }

    GiveUpStep give_up(const YAML::Node& node) {
        yaml_.check_keys(node, {"give_up"}, "a give_up step");
        GiveUpStep g{yaml_.string(node["give_up"], "give_up")};
        check_references(node["give_up"], g.message);
        if (g.message.empty()) yaml_.fail(node["give_up"], "give_up needs the text telling a person what to do");
        return g;
    }

    SleepStep sleep(const YAML::Node& node) {
        yaml_.check_keys(node, {"sleep"}, "a sleep step");
        return SleepStep{yaml_.duration(node["sleep"], "sleep")};
    }

    Condition condition(const YAML::Node& node) {
        Condition c;
        c.text = yaml_.string(node, "when");
        check_references(node, c.text);
        for (const auto& alternative : split(c.text, "||")) {
            std::vector<Condition::Clause> all_of;
            for (const auto& clause : split(alternative, "&&")) all_of.push_back(comparison(node, clause));
            c.any_of.push_back(std::move(all_of));
        }
        return c;
    }

    Condition::Clause comparison(const YAML::Node& node, std::string_view text) {
        const auto ne = text.find("!=");
        const auto eq = text.find("==");
        if ((ne == std::string_view::npos) == (eq == std::string_view::npos))
            yaml_.fail(node, fmt::format("condition '{}' must compare with exactly one == or != "
                                         "(clauses joined by && and ||)",
                                         trim(text)));
        const auto op = ne != std::string_view::npos ? ne : eq;
        return {operand(text.substr(0, op)), operand(text.substr(op + 2)), eq != std::string_view::npos};
    }

    // "" stands for the empty string, e.g. a capture that found nothing.
    static std::string operand(std::string_view text) {
        auto out = trim(text);
        return out == "\"\"" ? std::string() : out;
    }

    static std::vector<std::string_view> split(std::string_view text, std::string_view separator) {
        std::vector<std::string_view> parts;
        for (auto at = text.find(separator); at != std::string_view::npos; at = text.find(separator)) {
            parts.push_back(text.substr(0, at));
            text.remove_prefix(at + separator.size());
        }
        parts.push_back(text);
        return parts;
    }

    Expect regex_expect(const YAML::Node& node, const std::string& source) {
        return Expect{Expect::Kind::Regex, source, compile(node, source)};
    }

    // Refused with the pattern's file:line:column (a configuration error: exit 2).
    Pattern compile(const YAML::Node& node, const std::string& source) {
        try {
            return Pattern(source);
        } catch (const PatternError& e) {
            yaml_.fail(node, fmt::format("bad regular expression '{}': {}", source, e.what()));
        }
    }

    void check_references(const YAML::Node& node, const std::string& text) {
        std::vector<std::string> names;
        try {
            names = referenced_variables(text);
        } catch (const SubstitutionError& e) {
            yaml_.fail(node, e.what());
        }
        for (const auto& name : names) {
            if (std::find(known_.begin(), known_.end(), name) != known_.end()) continue;
            std::string problem = fmt::format(
                "unknown variable ${{{}}} (known here: the standard ones, vars:, secret_vars: and earlier captures)",
                name);
            if (const auto guess = closest_match(name, known_))
                problem += fmt::format("; did you mean ${{{}}}?", *guess);
            yaml_.fail(node, problem);
        }
    }

    static std::string with_placeholders(const std::string& pattern) {
        std::string out;
        std::size_t pos = 0;
        for (auto open = pattern.find("${"); open != std::string::npos; open = pattern.find("${", pos)) {
            out += pattern.substr(pos, open - pos) + "x";
            pos = pattern.find('}', open) + 1;
        }
        return out + pattern.substr(pos);
    }

    static std::string trim(std::string_view text) {
        const auto begin = text.find_first_not_of(" \t");
        if (begin == std::string_view::npos) return {};
        return std::string(text.substr(begin, text.find_last_not_of(" \t") - begin + 1));
    }

    YamlReader yaml_;
    std::vector<std::string> known_ = standard_variables();
};

}  // namespace

Sequence parse_sequence(const std::string& text, const std::string& source) {
    SequenceReader reader(source);
    return reader.read(YamlReader(source).parse(text));
}

Sequence load_sequence(const std::filesystem::path& file) {
    SequenceReader reader(file.string());
    return reader.read(YamlReader(file.string()).parse_file());
}

}  // namespace lte::sequence
