#include "lte/parse/serving_cell.hpp"

#include <gtest/gtest.h>

namespace lte::parse {
namespace {

// Seed 001 (SIM7672, AT+CPSI? beside PPP).
TEST(Cpsi, SeedLteLine) {
    const auto cell = parse_cpsi("+CPSI: LTE,Online,440-10,0x1698,39683652,181,EUTRAN-BAND28,9510,3,3,20,61,41,3");
    ASSERT_TRUE(cell);
    EXPECT_EQ(cell->system_mode, "LTE");
    EXPECT_EQ(cell->operation_mode, "Online");
    EXPECT_EQ(cell->mcc_mnc, "440-10");
    EXPECT_EQ(cell->tac, "1698");
    EXPECT_EQ(cell->cell_id, 39683652u);
    EXPECT_EQ(cell->band, "EUTRAN-BAND28");
}

TEST(Cpsi, CatM1LineWithThreeDigitMnc) {
    const auto cell =
        parse_cpsi("+CPSI: LTE CAT-M1,Online,310-410,0x5a1e,187214780,257,EUTRAN-BAND12,5110,5,5,-10,-75,-49,16");
    ASSERT_TRUE(cell);
    EXPECT_EQ(cell->system_mode, "LTE CAT-M1");
    EXPECT_EQ(cell->mcc_mnc, "310-410");
    EXPECT_EQ(cell->tac, "5A1E");
    EXPECT_EQ(cell->band, "EUTRAN-BAND12");
}

TEST(Cpsi, NoServiceHasNoCell) {
    const auto cell = parse_cpsi("+CPSI: NO SERVICE,Online");
    ASSERT_TRUE(cell);
    EXPECT_EQ(cell->system_mode, "NO SERVICE");
    EXPECT_FALSE(cell->mcc_mnc);
    EXPECT_FALSE(cell->cell_id);
    EXPECT_FALSE(cell->band);
}

TEST(Cpsi, GsmLayoutHasNoBandField) {
    const auto cell = parse_cpsi("+CPSI: GSM,Online,460-00,0x182d,12401,27 EGSM 900,-64,2110,42-42");
    ASSERT_TRUE(cell);
    EXPECT_EQ(cell->tac, "182D");
    EXPECT_EQ(cell->cell_id, 12401u);
    EXPECT_FALSE(cell->band);
}

TEST(Cpsi, MalformedLinesAreRejected) {
    for (const char* line :
         {"+CPSI:", "+CPSI: LTE", "+CPSI: ,Online", "+CPSI: LTE,Online,44010,0x1698,1",
          "+CPSI: LTE,Online,440-10,0xZZ,1", "+CPSI: LTE,Online,440-10,0x1698,12ab", "+CPSI: LTE,Online,4a0-10"}) {
        EXPECT_FALSE(parse_cpsi(line)) << line;
    }
}

}  // namespace
}  // namespace lte::parse
