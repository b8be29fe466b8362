// The replay corpus: replies real modems sent (other projects' test vectors, issue logs, vendor
// manuals, the field seeds), each case with its source, played on real ptys by a ReplayModem to the
// product's own surfaces (`lte-dialer info --json`, `connect --dial-only`, the daemon's `status
// --json` and `at`), and the surface's answer checked. One CTest test per case; the cases are data
// (tests/replay/cases/*.yaml, the format is in tests/replay/README.md).
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "process.hpp"
#include "replay_modem.hpp"

namespace lte::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

const fs::path kReplayDir = fs::path(LTE_SOURCE_DIR) / "tests" / "replay";

struct Case {
    std::string id;  // gtest-safe: file stem + name
    std::string file, name, source, surface, profile, command;
    bool force = false;
    std::string registration_timeout = "3s";  // short: a case that must not register fails fast
    bool echo = true;
    std::map<std::string, ReplayAnswer> script;
    ReplayReply fallback;
    YAML::Node expect;
};

// gtest names a failing parameter: the case's file and name, not its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.file << ": " << c.name; }

// A reply as a case writes it: "OK" (one line), a list of lines (each framed CR LF .. CR LF, with
// "{echo}" marking where the echo goes when not first), or {raw: "bytes with \r\n escapes"}.
ReplayReply reply_from(const YAML::Node& node) {
    ReplayReply reply;
    if (node.IsMap()) {
        reply.after_echo = node["raw"].as<std::string>();
        return reply;
    }
    std::string* out = &reply.after_echo;
    std::vector<std::string> lines;
    if (node.IsScalar())
        lines.push_back(node.as<std::string>());
    else
        for (const auto& line : node) lines.push_back(line.as<std::string>());
    const bool echo_marked = std::find(lines.begin(), lines.end(), "{echo}") != lines.end();
    if (echo_marked) out = &reply.before_echo;
    for (const auto& line : lines) {
        if (line == "{echo}") {
            out = &reply.after_echo;
            continue;
        }
        *out += "\r\n" + line + "\r\n";
    }
    return reply;
}

// Several replies in turn: a list whose items are lists or raw maps.
ReplayAnswer answer_from(const YAML::Node& node) {
    ReplayAnswer answer;
    const bool in_turn = node.IsSequence() && node.size() > 0 && (node[0].IsSequence() || node[0].IsMap());
    if (in_turn)
        for (const auto& one : node) answer.replies.push_back(reply_from(one));
    else
        answer.replies.push_back(reply_from(node));
    return answer;
}

void add_script(const YAML::Node& modem, std::map<std::string, ReplayAnswer>& script) {
    for (const auto& entry : modem) script[entry.first.as<std::string>()] = answer_from(entry.second);
}

std::string safe_id(std::string text) {
    for (auto& c : text)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return text;
}

std::vector<Case> load_cases() {
    std::vector<Case> cases;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(kReplayDir / "cases"))
        if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        const YAML::Node doc = YAML::LoadFile(file.string());
        for (const auto& node : doc["cases"]) {
            Case c;
            c.file = file.filename().string();
            c.name = node["name"].as<std::string>();
            c.id = safe_id(file.stem().string() + "_" + c.name);
            c.source = node["source"].as<std::string>("");
            c.surface = node["surface"].as<std::string>();
            c.profile = node["profile"].as<std::string>(c.surface == "info" ? "generic" : "sim7672");
            c.command = node["command"].as<std::string>("");
            c.force = node["force"].as<bool>(false);  // surface at: what `at` refuses unforced
            c.echo = node["echo"].as<bool>(true);
            c.registration_timeout = node["registration_timeout"].as<std::string>(c.registration_timeout);
            // The surfaces that run a whole connect sequence start from a persona: the SIM7672 of seed
            // 001, whose replies come from that real session; the case replaces what it is about.
            const std::string persona =
                node["persona"].as<std::string>(c.surface == "info" ? "none" : "sim7672-seed001");
            const YAML::Node base = YAML::LoadFile((kReplayDir / "personas" / (persona + ".yaml")).string());
            add_script(base["modem"], c.script);
            if (node["modem"]) add_script(node["modem"], c.script);
            c.fallback = reply_from(node["fallback"] ? node["fallback"] : base["fallback"]);
            c.expect = node["expect"];
            cases.push_back(std::move(c));
        }
    }
    return cases;
}

const std::vector<Case>& all_cases() {
    static const std::vector<Case> cases = load_cases();
    return cases;
}

