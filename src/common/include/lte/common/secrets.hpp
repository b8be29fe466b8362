#pragma once
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace lte {

// Values that must never reach a log line (passwords, PINs). Every sink is wrapped by
// MaskingSink, which replaces each registered value, so no caller has to remember to mask.
class SecretRegistry {
public:
    static SecretRegistry& instance();
    SecretRegistry();

    void add(std::string value);
    // An AT command whose arguments are secret whatever their value ("+CPIN", a vendor's from the
    // profile's secret_commands): "AT+CPIN=\"4321\"" is logged as "AT+CPIN=***". The standard ones
    // (+CPIN, +CPWD, +CLCK, +CGAUTH, +QICSGP) are always known; clear() keeps them.
    void add_command(std::string_view name);
    void clear();
    // Returns text with the arguments of every secret command masked, and every registered secret
    // that stands as a whole token (between spaces, quotes, commas, '=', ':', ...) replaced by
    // "***": a password "AT" or "1" leaves "AT+CSQ" and "+CSQ: 21,99" alone.
    [[nodiscard]] std::string mask(std::string_view text) const;
    // Whether a command line sets a secret command ("AT+CSQ;+CPIN=1234" does; "AT+CPIN?" does not).
    [[nodiscard]] bool carries_secret(std::string_view command) const;
    // The same wherever a secret occurs, inside words too: for binary junk (an echoed PAP frame)
    // where a secret's neighbours are arbitrary bytes.
    [[nodiscard]] std::string mask_anywhere(std::string_view text) const;

private:
    [[nodiscard]] std::string mask_where(std::string_view text, bool words_only) const;
    [[nodiscard]] std::string mask_commands(std::string_view text) const;

    mutable std::mutex mutex_;
    std::vector<std::string> secrets_;
    std::vector<std::string> commands_;  // upper case, with their prefix: "+CPIN"
};

inline std::string mask_secrets(std::string_view text) { return SecretRegistry::instance().mask(text); }

// A line from a modem for a log: non-printable bytes (PPP frames on a data port) become '.', and
// then, because such a line may carry an echoed PAP frame, secrets are masked even inside words.
std::string loggable_modem_line(std::string_view line);

// Raw bytes from or to a port for a trace line: "AT+CSQ\r", "\r\n+CSQ: 20,99\r\n\r\nOK\r\n", other
// bytes as \xNN; with such bytes, secrets are masked even inside words (as loggable_modem_line).
std::string loggable_bytes(std::string_view bytes);

}  // namespace lte
