#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lte::parse {

// 27.007 <auth_prot>; 3 is not in the standard but SIMCom and Quectel accept it as "PAP or CHAP".
enum class AuthProt { None = 0, Pap = 1, Chap = 2, PapOrChap = 3 };

// One line of AT+CGAUTH?: +CGAUTH: <cid>,<auth_prot>[,"<userid>"[,"<password>"]]
// The read form uses this standard order on every modem we know. Beware the SET command on SIMCom's
// SIM7600 family, whose manuals historically give AT+CGAUTH=<cid>,<type>,"<password>","<user>":
// whoever builds that command must check the modem profile; this parser only reads.
struct PdpAuth {
    int cid = 0;
    AuthProt prot = AuthProt::None;
    std::string user;
    std::string password;  // many modems report it empty or masked; a secret either way
};

[[nodiscard]] std::optional<PdpAuth> parse_pdp_auth(std::string_view line);

// All +CGAUTH: lines of a reply; nullopt if any of them is malformed (see parse_pdp_contexts).
[[nodiscard]] std::optional<std::vector<PdpAuth>> parse_pdp_auths(std::span<const std::string> lines);

[[nodiscard]] const char* to_string(AuthProt prot) noexcept;  // "none", "PAP", "CHAP", "PAP or CHAP"

}  // namespace lte::parse
