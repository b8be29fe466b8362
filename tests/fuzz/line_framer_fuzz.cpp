// Fuzzes at::LineFramer: whatever the bytes and however they are cut into reads, the framer
// reports the same events, never a blank line, a line with CR/LF in it or one over max_line,
// and loses no byte other than the CR/LF line ends (and, after an overflow, the overlong line's).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "lte/at/line_framer.hpp"

namespace {

using lte::at::LineFramer;

struct Events {
    std::vector<std::string> lines;
    std::string seen;  // lines and prompts in order, to compare with the input
    std::size_t prompts = 0;
    std::size_t overflows = 0;
};

void check(bool ok) {
    if (!ok) std::abort();
}

// Feeds bytes in reads whose sizes come from a small generator seeded by the input.
Events frame(std::string_view bytes, bool prompt, std::uint8_t seed, bool one_read) {
    Events ev;
    LineFramer framer(
        [&](std::string line) {
            check(!line.empty() && line.size() <= LineFramer::max_line);
            check(line.find_first_of("\r\n") == std::string::npos);
            ev.seen += line;
            ev.lines.push_back(std::move(line));
        },
        [&] {
            ev.seen += "> ";
            ++ev.prompts;
        },
        [&] { ++ev.overflows; });
    framer.expect_prompt(prompt);
    if (one_read) {
        framer.feed(bytes);
    } else {
        unsigned state = seed | 1u;
        while (!bytes.empty()) {
            state = state * 1103515245u + 12345u;
            const std::size_t n = std::min<std::size_t>(bytes.size(), 1 + (state >> 16) % 17);
            framer.feed(bytes.substr(0, n));
            bytes.remove_prefix(n);
        }
    }
    check(framer.partial().size() <= LineFramer::max_line);
    ev.seen += framer.partial();
    return ev;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const bool prompt = (data[0] & 1) != 0;
    const std::uint8_t seed = data[1];
    const std::string_view bytes(reinterpret_cast<const char*>(data + 2), size - 2);

    const Events whole = frame(bytes, prompt, seed, true);
    const Events pieces = frame(bytes, prompt, seed, false);
    check(whole.lines == pieces.lines && whole.prompts == pieces.prompts && whole.overflows == pieces.overflows);
    check(whole.prompts <= 1);  // one expect_prompt(true) allows one prompt

    std::string without_line_ends;
    for (const char c : bytes)
        if (c != '\r' && c != '\n') without_line_ends += c;
    if (whole.overflows == 0) check(whole.seen == without_line_ends);
    return 0;
}
