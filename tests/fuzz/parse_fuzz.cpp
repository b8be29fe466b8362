// Fuzzes every response parser of include/lte/parse/ from one target. The first input byte
// picks the parser (byte % parser count), the rest is its input: a line, or for the parsers
// that read a whole reply, lines split at '\n' (parse_cpin_reply takes the last as the final).
// One target rather than one per family: the parsers are small and share the field splitter,
// so one binary fuzzes them in one time budget, while the selector byte keeps each parser's
// corpus entries and coverage apart (a mutation of a CEREG seed stays a CEREG input).
// Besides "no crash, no exception", each accepted value is checked against what its header promises.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "lte/parse/fields.hpp"
#include "lte/parse/modem_error.hpp"
#include "lte/parse/modem_identity.hpp"
#include "lte/parse/operator_selection.hpp"
#include "lte/parse/pdp_auth.hpp"
#include "lte/parse/pdp_context.hpp"
#include "lte/parse/registration.hpp"
#include "lte/parse/serving_cell.hpp"
#include "lte/parse/signal_quality.hpp"
#include "lte/parse/sim_status.hpp"

namespace {

using namespace lte::parse;

void check(bool ok) {
    if (!ok) std::abort();
}

std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> lines;
    for (std::size_t at = 0; at <= text.size();) {
        const auto end = std::min(text.find('\n', at), text.size());
        lines.emplace_back(text.substr(at, end - at));
        at = end + 1;
    }
    return lines;
}

bool within(const std::optional<int>& v, int lo, int hi) { return !v || (*v >= lo && *v <= hi); }

bool upper_hex(const std::optional<std::string>& s) {
    return !s || (!s->empty() && s->find_first_not_of("0123456789ABCDEF") == std::string::npos);
}

void fields(std::string_view in) {
    (void)trim(in);
    if (const auto f = split_fields(in))
        for (const auto& field : *f) check(field.text.size() <= in.size());
    (void)to_int(in);
    (void)to_u64(in);
    check(upper_hex(to_hex_upper(in)));
}

void registration(std::string_view in) {
    RegistrationState state;
    for (const auto source : {RegSource::Solicited, RegSource::Unsolicited}) {
        if (const auto r = parse_registration(in, source)) {
            check(static_cast<int>(r->stat) >= 0 && static_cast<int>(r->stat) <= 999);
            check(to_string(r->stat) != nullptr && to_string(r->kind) != nullptr);
            check(upper_hex(r->lac_tac) && upper_hex(r->ci) && upper_hex(r->rac));
            if (r->act) check(access_technology_name(*r->act) != nullptr);
            state.update(*r);
            check(state.shown().has_value());
        }
    }
    (void)state.verdict();
}

void pdp_context(std::string_view in) {
    (void)parse_pdp_context(in);
    const auto lines = split_lines(in);
    if (const auto all = parse_pdp_contexts(lines))
        for (const auto& c : *all) check(find_context(*all, c.cid) != nullptr);
}

void pdp_auth(std::string_view in) {
    if (const auto a = parse_pdp_auth(in)) check(to_string(a->prot) != nullptr);
    (void)parse_pdp_auths(split_lines(in));
}

void cops(std::string_view in) {
    if (const auto c = parse_cops(in)) check(static_cast<int>(c->mode) >= 0 && static_cast<int>(c->mode) <= 4);
}

void signal(std::string_view in) {
    if (const auto q = parse_csq(in)) check(within(q->rssi_dbm, -113, -51) && within(q->ber, 0, 7));
    if (const auto e = parse_cesq(in))
        check(within(e->rxlev, 0, 63) && within(e->ber, 0, 7) && within(e->rscp, 0, 96) && within(e->ecno, 0, 49) &&
              within(e->rsrq, 0, 34) && within(e->rsrp, 0, 97));
}

void sim(std::string_view in) {
    if (const auto s = parse_cpin(in)) check(to_string(*s) != nullptr);
    const auto lines = split_lines(in);
    const std::vector<std::string> body(lines.begin(), lines.end() - 1);
    if (const auto s = parse_cpin_reply(body, lines.back())) check(to_string(*s) != nullptr);
}

void modem_error(std::string_view in) {
    (void)parse_modem_error(in);
    (void)lte::at::describe_error_final(in);
    (void)lte::at::cme_code_for_text(in);
    (void)lte::at::cms_code_for_text(in);
    if (const auto code = to_int(in))
        (void)(lte::at::cme_meaning(*code) == lte::at::cms_meaning(*code));  // nullptr when unknown
}

void serving_cell(std::string_view in) { (void)parse_cpsi(in); }

void identity(std::string_view in) {
    const auto lines = split_lines(in);
    (void)parse_identity(lines);
    (void)parse_identity(lines, "+CGMR:");
    if (const auto imei = parse_imei(lines)) check(!imei->empty());
}

const std::vector<std::function<void(std::string_view)>> parsers{
    fields, registration, pdp_context, pdp_auth, cops, signal, sim, modem_error, serving_cell, identity,
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view in(reinterpret_cast<const char*>(data + 1), size - 1);
    parsers[data[0] % parsers.size()](in);
    return 0;
}
