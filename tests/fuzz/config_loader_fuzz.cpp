// Fuzzes the configuration loaders: config.yaml (parse_config) and a modem profile
// (parse_profile) read the same text. Either may load or throw the documented ConfigError
// (sequence::YamlError, naming source:line:column); anything else escaping, or a crash, is a bug.
// Both in one target because they share the strict YAML reader and their seeds are alike.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "lte/config/config.hpp"
#include "lte/config/profile.hpp"

#include "forget_secrets.hpp"

namespace {

template <typename Load>
void must_load_or_explain(Load load, const std::string& text) {
    try {
        (void)load(text, "fuzz.yaml");
    } catch (const lte::config::ConfigError& e) {
        if (e.file() != "fuzz.yaml" || e.line() < 0 || e.column() < 0) std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const lte::fuzz::ForgetSecrets forget;
    const std::string text(reinterpret_cast<const char*>(data), size);
    must_load_or_explain(lte::config::parse_config, text);
    must_load_or_explain(lte::config::parse_profile, text);
    return 0;
}
