#pragma once
// The small part of V.250 / 27.007 syntax a modem needs to read a command line.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lte::sim {

// Splits what follows "AT" into single commands, e.g. "E0&D2+CMEE=2;+CREG=1" →
// {"E0", "&D2", "+CMEE=2", "+CREG=1"}. D takes the rest of the line. Spaces outside quotes are
// dropped. nullopt when the line is malformed (unterminated quote, a stray character).
std::optional<std::vector<std::string>> split_commands(std::string_view body);

// Splits a parameter list at commas outside quotes and removes the quotes:
// `1,"IP","a,b"` → {"1", "IP", "a,b"}.
std::vector<std::string> split_args(std::string_view args);

std::string to_upper(std::string_view text);

// Parses a whole decimal number; nullopt for anything else.
std::optional<int> to_int(std::string_view text);

}  // namespace lte::sim
