#include "lte/config/profile.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/format.h>

#include "lte/common/directory.hpp"
#include "lte/common/secrets.hpp"
#include "lte/sequence/yaml_reader.hpp"

namespace lte::config {
namespace {

using sequence::YamlReader;

std::uint16_t hex16(const YamlReader& yaml, const YAML::Node& node, std::string_view what) {
    const auto text = yaml.string(node, what);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
    if (text.size() != 4 || ec != std::errc{} || end != text.data() + text.size())
        yaml.fail(node, fmt::format("{} must be four hex digits in quotes, like \"1e0e\" (got '{}')", what, text));
    return static_cast<std::uint16_t>(value);
}

Profile read(const YamlReader& yaml, const YAML::Node& root) {
    Profile p;
    p.source = yaml.file();
    if (!root.IsMap()) yaml.fail(root, "a profile must be a mapping with at least 'name'");
    yaml.check_keys(root,
                    {"name", "description", "usb", "models", "at_interface", "data_interface", "at_port", "data_port",
                     "sequence", "reset", "quirks", "urcs", "secret_commands", "serving_cell"},
                    "the profile");
    if (!root["name"]) yaml.fail(root, "missing 'name'");
    p.name = yaml.string(root["name"], "name");
    if (root["description"]) p.description = yaml.string(root["description"], "description");
    if (const auto usb = root["usb"]) {
        if (!usb.IsSequence()) yaml.fail(usb, "usb must be a list of {vid: \"xxxx\", pid: \"xxxx\"}");
        for (const auto& id : usb) {
            yaml.expect_map(id, "a usb entry");
            yaml.check_keys(id, {"vid", "pid"}, "a usb entry");
            if (!id["vid"] || !id["pid"]) yaml.fail(id, "a usb entry needs vid and pid");
            p.usb.push_back({hex16(yaml, id["vid"], "vid"), hex16(yaml, id["pid"], "pid")});
        }
    }
    if (root["models"]) p.models = yaml.strings(root["models"], "models");
    if (root["at_interface"])
        p.at_interface = static_cast<int>(yaml.integer(root["at_interface"], "at_interface", 0, 31));
    if (root["data_interface"])
        p.data_interface = static_cast<int>(yaml.integer(root["data_interface"], "data_interface", 0, 31));
    if (root["at_port"]) p.at_port = yaml.string(root["at_port"], "at_port");
    if (root["data_port"]) p.data_port = yaml.string(root["data_port"], "data_port");
    if (root["sequence"]) p.sequence = yaml.string(root["sequence"], "sequence");
    if (root["reset"]) p.reset_command = yaml.string(root["reset"], "reset");
    if (root["serving_cell"]) {
        p.serving_cell_command = yaml.string(root["serving_cell"], "serving_cell");
        if (p.serving_cell_command != "AT+CPSI?")
            yaml.fail(root["serving_cell"], fmt::format("serving_cell '{}': the dialer reads only SIMCom's AT+CPSI? "
                                                        "so far",
                                                        p.serving_cell_command));
    }
    if (root["urcs"]) {
        p.urcs = yaml.strings(root["urcs"], "urcs");
        for (const auto& urc : p.urcs)
            if (urc.empty()) yaml.fail(root["urcs"], "urcs must not contain an empty text: it would match every line");
    }
    if (root["secret_commands"]) {
        p.secret_commands = yaml.strings(root["secret_commands"], "secret_commands");
        for (const auto& name : p.secret_commands) {
            if (name.size() < 2 || std::string_view("+^$%#*").find(name.front()) == std::string_view::npos)
                yaml.fail(root["secret_commands"],
                          fmt::format("secret_commands: '{}' is not an extended command name like \"+QICSGP\"", name));
            // Every profile's, not only the chosen one's: masking more never harms a log.
            SecretRegistry::instance().add_command(name);
        }
    }
    if (const auto quirks = root["quirks"]) {
        yaml.expect_map(quirks, "quirks");
        yaml.check_keys(quirks, {"cgauth_order", "auth_auto_code"}, "quirks");
        if (quirks["cgauth_order"])
            p.cgauth_order = yaml.choice(quirks["cgauth_order"], "cgauth_order", {"user_first", "password_first"}) ==
                                     "password_first"
                                 ? CgauthOrder::PasswordFirst
                                 : CgauthOrder::UserFirst;
        if (quirks["auth_auto_code"])
            p.auth_auto_code = static_cast<int>(yaml.integer(quirks["auth_auto_code"], "auth_auto_code", 0, 9));
    }
    return p;
}

}  // namespace

Profile parse_profile(const std::string& text, const std::string& source) {
    const YamlReader yaml(source);
    return read(yaml, yaml.parse(text));
}

Profile load_profile(const std::filesystem::path& file) {
    const YamlReader yaml(file.string());
    return read(yaml, yaml.parse_file());
}

std::vector<Profile> load_profiles(const SearchPath& dirs) {
    std::vector<Profile> profiles;
    std::set<std::string> seen;
    for (const auto& dir : dirs) {
        std::error_code ec;
        if (!std::filesystem::is_directory(dir, ec)) continue;
        std::vector<std::filesystem::path> files;
        for (const auto& name : list_directory(dir))  // sorted: a stable order for matching
            if (std::filesystem::path(name).extension() == ".yaml") files.push_back(dir / name);
        for (const auto& file : files) {
            auto profile = load_profile(file);
            if (seen.insert(profile.name).second) profiles.push_back(std::move(profile));
        }
    }
    return profiles;
}

bool Profile::has_model(std::string_view model) const {
    return !model.empty() && std::any_of(models.begin(), models.end(),
                                         [&](const std::string& prefix) { return model.starts_with(prefix); });
}

const Profile* match_usb(const std::vector<Profile>& profiles, UsbId id, const std::string& model) {
    const Profile* first = nullptr;
    for (const auto& profile : profiles) {
        if (std::find(profile.usb.begin(), profile.usb.end(), id) == profile.usb.end()) continue;
        if (!first) first = &profile;
        if (profile.has_model(model)) return &profile;
    }
    return first;
}

}  // namespace lte::config
