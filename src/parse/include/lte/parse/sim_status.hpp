#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lte::parse {

// What AT+CPIN? says the SIM waits for (27.007 §8.3 <code>), plus the states a modem reports
// through +CME ERROR or vendor texts instead.
enum class SimStatus {
    Ready,
    SimPin,
    SimPuk,
    PhSimPin,
    PhFsimPin,
    PhFsimPuk,
    SimPin2,
    SimPuk2,
    PhNetPin,
    PhNetPuk,
    PhNetSubPin,
    PhNetSubPuk,
    PhSpPin,
    PhSpPuk,
    PhCorpPin,
    PhCorpPuk,
    NotInserted,  // +CME ERROR: 10, or SIMCom's "+CPIN: NOT INSERTED"
    NotReady,     // Quectel/SIMCom "+CPIN: NOT READY" while the SIM starts or after hot removal
    Busy,         // +CME ERROR: 14: ask again shortly
    Failure,      // +CME ERROR: 13 / 15: the SIM is broken or the wrong kind
};

// One "+CPIN: <code>" line, as modems write it: with or without the space, the code quoted or not,
// in any case ("+CPIN:READY", "+CPIN: \"SIM PIN\"", "+cpin: ready").
[[nodiscard]] std::optional<SimStatus> parse_cpin(std::string_view line);

// A whole AT+CPIN? reply: the +CPIN: line among lines, or the SIM state a +CME ERROR final line
// stands for (numeric or verbose). The line counts without a final OK too: some modems (Wavecom,
// by ModemManager's plugin) never send one after it, and the reply then ends in a timeout with the
// line in it. nullopt when neither says anything.
[[nodiscard]] std::optional<SimStatus> parse_cpin_reply(std::span<const std::string> lines,
                                                        std::string_view final_line);

[[nodiscard]] const char* to_string(SimStatus status) noexcept;  // "ready", "SIM PIN required", ...

}  // namespace lte::parse
