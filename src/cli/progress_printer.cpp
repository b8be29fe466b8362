#include "lte/cli/progress_printer.hpp"

#include <iomanip>

namespace lte::cli {

void ProgressPrinter::progress(const sequence::Progress& p) {
    using Kind = sequence::Progress::Kind;
    switch (p.kind) {
        case Kind::StepStarted: out_ << "  [" << p.step << "] " << p.text << '\n'; break;
        case Kind::Reply: out_ << "        <- " << p.text << '\n'; break;
        case Kind::StepDone:
            if (p.outcome == sequence::Outcome::Failure)
                out_ << "        FAILED: " << p.text << '\n';
            else if (!p.text.empty())
                out_ << "        " << p.text << '\n';
            break;
    }
    out_.flush();
}

void ProgressPrinter::status(const connection::Status& s) {
    if (s.state == last_state_) return;
    last_state_ = s.state;
    out_ << "* " << connection::to_string(s.state);
    if (!s.detail.empty()) out_ << ": " << s.detail;
    out_ << '\n';
    out_.flush();
}

}  // namespace lte::cli
