#include "lte/ppp/pppd_exit.hpp"

#include <array>
#include <string_view>

namespace lte::ppp {

namespace {

struct Meaning {
    std::string_view reason;
    Recovery recovery;
};

constexpr std::array<Meaning, 22> kExitCodes{{
    /* 0 */ {"the connection ended normally (the peer closed it)", Recovery::Redial},
    /* 1 */ {"pppd hit a fatal error (a system call failed or memory ran out)", Recovery::Escalate},
    /* 2 */ {"pppd rejected its options: check the ppp options in the config", Recovery::GiveUp},
    /* 3 */ {"pppd needs root: run the dialer as root or with CAP_NET_ADMIN", Recovery::GiveUp},
    /* 4 */
    {"this kernel has no PPP support (modprobe ppp_async, or /dev/ppp is missing: mknod /dev/ppp c 108 0)",
     Recovery::GiveUp},
    /* 5 */ {"pppd was stopped by SIGINT, SIGTERM or SIGHUP", Recovery::Redial},
    /* 6 */ {"the data tty is locked by another program (see /var/lock/LCK..*)", Recovery::Escalate},
    /* 7 */ {"pppd could not open the data tty (the modem's USB port may have gone)", Recovery::Escalate},
    /* 8 */ {"the connect script failed", Recovery::Escalate},
    /* 9 */ {"the pty command could not be run", Recovery::GiveUp},
    /* 10 */ {"PPP negotiation failed: no network protocol (IP) came up", Recovery::Escalate},
    /* 11 */ {"the network failed to authenticate itself to us", Recovery::GiveUp},
    /* 12 */ {"the link was idle and pppd closed it", Recovery::Redial},
    /* 13 */ {"the connect time limit was reached", Recovery::Redial},
    /* 14 */ {"callback was negotiated (not supported on a cellular link)", Recovery::GiveUp},
    /* 15 */ {"the network stopped answering LCP echo requests", Recovery::Redial},
    /* 16 */ {"the modem hung up", Recovery::Redial},
    /* 17 */ {"serial loopback detected: the modem echoes our data (still in command mode?)", Recovery::Escalate},
    /* 18 */ {"the init script failed", Recovery::Escalate},
    /* 19 */ {"the network rejected our credentials: check user/password", Recovery::GiveUp},
    /* 20 */ {"the configured traffic limit (maxoctets) was reached", Recovery::GiveUp},
    /* 21 */ {"the calling number is not authorised (remotenumber check)", Recovery::GiveUp},
}};

std::optional<Meaning> cause_meaning(PppEventKind cause) {
    switch (cause) {
        case PppEventKind::NoKernelSupport: return kExitCodes[4];
        case PppEventKind::PapFailed:
            return Meaning{"the network rejected our credentials (PAP): check user/password", Recovery::GiveUp};
        case PppEventKind::ChapFailed:
            return Meaning{"the network rejected our credentials (CHAP): check user/password", Recovery::GiveUp};
        case PppEventKind::EchoTimeout:
        case PppEventKind::SerialDisconnected: return kExitCodes[15];
        case PppEventKind::PeerTerminated: return Meaning{"the network closed the PPP link", Recovery::Redial};
        case PppEventKind::ModemHangup: return kExitCodes[16];
        default: return std::nullopt;
    }
}

}  // namespace

const char* to_string(Recovery recovery) noexcept {
    switch (recovery) {
        case Recovery::Redial: return "redial";
        case Recovery::Escalate: return "escalate";
        case Recovery::GiveUp: return "give up";
    }
    return "?";
}

ExitExplanation explain_pppd_exit_code(int code) {
    if (code < 0 || code >= static_cast<int>(kExitCodes.size()))
        return {"pppd exited with unknown status " + std::to_string(code), Recovery::Escalate};
    const auto& m = kExitCodes[static_cast<std::size_t>(code)];
    return {std::string(m.reason), m.recovery};
}

ExitExplanation explain_pppd_exit(const ProcessExit& exit, std::optional<PppEventKind> log_cause, bool stop_requested) {
    const bool ended_by_signal_or_term = exit.signal || exit.code == 5;
    if (stop_requested && ended_by_signal_or_term)
        return {"pppd stopped on request (" + exit.describe() + ")", Recovery::GiveUp};

    ExitExplanation base = exit.code ? explain_pppd_exit_code(*exit.code)
                                     : ExitExplanation{"pppd was " + exit.describe(), Recovery::Redial};
    const auto tag = " (pppd " + exit.describe() + ")";
    const auto cause = log_cause ? cause_meaning(*log_cause) : std::nullopt;
    // The more severe meaning wins whole; on a tie the log's cause, which is more precise.
    if (!cause || cause->recovery < base.recovery) return {base.reason + tag, base.recovery};
    return {std::string(cause->reason) + tag, cause->recovery};
}

}  // namespace lte::ppp
