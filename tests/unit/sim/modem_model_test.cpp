#include "lte/sim/modem_model.hpp"

#include <algorithm>

#include <gtest/gtest.h>

namespace lte::sim {
namespace {

using namespace std::chrono_literals;

// Everything the model wrote to `port`, in order, as the client would read it.
std::string sent(const Events& events, int port = 0) {
    std::string out;
    for (const auto& e : events) {
        if (e.kind == EventKind::send && e.port == port) out += e.bytes;
    }
    return out;
}

bool has(const Events& events, EventKind kind) {
    return std::ranges::any_of(events, [&](const Event& e) { return e.kind == kind; });
}

class ModemModelTest : public ::testing::Test {
protected:
    void make(ModemConfig config = {}) {
        model.emplace(std::move(config));
        model->boot(t0, false);
    }
    std::string ask(const std::string& command, Clock::duration at = 0s, int port = 0) {
        return sent(model->receive(port, command + "\r", t0 + at), port);
    }

    Clock::time_point t0 = Clock::time_point{} + 1000h;
    std::optional<ModemModel> model;
};

TEST_F(ModemModelTest, EchoesTheCommandThenAnswersInV1Format) {
    make();
    EXPECT_EQ(ask("AT"), "AT\r\r\nOK\r\n");
}

TEST_F(ModemModelTest, CmuxIsAnErrorUnlessTheModemHasAMultiplexer) {
    make();
    EXPECT_EQ(ask("AT+CMUX=0"), "AT+CMUX=0\r\r\nERROR\r\n");
    ModemConfig muxing;
    muxing.cmux = true;
    make(muxing);
    const auto events = model->receive(0, "AT+CMUX=0,0,5,127\r", t0);
    EXPECT_EQ(sent(events), "AT+CMUX=0,0,5,127\r\r\nOK\r\n");
    const auto start = std::ranges::find_if(events, [](const Event& e) { return e.kind == EventKind::mux_start; });
    ASSERT_NE(start, events.end()) << "OK, then frames";
    EXPECT_EQ(start->bytes, "127") << "N1 as the command gave it";
    EXPECT_EQ(sent(model->receive(0, "AT+CMUX=1\r", t0)), "AT+CMUX=1\r\r\nERROR\r\n") << "only the basic option";
}

TEST_F(ModemModelTest, Ate0StopsTheEchoOnThatPortOnly) {
    make();
    EXPECT_EQ(ask("ATE0"), "ATE0\r\r\nOK\r\n");
    EXPECT_EQ(ask("AT"), "\r\nOK\r\n");
    EXPECT_EQ(ask("AT", 0s, 1), "AT\r\r\nOK\r\n");
    EXPECT_EQ(ask("ATE1"), "\r\nOK\r\n");
    EXPECT_EQ(ask("AT"), "AT\r\r\nOK\r\n");
}

TEST_F(ModemModelTest, AssemblesCommandsFromFragmentsAndIgnoresTheLfOfCrLf) {
    make();
    EXPECT_EQ(sent(model->receive(0, "AT+C", t0)), "");
    EXPECT_EQ(sent(model->receive(0, "SQ", t0)), "");
    EXPECT_EQ(sent(model->receive(0, "\r\n", t0)), "AT+CSQ\r\r\n+CSQ: 99,99\r\n\r\nOK\r\n");
    EXPECT_EQ(ask("ATE0"), "ATE0\r\r\nOK\r\n");
}

TEST_F(ModemModelTest, UnknownCommandIsError) {
    make();
    EXPECT_EQ(ask("AT+NOSUCH"), "AT+NOSUCH\r\r\nERROR\r\n");
    EXPECT_EQ(ask("ATE0"), "ATE0\r\r\nOK\r\n");
    EXPECT_EQ(ask("AT+CGDCONT=1,\"IP"), "\r\nERROR\r\n");  // unterminated quote
}

TEST_F(ModemModelTest, RunsConcatenatedCommandsAndStopsAtTheFirstError) {
    make();
    EXPECT_EQ(ask("ATE0+CMEE=2;+CEREG=1"), "ATE0+CMEE=2;+CEREG=1\r\r\nOK\r\n");
    EXPECT_EQ(ask("AT+CMEE?;+CEREG?"), "\r\n+CMEE: 2\r\n\r\n+CEREG: 1,2\r\n\r\nOK\r\n");
    EXPECT_EQ(ask("AT+CMEE=1;+BOGUS;+CMEE=0"), "\r\nERROR\r\n");
    EXPECT_EQ(ask("AT+CMEE?"), "\r\n+CMEE: 1\r\n\r\nOK\r\n");
}

TEST_F(ModemModelTest, CmeeSelectsTheErrorFormat) {
    ModemConfig config;
    config.sim = SimCard::missing;
    make(config);
    ask("ATE0");
    EXPECT_EQ(ask("AT+CPIN?"), "\r\nERROR\r\n");
    ask("AT+CMEE=1");
    EXPECT_EQ(ask("AT+CPIN?"), "\r\n+CME ERROR: 10\r\n");
    ask("AT+CMEE=2");
    EXPECT_EQ(ask("AT+CPIN?"), "\r\n+CME ERROR: SIM not inserted\r\n");
    EXPECT_EQ(ask("AT+CIMI"), "\r\n+CME ERROR: SIM not inserted\r\n");
    EXPECT_EQ(ask("AT+CMEE=7"), "\r\n+CME ERROR: Incorrect parameters\r\n");
}

TEST_F(ModemModelTest, AtzAndAtfRestoreEchoAndErrorFormat) {
    make();
    ask("ATE0+CMEE=2");
    EXPECT_EQ(ask("ATZ"), "\r\nOK\r\n");
    EXPECT_EQ(ask("AT+CMEE?"), "AT+CMEE?\r\r\n+CMEE: 0\r\n\r\nOK\r\n");
    ask("ATE0");
    EXPECT_EQ(ask("AT&F"), "\r\nOK\r\n");
    EXPECT_EQ(ask("AT"), "AT\r\r\nOK\r\n");
}

TEST_F(ModemModelTest, IdentityAndSettingsCommands) {
    make();
    ask("ATE0");
    EXPECT_NE(ask("ATI").find("Model: SIM7600G-H"), std::string::npos);
    EXPECT_EQ(ask("AT+CICCID"), "\r\n+ICCID: 8981100000000000001F\r\n\r\nOK\r\n");
    EXPECT_EQ(ask("AT+IFC?"), "\r\n+IFC: 0,0\r\n\r\nOK\r\n");
    EXPECT_EQ(ask("AT+IFC=2,2"), "\r\nOK\r\n");
    EXPECT_EQ(ask("AT+IFC?"), "\r\n+IFC: 2,2\r\n\r\nOK\r\n");
    EXPECT_EQ(ask("AT+IPR?"), "\r\n+IPR: 115200\r\n\r\nOK\r\n");
    EXPECT_EQ(ask("AT&D2"), "\r\nOK\r\n");
}

TEST_F(ModemModelTest, QuectelProfileHasItsOwnCommandsAndNotSimcoms) {
    ModemConfig config;
    config.profile = Profile::quectel;
    make(config);
    ask("ATE0");
    EXPECT_EQ(ask("AT+CGMI"), "\r\nQuectel\r\n\r\nOK\r\n");
    EXPECT_EQ(ask("AT+QCSQ"), "\r\n+QCSQ: \"NOSERVICE\"\r\n\r\nOK\r\n");
    EXPECT_EQ(ask("AT+CPSI?"), "\r\nERROR\r\n");
}

TEST_F(ModemModelTest, SearchesForTheAttachTimeThenRegistersRoaming) {
    ModemConfig config;
    config.attach_time = 3s;
    make(config);
    ask("ATE0");
    ASSERT_TRUE(model->next_deadline().has_value());
    EXPECT_EQ(*model->next_deadline(), t0 + 3s);
    EXPECT_EQ(ask("AT+CEREG?", 1s), "\r\n+CEREG: 0,2\r\n\r\nOK\r\n");
    EXPECT_EQ(ask("ATD*99***1#", 1s), "\r\nNO CARRIER\r\n");
    EXPECT_TRUE(model->advance(t0 + 2s).empty());
    EXPECT_EQ(model->registration(), 2);
    model->advance(t0 + 3s);
    EXPECT_EQ(ask("AT+CEREG?", 3s), "\r\n+CEREG: 0,5\r\n\r\nOK\r\n");
    EXPECT_EQ(ask("AT+CGREG?", 3s), "\r\n+CGREG: 0,5\r\n\r\nOK\r\n");
    EXPECT_EQ(ask("AT+COPS?", 3s), "\r\n+COPS: 0,2,\"44010\",7\r\n\r\nOK\r\n");
    EXPECT_FALSE(model->next_deadline().has_value());
}

TEST_F(ModemModelTest, HomeRegistersWithStatOne) {
    ModemConfig config;
    config.home = true;
    config.attach_time = 0s;
    make(config);
    model->advance(t0);
    EXPECT_EQ(model->registration(), 1);
}

TEST_F(ModemModelTest, RegistrationUrcsFollowTheEnabledFormat) {
    ModemConfig config;
    config.attach_time = 2s;
    make(config);
    ask("ATE0");
    ask("AT+CEREG=2");
    ask("AT+CREG=1");
    const auto urcs = sent(model->advance(t0 + 2s));
    EXPECT_NE(urcs.find("\r\n+CEREG: 5,\"1698\",\"0259B344\",7\r\n"), std::string::npos);
    EXPECT_NE(urcs.find("\r\n+CREG: 5\r\n"), std::string::npos);
    EXPECT_EQ(urcs.find("+CGREG"), std::string::npos);  // not enabled
    EXPECT_EQ(ask("AT+CEREG?", 2s), "\r\n+CEREG: 2,5,\"1698\",\"0259B344\",7\r\n\r\nOK\r\n");
}

TEST_F(ModemModelTest, CfunFourDeregistersAndCfunOneAttachesAgain) {
    ModemConfig config;
    config.attach_time = 2s;
    make(config);
    model->advance(t0 + 2s);
    ask("ATE0;+CEREG=1");
    EXPECT_EQ(ask("AT+CFUN=4", 5s), "\r\nOK\r\n\r\n+CEREG: 0\r\n");
    EXPECT_EQ(ask("AT+CFUN?", 5s), "\r\n+CFUN: 4\r\n\r\nOK\r\n");
    EXPECT_EQ(ask("AT+CSQ", 5s), "\r\n+CSQ: 99,99\r\n\r\nOK\r\n");
    EXPECT_EQ(ask("AT+CFUN=1", 6s), "\r\nOK\r\n\r\n+CEREG: 2\r\n");
    EXPECT_EQ(*model->next_deadline(), t0 + 8s);
    EXPECT_EQ(sent(model->advance(t0 + 8s)), "\r\n+CEREG: 5\r\n");
}

TEST_F(ModemModelTest, CfunResetAnswersOkThenRestarts) {
    make();
    const auto events = model->receive(0, "AT+CFUN=1,1\r", t0);
    EXPECT_EQ(sent(events), "AT+CFUN=1,1\r\r\nOK\r\n");
    EXPECT_EQ(events.back().kind, EventKind::restart);
    const auto boot = model->boot(t0 + 5s, true);
    EXPECT_EQ(sent(boot), "\r\nRDY\r\n\r\n+CPIN: READY\r\n\r\nSMS DONE\r\n\r\nPB DONE\r\n");
}

TEST_F(ModemModelTest, RegistrationFaults) {
    ModemConfig denied;
    denied.reg = RegFault::denied;
    denied.attach_time = 1s;
    make(denied);
    model->advance(t0 + 1s);
    EXPECT_EQ(model->registration(), 3);

    ModemConfig searching;
    searching.reg = RegFault::searching;
    make(searching);
    EXPECT_FALSE(model->next_deadline().has_value());
    EXPECT_EQ(model->registration(), 2);
}

TEST_F(ModemModelTest, LockedSimNeitherRegistersNorDialsUntilUnlocked) {
    ModemConfig config;
    config.sim = SimCard::pin;
    config.attach_time = 1s;
    make(config);
    ask("ATE0");
    EXPECT_EQ(ask("AT+CPIN?"), "\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n");
    model->advance(t0 + 10s);
    EXPECT_EQ(model->registration(), 0);
    EXPECT_EQ(ask("AT+CPIN=\"1234\"", 10s), "\r\nOK\r\n\r\n+CPIN: READY\r\n");
    EXPECT_EQ(ask("AT+CPIN?", 10s), "\r\n+CPIN: READY\r\n\r\nOK\r\n");
    model->advance(t0 + 11s);
    EXPECT_EQ(model->registration(), 5);
}

TEST_F(ModemModelTest, WrongPinsCostTriesAndTheThirdLocksTheSimBehindItsPuk) {
    ModemConfig config;
    config.sim = SimCard::pin;
    config.sim_pin = "0815";
    make(config);
    ask("ATE0");
    ask("AT+CMEE=2");
    EXPECT_EQ(ask("AT+CPIN=\"1234\""), "\r\n+CME ERROR: incorrect password\r\n");
    EXPECT_EQ(ask("AT+CPIN=\"0815\""), "\r\nOK\r\n\r\n+CPIN: READY\r\n") << "a right PIN still unlocks";

    config.sim = SimCard::pin;
    make(config);
    ask("ATE0");
    for (int i = 0; i < 3; ++i) EXPECT_EQ(ask("AT+CPIN=\"1111\""), "\r\nERROR\r\n") << "try " << i + 1;
    EXPECT_EQ(ask("AT+CPIN?"), "\r\n+CPIN: SIM PUK\r\n\r\nOK\r\n");
    EXPECT_EQ(ask("AT+CPIN=\"0815\""), "\r\nERROR\r\n") << "the PIN no longer helps";
    EXPECT_EQ(ask("AT+CPIN=\"12345678\",\"0815\""), "\r\nOK\r\n\r\n+CPIN: READY\r\n");
}

TEST_F(ModemModelTest, StoresPdpContextsAndAuth) {
    ModemConfig config;
    config.apn = "soracom.io";
    config.attach_time = 1s;
    make(config);
    ask("ATE0");
    EXPECT_EQ(ask("AT+CGDCONT?"), "\r\n+CGDCONT: 1,\"IP\",\"soracom.io\",\"0.0.0.0\",0,0\r\n\r\nOK\r\n");
    EXPECT_EQ(ask("AT+CGDCONT=2,\"ipv4v6\",\"iot.example\""), "\r\nOK\r\n");
    EXPECT_EQ(ask("AT+CGAUTH=1,2,\"sora\",\"secret\""), "\r\nOK\r\n");
    EXPECT_EQ(ask("AT+CGDCONT?"),
              "\r\n+CGDCONT: 1,\"IP\",\"soracom.io\",\"0.0.0.0\",0,0\r\n"
              "\r\n+CGDCONT: 2,\"IPV4V6\",\"iot.example\",\"0.0.0.0\",0,0\r\n\r\nOK\r\n");
    EXPECT_EQ(ask("AT+CGAUTH?"), "\r\n+CGAUTH: 1,2,\"sora\",\"secret\"\r\n\r\n+CGAUTH: 2,0,\"\",\"\"\r\n\r\nOK\r\n");
    EXPECT_EQ(ask("AT+CGDCONT=1,\"BOGUS\",\"x\""), "\r\nERROR\r\n");
    EXPECT_EQ(ask("AT+CGDCONT=2"), "\r\nOK\r\n");
    EXPECT_FALSE(model->contexts().contains(2));
}

TEST_F(ModemModelTest, CgdcontWhileRegisteredIsAcceptedButRemarked) {
    ModemConfig config;
    config.attach_time = 1s;
    make(config);
    model->advance(t0 + 1s);
    const auto events = model->receive(0, "AT+CGDCONT=1,\"IP\",\"new.apn\"\r", t0 + 1s);
    EXPECT_NE(sent(events).find("OK"), std::string::npos);
    EXPECT_TRUE(std::ranges::any_of(events, [](const Event& e) {
        return e.kind == EventKind::log && e.dir == '!' && e.bytes.find("while registered") != std::string::npos;
    }));
    EXPECT_EQ(model->contexts().at(1).apn, "new.apn");
}

TEST_F(ModemModelTest, PersistentCommandsRestoreTheSameContexts) {
    make();
    ask("AT+CGDCONT=1,\"IP\",\"a.b\";+CGAUTH=1,1,\"u\",\"p\"");
    const auto saved = model->persistent_commands();
    ModemModel other{ModemConfig{}};
    other.restore(saved);
    EXPECT_EQ(other.persistent_commands(), saved);
    EXPECT_EQ(other.contexts().at(1).apn, "a.b");
}

class DataCallTest : public ModemModelTest {
protected:
    void SetUp() override {
        ModemConfig config;
        config.attach_time = 0s;
        config.guard_time = 1s;
        config.drop_after = drop_after;
        make(config);
        model->advance(t0);
        const auto events = model->receive(1, "ATD*99***1#\r", t0);
        ASSERT_EQ(sent(events, 1), "ATD*99***1#\r\r\nCONNECT 150000000\r\n");
        ASSERT_TRUE(has(events, EventKind::call_up));
        ASSERT_TRUE(model->in_data_mode(1));
    }
    std::optional<milliseconds> drop_after;
};

TEST_F(DataCallTest, DataGoesToThePeerAndBack) {
    const auto events = model->receive(1, "~\xff\x03AT\r", t0 + 10ms);
    ASSERT_TRUE(has(events, EventKind::peer_data));
    EXPECT_EQ(sent(events, 1), "");  // not echoed, not a command
    EXPECT_EQ(sent(model->peer_data("~\xff\x7d"), 1), "~\xff\x7d");
}

TEST_F(DataCallTest, EscapeWithGuardTimesReturnsToCommandModeAndAthHangsUp) {
    model->receive(1, "+++", t0 + 2s);
    EXPECT_EQ(*model->next_deadline(), t0 + 3s);
    EXPECT_EQ(sent(model->advance(t0 + 3s), 1), "\r\nOK\r\n");
    EXPECT_FALSE(model->in_data_mode(1));
    EXPECT_TRUE(model->peer_data("lost").empty());
    const auto hangup = model->receive(1, "ATH\r", t0 + 4s);
    EXPECT_EQ(sent(hangup, 1), "ATH\r\r\nOK\r\n");  // no NO CARRIER after an escape
    EXPECT_TRUE(has(hangup, EventKind::call_down));
}

TEST_F(DataCallTest, AtoResumesTheCall) {
    model->receive(1, "+++", t0 + 2s);
    model->advance(t0 + 3s);
    EXPECT_EQ(sent(model->receive(1, "ATO\r", t0 + 4s), 1), "ATO\r\r\nCONNECT 150000000\r\n");
    EXPECT_TRUE(model->in_data_mode(1));
}

TEST_F(DataCallTest, PlusesWithoutSilenceBeforeThemAreData) {
    const auto events = model->receive(1, "x+++", t0 + 2s);
    EXPECT_FALSE(model->next_deadline().has_value());
    const auto data = std::ranges::find_if(events, [](const Event& e) { return e.kind == EventKind::peer_data; });
    ASSERT_NE(data, events.end());
    EXPECT_EQ(data->bytes, "x+++");
}

TEST_F(DataCallTest, ByteAfterThePlusesCancelsTheEscape) {
    model->receive(1, "+++", t0 + 2s);
    const auto events = model->receive(1, "~", t0 + 2500ms);
    EXPECT_FALSE(model->next_deadline().has_value());
    const auto data = std::ranges::find_if(events, [](const Event& e) { return e.kind == EventKind::peer_data; });
    ASSERT_NE(data, events.end());
    EXPECT_EQ(data->bytes, "+++~");
    EXPECT_TRUE(model->in_data_mode(1));
}

TEST_F(DataCallTest, AthOnTheAtPortHangsUpTheDataPortsCall) {
    const auto events = model->receive(0, "ATH\r", t0 + 1s);
    EXPECT_EQ(sent(events, 0), "ATH\r\r\nOK\r\n");
    EXPECT_EQ(sent(events, 1), "\r\nNO CARRIER\r\n");
    EXPECT_FALSE(model->in_data_mode(1));
}

TEST_F(DataCallTest, ClosingThePortEndsTheCallSilently) {
    const auto events = model->port_closed(1);
    EXPECT_TRUE(has(events, EventKind::call_down));
    EXPECT_EQ(sent(events, 1), "");
    EXPECT_FALSE(model->in_data_mode(1));
}

TEST_F(DataCallTest, NetworkDropSaysNoCarrierAndAllowsANewDial) {
    const auto events = model->drop_call();
    EXPECT_EQ(sent(events, 1), "\r\nNO CARRIER\r\n");
    EXPECT_TRUE(has(events, EventKind::call_down));
    EXPECT_EQ(sent(model->receive(1, "ATD*99#\r", t0 + 1s), 1), "ATD*99#\r\r\nCONNECT 150000000\r\n");
}

TEST_F(DataCallTest, UrcsAreNotMixedIntoTheDataStream) {
    EXPECT_EQ(sent(model->inject_urc("+CGEV: x"), 0), "\r\n+CGEV: x\r\n");  // AT port is in command mode
}

class DropAfterTest : public DataCallTest {
protected:
    void SetUp() override {
        drop_after = 5s;
        DataCallTest::SetUp();
    }
};

TEST_F(DropAfterTest, EndsTheCallWithNoCarrier) {
    EXPECT_EQ(*model->next_deadline(), t0 + 5s);
    const auto events = model->advance(t0 + 5s);
    EXPECT_EQ(sent(events, 1), "\r\nNO CARRIER\r\n");
    EXPECT_TRUE(has(events, EventKind::call_down));
}

TEST_F(ModemModelTest, DialFailureIsDelayedAndConfigurable) {
    ModemConfig config;
    config.reg = RegFault::searching;
    config.dial_fail = DialFail::busy;
    config.dial_fail_delay = 700ms;
    make(config);
    const auto events = model->receive(0, "ATD*99***1#\r", t0);
    EXPECT_EQ(sent(events), "ATD*99***1#\r\r\nBUSY\r\n");
    EXPECT_EQ(events.back().delay, 700ms);
    EXPECT_FALSE(model->in_data_mode(0));
}

TEST_F(ModemModelTest, NoReplyAndErrorFaultsMatchCommandPrefixes) {
    ModemConfig config;
    config.no_reply = {"AT+CGDCONT?"};
    config.error = {"at+cgdcont="};
    make(config);
    EXPECT_EQ(ask("AT+CGDCONT?"), "AT+CGDCONT?\r");
    EXPECT_EQ(ask("AT+CGDCONT=1,\"IP\",\"x\""), "AT+CGDCONT=1,\"IP\",\"x\"\r\r\nERROR\r\n");
    EXPECT_EQ(model->contexts().at(1).apn, "");
    EXPECT_EQ(ask("AT+CGAUTH?"), "AT+CGAUTH?\r\r\n+CGAUTH: 1,0,\"\",\"\"\r\n\r\nOK\r\n");
}

TEST_F(ModemModelTest, LatencyDelaysTheReplyButNotTheEcho) {
    ModemConfig config;
    config.latency = 250ms;
    make(config);
    const auto events = model->receive(0, "AT+CSQ\r", t0);
    std::vector<milliseconds> delays;
    for (const auto& e : events) {
        if (e.kind == EventKind::send) delays.push_back(e.delay);
    }
    EXPECT_EQ(delays, (std::vector<milliseconds>{0ms, 250ms, 0ms}));
}

TEST_F(ModemModelTest, UrcNoiseLandsBetweenInfoLinesAndTheFinalResult) {
    ModemConfig config;
    config.urc_noise = true;
    make(config);
    ask("ATE0");
    int noisy = 0;
    for (int i = 0; i < 40; ++i) {
        const auto reply = ask("AT+CPIN?");
        ASSERT_TRUE(reply.starts_with("\r\n+CPIN: READY\r\n")) << reply;
        ASSERT_TRUE(reply.ends_with("\r\nOK\r\n")) << reply;
        if (reply.size() > std::string("\r\n+CPIN: READY\r\n\r\nOK\r\n").size()) ++noisy;
    }
    EXPECT_GT(noisy, 0);
    EXPECT_LT(noisy, 40);
}

}  // namespace
}  // namespace lte::sim

