#pragma once
// One trial: a fresh lte-modem-sim, one client dialling it until CONNECT, the transcript kept.
#include <optional>
#include <string>
#include <string_view>

#include "proc_stats.hpp"
#include "transcript.hpp"

namespace bench {

// floor: lte-bench's own minimal client (see floor_client.hpp), for the per-command figures only.
enum class Client { dialer, chat, wvdial, floor };
std::string_view name(Client client);

struct Tools {
    std::string dialer;           // lte-dialer
    std::string sim;              // lte-modem-sim
    std::string chat_script;      // peers/chat-connect.sh
    std::string wvdial_template;  // peers/wvdial.conf.in
    std::string wvdial;           // /usr/bin/wvdial
};

struct SimSettings {
    int latency_ms = 20;
    double attach_s = 2.0;
    std::string apn = "soracom.io";  // preset in the sim: the modem already holds it, as after a first run
};

// Samples the client while it waits for registration: at `start_s` after spawn and `window_s` later.
struct IdleProbe {
    double start_s = 1.5;
    double window_s = 3.0;
};

struct TrialSetup {
    Client client = Client::dialer;
    SimSettings sim;
    double poll_s = 1.0;  // chat's fixed pause between registration polls
    Tools tools;
    std::string dir;  // created; holds the ports' links, the transcript and the logs
    std::optional<IdleProbe> idle;
    double timeout_s = 40;
};

struct IdleFigures {
    ProcSample client_before;
    ProcSample client_after;
    ProcSample sim;
    double window_ms = 0;
};

struct TrialResult {
    bool connected = false;
    bool crashed = false;  // the client died from a signal before CONNECT
    std::string failure;   // why there was no CONNECT, for the user
    Transcript transcript;
    double spawn_ms = 0;  // client started, in the transcript's time
    double boot_ms = 0;   // sim powered on (its attach timer starts), in the transcript's time
    std::optional<IdleFigures> idle;
    int busy_opens = 0;  // wvdial's "Cannot open ...: Device or resource busy" retries
};

// Throws std::runtime_error when the simulator cannot be started or timed.
TrialResult run_trial(const TrialSetup& setup);

}  // namespace bench
