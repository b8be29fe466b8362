#pragma once
// ${name} variables of a connect sequence and their substitution into AT command lines.
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lte::sequence {

// Names the dialer always provides (from the configuration and the modem profile).
// pdp_type_also is a PDP type the modem may already have that serves as well as pdp_type (IPV4V6
// when the configuration sets no pdp_type: any type with IPv4 is kept).
// auth_arg1/auth_arg2 are user and password in the order the modem's AT+CGAUTH wants them;
// sim_pin is empty unless the configuration sets modem.sim_pin; wait_for_sim is yes or no
// (modem.wait_for_sim: retry while no SIM is inserted).
inline const std::vector<std::string>& standard_variables() {
    static const std::vector<std::string> names{"apn", "user",      "password",  "pdp_type", "pdp_type_also", "auth",
                                                "cid", "auth_arg1", "auth_arg2", "sim_pin",  "wait_for_sim"};
    return names;
}

class SubstitutionError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Variables {
public:
    // A secret value is also registered with lte::SecretRegistry, so every log line masks it.
    void set(const std::string& name, std::string value, bool secret = false);
    void mark_secret(const std::string& name);
    [[nodiscard]] const std::string* find(std::string_view name) const;
    [[nodiscard]] bool is_secret(std::string_view name) const;

private:
    std::map<std::string, std::string, std::less<>> values_;
    std::set<std::string, std::less<>> secret_;
};

// Names referenced as ${name} in text; throws SubstitutionError on a "${" without "}" or a bad name.
std::vector<std::string> referenced_variables(std::string_view text);

// Why value cannot go inside an AT command ("a double quote", ...), or nullptr when it can.
const char* unsafe_for_at(std::string_view value) noexcept;

// For an AT command line: a value holding '"', CR, LF, ';' or a non-printable byte is rejected,
// naming the variable, because AT has no escape for them and they would end or split the command.
std::string substitute_command(std::string_view text, const Variables& vars);
// For conditions: values go in verbatim.
std::string substitute_plain(std::string_view text, const Variables& vars);
// For capture patterns: values are regex-escaped, so "soracom.io" matches only itself.
std::string substitute_regex(std::string_view text, const Variables& vars);

}  // namespace lte::sequence
