// The engine against a scripted modem on a real io_context and the real at::Channel.
#include "lte/sequence/engine.hpp"

#include <gtest/gtest.h>

#include "lte/common/secrets.hpp"
#include "lte/sequence/loader.hpp"

#include "fake_modem.hpp"

using namespace lte;
using namespace lte::sequence;
using lte::test::FakeModem;
using namespace std::chrono_literals;

namespace {

Variables soracom() {
    Variables vars;
    vars.set("apn", "soracom.io");
    vars.set("user", "sora");
    vars.set("password", "s3cr3t-pw", true);
    vars.set("pdp_type", "IP");
    vars.set("auth", "2");
    vars.set("cid", "1");
    return vars;
}

class EngineTest : public ::testing::Test {
protected:
    void TearDown() override { SecretRegistry::instance().clear(); }

    Result run(const std::string& yaml, Variables vars = soracom()) {
        io.restart();
        const auto seq = parse_sequence(yaml, "test.yaml");
        Engine engine(modem.channel, data_modem ? data_modem->channel : modem.channel,
                      [this](const Progress& p) { progress.push_back(p); });
        std::optional<Result> result;
        engine.start(io, seq, std::move(vars), [&](Result r) {
            result = std::move(r);
            io.stop();
        });
        io.run_for(30s);
        if (!result) {
            ADD_FAILURE() << "the sequence did not finish";
            return Result{Failure{"?", "", "", "hung"}, "", {}};
        }
        return std::move(*result);
    }

    [[nodiscard]] std::string all_progress() const {
        std::string out;
        for (const auto& p : progress) out += p.step + ": " + p.text + "\n";
        return out;
    }

    asio::io_context io;
    FakeModem modem{io};
    std::unique_ptr<FakeModem> data_modem;
    std::vector<Progress> progress;
};

const char* kPdpSequence = R"Y(
name: pdp
steps:
  - {send: 'AT+CGDCONT?', capture: {cur_apn: '^\+CGDCONT: ${cid},"[^"]*","([^"]*)"'}}
  - when: "${cur_apn} != ${apn}"
    steps:
      - {send: "AT+CFUN=4"}
      - {send: 'AT+CGDCONT=${cid},"${pdp_type}","${apn}"'}
      - {send: "AT+CFUN=1"}
  - {send: "AT+CSQ"}
)Y";

}  // namespace

TEST_F(EngineTest, RetriesUntilTheModemAnswers) {
    modem.answer("AT", {"ERROR", "ERROR", "OK"});
    const auto result = run("name: r\nsteps:\n  - {send: AT, retry: {times: 5, interval: 10ms}}\n");
    EXPECT_TRUE(result.ok()) << result.failure->describe();
    EXPECT_EQ(modem.count("AT"), 3);
}

TEST_F(EngineTest, GivesUpAfterTheLastRetry) {
    modem.answer("AT", {"ERROR"});
    const auto result = run("name: r\nsteps:\n  - {send: AT, retry: {times: 2, interval: 10ms}}\n  - {send: ATE0}\n");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(modem.count("AT"), 3);
    EXPECT_EQ(modem.count("ATE0"), 0);
    EXPECT_EQ(result.failure->step, "1");
    EXPECT_NE(result.failure->message.find("after 3 attempts"), std::string::npos) << result.failure->describe();
}

TEST_F(EngineTest, TimeoutNamesStepAndCommand) {
    modem.answer("AT+CSQ", {std::nullopt});
    const auto result = run("name: t\nsteps:\n  - {send: AT}\n  - {send: AT+CSQ, timeout: 200ms}\n");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.failure->step, "2");
    EXPECT_EQ(result.failure->command, "AT+CSQ");
    EXPECT_NE(result.failure->describe().find("step 2 \"AT+CSQ\""), std::string::npos) << result.failure->describe();
}

