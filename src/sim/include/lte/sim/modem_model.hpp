#pragma once
// The simulated modem's brain: AT commands in, reply bytes and actions out. No I/O and no clock
// of its own (the caller passes `now`), so unit tests drive it with a fake time line.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace lte::sim {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

enum class Profile { simcom, quectel };
enum class SimCard { ready, missing, pin, puk };
enum class RegFault { none, denied, searching };
enum class DialFail { no_carrier, busy };

struct ModemConfig {
    Profile profile = Profile::simcom;
    int port_count = 2;  // 1 with --single-port: port 0 is AT and data at once
    int urc_port = 0;    // where unsolicited results go
    bool cmux = false;   // AT+CMUX=0 accepted (27.010 on the single port); otherwise it is an ERROR
    milliseconds attach_time{3000};
    bool home = false;  // registered home (stat 1) instead of roaming (stat 5)
    SimCard sim = SimCard::ready;
    std::string sim_pin = "1234";  // what AT+CPIN= must give a PIN-locked SIM; 3 wrong tries lock it (PUK)
    RegFault reg = RegFault::none;
    DialFail dial_fail = DialFail::no_carrier;
    milliseconds dial_fail_delay{500};
    std::string apn;                    // PDP context 1 at power-on
    std::vector<std::string> no_reply;  // command-line prefixes never answered
    std::vector<std::string> error;     // command-line prefixes answered with ERROR
    // Real modems' ways of muddling a reply (the fault matrix's): a line no list knows before the
    // echo, vendor indications between the answer and its final, an answer that never gets its final.
    std::vector<std::string> line_before_echo;
    std::vector<std::string> urc_in_reply;
    std::vector<std::string> no_final;
    // Hostile ones (lte/at/limits.hpp's caps): a reply of 4000-byte lines without end, one line
    // that never ends (both stop when the client sends a byte, as V.250 aborts a command), and
    // random bytes on the AT port forever from the client's first byte on.
    std::vector<std::string> endless;
    std::vector<std::string> endless_line;
    bool garbage_stream = false;
    milliseconds latency{0};                 // before each reply (echo is immediate, as on real modems)
    milliseconds guard_time{1000};           // "+++" escape guard time
    std::optional<milliseconds> drop_after;  // data call ends with NO CARRIER after this long
    bool urc_noise = false;                  // URCs between a reply's info lines and its final result
    bool garbage = false;                    // random junk lines now and then
    std::uint32_t seed = 1;
};

enum class EventKind {
    send,       // bytes to write to `port`'s client after `delay`
    peer_data,  // data-mode bytes from the client, for the PPP peer
    call_up,    // `port` entered data mode for a new call
    call_down,  // the call on `port` ended
    restart,    // AT+CFUN=1,1: the ports vanish, then the modem boots again
    log,        // a transcript line: `dir` '<' for received, '!' for a remark
    stream,     // bytes of an endless fault for `port`: sent while the client keeps reading, never transcribed
    mux_start,  // AT+CMUX=0 answered: `port` speaks 27.010 frames from now on; `bytes` is N1
};

struct Event {
    EventKind kind;
    int port = 0;
    std::string bytes;
    milliseconds delay{0};
    char dir = '<';
};
using Events = std::vector<Event>;

struct PdpContext {
    std::string type = "IP";
    std::string apn;
};
struct PdpAuth {
    int type = 0;  // 0 none, 1 PAP, 2 CHAP, 3 PAP or CHAP
    std::string user;
    std::string password;
};

class ModemModel {
public:
    explicit ModemModel(ModemConfig config);

    // Power-on (also after AT+CFUN=1,1): volatile settings reset, SIM read, attach begins.
    // `announce` sends the boot URCs RDY, +CPIN: READY, SMS DONE, PB DONE.
    Events boot(Clock::time_point now, bool announce);
    // Bytes the client wrote to `port`.
    Events receive(int port, std::string_view bytes, Clock::time_point now);
    // Fires every timer that is due (attach, escape guard, drop-after).
    Events advance(Clock::time_point now);
    [[nodiscard]] std::optional<Clock::time_point> next_deadline() const;

