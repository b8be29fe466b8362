#pragma once
// A modem profile: how to find the modem (USB ids, which interface is AT and which is data),
// which connect sequence it runs, how to reset it, and its quirks.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lte/config/search_path.hpp"

namespace lte::config {

struct UsbId {
    std::uint16_t vid = 0;
    std::uint16_t pid = 0;
    bool operator==(const UsbId&) const = default;
};

enum class CgauthOrder { UserFirst, PasswordFirst };

struct Profile {
    std::string name;
    std::string description;
    std::string source;  // file it came from
    std::vector<UsbId> usb;
    std::vector<std::string> models;  // prefixes of the AT+CGMM answer, to tell apart shared USB ids
    std::optional<int> at_interface;  // USB interface numbers (bInterfaceNumber)
    std::optional<int> data_interface;
    std::string at_port;  // usual device names, used when config.yaml names none
    std::string data_port;
    std::string sequence = "generic-3gpp";
    std::string reset_command = "AT+CFUN=1,1";
    CgauthOrder cgauth_order = CgauthOrder::UserFirst;
    int auth_auto_code = 2;  // <auth_prot> sent for auth: auto (27.007 has no "either"; 2 = CHAP)
    // The vendor's unsolicited lines, by the text they start with ("RDY", "SMS Ready", "+QIND:"): never
    // an answer, whatever command is in flight. The 27.007 ones are the AT layer's own.
    std::vector<std::string> urcs;
    // The vendor's commands whose arguments are secret ("+CSOCKAUTH"), masked in every log line as
    // the 27.007 ones (+CPIN, +CPWD, +CLCK, +CGAUTH) and +QICSGP are.
    std::vector<std::string> secret_commands;
    // The vendor's serving-cell query read while online beside CSQ and CESQ ("AT+CPSI?" on SIMCom):
    // cell, area and band. Empty: none.
    std::string serving_cell_command;

    // Whether a model as the modem names itself (AT+CGMM: "SIMCOM_SIM7600G-H") is one of this
    // profile's: it starts with one of `models`.
    [[nodiscard]] bool has_model(std::string_view model) const;
};

// Throws sequence::YamlError (file:line:column) on anything malformed.
Profile load_profile(const std::filesystem::path& file);
Profile parse_profile(const std::string& text, const std::string& source);

// Every *.yaml profile in dirs; a name found in an earlier directory hides later ones.
std::vector<Profile> load_profiles(const SearchPath& dirs);

// The profile for a USB device; when several share the id, model (AT+CGMM) decides.
const Profile* match_usb(const std::vector<Profile>& profiles, UsbId id, const std::string& model = "");

}  // namespace lte::config