TEST_F(EngineTest, FailMessageSaysWhatCameBack) {
    modem.answer("AT+CPIN?", {"+CME ERROR: 10"});
    const auto result =
        run("name: s\nsteps:\n  - {send: AT}\n  - {send: AT+CMEE=2}\n  - {send: ATE0}\n"
            "  - {send: 'AT+CPIN?', expect: '+CPIN: READY', fail: SIM not inserted}\n");
    ASSERT_FALSE(result.ok());
    const auto text = result.failure->describe();
    EXPECT_EQ(text.rfind("step 4 \"AT+CPIN?\": +CME ERROR: 10", 0), 0u) << text;
    EXPECT_NE(text.find("— SIM not inserted"), std::string::npos) << text;
}

TEST_F(EngineTest, OnlyARefusalOfAFatalStepMakesTheFailureFatal) {
    const std::string fatal_pin = "name: f\nsteps:\n  - {send: 'AT+CPIN=\"1111\"', timeout: 200ms, fatal: true}\n";
    modem.answer("AT+CPIN=\"1111\"", {"+CME ERROR: 16", std::nullopt});
    auto result = run(fatal_pin);
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.failure->fatal) << result.failure->describe();

    result = run(fatal_pin);  // the modem says nothing this time: not a refusal
    ASSERT_FALSE(result.ok());
    EXPECT_FALSE(result.failure->fatal) << result.failure->describe();

    modem.answer("AT+CPIN=\"1111\"", {"+CME ERROR: 16"});
    result = run("name: f\nsteps:\n  - {send: 'AT+CPIN=\"1111\"'}\n");
    ASSERT_FALSE(result.ok());
    EXPECT_FALSE(result.failure->fatal) << "only a step marked fatal";
}

TEST_F(EngineTest, AbortStringInAnInfoLineFails) {
    modem.answer("AT+CPIN?", {"+CPIN: SIM PIN\r\n\r\nOK"});
    const auto result =
        run("name: a\nsteps:\n  - {send: 'AT+CPIN?', abort: [SIM PIN], fail: the SIM wants a PIN}\n  - {send: AT}\n");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.failure->message, "the SIM wants a PIN");
    EXPECT_EQ(modem.count("AT"), 0);
}

TEST_F(EngineTest, SequenceAbortStringEndsTheDial) {
    modem.answer("ATD*99***1#", {"NO CARRIER"});
    const auto result = run(
        "name: a\nabort: [NO CARRIER, BUSY]\nsteps:\n  - {send: 'ATD*99***1#', expect: CONNECT, retry: {times: 3}}\n");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(modem.count("ATD*99***1#"), 1) << "an abort string is not retried";
    EXPECT_NE(result.failure->message.find("NO CARRIER"), std::string::npos) << result.failure->describe();
}

TEST_F(EngineTest, OptionalFailureContinues) {
    modem.answer("AT+IFC=2,2", {"ERROR"});
    const auto result = run("name: o\nsteps:\n  - {send: 'AT+IFC=2,2', optional: true}\n  - {send: AT}\n");
    EXPECT_TRUE(result.ok());
    EXPECT_EQ(modem.count("AT"), 1);
}

TEST_F(EngineTest, WhenSkipsConfigurationThatIsAlreadyStored) {
    modem.answer("AT+CGDCONT?", {"+CGDCONT: 1,\"IP\",\"soracom.io\",\"0.0.0.0\",0,0\r\n\r\nOK"});
    const auto result = run(kPdpSequence);
    ASSERT_TRUE(result.ok()) << result.failure->describe();
    EXPECT_EQ(*result.variables.find("cur_apn"), "soracom.io");
    EXPECT_EQ(modem.count("AT+CFUN=4"), 0) << "an unchanged context must not cause a re-attach";
    EXPECT_EQ(modem.count("AT+CSQ"), 1);
}

TEST_F(EngineTest, WhenWritesAChangedContextOnce) {
    modem.answer("AT+CGDCONT?", {"+CGDCONT: 2,\"IP\",\"soracom.io\"\r\n+CGDCONT: 1,\"IP\",\"old.apn\"\r\n\r\nOK"});
    const auto result = run(kPdpSequence);
    ASSERT_TRUE(result.ok()) << result.failure->describe();
    EXPECT_EQ(*result.variables.find("cur_apn"), "old.apn");
    EXPECT_EQ(modem.count("AT+CFUN=4"), 1);
    EXPECT_EQ(modem.count("AT+CGDCONT=1,\"IP\",\"soracom.io\""), 1);
    const auto cfun4 = std::find(modem.commands.begin(), modem.commands.end(), "AT+CFUN=4");
    const auto cfun1 = std::find(modem.commands.begin(), modem.commands.end(), "AT+CFUN=1");
    EXPECT_LT(cfun4, cfun1);
}

