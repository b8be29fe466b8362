#include <filesystem>
#include <stdexcept>

#include "lte/cli/commands.hpp"

namespace lte::cli {

namespace {

config::Auth parse_auth(const std::string& word) {
    if (word == "none") return config::Auth::None;
    if (word == "pap") return config::Auth::Pap;
    if (word == "chap") return config::Auth::Chap;
    if (word == "auto") return config::Auth::Auto;
    throw std::invalid_argument("--auth must be none, pap, chap or auto, not '" + word + "'");
}

config::PdpType parse_pdp_type(const std::string& word) {
    if (word == "ipv4") return config::PdpType::Ipv4;
    if (word == "ipv6") return config::PdpType::Ipv6;
    if (word == "ipv4v6") return config::PdpType::Ipv4v6;
    throw std::invalid_argument("--pdp-type must be ipv4, ipv6 or ipv4v6, not '" + word + "'");
}

}  // namespace

config::Config load_effective_config(const ModemOptions& options) {
    config::Config cfg;
    if (options.config_file) {
        cfg = config::load_config(*options.config_file);
    } else if (std::filesystem::exists(config::default_config_path)) {
        cfg = config::load_config(config::default_config_path);
    } else {
        cfg.source = "(command line)";  // the struct's defaults are the built-in ones
    }
    config::apply_overrides(cfg, options.overrides);
    if (options.auth) cfg.auth = parse_auth(*options.auth);
    if (options.pdp_type) cfg.pdp_type = parse_pdp_type(*options.pdp_type);
    if (options.verbose) cfg.log_level = "debug";
    // No credentials at all: nothing to authenticate with, unless --auth insists.
    if (!options.auth && cfg.user.empty() && cfg.password.empty()) cfg.auth = config::Auth::None;
    return cfg;
}

}  // namespace lte::cli
