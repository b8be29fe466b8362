#include <iostream>

#include "lte/cli/app.hpp"
#include "lte/cli/commands.hpp"
#include "lte/config/search_path.hpp"

namespace lte::cli {

// Validates without touching a modem: the file, its profile and the sequence it would run.
int check_config_command(const std::filesystem::path& file) {
    const auto problems = config::validate_config(file, config::default_search_path("profiles"),
                                                  config::default_search_path("sequences"));
    int errors = 0;
    for (const auto& p : problems) {
        const bool error = p.severity == config::Problem::Severity::Error;
        errors += error ? 1 : 0;
        std::cerr << (error ? "error: " : "warning: ") << p.message << '\n';
    }
    if (errors) return kUsage;
    std::cout << file.string() << ": OK" << (problems.empty() ? "" : " (with warnings)") << '\n';
    return kOk;
}

}  // namespace lte::cli
