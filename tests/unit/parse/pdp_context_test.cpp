#include "lte/parse/pdp_context.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lte::parse {
namespace {

// Seed 001 (SIM7672), first boot: the context as configured, with the address the network gave.
TEST(PdpContext, SeedLineWithAddress) {
    const auto ctx = parse_pdp_context(R"(+CGDCONT: 1,"IP","soracom.io","10.164.98.251")");
    ASSERT_TRUE(ctx);
    EXPECT_EQ(ctx->cid, 1);
    EXPECT_EQ(ctx->type, PdpType::Ip);
    EXPECT_EQ(ctx->apn, "soracom.io");
    EXPECT_EQ(ctx->address, "10.164.98.251");
    EXPECT_FALSE(ctx->d_comp);
}

// Seed 001, second run: the modem leaves the address out altogether.
TEST(PdpContext, SeedLineWithoutAddress) {
    const auto ctx = parse_pdp_context(R"(+CGDCONT: 1,"IP","soracom.io")");
    ASSERT_TRUE(ctx);
    EXPECT_EQ(ctx->apn, "soracom.io");
    EXPECT_FALSE(ctx->address);
}

TEST(PdpContext, FullStandardLineWithTrailingVendorFields) {
    const auto ctx = parse_pdp_context(R"(+CGDCONT: 3,"IPV4V6","internet.iot","0.0.0.0,0.0.0.0",0,0,0,0,,,,,,0)");
    ASSERT_TRUE(ctx);
    EXPECT_EQ(ctx->cid, 3);
    EXPECT_EQ(ctx->type, PdpType::Ipv4v6);
    EXPECT_EQ(ctx->type_text, "IPV4V6");
    EXPECT_EQ(ctx->address, "0.0.0.0,0.0.0.0");
    EXPECT_EQ(ctx->d_comp, 0);
    EXPECT_EQ(ctx->h_comp, 0);
}

TEST(PdpContext, EmptyApnAndEmptyAddress) {
    const auto ctx = parse_pdp_context(R"(+CGDCONT: 2,"IPV6","","",0,0)");
    ASSERT_TRUE(ctx);
    EXPECT_EQ(ctx->type, PdpType::Ipv6);
    EXPECT_EQ(ctx->apn, "");
    EXPECT_FALSE(ctx->address);
}

TEST(PdpContext, PppAndUnknownTypes) {
    EXPECT_EQ(parse_pdp_context(R"(+CGDCONT: 1,"PPP","x")")->type, PdpType::Ppp);
    const auto other = parse_pdp_context(R"(+CGDCONT: 1,"Non-IP","x")");
    ASSERT_TRUE(other);
    EXPECT_EQ(other->type, PdpType::Other);
    EXPECT_EQ(other->type_text, "Non-IP");
}

TEST(PdpContext, MalformedLinesAreRejected) {
    for (const char* line :
         {"+CGDCONT:", "+CGDCONT: 1", R"(+CGDCONT: "1","IP","x")", R"(+CGDCONT: x,"IP","x")", R"(+CGDCONT: 1,"","x")",
          R"(+CGDCONT: 1,"IP","x)", R"(+CGDCONT: 1,"IP","x","",a,0)", R"(+CEREG: 1,"IP","x")"}) {
        EXPECT_FALSE(parse_pdp_context(line)) << line;
    }
}

TEST(PdpContexts, ParsesEveryLineOfAReplyAndFindsByCid) {
    const std::vector<std::string> lines{R"(+CGDCONT: 1,"IP","soracom.io","10.164.98.251",0,0)",
                                         R"(+CGDCONT: 2,"IPV4V6","ims","",0,0)", ""};
    const auto all = parse_pdp_contexts(lines);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[1].apn, "ims");
    const PdpContext* second = find_context(*all, 2);
    ASSERT_NE(second, nullptr);
    EXPECT_EQ(second->type, PdpType::Ipv4v6);
    EXPECT_EQ(find_context(*all, 3), nullptr);
}

TEST(PdpContexts, EmptyReplyHasNoContexts) {
    const auto none = parse_pdp_contexts(std::vector<std::string>{});
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
}

TEST(PdpContexts, OneMalformedLineSpoilsTheReply) {
    const std::vector<std::string> lines{R"(+CGDCONT: 1,"IP","soracom.io")", R"(+CGDCONT: 2,"IP)"};
    EXPECT_FALSE(parse_pdp_contexts(lines));
}

}  // namespace
}  // namespace lte::parse
