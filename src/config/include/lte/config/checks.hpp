#pragma once
// Checks of single settings, shared by the config reader, the command-line overrides and
// check-config: one place for each rule and its message.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace lte::config {

// 3GPP TS 23.003 §9.1: an APN network identifier is at most 100 octets, made of labels of letters,
// digits and hyphens separated by dots.
inline constexpr std::size_t kMaxApnLength = 100;

struct ApnProblem {
    bool fatal = false;  // longer than the standard allows: no network takes it
    std::string text;
};
// Nothing for a good APN; the empty APN is the caller's to judge (an override may supply one).
// Characters outside the label rule are a warning only: some operators hand out such APNs.
std::optional<ApnProblem> apn_problem(std::string_view apn);

// An IPv4 or IPv6 address in text form.
bool is_ip_address(const std::string& text);
// Why text is not a DNS host name (labels of 1-63 letters, digits, '-' or '_', 253 octets at most).
std::optional<std::string> hostname_problem(std::string_view text);

// Why file may not hold a secret (what: "a password", "a SIM PIN"): readable or writable by group
// or others, or owned by someone other than root or the user running us. With insecure (the
// config's insecure_permissions: true) the problem is returned as a warning; without, it throws
// ConfigError (sequence::YamlError) naming the file. Nothing when the file is private (or cannot
// be inspected: reading it then fails on its own, with its own message).
std::optional<std::string> secret_file_warning(const std::filesystem::path& file, std::string_view what, bool insecure);

// The first line of a password file, checked as secret_file_warning() does (a warning goes to
// warning). Throws std::invalid_argument when unreadable, or when the first line is empty (an
// empty password would be sent).
std::string read_password_file(const std::filesystem::path& file, bool insecure, std::optional<std::string>& warning);

// Why pppd cannot be started from path: missing, not a regular file, or no execute bit.
std::optional<std::string> pppd_path_problem(const std::filesystem::path& path);

}  // namespace lte::config
