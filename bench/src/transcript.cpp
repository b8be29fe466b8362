#include "transcript.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <stdexcept>

namespace bench {

namespace {

bool starts_with_nocase(const std::string& text, std::string_view prefix) {
    return text.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
               return std::toupper(static_cast<unsigned char>(a)) == b;
           });
}

// The URC is "+CEREG: <stat>" or "+CEREG: <stat>,\"<tac>\",..."; a query's reply is
// "+CEREG: <n>,<stat>", so a bare digit after the comma means a reply, not a URC.
bool is_registered_urc(const std::string& text) {
    for (std::string_view stat : {"+CEREG: 1", "+CEREG: 5"}) {
        const auto at = text.find(stat);
        if (at == std::string::npos) continue;
        const auto after = at + stat.size();
        return after == text.size() || text[after] == '\\' || text.compare(after, 2, ",\"") == 0;
    }
    return false;
}

}  // namespace

Transcript Transcript::load(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read simulator transcript " + path);
    Transcript t;
    for (std::string raw; std::getline(in, raw);) {
        // Text may be empty ("12 data < "), so split on the first three spaces only.
        const auto a = raw.find(' ');
        const auto b = a == std::string::npos ? a : raw.find(' ', a + 1);
        if (b == std::string::npos || b + 2 > raw.size()) continue;
        TranscriptLine line;
        // from_chars, not stod: the stamp's '.' must not depend on the locale.
        const auto [end, ec] = std::from_chars(raw.data(), raw.data() + a, line.ms);
        if (ec != std::errc{} || end != raw.data() + a) continue;  // a line the sim wrote with embedded raw text
        line.port = raw.substr(a + 1, b - a - 1);
        line.dir = raw[b + 1];
        line.text = b + 3 <= raw.size() ? raw.substr(b + 3) : "";
        t.lines_.push_back(std::move(line));
    }
    return t;
}

std::vector<const TranscriptLine*> Transcript::commands() const {
    std::vector<const TranscriptLine*> out;
    for (const auto& line : lines_)
        if (line.dir == '<' && (line.port == "at" || line.port == "data") && starts_with_nocase(line.text, "AT"))
            out.push_back(&line);
    return out;
}

const TranscriptLine* Transcript::connect() const {
    for (const auto& line : lines_)
        if (line.dir == '>' && line.text.find("CONNECT") != std::string::npos && line.text.starts_with("\\r\\n"))
            return &line;
    return nullptr;
}

const TranscriptLine* Transcript::connected_dial() const {
    const TranscriptLine* answer = connect();
    const TranscriptLine* dial = nullptr;
    for (const auto& line : lines_) {
        if (&line == answer) return dial;
        if (line.dir == '<' && starts_with_nocase(line.text, "ATD")) dial = &line;
    }
    return nullptr;
}

const TranscriptLine* Transcript::registration_urc() const {
    for (const auto& line : lines_)
        if (line.dir == '>' && is_registered_urc(line.text)) return &line;
    return nullptr;
}

const TranscriptLine* Transcript::remark(const std::string& port, const std::string& text) const {
    for (const auto& line : lines_)
        if (line.dir == '!' && line.port == port && line.text == text) return &line;
    return nullptr;
}

}  // namespace bench
