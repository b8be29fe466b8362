#pragma once
// lte-modem-sim's --transcript: "<ms since sim start, to the µs> <port> <dir> <escaped text>" per line.
// The figures come from here: the simulator stamps what it received and sent, so every client
// is timed by the same clock, independent of how it reports progress.
#include <optional>
#include <string>
#include <vector>

namespace bench {

struct TranscriptLine {
    double ms = 0;     // stamped to the µs, truncated
    std::string port;  // at, data, control, sim, peer
    char dir = '!';    // '<' received from the client, '>' sent to it, '!' a remark
    std::string text;  // still escaped: \r \n \\ \xHH
};

class Transcript {
public:
    // Throws std::runtime_error naming the file when it cannot be read.
    static Transcript load(const std::string& path);

    [[nodiscard]] const std::vector<TranscriptLine>& lines() const noexcept { return lines_; }
    // AT command lines the client sent (received by the sim), in order.
    [[nodiscard]] std::vector<const TranscriptLine*> commands() const;
    // The sim's answer to a dial that connected; its '>' line is stamped when the dial arrived.
    [[nodiscard]] const TranscriptLine* connect() const;
    // The dial command that got CONNECT.
    [[nodiscard]] const TranscriptLine* connected_dial() const;
    // First unsolicited "+CEREG: 1|5..." (only clients that enable CEREG URCs get one).
    [[nodiscard]] const TranscriptLine* registration_urc() const;
    // A remark line with exactly this text (the control socket's echo of a command).
    [[nodiscard]] const TranscriptLine* remark(const std::string& port, const std::string& text) const;

private:
    std::vector<TranscriptLine> lines_;
};

}  // namespace bench