TEST_F(EngineTest, WhenWritesWhenTheModemHasNoContext) {
    const auto result = run(kPdpSequence);  // AT+CGDCONT? answers a bare OK
    ASSERT_TRUE(result.ok()) << result.failure->describe();
    EXPECT_EQ(modem.count("AT+CFUN=4"), 1);
}

TEST_F(EngineTest, RegistrationUrcEndsTheWaitAtOnce) {
    modem.answer("AT+CEREG?", {"+CEREG: 2,2\r\n\r\nOK"});
    modem.answer("ATD*99***1#", {"CONNECT 150000000"});
    std::size_t commands_at_urc = 0;
    bool urc_sent = false;
    modem.on_command = [&](const std::string& command) {
        if (command == "AT+CREG?" && !urc_sent) {  // the first poll round is over
            urc_sent = true;
            modem.inject("\r\n+CEREG: 5,\"1A2B\",\"01A2B3C4\",7\r\n");
            commands_at_urc = modem.commands.size();
        }
    };
    // The next poll would be 10 minutes away: only the URC can end the wait within the test.
    const auto result =
        run("name: w\nsteps:\n  - {wait_registered: {timeout: 20m, poll: 10m}}\n"
            "  - {send: 'ATD*99***1#', expect: CONNECT}\n");
    ASSERT_TRUE(result.ok()) << result.failure->describe();
    EXPECT_EQ(result.connect_line, "CONNECT 150000000");
    ASSERT_TRUE(urc_sent);
    const std::vector<std::string> after(modem.commands.begin() + static_cast<long>(commands_at_urc),
                                         modem.commands.end());
    EXPECT_EQ(after, std::vector<std::string>{"ATD*99***1#"}) << "no poll may follow the URC";
    EXPECT_EQ(modem.count("AT+CEREG=2"), 1);
}

TEST_F(EngineTest, RegistrationByPolling) {
    modem.answer("AT+CEREG?", {"+CEREG: 0,2\r\n\r\nOK", "+CEREG: 0,2\r\n\r\nOK", "+CEREG: 0,5\r\n\r\nOK"});
    modem.answer("AT+CGREG?", {"ERROR"});
    modem.answer("AT+CREG?", {"ERROR"});
    const auto result = run("name: w\nsteps:\n  - {wait_registered: {timeout: 20s, poll: 20ms}}\n  - {send: AT}\n");
    ASSERT_TRUE(result.ok()) << result.failure->describe();
    EXPECT_EQ(modem.count("AT+CEREG?"), 3);
    EXPECT_EQ(modem.count("AT+CGREG?"), 1) << "a query the modem rejects is not polled again";
    EXPECT_EQ(modem.count("AT"), 1);
}

TEST_F(EngineTest, RegistrationDeniedFailsClearly) {
    modem.answer("AT+CEREG?", {"+CEREG: 0,3\r\n\r\nOK"});
    modem.answer("AT+CGREG?", {"ERROR"});
    modem.answer("AT+CREG?", {"+CREG: 0,0\r\n\r\nOK"});
    const auto result = run("name: w\nsteps:\n  - {wait_registered: {timeout: 20s, poll: 20ms}}\n");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.failure->message, "registration denied by the network (CEREG stat 3)");
}

TEST_F(EngineTest, RegistrationTimeoutSaysWhatWasSeen) {
    modem.answer("AT+CEREG?", {"+CEREG: 0,2\r\n\r\nOK"});
    modem.answer("AT+CGREG?", {"ERROR"});
    modem.answer("AT+CREG?", {"ERROR"});
    const auto result = run("name: w\nsteps:\n  - {wait_registered: {timeout: 300ms, poll: 50ms}}\n");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.failure->message, "not registered after 0.3 s: last CEREG stat 2 (searching)");
}

