#pragma once
// The regular expressions of sequences (expect, expect_regex, capture, abort as /.../): RE2, which
// matches in time linear in the line whatever the pattern, so no pattern a user writes can hang
// the daemon's event loop (std::regex backtracks, and GCC's recurses once per character). RE2 has
// no back-references or look-around; such a pattern is refused when the sequence is loaded.
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace lte::sequence {

// Why a pattern cannot be used, in words: "missing ): ^(a", "back-references (\1) are not supported".
class PatternError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Pattern {
public:
    // Throws PatternError.
    explicit Pattern(const std::string& source);

    // True if the pattern matches somewhere in text (unanchored, like std::regex_search).
    [[nodiscard]] bool search(std::string_view text) const;
    // Group 1 of the first match in text; nullopt when it does not match. Needs groups() >= 1.
    [[nodiscard]] std::optional<std::string> first_group(std::string_view text) const;
    [[nodiscard]] int groups() const;
    [[nodiscard]] const std::string& source() const noexcept { return source_; }

private:
    std::string source_;
    std::shared_ptr<const re2::RE2> re_;  // immutable and thread-safe: copies share it
};

}  // namespace lte::sequence