namespace lte::sim {
namespace {

std::string streamed(const Events& events) {
    std::string out;
    for (const auto& e : events)
        if (e.kind == EventKind::stream) out += e.bytes;
    return out;
}

TEST_F(ModemModelTest, EndlessReplyStreamsLinesWithoutAFinalUntilTheClientSendsAByte) {
    ModemConfig config;
    config.endless = {"AT+CSQ"};
    make(config);
    EXPECT_EQ(ask("AT+CSQ"), "AT+CSQ\r\r\n+CSQ: 99,99\r\n");  // no OK
    const std::string chunk = streamed(model->advance(t0 + 10ms));
    EXPECT_GT(chunk.size(), 4000u);
    EXPECT_EQ(chunk.find("OK"), std::string::npos);
    EXPECT_TRUE(chunk.starts_with("\r\nENDLESS "));
    EXPECT_EQ(ask("AT", 1s), "AT\r\r\nOK\r\n");  // aborted by the byte, then answered
    EXPECT_TRUE(streamed(model->advance(t0 + 2s)).empty());
}

TEST_F(ModemModelTest, EndlessLineNeverEndsUntilAbortedThenItIsEnded) {
    ModemConfig config;
    config.endless_line = {"AT+CGMR"};
    make(config);
    EXPECT_TRUE(ask("AT+CGMR").ends_with("\r\nENDLESS "));
    const std::string chunk = streamed(model->advance(t0 + 10ms));
    EXPECT_FALSE(chunk.empty());
    EXPECT_EQ(chunk.find_first_of("\r\n"), std::string::npos);
    EXPECT_EQ(ask("AT", 1s), "\r\nAT\r\r\nOK\r\n");
}

TEST_F(ModemModelTest, GarbageStreamStartsWithTheFirstByteAndNeverStops) {
    ModemConfig config;
    config.garbage_stream = true;
    make(config);
    EXPECT_TRUE(streamed(model->advance(t0 + 10ms)).empty());
    ask("AT", 1s);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(streamed(model->advance(t0 + 1s + std::chrono::seconds(i))).size(), 16u * 1024u);
        ask("AT", 1s + std::chrono::seconds(i) + 500ms);
    }
}

}  // namespace
}  // namespace lte::sim
