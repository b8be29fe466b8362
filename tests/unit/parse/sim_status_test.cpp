#include "lte/parse/sim_status.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lte::parse {
namespace {

TEST(Cpin, EveryStandardCode) {
    EXPECT_EQ(parse_cpin("+CPIN: READY"), SimStatus::Ready);
    EXPECT_EQ(parse_cpin("+CPIN: SIM PIN"), SimStatus::SimPin);
    EXPECT_EQ(parse_cpin("+CPIN: SIM PUK"), SimStatus::SimPuk);
    EXPECT_EQ(parse_cpin("+CPIN: PH-SIM PIN"), SimStatus::PhSimPin);
    EXPECT_EQ(parse_cpin("+CPIN: PH-FSIM PIN"), SimStatus::PhFsimPin);
    EXPECT_EQ(parse_cpin("+CPIN: PH-FSIM PUK"), SimStatus::PhFsimPuk);
    EXPECT_EQ(parse_cpin("+CPIN: SIM PIN2"), SimStatus::SimPin2);
    EXPECT_EQ(parse_cpin("+CPIN: SIM PUK2"), SimStatus::SimPuk2);
    EXPECT_EQ(parse_cpin("+CPIN: PH-NET PIN"), SimStatus::PhNetPin);
    EXPECT_EQ(parse_cpin("+CPIN: PH-NET PUK"), SimStatus::PhNetPuk);
    EXPECT_EQ(parse_cpin("+CPIN: PH-NETSUB PIN"), SimStatus::PhNetSubPin);
    EXPECT_EQ(parse_cpin("+CPIN: PH-NETSUB PUK"), SimStatus::PhNetSubPuk);
    EXPECT_EQ(parse_cpin("+CPIN: PH-SP PIN"), SimStatus::PhSpPin);
    EXPECT_EQ(parse_cpin("+CPIN: PH-SP PUK"), SimStatus::PhSpPuk);
    EXPECT_EQ(parse_cpin("+CPIN: PH-CORP PIN"), SimStatus::PhCorpPin);
    EXPECT_EQ(parse_cpin("+CPIN: PH-CORP PUK"), SimStatus::PhCorpPuk);
}

TEST(Cpin, VendorStatesAndLenientSpacing) {
    EXPECT_EQ(parse_cpin("+CPIN: NOT INSERTED"), SimStatus::NotInserted);
    EXPECT_EQ(parse_cpin("+CPIN: NOT READY"), SimStatus::NotReady);
    EXPECT_EQ(parse_cpin("+CPIN:READY\r\n"), SimStatus::Ready);
}

TEST(Cpin, UnknownOrTruncatedCodesAreRejected) {
    // Seed 001 shows "+CPIN: READ" + "Y" split across reads; a half line must not pass as READY.
    for (const char* line : {"+CPIN: READ", "+CPIN:", "+CPIN: SIM PIN3", "READY", "+CPIN: READY,1"}) {
        EXPECT_FALSE(parse_cpin(line)) << line;
    }
}

TEST(CpinReply, ReadyFromSeedReply) {
    const std::vector<std::string> lines{"+CPIN: READY", ""};
    EXPECT_EQ(parse_cpin_reply(lines, "OK"), SimStatus::Ready);
}

TEST(CpinReply, NumericAndVerboseCmeErrorsMapToSimStates) {
    const std::vector<std::string> none;
    EXPECT_EQ(parse_cpin_reply(none, "+CME ERROR: 10"), SimStatus::NotInserted);
    EXPECT_EQ(parse_cpin_reply(none, "+CME ERROR: SIM not inserted"), SimStatus::NotInserted);
    EXPECT_EQ(parse_cpin_reply(none, "+CME ERROR: 14"), SimStatus::Busy);
    EXPECT_EQ(parse_cpin_reply(none, "+CME ERROR: SIM busy"), SimStatus::Busy);
    EXPECT_EQ(parse_cpin_reply(none, "+CME ERROR: 13"), SimStatus::Failure);
    EXPECT_EQ(parse_cpin_reply(none, "+CME ERROR: SIM PUK required"), SimStatus::SimPuk);
}

TEST(CpinReply, ErrorsThatSayNothingAboutTheSimGiveNothing) {
    const std::vector<std::string> none;
    EXPECT_FALSE(parse_cpin_reply(none, "ERROR"));
    EXPECT_FALSE(parse_cpin_reply(none, "+CME ERROR: 3"));
    EXPECT_FALSE(parse_cpin_reply(none, "+CME ERROR: something odd"));
    EXPECT_FALSE(parse_cpin_reply(none, "+CMS ERROR: 310"));
    EXPECT_FALSE(parse_cpin_reply(none, "OK"));
}

TEST(CpinReply, ErrorFinalLineWinsOverStrayInformation) {
    const std::vector<std::string> lines{"+CPIN: READY"};
    EXPECT_EQ(parse_cpin_reply(lines, "+CME ERROR: 10"), SimStatus::NotInserted);
}

TEST(SimStatusNames, SayWhatIsNeeded) {
    EXPECT_STREQ(to_string(SimStatus::SimPin), "SIM PIN required");
    EXPECT_STREQ(to_string(SimStatus::NotInserted), "SIM not inserted");
}

}  // namespace
}  // namespace lte::parse
