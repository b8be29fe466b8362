// The sequences lte-dialer ships, loaded from config/sequences and run against a modem that
// answers like the SIM7672 transcript in the field notes.
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

    Result run(const std::string& apn, const std::string& sim_pin = "") {
        const auto seq = load_sequence(kSequences / (GetParam() + ".yaml"));
        Engine engine(modem.channel, modem.channel, [this](const Progress& p) { log += p.step + " " + p.text + "\n"; });
        std::optional<Result> result;
        auto vars = soracom(apn);
        vars.set("sim_pin", sim_pin, true);
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

TEST_P(ShippedSequence, MissingSimFailsWithAnActionableMessage) {
    script_stored_modem();
    modem.answer("AT+CPIN?", {"+CME ERROR: SIM not inserted"});
    const auto result = run("soracom.io");
    ASSERT_FALSE(result.ok());
    const auto text = result.failure->describe();
    EXPECT_NE(text.find("\"AT+CPIN?\": +CME ERROR: SIM not inserted"), std::string::npos) << text;
    EXPECT_NE(text.find("SIM not ready"), std::string::npos) << text;
    EXPECT_EQ(modem.count("ATD*99***1#"), 0);
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

TEST_P(ShippedSequence, APinLockedSimWithoutAConfiguredPinIsExplainedNotGuessed) {
    script_stored_modem();
    modem.answer("AT+CPIN?", {"+CPIN: SIM PIN\r\n\r\nOK"});
    const auto result = run("soracom.io");
    ASSERT_FALSE(result.ok());
    EXPECT_FALSE(result.failure->fatal) << "a PIN may be configured later: keep retrying";
    EXPECT_NE(result.failure->describe().find("needs modem.sim_pin"), std::string::npos) << result.failure->describe();
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
