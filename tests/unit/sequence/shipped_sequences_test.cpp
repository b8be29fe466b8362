// The sequences lte-dialer ships, loaded from config/sequences and run against a modem that
// answers like the SIM7672 transcript in the field notes.
#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

#include "lte/common/secrets.hpp"
#include "lte/sequence/engine.hpp"
#include "lte/sequence/loader.hpp"

#include "fake_modem.hpp"

using namespace lte;
using namespace lte::sequence;
using lte::test::FakeModem;
using namespace std::chrono_literals;

namespace {

const std::filesystem::path kSequences = std::filesystem::path(LTE_SOURCE_DIR) / "config" / "sequences";

Variables soracom(const std::string& apn) {
    Variables vars;
    vars.set("apn", apn);
    vars.set("user", "sora");
    vars.set("password", "sora-pw", true);
    vars.set("pdp_type", "IP");
    vars.set("pdp_type_also", "IPV4V6");  // pdp_type unset in the configuration: IPV4V6 serves as well
    vars.set("auth", "2");
    vars.set("cid", "1");
    vars.set("auth_arg1", "sora");
    vars.set("auth_arg2", "sora-pw");
    vars.set("sim_pin", "");
    return vars;
}

class ShippedSequence : public ::testing::TestWithParam<std::string> {
protected:
    void TearDown() override { SecretRegistry::instance().clear(); }

    // A modem that has soracom.io and sora/sora-pw stored and is registered (roaming).
    void script_stored_modem() {
        modem.answer("AT+CPIN?", {"+CPIN: READY\r\n\r\nOK"});
        modem.answer("AT+IFC?", {"+IFC: 0,0\r\n\r\nOK"});
        modem.answer("AT+IPR?", {"+IPR: 115200\r\n\r\nOK"});
        modem.answer("AT+CGDCONT?", {"+CGDCONT: 1,\"IP\",\"soracom.io\",\"10.164.98.251\"\r\n\r\nOK"});
        modem.answer("AT+CGAUTH?", {"+CGAUTH: 1,2,\"sora\",\"sora-pw\"\r\n\r\nOK"});
        modem.answer("AT+CEREG?", {"+CEREG: 0,5\r\n\r\nOK"});
        modem.answer("ATD*99***1#", {"CONNECT 150000000"});
    }

    Result run(const std::string& apn, const std::string& sim_pin = "", const std::string& wait_for_sim = "no") {
        const auto seq = load_sequence(kSequences / (GetParam() + ".yaml"));
        Engine engine(modem.channel, modem.channel, [this](const Progress& p) { log += p.step + " " + p.text + "\n"; });
        std::optional<Result> result;
        auto vars = soracom(apn);
        vars.set("sim_pin", sim_pin, true);
        vars.set("wait_for_sim", wait_for_sim);
        engine.start(io, seq, std::move(vars), [&](Result r) {
            result = std::move(r);
            io.stop();
        });
        io.run_for(60s);
        if (!result) throw std::runtime_error("the sequence did not finish");
        return std::move(*result);
    }

    asio::io_context io;
    FakeModem modem{io};
    std::string log;
};

}  // namespace

TEST_P(ShippedSequence, ReconnectWithStoredContextNeverReattaches) {
    script_stored_modem();
    const auto result = run("soracom.io");
    ASSERT_TRUE(result.ok()) << result.failure->describe() << "\n" << log;
    EXPECT_EQ(result.connect_line, "CONNECT 150000000");
    EXPECT_EQ(modem.count("AT+CFUN=4"), 0) << log;
    EXPECT_EQ(modem.count("ATD*99***1#"), 1);
}

TEST_P(ShippedSequence, ChangedApnIsWrittenWithTheRadioOff) {
    script_stored_modem();
    const auto result = run("other.apn");
    ASSERT_TRUE(result.ok()) << result.failure->describe() << "\n" << log;
    EXPECT_EQ(modem.count("AT+CFUN=4"), 1);
    EXPECT_EQ(modem.count("AT+CGDCONT=1,\"IP\",\"other.apn\""), 1);
    EXPECT_EQ(modem.count("AT+CGAUTH=1,2,\"sora\",\"sora-pw\""), 1);
    EXPECT_EQ(modem.count("AT+CFUN=1"), 1);
    EXPECT_EQ(log.find("sora-pw"), std::string::npos) << log;
}

TEST_P(ShippedSequence, MissingSimStopsWithWhatToDo) {
    script_stored_modem();
    modem.answer("AT+CPIN?", {"+CME ERROR: SIM not inserted"});
    const auto result = run("soracom.io");
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.failure->fatal) << "no retry inserts a SIM";
    const auto text = result.failure->describe();
    EXPECT_NE(text.find("insert one"), std::string::npos) << text;
    EXPECT_NE(text.find("modem.wait_for_sim"), std::string::npos) << text;
    EXPECT_EQ(modem.count("ATD*99***1#"), 0);
}

TEST_P(ShippedSequence, MissingSimByNumberWithWaitForSimIsRetried) {
    script_stored_modem();
    modem.answer("AT+CPIN?", {"+CME ERROR: 10"});
    const auto result = run("soracom.io", "", "yes");
    ASSERT_FALSE(result.ok());
    EXPECT_FALSE(result.failure->fatal) << "modem.wait_for_sim: a SIM may be inserted later";
    const auto text = result.failure->describe();
    EXPECT_NE(text.find("\"AT+CPIN?\": +CME ERROR: 10"), std::string::npos) << text;
    EXPECT_NE(text.find("SIM not ready"), std::string::npos) << text;
    EXPECT_EQ(modem.count("ATD*99***1#"), 0);
}

