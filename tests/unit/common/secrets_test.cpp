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
    EXPECT_EQ(lte::mask_secrets("AT+CGAUTH=1,2,\"sora\",\"sora\""), "AT+CGAUTH=1,2,\"***\",\"***\"");
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
