#include "lte/connection/status.hpp"

namespace lte::connection {

const char* to_string(State s) noexcept {
    switch (s) {
        case State::Idle: return "idle";
        case State::Probing: return "probing";
        case State::SimCheck: return "checking SIM";
        case State::Configuring: return "configuring";
        case State::Registering: return "registering";
        case State::Dialing: return "dialing";
        case State::PppUp: return "negotiating PPP";
        case State::Online: return "online";
        case State::Recovering: return "recovering";
        case State::WaitingForPorts: return "waiting for ports";
        case State::Down: return "down";
        case State::Stopping: return "stopping";
        case State::Stopped: return "stopped";
        case State::Failed: return "failed";
    }
    return "?";
}

ppp::Traffic period_traffic(const Status& s) noexcept {
    const auto& c = s.counters;
    return {c.traffic.received + s.session.received - c.session_before.received,
            c.traffic.sent + s.session.sent - c.session_before.sent};
}

const char* to_string(Rung r) noexcept {
    switch (r) {
        case Rung::Redial: return "redial";
        case Rung::RadioCycle: return "radio cycle";
        case Rung::ModemReset: return "modem reset";
        case Rung::WaitForPorts: return "waiting for ports";
    }
    return "?";
}

}  // namespace lte::connection
