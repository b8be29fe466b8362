#include "lte/common/secrets.hpp"

#include <sstream>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "lte/common/masking_sink.hpp"

using lte::SecretRegistry;

class Secrets : public testing::Test {
protected:
    void SetUp() override { SecretRegistry::instance().clear(); }
    void TearDown() override { SecretRegistry::instance().clear(); }
};

TEST_F(Secrets, MaskedWhereverTheyStandAsAWord) {
    SecretRegistry::instance().add("sora");
    EXPECT_EQ(lte::mask_secrets("user \"sora\",\"sora\""), "user \"***\",\"***\"");
    EXPECT_EQ(lte::mask_secrets("password sora"), "password ***");
    EXPECT_EQ(lte::mask_secrets("sora"), "***");
}

TEST_F(Secrets, AWordThatMerelyContainsTheSecretIsLeftAlone) {
    SecretRegistry::instance().add("sora");
    EXPECT_EQ(lte::mask_secrets("AT+CGDCONT=1,\"IP\",\"soracom.io\""), "AT+CGDCONT=1,\"IP\",\"soracom.io\"");
}

TEST_F(Secrets, SecretsWithPunctuationAreMaskedAnywhere) {
    SecretRegistry::instance().add("p@ss:word!");
    EXPECT_EQ(lte::mask_secrets("x=p@ss:word!"), "x=***");
    SecretRegistry::instance().add("!x!");
    EXPECT_EQ(lte::mask_secrets("a!x!b"), "a***b");  // its own edges are not letters
}

TEST_F(Secrets, LongestSecretFirstAndEmptyIgnored) {
    SecretRegistry::instance().add("");
    SecretRegistry::instance().add("abc");
    SecretRegistry::instance().add("abc-def");
    EXPECT_EQ(lte::mask_secrets("abc-def abc"), "*** ***");
    EXPECT_EQ(lte::mask_secrets("plain"), "plain");
}

