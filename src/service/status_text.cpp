#include "lte/service/status_text.hpp"

#include <fmt/format.h>

#include "lte/common/secrets.hpp"

namespace lte::service {

using connection::State;

namespace {

// Only the text parts that may quote a command (a failed AT+CPIN=...) need masking.
std::string status_words(const connection::Status& s) {
    std::string text = connection::to_string(s.state);
    switch (s.state) {
        case State::Online:
            if (!s.local_ip.empty()) text += " " + s.local_ip;
            if (!s.interface.empty()) text += " via " + s.interface;
            return text;
        case State::Recovering:
        case State::WaitingForPorts:
            // The detail names the rung ("radio cycle 2/3"): it is the message, not an aside.
            return s.detail.empty() ? text : text + ": " + s.detail;
        case State::Failed: {
            const std::string& why = s.detail.empty() ? s.last_error : s.detail;
            return why.empty() ? text : text + ": " + why;
        }
        default: return s.detail.empty() ? text : text + " (" + s.detail + ")";
    }
}

}  // namespace

std::string status_text(const connection::Status& s) { return mask_secrets(status_words(s)); }

std::string human_bytes(std::uint64_t n) {
    if (n < 1000) return fmt::format("{} B", n);
    const char* units[] = {"kB", "MB", "GB", "TB"};
    double v = static_cast<double>(n) / 1000;
    std::size_t u = 0;
    while (v >= 1000 && u + 1 < std::size(units)) {
        v /= 1000;
        ++u;
    }
    return fmt::format("{:.1f} {}", v, units[u]);
}

}  // namespace lte::service
