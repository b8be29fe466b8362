#pragma once
#include <ostream>

#include "lte/connection/status.hpp"
#include "lte/sequence/engine.hpp"

namespace lte::cli {

// Shows `lte-dialer connect`'s work as it happens: each step, what came back, each state.
// Texts arrive already secret-masked from the engine.
class ProgressPrinter {
public:
    explicit ProgressPrinter(std::ostream& out) : out_(out) {}
    void progress(const sequence::Progress& p);
    void status(const connection::Status& s);

private:
    std::ostream& out_;
    connection::State last_state_ = connection::State::Idle;
};

}  // namespace lte::cli