TEST_F(EngineTest, SecretsNeverReachProgressOrFailures) {
    modem.answer("AT+CGAUTH?", {"+CGAUTH: 1,2,\"sora\",\"s3cr3t-pw\"\r\n\r\nOK"});
    modem.answer("AT+CGAUTH=1,2,\"sora\",\"s3cr3t-pw\"", {"+CME ERROR: 4"});
    const auto result =
        run("name: s\nsteps:\n  - {send: 'AT+CGAUTH?'}\n"
            "  - {send: 'AT+CGAUTH=${cid},${auth},\"${user}\",\"${password}\"', secret: true}\n");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(modem.count("AT+CGAUTH=1,2,\"sora\",\"s3cr3t-pw\""), 1) << "the modem gets the real password";
    const auto text = all_progress() + result.failure->describe();
    EXPECT_EQ(text.find("s3cr3t-pw"), std::string::npos) << text;
    EXPECT_NE(text.find("2: AT+CGAUTH=<secret>"), std::string::npos) << text;
    EXPECT_EQ(result.failure->command, "AT+CGAUTH=<secret>");
}

TEST_F(EngineTest, UnsafeValueIsRejectedBeforeAnythingIsSent) {
    auto vars = soracom();
    vars.set("apn", "evil\";AT+CFUN=0");
    const auto result = run("name: q\nsteps:\n  - {send: 'AT+CGDCONT=1,\"IP\",\"${apn}\"'}\n", std::move(vars));
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(modem.commands.empty());
    EXPECT_NE(result.failure->message.find("${apn}"), std::string::npos) << result.failure->describe();
}

TEST_F(EngineTest, DialsOnTheDataPort) {
    data_modem = std::make_unique<FakeModem>(io);
    data_modem->answer("ATD*99***1#", {"CONNECT 150000000"});
    const auto result =
        run("name: d\nsteps:\n  - {send: AT}\n  - {send: 'ATD*99***${cid}#', expect: CONNECT, port: data}\n"
            "  - {send: AT+NEVER}\n");
    ASSERT_TRUE(result.ok()) << result.failure->describe();
    EXPECT_EQ(result.connect_line, "CONNECT 150000000");
    EXPECT_EQ(data_modem->count("ATD*99***1#"), 1);
    EXPECT_EQ(modem.count("ATD*99***1#"), 0);
    EXPECT_EQ(modem.count("AT+NEVER"), 0) << "CONNECT ends the sequence";
}

TEST_F(EngineTest, AndBindsTighterThanOr) {
    // auth is "2": "${auth} == 0 && ..." is false, so only the second alternative decides.
    const auto result =
        run("name: c\nsteps:\n"
            "  - {when: '${auth} == 0 && ${cid} == 1 || ${apn} == other', steps: [{send: AT+FIRST}]}\n"
            "  - {when: '${auth} == 0 && ${cid} == 1 || ${apn} == soracom.io', steps: [{send: AT+SECOND}]}\n"
            "  - {when: '${auth} == 2 && ${cid} == 1', steps: [{send: AT+THIRD}]}\n");
    ASSERT_TRUE(result.ok()) << result.failure->describe();
    EXPECT_EQ(modem.commands, (std::vector<std::string>{"AT+SECOND", "AT+THIRD"}));
}

const char* kCleanupSequence = R"Y(
name: cleanup
steps:
  - when: '${apn} != ""'
    steps:
      - {send: "AT+CFUN=4"}
      - {send: 'AT+CGAUTH=1,2,"u","p"', fail: "credentials refused"}
      - {send: "AT+CSQ"}
    finally:
      - {send: "AT+CFUN=1"}
  - {send: "AT+COPS?"}
)Y";

TEST_F(EngineTest, FinallyRunsAfterAFailedStepAndKeepsItsFailure) {
    modem.answer("AT+CGAUTH=1,2,\"u\",\"p\"", {"ERROR"});
    modem.answer("AT+CFUN=1", {"ERROR"});  // a failing cleanup must not hide why the block failed
    const auto result = run(kCleanupSequence);
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.failure->describe().find("credentials refused"), std::string::npos) << result.failure->describe();
    EXPECT_EQ(modem.count("AT+CFUN=1"), 1);
    EXPECT_EQ(modem.count("AT+CSQ"), 0);
    EXPECT_EQ(modem.count("AT+COPS?"), 0);
}

