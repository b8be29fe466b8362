#pragma once
#include <functional>
#include <string>
#include <string_view>

#include "lte/at/limits.hpp"

namespace lte::at {

// Cuts a byte stream into lines however it is fragmented: CR, LF, CRLF and the echo's
// CR CR LF all end a line; blank lines are dropped. A "> " prompt, which has no line end,
// is reported when the channel says one is expected. A line longer than max_line is reported
// once as an overflow and the rest of it discarded up to its line end.
class LineFramer {
public:
    using LineHandler = std::function<void(std::string line)>;
    using PromptHandler = std::function<void()>;
    using OverflowHandler = std::function<void()>;

    LineFramer(LineHandler on_line, PromptHandler on_prompt, OverflowHandler on_overflow = {});

    void feed(std::string_view bytes);
    void expect_prompt(bool expected);
    // Forgets a partial line, e.g. after leaving data mode.
    void reset() {
        partial_.clear();
        discarding_ = false;
    }
    [[nodiscard]] const std::string& partial() const noexcept { return partial_; }

    static constexpr std::size_t max_line = limits::max_line_bytes;  // garbage without line ends must not grow memory

private:
    LineHandler on_line_;
    PromptHandler on_prompt_;
    OverflowHandler on_overflow_;
    std::string partial_;
    bool prompt_expected_ = false;
    bool discarding_ = false;  // inside an overlong line: dropped up to its line end
};

}  // namespace lte::at
