#include "lte/parse/registration.hpp"

#include <gtest/gtest.h>

namespace lte::parse {
namespace {

Registration must_parse(std::string_view line, RegSource source = RegSource::Unsolicited) {
    auto reg = parse_registration(line, source);
    EXPECT_TRUE(reg) << line;
    return reg.value_or(Registration{});
}

// Seed 001 (SIM7672 polling AT+CEREG?): searching, then registered roaming.
TEST(Registration, SeedReadFormSearchingThenRoaming) {
    const auto searching = must_parse("+CEREG: 0,2");
    EXPECT_EQ(searching.kind, RegKind::Cereg);
    EXPECT_EQ(searching.n, 0);
    EXPECT_EQ(searching.stat, RegStat::Searching);
    EXPECT_EQ(data_readiness(searching.stat), DataReadiness::Waiting);
    EXPECT_FALSE(searching.lac_tac);

    const auto roaming = must_parse("+CEREG: 0,5\r\n");
    EXPECT_EQ(roaming.stat, RegStat::Roaming);
    EXPECT_EQ(data_readiness(roaming.stat), DataReadiness::Registered);
}

// Seed 000 (Quectel EC21J): CGREG and CEREG URCs arrive between commands.
TEST(Registration, SeedCgregAndCeregLines) {
    const auto cgreg = must_parse("+CGREG: 0,2");
    EXPECT_EQ(cgreg.kind, RegKind::Cgreg);
    EXPECT_EQ(cgreg.stat, RegStat::Searching);
    const auto cereg = must_parse("+CEREG: 0,1");
    EXPECT_EQ(cereg.stat, RegStat::Home);
}

TEST(Registration, UrcFormN1IsStatAlone) {
    const auto reg = must_parse("+CEREG: 5");
    EXPECT_FALSE(reg.n);
    EXPECT_EQ(reg.stat, RegStat::Roaming);
}

TEST(Registration, ReadFormN1) {
    const auto reg = must_parse("+CEREG: 1,1");
    EXPECT_EQ(reg.n, 1);
    EXPECT_EQ(reg.stat, RegStat::Home);
}

TEST(Registration, ReadFormN2WithLocation) {
    const auto reg = must_parse(R"(+CEREG: 2,1,"1698","0258C104",7)");
    EXPECT_EQ(reg.n, 2);
    EXPECT_EQ(reg.stat, RegStat::Home);
    EXPECT_EQ(reg.lac_tac, "1698");
    EXPECT_EQ(reg.ci, "0258C104");
    EXPECT_EQ(reg.act, 7);
    EXPECT_FALSE(reg.reject_cause);
}

TEST(Registration, ReadFormN2NotRegisteredHasNoLocation) {
    // Ambiguous at first sight, but a URC's second field would be a quoted TAC, not a bare 5.
    const auto reg = must_parse("+CEREG: 2,5");
    EXPECT_EQ(reg.n, 2);
    EXPECT_EQ(reg.stat, RegStat::Roaming);
    EXPECT_FALSE(reg.lac_tac);
}

TEST(Registration, UrcFormN2WithLocation) {
    const auto reg = must_parse(R"(+CEREG: 5,"1698","0258C104",9)");
    EXPECT_FALSE(reg.n);
    EXPECT_EQ(reg.stat, RegStat::Roaming);
    EXPECT_EQ(reg.lac_tac, "1698");
    EXPECT_EQ(reg.ci, "0258C104");
    EXPECT_EQ(reg.act, 9);
}

TEST(Registration, ReadFormN3CarriesRejectCause) {
    const auto reg = must_parse(R"(+CEREG: 3,3,"1698","0258C104",7,0,15)");
    EXPECT_EQ(reg.n, 3);
    EXPECT_EQ(reg.stat, RegStat::Denied);
    EXPECT_EQ(reg.reject_cause, 15);
}

TEST(Registration, UrcFormN3CarriesRejectCause) {
    const auto reg = must_parse(R"(+CEREG: 3,"1698","0258C104",7,0,11)");
    EXPECT_FALSE(reg.n);
    EXPECT_EQ(reg.stat, RegStat::Denied);
    EXPECT_EQ(reg.reject_cause, 11);
}

TEST(Registration, ReadFormN4AndN5IgnorePsmTimers) {
    for (const char* line : {R"(+CEREG: 4,1,"1698","0258C104",7,,,"00100100","01000111")",
                             R"(+CEREG: 5,1,"1698","0258C104",7,,,"00100100","01000111")"}) {
        const auto reg = must_parse(line);
        EXPECT_EQ(reg.stat, RegStat::Home);
        EXPECT_EQ(reg.lac_tac, "1698");
        EXPECT_EQ(reg.act, 7);
        EXPECT_FALSE(reg.reject_cause);
    }
    EXPECT_EQ(must_parse(R"(+CEREG: 4,1,"1698","0258C104",7,,,"00100100","01000111")").n, 4);
}

TEST(Registration, UrcFormN4IgnoresPsmTimers) {
    const auto reg = must_parse(R"(+CEREG: 1,"1698","0258C104",9,,,"00100100","01000111")");
    EXPECT_FALSE(reg.n);
    EXPECT_EQ(reg.act, 9);
    EXPECT_FALSE(reg.reject_cause);
}

TEST(Registration, CgregRejectCauseComesAfterRac) {
    const auto reg = must_parse(R"(+CGREG: 3,3,"00A1","0001F2E3",2,"0B",0,7)");
    EXPECT_EQ(reg.kind, RegKind::Cgreg);
    EXPECT_EQ(reg.lac_tac, "00A1");
    EXPECT_EQ(reg.act, 2);
    EXPECT_EQ(reg.reject_cause, 7);
}

TEST(Registration, CregUrcWithLac) {
    const auto reg = must_parse(R"(+CREG: 1,"00A1","0001F2E3",0)");
    EXPECT_EQ(reg.kind, RegKind::Creg);
    EXPECT_FALSE(reg.n);
    EXPECT_EQ(reg.lac_tac, "00A1");
    EXPECT_EQ(reg.act, 0);
}

TEST(Registration, C5gregRejectCauseComesAfterNssai) {
    const auto reg = must_parse(R"(+C5GREG: 3,3,"00A1B2","0000000ABCDEF",11,2,"01:02",0,27)");
    EXPECT_EQ(reg.kind, RegKind::C5greg);
    EXPECT_EQ(reg.n, 3);
    EXPECT_EQ(reg.ci, "0000000ABCDEF");
    EXPECT_EQ(reg.act, 11);
    EXPECT_EQ(reg.reject_cause, 27);
}

TEST(Registration, LowercaseAndBareHexAreNormalized) {
    const auto quoted = must_parse(R"(+CEREG: 2,1,"1a9f","0258c1a4",7)");
    EXPECT_EQ(quoted.lac_tac, "1A9F");
    EXPECT_EQ(quoted.ci, "0258C1A4");
    const auto bare = must_parse("+CEREG: 1,1a9f,0258c1a4,7");
    EXPECT_FALSE(bare.n);  // a four-digit bare TAC is not a <stat>
    EXPECT_EQ(bare.stat, RegStat::Home);
    EXPECT_EQ(bare.lac_tac, "1A9F");
    EXPECT_EQ(bare.ci, "0258C1A4");
}

TEST(Registration, BareAllDigitTacIsNotMistakenForStat) {
    const auto reg = must_parse("+CEREG: 5,1698,0258C104,7");
    EXPECT_FALSE(reg.n);
    EXPECT_EQ(reg.stat, RegStat::Roaming);
    EXPECT_EQ(reg.lac_tac, "1698");
    EXPECT_EQ(reg.act, 7);
}

TEST(Registration, EmptyFieldsAreAbsent) {
    const auto reg = must_parse("+CEREG: 2,0,,,");
    EXPECT_EQ(reg.n, 2);
    EXPECT_EQ(reg.stat, RegStat::NotSearching);
    EXPECT_FALSE(reg.lac_tac);
    EXPECT_FALSE(reg.ci);
    EXPECT_FALSE(reg.act);
    const auto urc = must_parse(R"(+CEREG: 2,"","",)");
    EXPECT_FALSE(urc.n);
    EXPECT_EQ(urc.stat, RegStat::Searching);
}

TEST(Registration, LenientSpacing) {
    const auto tight = must_parse("+CEREG:0,5");
    EXPECT_EQ(tight.n, 0);
    EXPECT_EQ(tight.stat, RegStat::Roaming);
    const auto loose = must_parse(R"(+CEREG: 2 , 1 , "1698" , "0258C104" , 7)");
    EXPECT_EQ(loose.n, 2);
    EXPECT_EQ(loose.ci, "0258C104");
    EXPECT_EQ(loose.act, 7);
}

TEST(Registration, StatAboveTenIsKeptAsItsNumber) {
    EXPECT_EQ(must_parse("+CEREG: 0,11").stat, RegStat::Rlos);
    EXPECT_EQ(must_parse("+CEREG: 11").stat, RegStat::Rlos);
    const auto unknown = must_parse(R"(+CEREG: 12,"1698")");
    EXPECT_EQ(static_cast<int>(unknown.stat), 12);
    EXPECT_EQ(data_readiness(unknown.stat), DataReadiness::Waiting);
    EXPECT_STREQ(to_string(unknown.stat), "a status 27.007 does not define");
}

TEST(Registration, LinesWithoutAReadableStatAreRejected) {
    for (const char* line : {"", "+CEREG:", "+CEREG: ", "+CEREG: ,5", "+CEREG: 9,1", "+CEREG: x", "+CEREG: -1",
                             R"(+CEREG: "1",5)", "CEREG: 0,5", "+CGDCONT: 1,\"IP\"", "OK"}) {
        EXPECT_FALSE(parse_registration(line, RegSource::Solicited)) << line;
        EXPECT_FALSE(parse_registration(line, RegSource::Unsolicited)) << line;
    }
}

// The stat is read first: damage after it costs only the damaged field.
TEST(Registration, DamagedFieldsAfterTheStatLeaveTheStat) {
    const auto cut = must_parse("+CEREG: 0,5,\"1698");
    EXPECT_EQ(cut.stat, RegStat::Roaming);
    EXPECT_FALSE(cut.lac_tac);
    EXPECT_TRUE(cut.partial);
    const auto bad_hex = must_parse(R"(+CEREG: 2,1,"16G8","0258C104",7)");
    EXPECT_EQ(bad_hex.stat, RegStat::Home);
    EXPECT_FALSE(bad_hex.lac_tac);
    EXPECT_EQ(bad_hex.ci, "0258C104");
    EXPECT_EQ(bad_hex.act, 7);
    EXPECT_TRUE(bad_hex.partial);
    const auto word_act = must_parse(R"(+CEREG: 2,1,"1698","0258C104",LTE)");
    EXPECT_EQ(word_act.stat, RegStat::Home);
    EXPECT_FALSE(word_act.act);
    EXPECT_TRUE(word_act.partial);
    const auto junk_in_quotes = must_parse(R"(+CEREG: 1,"1698"x,"0258C104",7)");
    EXPECT_FALSE(junk_in_quotes.lac_tac);
    EXPECT_EQ(junk_in_quotes.ci, "0258C104");
    EXPECT_FALSE(must_parse(R"(+CEREG: 2,1,"1698","0258C104",7)").partial);
}

TEST(Registration, TrailingJunkAfterTheLastFieldIsIgnored) {
    const auto stat_only = must_parse("+CEREG: 0,5 OK", RegSource::Solicited);
    EXPECT_EQ(stat_only.n, 0);
    EXPECT_EQ(stat_only.stat, RegStat::Roaming);
    const auto act = must_parse("+CEREG: 2,1,\"1698\",\"0258C104\",7\x1a");
    EXPECT_EQ(act.act, 7);
    EXPECT_EQ(must_parse("+CEREG: 1,\"1698\"junk").lac_tac, "1698");
}

TEST(Registration, PrefixInAnyCase) { EXPECT_EQ(must_parse("+cereg: 0,1").stat, RegStat::Home); }

// ModemManager's test vectors (src/tests/test-modem-helpers.c): shapes real modems sent.
TEST(Registration, ZeroPaddedNumbersAsIridiumSendsThem) {
    const auto reg = must_parse(R"(+CREG:002,001,"18d8","ffff")", RegSource::Solicited);
    EXPECT_EQ(reg.n, 2);
    EXPECT_EQ(reg.stat, RegStat::Home);
    EXPECT_EQ(reg.lac_tac, "18D8");
    EXPECT_EQ(reg.ci, "FFFF");
    EXPECT_EQ(must_parse(R"(+CGREG:002,0011,"0f0d","14c3")", RegSource::Solicited).stat, RegStat::Rlos);
    EXPECT_EQ(must_parse(R"(+CREG: 0011,"0001","0010",000)").stat, RegStat::Rlos);
}

TEST(Registration, AmbiguousAllDigitSecondFieldFollowsTheSource) {
    const auto urc = must_parse("+CREG: 1,0001,0010,0", RegSource::Unsolicited);
    EXPECT_FALSE(urc.n);
    EXPECT_EQ(urc.stat, RegStat::Home);
    EXPECT_EQ(urc.lac_tac, "0001");
    EXPECT_EQ(urc.act, 0);
    const auto altair = must_parse("+CEREG: 2, 0001, 00000100, 7", RegSource::Unsolicited);
    EXPECT_EQ(altair.stat, RegStat::Searching);
    EXPECT_EQ(altair.ci, "00000100");
    // A value that cannot be a stat decides by itself.
    EXPECT_FALSE(must_parse("+CEREG: 5,1698,0258C104,7", RegSource::Solicited).n);
}

TEST(Registration, RacLikeFieldNextToTheCellId) {
    const auto novatel = must_parse("+CEREG: 2,1, 1F00, 20 ,79D903 ,7", RegSource::Solicited);
    EXPECT_EQ(novatel.stat, RegStat::Home);
    EXPECT_EQ(novatel.lac_tac, "1F00");
    EXPECT_EQ(novatel.rac, "20");
    EXPECT_EQ(novatel.ci, "79D903");
    EXPECT_EQ(novatel.act, 7);
    const auto after_ci = must_parse(R"(+CEREG: 1,"1F00","0079D903","20",7)");
    EXPECT_EQ(after_ci.ci, "0079D903");
    EXPECT_EQ(after_ci.rac, "20");
    EXPECT_EQ(after_ci.act, 7);
    const auto cgreg = must_parse(R"(+CGREG: 1,"1422","00000142","00",3)");
    EXPECT_EQ(cgreg.rac, "00");
    EXPECT_EQ(cgreg.act, 3);
    const auto standard = must_parse(R"(+CGREG: 1,"1422","00000142",3,"00")");
    EXPECT_EQ(standard.rac, "00");
    EXPECT_EQ(standard.act, 3);
}

TEST(Registration, BlanksInsideFields) {
    const auto gobi = must_parse("+CREG: 2,1,  0 5, 2715", RegSource::Solicited);
    EXPECT_EQ(gobi.stat, RegStat::Home);
    EXPECT_EQ(gobi.lac_tac, "05");
    EXPECT_EQ(gobi.ci, "2715");
}

TEST(Registration, ExtraFieldsAfterTheAccessTechnology) {
    const auto samsung = must_parse("+CREG: 2,1,000B,2816, B, C2816", RegSource::Unsolicited);
    EXPECT_EQ(samsung.n, 2);
    EXPECT_EQ(samsung.stat, RegStat::Home);
    EXPECT_EQ(samsung.lac_tac, "000B");
    EXPECT_EQ(samsung.ci, "2816");
    const auto nssai = must_parse("+C5GREG: 1,1F00,79D903,11,6,ABCDEF");
    EXPECT_EQ(nssai.act, 11);
}

TEST(Registration, ReadinessRuleByValue) {
    for (int stat : {1, 5, 6, 7, 9, 10})
        EXPECT_EQ(data_readiness(static_cast<RegStat>(stat)), DataReadiness::Registered) << stat;
    for (int stat : {0, 2, 4, 8, 11, 12, 99})
        EXPECT_EQ(data_readiness(static_cast<RegStat>(stat)), DataReadiness::Waiting) << stat;
    EXPECT_EQ(data_readiness(RegStat::Denied), DataReadiness::Denied);
}

Registration reg(RegKind kind, RegStat stat) {
    Registration r;
    r.kind = kind;
    r.stat = stat;
    return r;
}

// botletics/SIM7000-LTE-Shield issue 50: an NB-IoT SIM, +CREG: 0,0 beside +CEREG: 0,1.
TEST(RegistrationState, PacketDomainRegisteredWinsOverCsNotRegistered) {
    RegistrationState state;
    state.update(reg(RegKind::Creg, RegStat::NotSearching));
    state.update(reg(RegKind::Cereg, RegStat::Home));
    EXPECT_EQ(state.verdict().readiness, DataReadiness::Registered);
    EXPECT_EQ(state.verdict().by, RegKind::Cereg);
}

// The other way round: CS registered, the packet domain not (a voice-only SIM, an attach still running).
TEST(RegistrationState, CsRegisteredDoesNotCountWhilePacketDomainSaysOtherwise) {
    RegistrationState state({RegKind::Cereg, RegKind::Cgreg, RegKind::Creg});
    state.update(reg(RegKind::Creg, RegStat::Home));
    EXPECT_EQ(state.verdict().readiness, DataReadiness::Waiting) << "packet-domain reports still to come";
    state.update(reg(RegKind::Cereg, RegStat::Searching));
    state.update(reg(RegKind::Cgreg, RegStat::NotSearching));
    EXPECT_EQ(state.verdict().readiness, DataReadiness::Waiting);
    EXPECT_EQ(state.shown()->kind, RegKind::Cgreg);
    state.update(reg(RegKind::Cereg, RegStat::Denied));
    EXPECT_EQ(state.verdict().readiness, DataReadiness::Denied);
    EXPECT_EQ(state.verdict().by, RegKind::Cereg);
}

TEST(RegistrationState, CsDecidesOnlyWhenNoPacketDomainQueryWorks) {
    RegistrationState state({RegKind::Cereg, RegKind::Cgreg, RegKind::Creg});
    state.update(reg(RegKind::Creg, RegStat::Roaming));
    state.unsupported(RegKind::Cereg);
    EXPECT_EQ(state.verdict().readiness, DataReadiness::Waiting);
    state.unsupported(RegKind::Cgreg);
    EXPECT_EQ(state.verdict().readiness, DataReadiness::Registered);
    EXPECT_EQ(state.verdict().by, RegKind::Creg);
}

TEST(RegistrationState, DeniedOnlyWhenNoOtherPacketDomainIsTrying) {
    RegistrationState state;
    state.update(reg(RegKind::Cgreg, RegStat::Denied));
    state.update(reg(RegKind::Cereg, RegStat::Searching));
    EXPECT_EQ(state.verdict().readiness, DataReadiness::Waiting);
    state.update(reg(RegKind::Cereg, RegStat::NotSearching));
    EXPECT_EQ(state.verdict().readiness, DataReadiness::Denied);
}

TEST(RegistrationState, EmergencyOnlyWaitsAndSaysSo) {
    RegistrationState state({RegKind::Cereg});
    state.update(reg(RegKind::Cereg, RegStat::Emergency));
    EXPECT_EQ(state.verdict().readiness, DataReadiness::Waiting);
    EXPECT_EQ(state.last_seen(), "last CEREG stat 8 (emergency bearer services only)");
}

TEST(RegistrationState, KindsNotExpectedAreIgnored) {
    RegistrationState state({RegKind::Cereg});
    state.update(reg(RegKind::Cgreg, RegStat::Home));
    EXPECT_EQ(state.verdict().readiness, DataReadiness::Waiting);
    EXPECT_FALSE(state.shown());
}

TEST(Registration, NamesForUsers) {
    EXPECT_STREQ(to_string(RegStat::Roaming), "registered (roaming)");
    EXPECT_STREQ(to_string(RegKind::C5greg), "C5GREG");
    EXPECT_STREQ(access_technology_name(7), "LTE");
    EXPECT_STREQ(access_technology_name(9), "NB-IoT");
    EXPECT_STREQ(access_technology_name(-1), "unknown");
}

}  // namespace
}  // namespace lte::parse