    // The last client closed `port` (or dropped DTR): a call on it ends silently.
    Events port_closed(int port);
    // Bytes from the PPP peer, delivered to the client while its port is in data mode.
    Events peer_data(std::string_view bytes);
    // The call ends from the network side: NO CARRIER on the data port.
    Events drop_call();
    Events inject_urc(std::string_view text);
    // Forces the registration status (0..5) and stops the attach timer.
    Events force_registration(int stat);
    // AT+CFUN=<fun> from outside (0, 1, 4): a third party turning the radio off, as `at --force` can.
    Events force_functionality(int fun, Clock::time_point now);
    // A SIM inserted, removed or locked by hand; a SIM made ready starts the attach.
    Events change_sim(SimCard card, Clock::time_point now);
    // The radio conditions the next AT+CSQ (rssi 0..31) and AT+CESQ (rsrp 0..97) report.
    void set_signal(int csq_rssi, int cesq_rsrp) noexcept {
        csq_rssi_ = csq_rssi;
        cesq_rsrp_ = cesq_rsrp;
    }

    // One line for the control socket: "cfun=1 reg=5 call=data:data cmee=2 ...".
    [[nodiscard]] std::string state_line() const;
    // AT commands that rebuild the stored PDP contexts and auth (the --state file).
    [[nodiscard]] std::vector<std::string> persistent_commands() const;
    // Replays persistent_commands() output silently.
    void restore(const std::vector<std::string>& commands);

    [[nodiscard]] int registration() const noexcept { return reg_stat_; }
    [[nodiscard]] bool in_data_mode(int port) const;
    [[nodiscard]] const std::map<int, PdpContext>& contexts() const noexcept { return pdp_; }

private:
    enum class Mode { command, data, online_command };
    enum class Stream { none, reply_lines, one_line, garbage };
    struct PortState {
        bool echo = true;
        Mode mode = Mode::command;
        std::string line;
        Clock::time_point last_rx{};
        std::string held_plus;  // '+' of a possible escape, forwarded if it turns out to be data
        std::optional<Clock::time_point> escape_at;
        Stream stream = Stream::none;
        std::optional<Clock::time_point> stream_at;  // the next chunk of an endless fault
    };
    struct Reply;

    Events receive_command_bytes(int port, std::string_view bytes, Clock::time_point now);
    Events receive_data_bytes(int port, std::string_view bytes, Clock::time_point now);
    Events execute_line(int port, const std::string& line, Clock::time_point now);
    bool execute(int port, const std::string& command, Reply& reply, Clock::time_point now);
    bool execute_extended(int port, const std::string& name, const std::string& suffix, Reply& reply,
                          Clock::time_point now);
    bool execute_registration(const std::string& name, const std::string& suffix, Reply& reply);
    bool execute_cgdcont(const std::string& suffix, Reply& reply);
    bool execute_cgauth(const std::string& suffix, Reply& reply);
    bool execute_cfun(const std::string& suffix, Reply& reply, Clock::time_point now);
    bool execute_cpin(const std::string& suffix, Reply& reply, Clock::time_point now);
    bool dial(int port, Reply& reply, Clock::time_point now);

    void reset_settings();
    void start_stream(int port, Stream kind, Clock::time_point now, Events& out);
    void stop_stream(int port, Events& out);
    [[nodiscard]] std::string stream_chunk(Stream kind);
    void start_attach(Clock::time_point now, Events& out);
    void set_registration(int stat, Events& out);
    void end_call(Events& out, bool say_no_carrier);
    [[nodiscard]] bool registered() const noexcept { return reg_stat_ == 1 || reg_stat_ == 5; }
    [[nodiscard]] std::string cme(int code) const;
    [[nodiscard]] std::string registration_line(const std::string& name, int n, bool query) const;
    void urc(std::string_view text, Events& out) const;
    [[nodiscard]] std::string random_urc();

    ModemConfig config_;
    std::mt19937 rng_;
    std::vector<PortState> ports_;
    SimCard sim_;
    int pin_tries_left_ = 3;
    int cfun_ = 1;
    bool ps_attached_ = true;
    int reg_stat_ = 0;
    int csq_rssi_ = 20;   // -73 dBm
    int cesq_rsrp_ = 61;  // -80 dBm
    std::optional<Clock::time_point> attach_at_;
    int cmee_ = 0;
    std::map<std::string, int> reg_urc_;  // "+CREG"/"+CGREG"/"+CEREG" → n
    std::string ifc_ = "0,0";
    std::string ipr_ = "115200";
    std::map<int, PdpContext> pdp_;
    std::map<int, PdpAuth> auth_;
    std::optional<int> call_port_;
    std::optional<Clock::time_point> drop_at_;
    std::uint64_t stream_lines_ = 0;  // numbers the lines of an endless reply
};

}  // namespace lte::sim
