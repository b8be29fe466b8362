#include "lte/sim/transcript.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace lte::sim {

std::string escape(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (unsigned char c : bytes) {
        switch (c) {
            case '\r': out += "\\r"; break;
            case '\n': out += "\\n"; break;
            case '\\': out += "\\\\"; break;
            default:
                if (c >= 0x20 && c < 0x7f) {
                    out += static_cast<char>(c);
                } else {
                    out += fmt::format("\\x{:02x}", c);
                }
        }
    }
    return out;
}

Transcript::Transcript(const std::string& path) : file_(path, std::ios::out | std::ios::trunc) {
    if (!file_.is_open())
        throw std::runtime_error(fmt::format("cannot write transcript {}: {}", path, std::strerror(errno)));
}

void Transcript::write(std::string_view port, char dir, std::string_view text) {
    if (!file_.is_open()) return;
    // Milliseconds with three decimals: the benchmark times sub-millisecond turnarounds from these.
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start_);
    file_ << fmt::format("{}.{:03} {} {} {}\n", us.count() / 1000, us.count() % 1000, port, dir, escape(text))
          << std::flush;
}

}  // namespace lte::sim
