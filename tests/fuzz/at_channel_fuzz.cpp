// Fuzzes the whole at::Channel over the ScriptedStream of the unit tests: the input picks a few
// commands and then the modem's bytes, cut into reads, with sends, a port loss and a return
// from data mode mixed in. Invariants: every command gets exactly one reply, in the order sent;
// a reply's lines hold no final result code, no echo of the command (unless the modem sent
// it twice) and no URC other than one answering the command itself (+CEREG: for AT+CEREG?), and
// no reply past the caps of lte/at/limits.hpp.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <fuzzer/FuzzedDataProvider.h>
#include <spdlog/spdlog.h>

#include "lte/at/channel.hpp"
#include "lte/at/limits.hpp"
#include "lte/at/result_code.hpp"
#include "lte/at/unsolicited.hpp"

#include "scripted_stream.hpp"

namespace {

using namespace lte;

void check(bool ok) {
    if (!ok) std::abort();
}

// Commands from the shipped sequences, so the fuzzer starts from real prefixes and dials.
constexpr std::array<std::string_view, 12> known_commands{
    "AT",          "ATE0",        "AT+CPIN?",   "AT+CEREG?", "AT+CGREG?",     "AT+CSQ",
    "ATD*99***1#", "AT+CGDCONT?", "AT+CGAUTH?", "ATI",       "AT+CMGS=\"1\"", "AT+CPSI?",
};

// Vendor URCs are not built in: a profile's `urcs:` adds them (Quectel's +QIND:), as the harness
// does here, with one of its own.
constexpr std::array<std::string_view, 2> profile_urc_prefixes{"+QIND:", "+FUZZ:"};

bool listed_urc(std::string_view line) {
    const auto starts = [&](std::string_view p) { return line.starts_with(p); };
    const auto& standard = at::standard_urc_prefixes();
    return std::any_of(standard.begin(), standard.end(), starts) ||
           std::any_of(profile_urc_prefixes.begin(), profile_urc_prefixes.end(), starts);
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool sigil(char c) { return c == '+' || c == '$' || c == '^' || c == '*'; }

// The extended commands' names ("+CEREG" for AT+CEREG?, "+CSQ" and "+CREG" for AT+CSQ;+CREG?), as
// 27.007 replies are prefixed.
std::vector<std::string> command_prefixes(std::string_view text) {
    std::vector<std::string> names;
    if (text.size() < 3 || upper(text.substr(0, 2)) != "AT") return names;
    for (std::string_view rest = text.substr(2);;) {
        const auto semi = rest.find(';');
        const std::string_view part = rest.substr(0, semi);
        if (!part.empty() && sigil(part[0])) {  // the name: the sigil and its letters and digits
            std::size_t n = 1;
            while (n < part.size() && std::isalnum(static_cast<unsigned char>(part[n])) != 0) ++n;
            names.push_back(upper(part.substr(0, n)));
        }
        if (semi == std::string_view::npos) return names;
        rest.remove_prefix(semi + 1);
    }
}

std::string line_prefix(std::string_view line) {
    if (line.empty() || !sigil(line[0])) return "";
    const auto colon = line.find(':');
    return colon == std::string_view::npos ? "" : upper(line.substr(0, colon));
}

std::size_t occurrences(std::string_view haystack, std::string_view needle) {
    std::size_t n = 0;
    for (auto at = haystack.find(needle); at != std::string_view::npos; at = haystack.find(needle, at + 1)) ++n;
    return n;
}

struct Sent {
    at::Command command;
    int replies = 0;
    at::Reply reply;
};

class Run {
public:
    explicit Run(FuzzedDataProvider& fdp) : fdp_(fdp) {
        for (const auto prefix : profile_urc_prefixes) channel_.add_urc_prefix(std::string(prefix));
        subscription_ = channel_.subscribe([](const std::string& line) { check(!line.empty()); });
        channel_.start();
    }

    void send() {
        at::Command cmd;
        cmd.text =
            fdp_.ConsumeBool()
                ? std::string(known_commands[fdp_.ConsumeIntegralInRange<std::size_t>(0, known_commands.size() - 1)])
                : fdp_.ConsumeRandomLengthString(24);
        // A zero timeout expires on the next poll: the timeout and late-reply drain paths.
        cmd.timeout = fdp_.ConsumeIntegralInRange(0, 7) == 0 ? std::chrono::milliseconds(0) : std::chrono::minutes(1);
        if (fdp_.ConsumeIntegralInRange(0, 7) == 0) cmd.payload = "hello";
        const std::size_t index = sent_.size();
        sent_.push_back(Sent{cmd, 0, {}});
        channel_.send(std::move(cmd), [this, index](at::Reply reply) {
            check(index >= next_reply_);  // replies come in the order the commands were sent
            next_reply_ = index;
            ++sent_[index].replies;
            sent_[index].reply = std::move(reply);
        });
    }

    void drive() {
        for (int n = fdp_.ConsumeIntegralInRange(1, 3); n > 0; --n) send();
        while (fdp_.remaining_bytes() > 0) {
            switch (fdp_.ConsumeIntegralInRange(0, 15)) {
                case 0:
                    if (sent_.size() < 8) send();
                    break;
                case 1:
                    if (channel_.in_data_mode()) channel_.resume_command_mode();
                    break;
                case 2:
                    if (fdp_.ConsumeIntegralInRange(0, 7) == 0) stream_.inject_lost();
                    break;
                default: {
                    std::string bytes = fdp_.ConsumeRandomLengthString(64);
                    modem_bytes_ += bytes;
                    stream_.inject(std::move(bytes));
                }
            }
            io_.restart();
            io_.poll();
        }
        channel_.close();
        io_.restart();
        io_.poll();
    }

    void verify() const {
        for (const auto& s : sent_) {
            check(s.replies == 1);
            const bool dial = at::is_dial_command(s.command.text);
            const auto own = command_prefixes(s.command.text);
            // lte/at/limits.hpp: no reply holds more than its caps, whatever the modem sent.
            check(s.reply.lines.size() <= at::limits::max_reply_lines);
            std::size_t reply_bytes = 0;
            for (const auto& line : s.reply.lines) {
                check(line.size() <= at::limits::max_line_bytes);
                reply_bytes += line.size();
            }
            check(reply_bytes <= at::limits::max_reply_bytes);
            for (const auto& line : s.reply.lines) {
                check(!at::classify_final(line, dial).has_value());
                if (line == s.command.text) check(occurrences(modem_bytes_, line) >= 2);
                if (listed_urc(line)) check(std::find(own.begin(), own.end(), line_prefix(line)) != own.end());
            }
        }
    }

private:
    FuzzedDataProvider& fdp_;
    asio::io_context io_;
    test::ScriptedStream stream_{io_};
    at::Channel channel_{io_, stream_};
    at::Subscription subscription_;
    std::vector<Sent> sent_;
    std::size_t next_reply_ = 0;
    std::string modem_bytes_;
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    spdlog::set_level(spdlog::level::off);  // the channel logs every line at debug/warn
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider fdp(data, size);
    Run run(fdp);
    run.drive();
    run.verify();
    return 0;
}
