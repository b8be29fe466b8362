#pragma once
// The simulator's record of the conversation, for tests to assert what a client sent:
// one line per event, "<ms since start, to the µs: 1234.567> <port> <dir> <escaped text>", flushed per line.
#include <chrono>
#include <fstream>
#include <string>
#include <string_view>

namespace lte::sim {

// Makes bytes printable on one line: \r, \n, \\ and \xHH for anything not printable ASCII.
std::string escape(std::string_view bytes);

class Transcript {
public:
    Transcript() = default;  // disabled: write() does nothing
    // Opens (truncates) path; throws std::runtime_error naming the file when it cannot.
    explicit Transcript(const std::string& path);

    // dir: '<' received from the client, '>' sent to it, '!' a remark (fault, odd request).
    void write(std::string_view port, char dir, std::string_view text);

private:
    std::ofstream file_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace lte::sim
