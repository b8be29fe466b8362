#include "lte/parse/fields.hpp"

#include <gtest/gtest.h>

namespace lte::parse {
namespace {

TEST(SplitFields, SplitsOnCommasOutsideQuotesAndUnquotes) {
    const auto f = split_fields(R"(1,"IP","a,b","",7)");
    ASSERT_TRUE(f);
    ASSERT_EQ(f->size(), 5u);
    EXPECT_EQ((*f)[0].text, "1");
    EXPECT_FALSE((*f)[0].quoted);
    EXPECT_EQ((*f)[1].text, "IP");
    EXPECT_TRUE((*f)[1].quoted);
    EXPECT_EQ((*f)[2].text, "a,b");
    EXPECT_TRUE((*f)[3].empty());
    EXPECT_TRUE((*f)[3].quoted);
    EXPECT_EQ((*f)[4].text, "7");
}

TEST(SplitFields, TrimsBlanksAroundFieldsButNotInsideQuotes) {
    const auto f = split_fields(R"( 1 ,  " a b " ,2 )");
    ASSERT_TRUE(f);
    ASSERT_EQ(f->size(), 3u);
    EXPECT_EQ((*f)[0].text, "1");
    EXPECT_EQ((*f)[1].text, " a b ");
    EXPECT_EQ((*f)[2].text, "2");
}

TEST(SplitFields, KeepsEmptyFieldsIncludingTrailingOnes) {
    const auto f = split_fields("1,,,");
    ASSERT_TRUE(f);
    ASSERT_EQ(f->size(), 4u);
    EXPECT_TRUE((*f)[1].empty());
    EXPECT_TRUE((*f)[3].empty());
    ASSERT_EQ(split_fields("")->size(), 1u);
}

TEST(SplitFields, RejectsUnterminatedQuoteAndTextAfterClosingQuote) {
    EXPECT_FALSE(split_fields(R"(1,"IP)"));
    EXPECT_FALSE(split_fields(R"(1,"IP"x,2)"));
    EXPECT_FALSE(split_fields(R"(1,I"P",2)"));
}

TEST(AfterPrefix, AcceptsMissingSpaceAndTrailingCrLf) {
    EXPECT_EQ(after_prefix("+CSQ:18,99\r\n", "+CSQ:"), "18,99");
    EXPECT_EQ(after_prefix("  +CSQ:   18,99", "+CSQ:"), "18,99");
    EXPECT_FALSE(after_prefix("+CSQX: 1", "+CSQ:"));
    EXPECT_FALSE(after_prefix("", "+CSQ:"));
}

TEST(ToInt, AcceptsOnlyUnsignedDecimalThatFits) {
    EXPECT_EQ(to_int("0"), 0);
    EXPECT_EQ(to_int("181"), 181);
    EXPECT_FALSE(to_int(""));
    EXPECT_FALSE(to_int("-1"));
    EXPECT_FALSE(to_int("+1"));
    EXPECT_FALSE(to_int("1a"));
    EXPECT_FALSE(to_int("99999999999999999999"));
}

TEST(ToU64, AcceptsDecimalAndPrefixedHex) {
    EXPECT_EQ(to_u64("39683652"), 39683652u);
    EXPECT_EQ(to_u64("0x1698"), 0x1698u);
    EXPECT_FALSE(to_u64("0x"));
    EXPECT_FALSE(to_u64("1698A"));
}

TEST(ToHexUpper, NormalizesCaseAndDropsPrefix) {
    EXPECT_EQ(to_hex_upper("0258c1a0"), "0258C1A0");
    EXPECT_EQ(to_hex_upper("0x1a2B"), "1A2B");
    EXPECT_FALSE(to_hex_upper(""));
    EXPECT_FALSE(to_hex_upper("12G4"));
    EXPECT_FALSE(to_hex_upper("11111111111111111"));  // 17 digits
}

}  // namespace
}  // namespace lte::parse
