#include "lte/parse/modem_error.hpp"

namespace lte::parse {

std::optional<ModemError> parse_modem_error(std::string_view final_line) {
    const auto error = at::split_error_final(final_line);
    if (!error) return std::nullopt;
    const bool cme = error->family == ErrorFamily::Cme;
    ModemError out{error->family, error->code, {}};
    if (out.code) {
        const char* meaning = cme ? at::cme_meaning(*out.code) : at::cms_meaning(*out.code);
        out.text = meaning ? meaning : "unknown error";
    } else {
        out.code = cme ? at::cme_code_for_text(error->detail) : at::cms_code_for_text(error->detail);
        out.text = std::string(error->detail);
    }
    return out;
}

}  // namespace lte::parse
