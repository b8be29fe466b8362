#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "lte/config/profile.hpp"
#include "lte/service/port_discovery.hpp"

namespace lte::cli {

// What a modem says about itself: AT+CGMM's answer, then ATI's lines (SIMCom: "Model: SIM7600G-H";
// Quectel: "EC25"). Empty when it could not be asked; why says what happened then.
using ModelProbe = std::function<std::vector<std::string>(const std::string& at_tty, std::string& why)>;

struct DetectedProfile {
    const config::Profile* profile = nullptr;
    std::string reason;  // one line for the log: which USB id, what the modem said, what was chosen
};

// "profile: auto": the profile of the first modem on USB that some profile knows by its USB id.
// When several profiles share that id (SIMCom's 1e0e:9001 is a SIM7000 or a SIM7600), the modem is
// asked on the candidates' AT interface and its answer chooses by `models:` (a prefix); when it
// cannot be asked or matches none, the first candidate stays, and the reason says so.
[[nodiscard]] std::optional<DetectedProfile> detect_profile(const std::vector<config::Profile>& profiles,
                                                            const std::vector<service::DeviceInfo>& devices,
                                                            const ModelProbe& probe);

// The answer points into profiles: a temporary list would leave it dangling.
std::optional<DetectedProfile> detect_profile(std::vector<config::Profile>&& profiles,
                                              const std::vector<service::DeviceInfo>& devices,
                                              const ModelProbe& probe) = delete;

// The real probe: opens the tty, sends AT+CGMM and ATI (a few seconds at most), closes it.
[[nodiscard]] std::vector<std::string> ask_model(const std::string& at_tty, std::string& why);

}  // namespace lte::cli