// "registration_detail.lac_tac" in a JSON document; a number picks a list's element.
YAML::Node at_path(YAML::Node node, const std::string& path) {
    std::size_t start = 0;
    while (node && start <= path.size()) {
        const auto dot = path.find('.', start);
        const std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        // "unparsed.AT+CGSN.0": a list's element by its index
        const bool index =
            node.IsSequence() && !key.empty() && key.find_first_not_of("0123456789") == std::string::npos;
        node = index ? node[std::stoul(key)] : node[key];
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return node;
}

// What went wrong with one expected JSON value, or "" when it holds.
std::string json_mismatch(const YAML::Node& doc, const std::string& path, const YAML::Node& want) {
    const YAML::Node got = at_path(YAML::Clone(doc), path);
    if (!got) return path + " is missing";
    if (want.IsNull()) return got.IsNull() ? "" : path + " is " + YAML::Dump(got) + ", expected null";
    if (got.IsNull()) return path + " is null, expected " + want.as<std::string>();
    const std::string text = want.as<std::string>();
    // "0x1a2b": the same number as the hex text there ("00001A2B"), as ModemManager's vectors give it.
    if (text.starts_with("0x")) {
        const std::string have = got.as<std::string>();
        const bool same = !have.empty() && have.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos &&
                          std::stoull(have, nullptr, 16) == std::stoull(text.substr(2), nullptr, 16);
        return same ? "" : path + " is '" + have + "', expected the hex number " + text;
    }
    // "~text": the value contains text (for messages that also name ports and timings).
    if (text.starts_with("~"))
        return got.as<std::string>().find(text.substr(1)) != std::string::npos
                   ? ""
                   : path + " is '" + got.as<std::string>() + "', expected it to contain '" + text.substr(1) + "'";
    return got.as<std::string>() == text ? "" : path + " is '" + got.as<std::string>() + "', expected '" + text + "'";
}

std::vector<std::string> json_mismatches(const YAML::Node& doc, const YAML::Node& json) {
    std::vector<std::string> out;
    for (const auto& entry : json)
        if (auto m = json_mismatch(doc, entry.first.as<std::string>(), entry.second); !m.empty()) out.push_back(m);
    return out;
}

class Replay : public testing::TestWithParam<Case> {
protected:
    void SetUp() override {
        // Short: the control socket's path must fit sockaddr_un (108 bytes), the case's name need not.
        dir_ = fs::path(testing::TempDir()) / ("lte-replay-" + std::to_string(::getpid()) + "-" +
                                               std::to_string(std::hash<std::string>{}(GetParam().id) % 1000000));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        const Case& c = GetParam();
        modem_ = std::make_unique<ReplayModem>(c.script, c.fallback, c.echo);
        RecordProperty("source", c.source);
    }
    void TearDown() override {
        modem_.reset();
        if (!HasFailure()) fs::remove_all(dir_);
    }

    // A configuration for connect and run: the case's profile, both replay ports, seed 001's APN and
    // credentials (what that SIM7672 has stored), short timeouts so a case that must fail fails fast.
    fs::path write_config() const {
        const fs::path path = dir_ / "config.yaml";
        std::ofstream out(path);
        out << "modem:\n  profile: " << GetParam().profile << "\n  at_port: " << modem_->at_port()
            << "\n  data_port: " << modem_->data_port() << "\napn: soracom.io\nuser: sora\npassword: sora\nauth: chap\n"
            << "timeouts:\n  command: 2s\n  registration: " << GetParam().registration_timeout << "\n  ppp_up: 10s\n"
            << "pppd:\n  path: " << LTE_SOURCE_DIR << "/tests/fixtures/fake-pppd\n  options: [\"ipparam "
            << (dir_ / "pppd-script").string() << "\"]\n"
            << "reconnect:\n  backoff_initial: 200ms\n  backoff_max: 1s\nlog_level: debug\n";
        out.close();
        ::chmod(path.c_str(), 0600);
        std::ofstream(dir_ / "pppd-script") << "up\n";
        return path;
    }

    std::unique_ptr<Process> dialer(const std::vector<std::string>& args, const std::string& tag) const {
        return std::make_unique<Process>(LTE_DIALER_BINARY, args, dir_ / (tag + ".out"), dir_ / (tag + ".err"));
    }

    // Runs a one-shot surface to its end; fails the test when it does not end.
    std::optional<int> finish(Process& p, std::chrono::seconds limit) const {
        const auto code = p.wait(limit);
        EXPECT_TRUE(code.has_value()) << "still running after " << limit.count() << " s";
        return code;
    }

    std::optional<YAML::Node> status(const fs::path& socket) const {
        auto p = dialer({"status", "--json", "--socket", socket.string()}, "status");
        if (p->wait(10s) != 0) return std::nullopt;
        try {
            return YAML::Load(p->out());
        } catch (const YAML::Exception&) {
            return std::nullopt;
        }
    }

    void check_output(const std::string& output) const {
        const YAML::Node& expect = GetParam().expect;
        for (const auto& text : expect["output"]) EXPECT_THAT(output, testing::HasSubstr(text.as<std::string>()));
        for (const auto& text : expect["not_output"])
            EXPECT_THAT(output, testing::Not(testing::HasSubstr(text.as<std::string>())));
        if (expect["dialled"]) {
            const auto got = modem_->received();
            const bool dialled =
                std::any_of(got.begin(), got.end(), [](const auto& c) { return c.starts_with("ATD"); });
            EXPECT_EQ(dialled, expect["dialled"].as<bool>()) << testing::PrintToString(got);
        }
    }

    void check_exit(const std::optional<int>& code, const std::string& output) const {
        if (const auto want = GetParam().expect["exit"]) {
            ASSERT_TRUE(code.has_value());
            EXPECT_EQ(*code, want.as<int>()) << output;
        }
    }

    void run_info() {
        auto p = dialer({"info", "--json", "--at-port", modem_->at_port(), "--data-port", modem_->data_port(),
                         "--profile", GetParam().profile, "--socket", (dir_ / "no-daemon.sock").string()},
                        "info");
        const auto code = finish(*p, 90s);
        const std::string output = p->out() + p->err();
        check_exit(code, output);
        check_output(output);
        if (const auto json = GetParam().expect["json"]) {
            YAML::Node doc;
            ASSERT_NO_THROW(doc = YAML::Load(p->out())) << output;
            for (const auto& m : json_mismatches(doc, json)) ADD_FAILURE() << m << "\n" << output;
        }
    }

    void run_connect() {
        auto p = dialer({"connect", "--config", write_config().string(), "--dial-only"}, "connect");
        const auto code = finish(*p, 60s);
        const std::string output = p->out() + p->err();
        check_exit(code, output);
        check_output(output);
    }

    // The daemon against the replay modem; `until` decides when its status has said enough.
    template <typename Until>
    void with_daemon(Until until) {
        const fs::path socket = dir_ / "control.sock";
        auto daemon = dialer({"run", "--config", write_config().string(), "--socket", socket.string()}, "daemon");
        until(*daemon, socket);
        daemon->signal(SIGTERM);
        EXPECT_EQ(daemon->wait(30s), 0) << daemon->err();
        check_output(daemon->err() + daemon->out());
    }

    void run_status() {
        with_daemon([&](Process& daemon, const fs::path& socket) {
            std::vector<std::string> last{"the daemon never answered status"};
            const auto deadline = std::chrono::steady_clock::now() + 30s;
            while (std::chrono::steady_clock::now() < deadline && !daemon.wait(0ms)) {
                if (const auto s = status(socket)) {
                    last = json_mismatches(*s, GetParam().expect["json"]);
                    if (last.empty()) return;
                }
                std::this_thread::sleep_for(200ms);
            }
            for (const auto& m : last) ADD_FAILURE() << m;
            ADD_FAILURE() << "daemon log:\n" << daemon.err();
        });
    }

    void run_at() {
        with_daemon([&](Process& daemon, const fs::path& socket) {
            const auto deadline = std::chrono::steady_clock::now() + 30s;
            bool online = false;
            while (!online && std::chrono::steady_clock::now() < deadline && !daemon.wait(0ms)) {
                const auto s = status(socket);
                online = s && (*s)["state"].as<std::string>("") == "online";
                if (!online) std::this_thread::sleep_for(200ms);
            }
            ASSERT_TRUE(online) << daemon.err();
            std::vector<std::string> args{"at", GetParam().command, "--socket", socket.string()};
            if (GetParam().force) args.emplace_back("--force");
            auto p = dialer(args, "at");
            const auto code = finish(*p, 60s);
            const std::string output = p->out() + p->err();
            check_exit(code, output);
            for (const auto& line : GetParam().expect["at_output"])
                EXPECT_THAT(output, testing::HasSubstr(line.as<std::string>()));
            for (const auto& line : GetParam().expect["not_at_output"])
                EXPECT_THAT(output, testing::Not(testing::HasSubstr(line.as<std::string>())));
        });
    }

    fs::path dir_;
    std::unique_ptr<ReplayModem> modem_;
};

TEST_P(Replay, SurfaceShowsWhatTheModemSaid) {
    const Case& c = GetParam();
    SCOPED_TRACE(c.file + ": " + c.name + " (source: " + c.source + ")");
    ASSERT_FALSE(c.source.empty()) << "every case names where its replies come from";
    if (c.surface == "info")
        run_info();
    else if (c.surface == "connect")
        run_connect();
    else if (c.surface == "status")
        run_status();
    else if (c.surface == "at")
        run_at();
    else
        FAIL() << "unknown surface '" << c.surface << "' (info, connect, status, at)";
}

INSTANTIATE_TEST_SUITE_P(Corpus, Replay, testing::ValuesIn(all_cases()),
                         [](const testing::TestParamInfo<Case>& param) { return param.param.id; });

}  // namespace
}  // namespace lte::test
