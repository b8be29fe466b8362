#pragma once
// Loads tests/data/*.at transcripts: exchanges of a command, the bytes the modem sent in the
// reads they arrived in, and the lines the channel must report (see the files' headers).
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace lte::test {

struct Exchange {
    std::string command;  // empty: bytes that arrived while idle
    std::vector<std::string> reads;
    std::vector<std::string> want_lines;
    std::vector<std::string> want_urcs;
    std::string want_final;

    [[nodiscard]] std::string bytes() const {
        std::string all;
        for (const auto& r : reads) all += r;
        return all;
    }
};

// Python-style escapes as the seeds logged them: \r \n \t \\ \' \" \xNN.
inline std::string unescape(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 == text.size()) {
            out += text[i];
            continue;
        }
        const char e = text[++i];
        switch (e) {
            case 'r': out += '\r'; break;
            case 'n': out += '\n'; break;
            case 't': out += '\t'; break;
            case 'x':
                out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
                i += 2;
                break;
            default: out += e;
        }
    }
    return out;
}

inline std::vector<Exchange> load_transcript(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::vector<Exchange> exchanges;
    std::string line;
    auto rest = [&](std::size_t n) { return line.size() > n ? line.substr(n) : std::string(); };
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        if (line == "idle") {
            exchanges.emplace_back();
        } else if (line.starts_with("cmd ")) {
            exchanges.push_back(Exchange{rest(4), {}, {}, {}, {}});
        } else if (exchanges.empty()) {
            throw std::runtime_error(path + ": '" + line + "' before any cmd/idle");
        } else if (line.starts_with("rx ")) {
            exchanges.back().reads.push_back(unescape(rest(3)));
        } else if (line.starts_with("want ")) {
            exchanges.back().want_lines.push_back(rest(5));
        } else if (line.starts_with("urc ")) {
            exchanges.back().want_urcs.push_back(rest(4));
        } else if (line.starts_with("final ")) {
            exchanges.back().want_final = rest(6);
        } else {
            throw std::runtime_error(path + ": cannot read '" + line + "'");
        }
    }
    return exchanges;
}

}  // namespace lte::test
