#include "lte/at/line_framer.hpp"

#include <utility>

namespace lte::at {

LineFramer::LineFramer(LineHandler on_line, PromptHandler on_prompt, OverflowHandler on_overflow)
    : on_line_(std::move(on_line)), on_prompt_(std::move(on_prompt)), on_overflow_(std::move(on_overflow)) {}

void LineFramer::expect_prompt(bool expected) { prompt_expected_ = expected; }

void LineFramer::feed(std::string_view bytes) {
    for (const char c : bytes) {
        if (c == '\r' || c == '\n') {
            // Any run of CR/LF ends at most one line, so "\r\r\n" and a CR and LF split
            // across reads both give exactly one line and no blank ones.
            discarding_ = false;
            if (!partial_.empty()) on_line_(std::exchange(partial_, {}));
            continue;
        }
        if (discarding_) continue;
        if (partial_.size() >= max_line) {
            // Half a line is no line: neither it nor the rest of it reaches anyone.
            partial_.clear();
            discarding_ = true;
            if (on_overflow_) on_overflow_();
            continue;
        }
        partial_.push_back(c);
        if (prompt_expected_ && partial_ == "> ") {
            partial_.clear();
            prompt_expected_ = false;
            on_prompt_();
        }
    }
}

}  // namespace lte::at
