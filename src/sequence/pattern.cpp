#include "lte/sequence/pattern.hpp"

#include <cctype>

#include <fmt/format.h>
#include <re2/re2.h>

namespace lte::sequence {
namespace {

// "\1".."\9" outside a character class, not after an escaped backslash: RE2 would say only
// "invalid escape sequence".
bool has_back_reference(std::string_view source) {
    for (std::size_t i = 0; i + 1 < source.size(); ++i) {
        if (source[i] != '\\') continue;
        if (std::isdigit(static_cast<unsigned char>(source[i + 1])) && source[i + 1] != '0') return true;
        ++i;  // the escaped character, whatever it is
    }
    return false;
}

RE2::Options options() {
    RE2::Options o;
    o.set_log_errors(false);  // the error is the loader's message, not a line on stderr
    // Bytes, as std::regex matched them: a modem's line is not always valid UTF-8, and a pattern's
    // non-ASCII text still matches its own bytes.
    o.set_encoding(RE2::Options::EncodingLatin1);
    return o;
}

}  // namespace

Pattern::Pattern(const std::string& source) : source_(source) {
    if (has_back_reference(source))
        throw PatternError(
            "back-references (\\1 ...) are not supported: patterns use RE2, which matches in "
            "linear time and has none; capture the part instead");
    auto re = std::make_shared<const re2::RE2>(source, options());
    if (!re->ok()) {
        const std::string& arg = re->error_arg();
        throw PatternError(arg.empty() ? re->error() : fmt::format("{} (at '{}')", re->error(), arg));
    }
    re_ = std::move(re);
}

bool Pattern::search(std::string_view text) const {
    return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

std::optional<std::string> Pattern::first_group(std::string_view text) const {
    std::string group;
    if (!RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_, &group)) return std::nullopt;
    return group;
}

int Pattern::groups() const { return re_->NumberOfCapturingGroups(); }

}  // namespace lte::sequence
