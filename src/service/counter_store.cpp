#include "lte/service/counter_store.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "lte/common/atomic_file.hpp"
#include "lte/common/secrets.hpp"
#include "lte/service/json_writer.hpp"
#include "lte/service/status_json.hpp"

namespace lte::service {

namespace {

constexpr int kVersion = 1;
using std::chrono::system_clock;

system_clock::time_point from_unix(std::int64_t s) { return system_clock::time_point(std::chrono::seconds(s)); }

std::uint64_t count(const YAML::Node& root, const char* key) {
    const auto node = root[key];
    return node ? node.as<std::uint64_t>() : 0;
}

}  // namespace

std::filesystem::path counters_path(std::string_view instance) {
    // systemd may list several directories, separated by ':'; ours is the first.
    if (const char* dirs = std::getenv("STATE_DIRECTORY"); dirs && *dirs) {
        const std::string_view all(dirs);
        return std::filesystem::path(std::string(all.substr(0, all.find(':')))) / "counters.json";
    }
    std::filesystem::path dir = "/var/lib/lte-dialer";
    if (!instance.empty()) dir /= std::string(instance);
    return dir / "counters.json";
}

std::chrono::seconds period_online(const connection::Status& s, system_clock::time_point now) {
    auto online = s.counters.online;
    if (s.online_since && now > *s.online_since)
        online += std::chrono::duration_cast<std::chrono::seconds>(now - *s.online_since);
    return online;
}

std::string counters_to_json(const connection::Status& s, system_clock::time_point now) {
    const auto& c = s.counters;
    const ppp::Traffic traffic = connection::period_traffic(s);
    JsonWriter w;
    w.begin_object();
    w.key("version").value(kVersion);
    w.key("since").value(unix_seconds(c.since));
    w.key("received_bytes").value(traffic.received);
    w.key("sent_bytes").value(traffic.sent);
    w.key("online_s").value(static_cast<std::int64_t>(period_online(s, now).count()));
    w.key("attempts").value(c.attempts);
    w.key("connects").value(c.connects);
    w.key("drops").value(c.drops);
    w.key("failures").begin_object();
    for (const auto& [reason, n] : c.failures) w.key(reason).value(n);
    w.end_object();
    w.key("last_failure_at");
    if (c.last_failure_at)
        w.value(unix_seconds(*c.last_failure_at));
    else
        w.null();
    w.key("last_failure").value(mask_secrets(c.last_failure));
    w.end_object();
    return w.str();
}

connection::Counters counters_from_json(std::string_view json, const std::string& source) {
    try {
        const YAML::Node root = YAML::Load(std::string(json));  // JSON is YAML: the project takes no JSON library
        if (!root.IsMap()) throw CounterFileError(source + ": not a JSON object");
        if (!root["version"] || root["version"].as<int>() != kVersion)
            throw CounterFileError(source + ": not a version " + std::to_string(kVersion) + " counters file");
        connection::Counters c;
        c.since = from_unix(root["since"].as<std::int64_t>());
        c.traffic = {count(root, "received_bytes"), count(root, "sent_bytes")};
        c.online = std::chrono::seconds(count(root, "online_s"));
        c.attempts = count(root, "attempts");
        c.connects = count(root, "connects");
        c.drops = count(root, "drops");
        if (const auto failures = root["failures"]; failures && failures.IsMap())
            for (const auto& entry : failures)
                c.failures[entry.first.as<std::string>()] = entry.second.as<std::uint64_t>();
        if (const auto at = root["last_failure_at"]; at && !at.IsNull())
            c.last_failure_at = from_unix(at.as<std::int64_t>());
        if (const auto why = root["last_failure"]; why && !why.IsNull()) c.last_failure = why.as<std::string>();
        return c;
    } catch (const YAML::Exception& e) {
        throw CounterFileError(source + ": unreadable counters (" + e.msg + ")");
    }
}

std::optional<connection::Counters> load_counters(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) {
        std::error_code ec;
        if (!std::filesystem::exists(file, ec)) return std::nullopt;
        throw CounterFileError("cannot read " + file.string());
    }
    std::stringstream text;
    text << in.rdbuf();
    return counters_from_json(text.str(), file.string());
}

void save_counters(const std::filesystem::path& file, const connection::Status& status, system_clock::time_point now) {
    std::error_code ignored;
    std::filesystem::create_directories(file.parent_path(), ignored);  // run by hand, outside systemd
    write_file_atomically(file, counters_to_json(status, now) + "\n", 0640);
}

}  // namespace lte::service
