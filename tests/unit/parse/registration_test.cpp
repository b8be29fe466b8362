#include "lte/parse/registration.hpp"

#include <gtest/gtest.h>

namespace lte::parse {
namespace {

Registration must_parse(std::string_view line) {
    auto reg = parse_registration(line);
    EXPECT_TRUE(reg) << line;
    return reg.value_or(Registration{});
}

// Seed 001 (SIM7672 polling AT+CEREG?): searching, then registered roaming.
TEST(Registration, SeedReadFormSearchingThenRoaming) {
    const auto searching = must_parse("+CEREG: 0,2");
    EXPECT_EQ(searching.kind, RegKind::Cereg);
    EXPECT_EQ(searching.n, 0);
    EXPECT_EQ(searching.stat, RegStat::Searching);
    EXPECT_FALSE(searching.registered());
    EXPECT_FALSE(searching.lac_tac);

    const auto roaming = must_parse("+CEREG: 0,5\r\n");
    EXPECT_EQ(roaming.stat, RegStat::Roaming);
    EXPECT_TRUE(roaming.registered());
}

// Seed 000 (Quectel EC21J): CGREG and CEREG URCs arrive between commands.
TEST(Registration, SeedCgregAndCeregLines) {
    const auto cgreg = must_parse("+CGREG: 0,2");
    EXPECT_EQ(cgreg.kind, RegKind::Cgreg);
    EXPECT_EQ(cgreg.stat, RegStat::Searching);
    const auto cereg = must_parse("+CEREG: 0,1");
    EXPECT_EQ(cereg.stat, RegStat::Home);
    EXPECT_TRUE(cereg.registered());
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

TEST(Registration, StatOutsideZeroToTenIsRejected) {
    EXPECT_FALSE(parse_registration("+CEREG: 0,11"));
    EXPECT_FALSE(parse_registration("+CEREG: 11"));
    EXPECT_FALSE(parse_registration(R"(+CEREG: 12,"1698")"));
    EXPECT_TRUE(parse_registration("+CEREG: 0,10"));
}

TEST(Registration, MalformedLinesAreRejected) {
    for (const char* line :
         {"", "+CEREG:", "+CEREG: ", "+CEREG: ,5", "+CEREG: 9,1", "+CEREG: x", "+CEREG: -1", "+CEREG: 0,5,\"1698",
          R"(+CEREG: 2,1,"16G8","0258C104",7)", R"(+CEREG: 2,1,"1698","0258C104",LTE)", R"(+CEREG: "1",5)",
          "CEREG: 0,5", "+CGDCONT: 1,\"IP\"", "OK"}) {
        EXPECT_FALSE(parse_registration(line)) << line;
    }
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