TEST_F(Secrets, MaskingSinkMasksEveryLevel) {
    SecretRegistry::instance().add("hunter2");
    std::ostringstream out;
    auto inner = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
    auto logger = std::make_shared<spdlog::logger>("t", std::make_shared<lte::MaskingSink>(inner));
    logger->set_level(spdlog::level::trace);
    logger->trace("t hunter2");
    logger->debug("d hunter2");
    logger->info("i {}", "hunter2");
    logger->error("e \"hunter2\"");
    logger->flush();
    EXPECT_EQ(out.str().find("hunter2"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("***"), std::string::npos);
}

TEST_F(Secrets, ModemJunkIsPrintableAndMaskedEvenInsideWords) {
    SecretRegistry::instance().add("sora");
    // An echoed PAP Authenticate-Request: length bytes and FCS stand right next to the password.
    const std::string frame("~\xff\x03\xc0\x23\x01\x01\x00\x0e\x04sora\x04soraQ7~", 22);
    const std::string logged = lte::loggable_modem_line(frame);
    EXPECT_EQ(logged.find("sora"), std::string::npos) << logged;
    for (const char c : logged) EXPECT_TRUE(std::isprint(static_cast<unsigned char>(c))) << logged;
    // Ordinary lines keep the word rule: the APN stays readable.
    EXPECT_EQ(lte::loggable_modem_line("+CGDCONT: 1,\"IP\",\"soracom.io\""), "+CGDCONT: 1,\"IP\",\"soracom.io\"");
}

TEST_F(Secrets, SecretCommandsAreMaskedByTheirArgumentsWhateverTheValue) {
    // Nothing registered: typed through `at`, the values are known to no one but the command's place.
    EXPECT_EQ(lte::mask_secrets("AT+CPIN=\"4321\""), "AT+CPIN=***");
    EXPECT_EQ(lte::mask_secrets("control socket: AT command at+cpin=4321 (forced)"),
              "control socket: AT command at+cpin=*** (forced)");
    EXPECT_EQ(lte::mask_secrets("AT+CPWD=\"SC\",\"1111\",\"2222\""), "AT+CPWD=***");
    EXPECT_EQ(lte::mask_secrets("AT+CGAUTH=1,2,\"p w\",\"user\" timed out"), "AT+CGAUTH=*** timed out");
    EXPECT_EQ(lte::mask_secrets("AT+CSQ;+CLCK=\"SC\",1,\"1234\";+CREG?"), "AT+CSQ;+CLCK=***;+CREG?");
    EXPECT_EQ(lte::mask_secrets("AT+QICSGP=1,1,\"apn\",\"u\",\"pw\",1"), "AT+QICSGP=***");
    // Readbacks that echo a password, and the forms that only ask, which carry none.
    EXPECT_EQ(lte::mask_secrets("+CGAUTH: 1,2,\"pw\",\"user\""), "+CGAUTH: ***");
    EXPECT_EQ(lte::mask_secrets("AT+CPIN?"), "AT+CPIN?");
    EXPECT_EQ(lte::mask_secrets("AT+CLCK=?"), "AT+CLCK=?");
    EXPECT_EQ(lte::mask_secrets("+CPIN: SIM PIN"), "+CPIN: SIM PIN");
    // A command quoted in a message: the mask ends at its closing quote, the message goes on.
    EXPECT_EQ(lte::mask_secrets("step 8.1 \"AT+CPIN=1234\" failed: refused modem.sim_pin"),
              "step 8.1 \"AT+CPIN=***\" failed: refused modem.sim_pin");
    EXPECT_EQ(lte::mask_secrets("step 2 \"AT+CGAUTH=1,2,\"pw\",\"u\"\": ERROR"), "step 2 \"AT+CGAUTH=***\": ERROR");
    // What the sequence engine masked already stays as it says.
    EXPECT_EQ(lte::mask_secrets("AT+CGAUTH=<secret>"), "AT+CGAUTH=<secret>");
}

TEST_F(Secrets, VendorSecretCommandsFromTheProfile) {
    EXPECT_EQ(lte::mask_secrets("AT$QCPDPP=1,2,\"pw\""), "AT$QCPDPP=1,2,\"pw\"");
    SecretRegistry::instance().add_command("$qcpdpp");
    EXPECT_EQ(lte::mask_secrets("AT$QCPDPP=1,2,\"pw\""), "AT$QCPDPP=***");
    EXPECT_TRUE(SecretRegistry::instance().carries_secret("AT$QCPDPP=1,2,\"pw\""));
    SecretRegistry::instance().clear();
    EXPECT_FALSE(SecretRegistry::instance().carries_secret("AT$QCPDPP=1,2,\"pw\""));
    EXPECT_TRUE(SecretRegistry::instance().carries_secret("AT+CPIN=1234")) << "the standard ones stay";
}

TEST_F(Secrets, CarriesSecret) {
    EXPECT_TRUE(SecretRegistry::instance().carries_secret("AT+CSQ;+CPIN=\"1234\""));
    EXPECT_FALSE(SecretRegistry::instance().carries_secret("AT+CPIN?"));
    EXPECT_FALSE(SecretRegistry::instance().carries_secret("AT+CGAUTH=?"));
    EXPECT_FALSE(SecretRegistry::instance().carries_secret("AT+CSQ"));
}

TEST_F(Secrets, ShortPasswordsDoNotGarbleOtherWords) {
    SecretRegistry::instance().add("AT");
    SecretRegistry::instance().add("1");
    EXPECT_EQ(lte::mask_secrets("AT+CSQ"), "AT+CSQ");
    EXPECT_EQ(lte::mask_secrets("+CSQ: 21,99 at 10.1.2.3"), "+CSQ: 21,99 at 10.1.2.3");
    EXPECT_EQ(lte::mask_secrets("ATTACH"), "ATTACH");
    EXPECT_EQ(lte::mask_secrets("password AT, pin 1."), "password ***, pin ***.");
    EXPECT_EQ(lte::mask_secrets("user=\"AT\""), "user=\"***\"");
}

TEST_F(Secrets, RawBytesAreEscapedAndMasked) {
    SecretRegistry::instance().add("pw-Zr8-secret");
    EXPECT_EQ(lte::loggable_bytes("\r\n+CSQ: 20,99\r\n\r\nOK\r\n"), "\\r\\n+CSQ: 20,99\\r\\n\\r\\nOK\\r\\n");
    EXPECT_EQ(lte::loggable_bytes("\r\npw-Zr8-secret\r\n"), "\\r\\n***\\r\\n");
    EXPECT_EQ(lte::loggable_bytes("AT+CPIN=\"4321\"\r"), "AT+CPIN=***\\r");
    EXPECT_EQ(lte::loggable_bytes(std::string("\x7e\x04pw-Zr8-secret\x00", 16)), "~\\x04***\\x00");
}

TEST_F(Secrets, OnlyTheArgumentsAreMaskedNotWhatFollows) {
    EXPECT_EQ(lte::mask_secrets("step 8.1 \"AT+CPIN=\"1234\"\": +CME ERROR: 16 - refused modem.sim_pin"),
              "step 8.1 \"AT+CPIN=***\": +CME ERROR: 16 - refused modem.sim_pin");
    EXPECT_EQ(lte::mask_secrets(R"({"command":"AT+CPIN=\"4321\"","ok":false})"),
              R"({"command":"AT+CPIN=***","ok":false})");
    EXPECT_EQ(lte::mask_secrets("AT+CGAUTH=1,2,\"a b\",\"u\";+CSQ"), "AT+CGAUTH=***;+CSQ");
    EXPECT_EQ(lte::mask_secrets("AT+CPIN=\"12 34"), "AT+CPIN=***") << "an unterminated quote runs to the end";
    EXPECT_EQ(lte::mask_secrets("AT+CGAUTH=<secret>"), "AT+CGAUTH=<secret>");
}
