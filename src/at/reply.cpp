#include "lte/at/reply.hpp"

#include "lte/at/error_meaning.hpp"

namespace lte::at {

const char* to_string(Final f) noexcept {
    switch (f) {
        case Final::Ok: return "OK";
        case Final::Error: return "ERROR";
        case Final::CmeError: return "+CME ERROR";
        case Final::CmsError: return "+CMS ERROR";
        case Final::NoCarrier: return "NO CARRIER";
        case Final::Busy: return "BUSY";
        case Final::NoAnswer: return "NO ANSWER";
        case Final::NoDialtone: return "NO DIALTONE";
        case Final::Connect: return "CONNECT";
        case Final::Timeout: return "timeout";
        case Final::PortLost: return "port lost";
        case Final::Closed: return "channel closed";
        case Final::Overflow: return "overflow";
    }
    return "?";
}

std::string Reply::describe() const {
    switch (final) {
        case Final::Timeout: {
            // Lines without a final: the modem answered but never said OK or ERROR.
            const std::string what = lines.empty() ? "no reply" : "no final result (OK or ERROR)";
            return what + (final_line.empty() ? std::string() : " " + final_line);
        }
        case Final::CmeError:
        case Final::CmsError: return describe_error_final(final_line);
        case Final::PortLost:
        case Final::Closed:
        case Final::Overflow: return final_line.empty() ? to_string(final) : final_line;
        default: return final_line;
    }
}

}  // namespace lte::at
