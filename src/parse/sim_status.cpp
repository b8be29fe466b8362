#include "lte/parse/sim_status.hpp"

#include <array>
#include <utility>

#include "lte/parse/fields.hpp"
#include "lte/parse/modem_error.hpp"

namespace lte::parse {
namespace {

constexpr auto kCodes = std::to_array<std::pair<std::string_view, SimStatus>>({
    {"READY", SimStatus::Ready},
    {"SIM PIN", SimStatus::SimPin},
    {"SIM PUK", SimStatus::SimPuk},
    {"PH-SIM PIN", SimStatus::PhSimPin},
    {"PH-FSIM PIN", SimStatus::PhFsimPin},
    {"PH-FSIM PUK", SimStatus::PhFsimPuk},
    {"SIM PIN2", SimStatus::SimPin2},
    {"SIM PUK2", SimStatus::SimPuk2},
    {"PH-NET PIN", SimStatus::PhNetPin},
    {"PH-NET PUK", SimStatus::PhNetPuk},
    {"PH-NETSUB PIN", SimStatus::PhNetSubPin},
    {"PH-NETSUB PUK", SimStatus::PhNetSubPuk},
    {"PH-SP PIN", SimStatus::PhSpPin},
    {"PH-SP PUK", SimStatus::PhSpPuk},
    {"PH-CORP PIN", SimStatus::PhCorpPin},
    {"PH-CORP PUK", SimStatus::PhCorpPuk},
    {"NOT INSERTED", SimStatus::NotInserted},
    {"NOT READY", SimStatus::NotReady},
    // SIMCom A76xx on a SIM it cannot read (Xinyuan-LilyGO/LilyGo-Modem-Series issue 496).
    {"SIM REMOVED", SimStatus::NotInserted},
    {"SIM CRASH", SimStatus::Failure},
});

std::optional<SimStatus> from_cme(int code) noexcept {
    switch (code) {
        case 5: return SimStatus::PhSimPin;
        case 6: return SimStatus::PhFsimPin;
        case 7: return SimStatus::PhFsimPuk;
        case 10: return SimStatus::NotInserted;
        case 11: return SimStatus::SimPin;
        case 12: return SimStatus::SimPuk;
        case 13: return SimStatus::Failure;
        case 14: return SimStatus::Busy;
        case 15: return SimStatus::Failure;
        case 17: return SimStatus::SimPin2;
        case 18: return SimStatus::SimPuk2;
        default: return std::nullopt;
    }
}

}  // namespace

std::optional<SimStatus> parse_cpin(std::string_view line) {
    line = trim(line);
    constexpr std::string_view prefix = "+CPIN:";
    if (line.size() < prefix.size() || !iequals(line.substr(0, prefix.size()), prefix)) return std::nullopt;
    std::string_view code = trim(line.substr(prefix.size()));
    if (code.size() >= 2 && code.front() == '"' && code.back() == '"') code = trim(code.substr(1, code.size() - 2));
    for (const auto& [text, status] : kCodes) {
        if (iequals(code, text)) return status;
    }
    return std::nullopt;
}

std::optional<SimStatus> parse_cpin_reply(std::span<const std::string> lines, std::string_view final_line) {
    if (const auto err = parse_modem_error(final_line)) {
        if (err->family != ErrorFamily::Cme || !err->code) return std::nullopt;
        return from_cme(*err->code);
    }
    for (const std::string& line : lines) {
        if (auto status = parse_cpin(line)) return status;
    }
    return std::nullopt;
}

const char* to_string(SimStatus status) noexcept {
    switch (status) {
        case SimStatus::Ready: return "ready";
        case SimStatus::SimPin: return "SIM PIN required";
        case SimStatus::SimPuk: return "SIM PUK required";
        case SimStatus::PhSimPin: return "phone-to-SIM PIN required";
        case SimStatus::PhFsimPin: return "phone-to-first-SIM PIN required";
        case SimStatus::PhFsimPuk: return "phone-to-first-SIM PUK required";
        case SimStatus::SimPin2: return "SIM PIN2 required";
        case SimStatus::SimPuk2: return "SIM PUK2 required";
        case SimStatus::PhNetPin: return "network personalization PIN required";
        case SimStatus::PhNetPuk: return "network personalization PUK required";
        case SimStatus::PhNetSubPin: return "network subset personalization PIN required";
        case SimStatus::PhNetSubPuk: return "network subset personalization PUK required";
        case SimStatus::PhSpPin: return "service provider personalization PIN required";
        case SimStatus::PhSpPuk: return "service provider personalization PUK required";
        case SimStatus::PhCorpPin: return "corporate personalization PIN required";
        case SimStatus::PhCorpPuk: return "corporate personalization PUK required";
        case SimStatus::NotInserted: return "SIM not inserted";
        case SimStatus::NotReady: return "SIM not ready";
        case SimStatus::Busy: return "SIM busy";
        case SimStatus::Failure: return "SIM failure";
    }
    return "invalid";
}

}  // namespace lte::parse