TEST_F(EngineTest, FinallyRunsAfterTheBlockSucceedsAndItsFailureCounts) {
    const auto ok = run(kCleanupSequence);
    ASSERT_TRUE(ok.ok()) << ok.failure->describe();
    EXPECT_EQ(modem.count("AT+CFUN=1"), 1);
    EXPECT_LT(std::find(modem.commands.begin(), modem.commands.end(), "AT+CSQ"),
              std::find(modem.commands.begin(), modem.commands.end(), "AT+CFUN=1"));
    modem.answer("AT+CFUN=1", {"ERROR"});
    const auto failed = run(kCleanupSequence);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.failure->command, "AT+CFUN=1");
}

TEST_F(EngineTest, GiveUpEndsTheSequenceForGoodWithItsText) {
    const auto result =
        run("name: g\nsteps:\n  - {send: AT}\n  - give_up: 'insert a SIM into ${apn}'\n  - {send: ATD}\n");
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.failure->fatal);
    EXPECT_EQ(result.failure->describe(), "step 2: insert a SIM into soracom.io");
    EXPECT_EQ(modem.count("ATD"), 0);
}

TEST_F(EngineTest, ACaptureReadsTheErrorOfAFailedStep) {
    modem.answer("AT+CPIN?", {"+CME ERROR: 10"});
    const auto result = run(
        "name: c\nsteps:\n  - {send: \"AT+CPIN?\", optional: true, capture: {sim_error: '^\\+CME ERROR: (.*)$'}}\n");
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(*result.variables.find("sim_error"), "10");
}

// Some modems answer AT+CPIN? without a final OK (ModemManager's wavecom plugin): the expected line
// came, so the step is done after one timeout instead of retrying into the same silence.
TEST_F(EngineTest, AnExpectedLineWithoutAFinalResultCountsButNotBeforeAnError) {
    const std::string sequence =
        "name: c\nsteps:\n  - {send: \"AT+CPIN?\", timeout: 200ms, expect: '/^\\+CPIN:/', retry: {times: 5, "
        "interval: 10ms}, capture: {sim_lock: '^\\+CPIN:\\s*(.*)$'}}\n";
    modem.answer("AT+CPIN?", {"+CPIN: READY"});
    auto result = run(sequence);
    ASSERT_TRUE(result.ok()) << all_progress();
    EXPECT_EQ(modem.count("AT+CPIN?"), 1);
    EXPECT_EQ(*result.variables.find("sim_lock"), "READY");

    modem.answer("AT+CPIN?", {"+CPIN: READY\r\n\r\nERROR"});
    result = run(sequence);
    EXPECT_FALSE(result.ok()) << "an error result is a refusal, whatever came before it";
}

TEST_F(EngineTest, NotSearchingStepsRunOnceWhenTheModemSaysStat0) {
    modem.answer("AT+CEREG?", {"+CEREG: 2,0\r\n\r\nOK", "+CEREG: 2,0\r\n\r\nOK", "+CEREG: 2,1\r\n\r\nOK"});
    const auto result = run(R"Y(
name: w
steps:
  - wait_registered:
      timeout: 10s
      poll: 100ms
      via: [CEREG]
      not_searching: [{send: "AT+COPS=0"}]
)Y");
    ASSERT_TRUE(result.ok()) << result.failure->describe() << all_progress();
    EXPECT_EQ(modem.count("AT+COPS=0"), 1) << "once per wait, however long stat 0 lasts";
    const auto first_poll = std::find(modem.commands.begin(), modem.commands.end(), "AT+CEREG?");
    EXPECT_LT(first_poll, std::find(modem.commands.begin(), modem.commands.end(), "AT+COPS=0"));
    EXPECT_EQ(modem.count("AT+CEREG?"), 3);
}

TEST_F(EngineTest, GiveUpWithAVariableTheCallerLacksStillStopsWithItsText) {
    const auto result = run("name: g\nsteps:\n  - give_up: 'no SIM for ${apn}'\n", Variables{});
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.failure->fatal);
    EXPECT_EQ(result.failure->message, "no SIM for ${apn}");
}
