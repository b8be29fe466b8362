// Every parser against hostile input: truncated real lines, mutated bytes and random bytes.
// They must answer (a value or nullopt) without throwing; the sanitizer lane turns any
// out-of-range access here into a failure.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lte/parse/modem_error.hpp"
#include "lte/parse/modem_identity.hpp"
#include "lte/parse/operator_selection.hpp"
#include "lte/parse/pdp_auth.hpp"
#include "lte/parse/pdp_context.hpp"
#include "lte/parse/registration.hpp"
#include "lte/parse/serving_cell.hpp"
#include "lte/parse/signal_quality.hpp"
#include "lte/parse/sim_status.hpp"

namespace lte::parse {
namespace {

const std::vector<std::string> kRealLines{
    "+CEREG: 0,2",
    "+CEREG: 0,5",
    "+CGREG: 0,2",
    R"(+CEREG: 2,1,"1698","0258C104",7)",
    R"(+CEREG: 5,"1698","0258C104",9,0,15,"00100100","01000111")",
    R"(+C5GREG: 3,3,"00A1B2","0000000ABCDEF",11,2,"01:02",0,27)",
    R"(+CGDCONT: 1,"IP","soracom.io","10.164.98.251")",
    R"(+CGAUTH: 1,2,"sora","sora")",
    R"(+COPS: 0,2,"44010",7)",
    "+CSQ: 99,99",
    "+CESQ: 99,99,255,255,20,61",
    "+CPIN: READY",
    "+CME ERROR: 10",
    "+CMS ERROR: SMSC address unknown",
    "+CPSI: LTE,Online,440-10,0x1698,39683652,181,EUTRAN-BAND28,9510,3,3,20,61,41,3",
};

// Runs every parser on one line; returns how many accepted it.
int parse_with_all(const std::string& line) {
    const std::vector<std::string> lines{line};
    int accepted = 0;
    accepted += parse_registration(line, RegSource::Solicited).has_value();
    accepted += parse_registration(line, RegSource::Unsolicited).has_value();
    accepted += parse_pdp_context(line).has_value();
    accepted += parse_pdp_contexts(lines).has_value();
    accepted += parse_pdp_auth(line).has_value();
    accepted += parse_pdp_auths(lines).has_value();
    accepted += parse_cops(line).has_value();
    accepted += parse_csq(line).has_value();
    accepted += parse_cesq(line).has_value();
    accepted += parse_cpin(line).has_value();
    accepted += parse_cpin_reply(lines, line).has_value();
    accepted += parse_modem_error(line).has_value();
    accepted += parse_cpsi(line).has_value();
    accepted += parse_identity(lines, "+CGMR:").has_value();
    accepted += parse_imei(lines).has_value();
    accepted += !at::describe_error_final(line).empty();
    return accepted;
}

TEST(Robustness, EveryRealLineIsAcceptedBySomeParser) {
    for (const std::string& line : kRealLines) {
        // parse_identity and describe_error_final take anything, so a real line needs a third taker.
        EXPECT_GE(parse_with_all(line), 3) << line;
    }
}

TEST(Robustness, LinesCutInsideAQuotedFieldAreRejected) {
    for (const std::string& line : kRealLines) {
        for (std::size_t len = 0; len < line.size(); ++len) {
            const std::string cut = line.substr(0, len);
            EXPECT_NO_THROW(parse_with_all(cut)) << cut;
            if (std::count(cut.begin(), cut.end(), '"') % 2 == 1) {
                // A registration line keeps its <stat> when the cut comes after it.
                const auto whole = parse_registration(line, RegSource::Solicited);
                if (const auto reg = parse_registration(cut, RegSource::Solicited); reg && whole) {
                    EXPECT_EQ(reg->stat, whole->stat) << cut;
                    EXPECT_TRUE(reg->partial) << cut;
                }
                EXPECT_FALSE(parse_pdp_context(cut)) << cut;
                EXPECT_FALSE(parse_pdp_auth(cut)) << cut;
                EXPECT_FALSE(parse_cops(cut)) << cut;
            }
        }
    }
}

TEST(Robustness, MutatedRealLinesNeverThrow) {
    std::mt19937 rng(20261121);  // fixed seed: a failure reproduces
    std::uniform_int_distribution<int> byte(0, 255);
    for (const std::string& original : kRealLines) {
        for (int round = 0; round < 500; ++round) {
            std::string line = original;
            std::uniform_int_distribution<std::size_t> pos(0, line.size() - 1);
            for (int edits = 1 + round % 4; edits > 0; --edits) line[pos(rng)] = static_cast<char>(byte(rng));
            EXPECT_NO_THROW(parse_with_all(line)) << line;
        }
    }
}

TEST(Robustness, RandomBytesNeverThrow) {
    std::mt19937 rng(42);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> length(0, 120);
    const std::vector<std::string> prefixes{"",        "+CEREG: ", "+CGDCONT: ",   "+CGAUTH: ", "+COPS: ", "+CSQ: ",
                                            "+CESQ: ", "+CPIN: ",  "+CME ERROR: ", "+CPSI: ",   "+C5GREG:"};
    for (int round = 0; round < 5000; ++round) {
        std::string line = prefixes[static_cast<std::size_t>(round) % prefixes.size()];
        for (int n = length(rng); n > 0; --n) line.push_back(static_cast<char>(byte(rng)));
        EXPECT_NO_THROW(parse_with_all(line));
    }
}

}  // namespace
}  // namespace lte::parse
