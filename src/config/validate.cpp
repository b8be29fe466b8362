// `lte-dialer check-config`: load everything the daemon would load and report every problem.
#include <algorithm>

#include <fmt/format.h>

#include "lte/config/checks.hpp"
#include "lte/config/config.hpp"
#include "lte/sequence/loader.hpp"

namespace lte::config {
namespace {

Problem error(std::string message) { return {Problem::Severity::Error, std::move(message)}; }

std::string at(const std::string& file, const YAML::Mark& mark) {
    if (mark.is_null()) return file;
    return fmt::format("{}:{}:{}", file, mark.line + 1, mark.column + 1);
}

// Whether steps send anything to the data port (the dial: ATD until CONNECT), also inside `when`.
bool dials(const std::vector<sequence::Step>& steps) {
    return std::any_of(steps.begin(), steps.end(), [](const sequence::Step& step) {
        if (const auto* send = std::get_if<sequence::SendStep>(&step.action)) return send->port == sequence::Port::Data;
        if (const auto* when = std::get_if<sequence::WhenStep>(&step.action)) return dials(when->steps);
        return false;
    });
}

// What the settings read well one by one still cannot do on this machine or together.
void check_settings(const Config& config, std::vector<Problem>& problems) {
    if (config.apn.empty() && !config.apn_mark.is_null())  // a missing apn is reported as such
        problems.push_back(
            error(fmt::format("{}: apn is empty; connect refuses to dial without one: set the access "
                              "point name your operator gave you",
                              at(config.source, config.apn_mark))));
    if (const auto why = pppd_path_problem(config.pppd.path))
        problems.push_back(error(fmt::format("{}: {}", at(config.source, config.pppd.path_mark), *why)));
}

// Runs load and turns its exception into a problem; returns whether it succeeded.
template <typename Load>
bool collect(std::vector<Problem>& problems, Load&& load) {
    try {
        load();
        return true;
    } catch (const sequence::YamlErrors& e) {
        for (const auto& one : e.all()) problems.push_back(error(one.what()));
        return false;
    } catch (const std::exception& e) {
        problems.push_back(error(e.what()));
        return false;
    }
}

}  // namespace

std::vector<Problem> validate_config(const std::filesystem::path& file, const SearchPath& profile_dirs,
                                     const SearchPath& sequence_dirs) {
    std::vector<Problem> problems;
    Config config;
    std::vector<ConfigError> config_problems;
    if (!collect(problems, [&] { config = load_config_reporting(file, config_problems); })) return problems;
    for (const auto& p : config_problems) problems.push_back(error(p.what()));
    for (const auto& warning : config.warnings) problems.push_back({Problem::Severity::Warning, warning});
    check_settings(config, problems);

    std::vector<Profile> profiles;
    if (!collect(problems, [&] { profiles = load_profiles(profile_dirs); })) return problems;

    // The sequences that may run: the configured one, else those of the candidate profiles.
    std::vector<std::string> sequences;
    if (config.profile == "auto") {
        if (profiles.empty())
            problems.push_back(error(fmt::format("{}: profile auto, but no profiles were found", config.source)));
        for (const auto& p : profiles) sequences.push_back(p.sequence);
    } else {
        const auto it =
            std::find_if(profiles.begin(), profiles.end(), [&](const auto& p) { return p.name == config.profile; });
        if (it == profiles.end()) {
            std::string known;
            for (const auto& p : profiles) known += (known.empty() ? "" : ", ") + p.name;
            problems.push_back(error(fmt::format("{}: no profile named '{}' (known: {})",
                                                 at(config.source, config.profile_mark), config.profile, known)));
        } else {
            sequences.push_back(it->sequence);
            if (config.at_port.empty() && it->at_port.empty())
                problems.push_back(error(fmt::format("{}: profile '{}' names no AT port; set modem.at_port",
                                                     config.source, config.profile)));
        }
    }
    if (!config.sequence.empty()) sequences = {config.sequence};
    std::sort(sequences.begin(), sequences.end());
    sequences.erase(std::unique(sequences.begin(), sequences.end()), sequences.end());
    for (const auto& name : sequences)
        collect(problems, [&] {
            const auto sequence = sequence::load_sequence(resolve_file(name, sequence_dirs, "sequence"));
            if (!dials(sequence.steps))
                problems.push_back(
                    error(fmt::format("{}: sequence '{}' never dials: it needs a step with port: data "
                                      "(e.g. ATD*99***${{cid}}#) that ends in CONNECT",
                                      sequence.source, sequence.name)));
        });
    return problems;
}

}  // namespace lte::config