TEST_P(ShippedSequence, PukLockedSimStopsWithWhatToDo) {
    script_stored_modem();
    modem.answer("AT+CPIN?", {"+CPIN: SIM PUK\r\n\r\nOK"});
    const auto result = run("soracom.io", "0815");
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.failure->fatal);
    EXPECT_NE(result.failure->describe().find("PUK"), std::string::npos) << result.failure->describe();
    for (const auto& c : modem.commands) EXPECT_FALSE(c.starts_with("AT+CPIN=")) << c;
}

TEST_P(ShippedSequence, RadioLeftOffIsTurnedOnBeforeTheWait) {
    script_stored_modem();
    modem.answer("AT+CFUN?", {"+CFUN: 0\r\n\r\nOK"});
    const auto result = run("soracom.io");
    ASSERT_TRUE(result.ok()) << result.failure->describe() << "\n" << log;
    const auto at = [&](const std::string& c) { return std::find(modem.commands.begin(), modem.commands.end(), c); };
    EXPECT_LT(at("AT+CFUN=1"), at("AT+CEREG?")) << log;
    EXPECT_EQ(modem.count("AT+CFUN=1"), 1);
}

TEST_P(ShippedSequence, NotSearchingSelectsTheNetworkAtOnce) {
    script_stored_modem();
    modem.answer("AT+CFUN?", {"+CFUN: 1\r\n\r\nOK"});
    modem.answer("AT+CEREG?", {"+CEREG: 2,0\r\n\r\nOK", "+CEREG: 2,5\r\n\r\nOK"});
    const auto result = run("soracom.io");
    ASSERT_TRUE(result.ok()) << result.failure->describe() << "\n" << log;
    EXPECT_EQ(modem.count("AT+COPS=0"), 1) << log;
    EXPECT_EQ(modem.count("AT+CEREG?"), 2) << "registered at the next look, not after a poll interval's wait";
}

TEST_P(ShippedSequence, AFailedStepInsideTheRadioOffBlockTurnsTheRadioBackOn) {
    script_stored_modem();
    modem.answer("AT+CGDCONT=1,\"IP\",\"other.apn\"", {"ERROR"});
    const auto result = run("other.apn");
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.failure->describe().find("AT+CGDCONT=1"), std::string::npos) << result.failure->describe();
    ASSERT_EQ(modem.count("AT+CFUN=4"), 1) << log;
    EXPECT_EQ(modem.commands.back(), "AT+CFUN=1") << log;
}

TEST_P(ShippedSequence, APinLockedSimIsUnlockedWithTheConfiguredPin) {
    script_stored_modem();
    modem.answer("AT+CPIN?", {"+CPIN: SIM PIN\r\n\r\nOK", "+CME ERROR: SIM busy", "+CPIN: READY\r\n\r\nOK"});
    const auto result = run("soracom.io", "0815");
    ASSERT_TRUE(result.ok()) << result.failure->describe() << "\n" << log;
    EXPECT_EQ(modem.count("AT+CPIN=\"0815\""), 1);
    EXPECT_EQ(modem.count("ATD*99***1#"), 1);
    EXPECT_EQ(log.find("0815"), std::string::npos) << "the PIN is masked in progress\n" << log;
}

TEST_P(ShippedSequence, ARefusedPinIsFatalAndSentOnce) {
    script_stored_modem();
    modem.answer("AT+CPIN?", {"+CPIN: SIM PIN\r\n\r\nOK"});
    modem.answer("AT+CPIN=\"0815\"", {"+CME ERROR: incorrect password"});
    const auto result = run("soracom.io", "0815");
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.failure->fatal) << result.failure->describe();
    EXPECT_NE(result.failure->describe().find("refused modem.sim_pin"), std::string::npos)
        << result.failure->describe();
    EXPECT_EQ(result.failure->describe().find("0815"), std::string::npos) << result.failure->describe();
    EXPECT_EQ(modem.count("AT+CPIN=\"0815\""), 1);
    EXPECT_EQ(modem.count("ATD*99***1#"), 0);
}

TEST_P(ShippedSequence, APinLockedSimWithoutAConfiguredPinStopsNotGuessed) {
    script_stored_modem();
    modem.answer("AT+CPIN?", {"+CPIN: SIM PIN\r\n\r\nOK"});
    const auto result = run("soracom.io");
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.failure->fatal) << "retrying cannot configure a PIN: a person must";
    EXPECT_NE(result.failure->describe().find("set modem.sim_pin"), std::string::npos) << result.failure->describe();
    for (const auto& c : modem.commands) EXPECT_FALSE(c.starts_with("AT+CPIN=")) << c;
}

INSTANTIATE_TEST_SUITE_P(Config, ShippedSequence, ::testing::Values("generic-3gpp", "simcom", "quectel"));

TEST(ShippedSequences, EveryFileLoads) {
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(kSequences)) {
        if (entry.path().extension() != ".yaml") continue;
        ++files;
        EXPECT_NO_THROW({
            const auto seq = load_sequence(entry.path());
            EXPECT_EQ(seq.name + ".yaml", entry.path().filename().string()) << "name and file name agree";
        }) << entry.path();
    }
    EXPECT_GE(files, 3);
}
