// Fuzzes the control socket's request parser and the `at` filter behind it with what a client may
// send (the input is the bytes of one connection). Besides "no crash, no exception":
//   - a request accepted as an `at` command never holds a CR, LF, NUL or other control byte;
//   - the filter judges such a command invalid, never merely refused or allowed;
//   - a refusal or an invalidity always has a reason in words, and what the filter allows was
//     split into at least one command;
//   - an accepted request comes back the same through the client's own wire form;
//   - the default timeout is one of the table's (30 s to 180 s); masking the command never throws.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "lte/common/secrets.hpp"
#include "lte/service/at_policy.hpp"
#include "lte/service/control_request.hpp"

namespace {

using namespace lte::service;

void check(bool ok) {
    if (!ok) std::abort();
}

bool has_control_byte(std::string_view text) {
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) return true;
    }
    return false;
}

void check_judgement(std::string_view command) {
    const AtJudgement j = judge_at_command(command);
    if (has_control_byte(command)) {
        check(j.invalid.has_value());
        check(j.parts.empty());
    }
    if (j.invalid) check(!j.invalid->empty());
    if (j.refusal) check(!j.refusal->empty());
    if (!j.invalid && !j.refusal) {
        check(!has_control_byte(command));
        check(!j.parts.empty());
        check(session_breaking_reason(command) == std::nullopt);
    }
    const auto timeout = default_at_timeout(command);
    check(timeout >= std::chrono::seconds(30) && timeout <= std::chrono::seconds(180));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view received(reinterpret_cast<const char*>(data), size);
    const ControlRequest request = parse_control_request(received);
    if (request.error) {
        check(!request.error->empty());
    } else if (request.kind == ControlRequest::Kind::At) {
        check(!request.command.empty());
        check(!has_control_byte(request.command));
        const ControlRequest again =
            parse_control_request(at_request_line(request.command, request.force, request.timeout) + "\n");
        check(!again.error && again.kind == ControlRequest::Kind::At);
        check(again.command == request.command && again.force == request.force && again.timeout == request.timeout);
        check_judgement(request.command);
        (void)lte::mask_secrets(request.command);  // as the daemon's log line does
    }
    // The filter alone, on every input: a client that is not ours may send anything at all.
    check_judgement(received);
    return 0;
}
