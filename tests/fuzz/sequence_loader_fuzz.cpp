// Fuzzes the YAML sequence loader: any text either loads or throws the documented YamlError
// (a std::runtime_error naming source:line:column). Anything else escaping, or a crash, is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "lte/sequence/loader.hpp"

#include "forget_secrets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const lte::fuzz::ForgetSecrets forget;
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const auto sequence = lte::sequence::parse_sequence(text, "fuzz.yaml");
        (void)sequence;
    } catch (const lte::sequence::YamlError& e) {
        if (e.file() != "fuzz.yaml" || e.line() < 0 || e.column() < 0) std::abort();
    }
    return 0;
}
