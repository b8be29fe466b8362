#include "lte/at/line_framer.hpp"

#include <utility>

namespace lte::at {

LineFramer::LineFramer(LineHandler on_line, PromptHandler on_prompt)
    : on_line_(std::move(on_line)), on_prompt_(std::move(on_prompt)) {}

void LineFramer::expect_prompt(bool expected) { prompt_expected_ = expected; }

void LineFramer::feed(std::string_view bytes) {
    for (const char c : bytes) {
        if (c == '\r' || c == '\n') {
            // Any run of CR/LF ends at most one line, so "\r\r\n" and a CR and LF split
            // across reads both give exactly one line and no blank ones.
            if (!partial_.empty()) on_line_(std::exchange(partial_, {}));
            continue;
        }
        partial_.push_back(c);
        if (prompt_expected_ && partial_ == "> ") {
            partial_.clear();
            prompt_expected_ = false;
            on_prompt_();
        } else if (partial_.size() >= max_line) {
            on_line_(std::exchange(partial_, {}));
        }
    }
}

}  // namespace lte::at
