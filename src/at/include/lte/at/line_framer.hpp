#pragma once
#include <functional>
#include <string>
#include <string_view>

namespace lte::at {

// Cuts a byte stream into lines however it is fragmented: CR, LF, CRLF and the echo's
// CR CR LF all end a line; blank lines are dropped. A "> " prompt, which has no line end,
// is reported when the channel says one is expected.
class LineFramer {
public:
    using LineHandler = std::function<void(std::string line)>;
    using PromptHandler = std::function<void()>;

    LineFramer(LineHandler on_line, PromptHandler on_prompt);

    void feed(std::string_view bytes);
    void expect_prompt(bool expected);
    // Forgets a partial line, e.g. after leaving data mode.
    void reset() { partial_.clear(); }
    [[nodiscard]] const std::string& partial() const noexcept { return partial_; }

    static constexpr std::size_t max_line = 4096;  // garbage without line ends must not grow memory

private:
    LineHandler on_line_;
    PromptHandler on_prompt_;
    std::string partial_;
    bool prompt_expected_ = false;
};

}  // namespace lte::at
