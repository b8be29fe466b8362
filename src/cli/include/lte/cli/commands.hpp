#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include "lte/config/config.hpp"

namespace lte::cli {

// What every modem-facing command takes from the command line besides the config file.
struct ModemOptions {
    std::optional<std::filesystem::path> config_file;  // nullopt: the default file if it exists
    config::Overrides overrides;
    std::optional<std::string> auth, pdp_type;
    bool verbose = false;
};

// Loads the config file (or the built-in defaults when there is none) and applies the flags.
// Throws config::ConfigError / std::invalid_argument with a message for the user.
config::Config load_effective_config(const ModemOptions& options);

int connect_command(const ModemOptions& options, bool dial_only);
int run_command(const ModemOptions& options, const std::filesystem::path& socket);
int info_command(const ModemOptions& options, bool json, bool show_ids, const std::filesystem::path& socket);
int check_config_command(const std::filesystem::path& file);

}  // namespace lte::cli
