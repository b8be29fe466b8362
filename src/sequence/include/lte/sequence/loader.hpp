#pragma once
#include <filesystem>
#include <string>

#include "lte/sequence/sequence.hpp"
#include "lte/sequence/yaml_reader.hpp"

namespace lte::sequence {

// Loads and checks a sequence file; throws YamlError naming file:line:column and what was
// expected (unknown key, wrong type, bad duration, bad regex, unknown variable reference).
Sequence load_sequence(const std::filesystem::path& file);
// The same from text; source names it in messages.
Sequence parse_sequence(const std::string& text, const std::string& source);

}  // namespace lte::sequence
