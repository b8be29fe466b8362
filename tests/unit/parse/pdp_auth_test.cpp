#include "lte/parse/pdp_auth.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lte::parse {
namespace {

// Seed 001 (SIM7672 with a SORACOM SIM): CHAP, user then password.
TEST(PdpAuth, SeedLineChapWithUserAndPassword) {
    const auto auth = parse_pdp_auth(R"(+CGAUTH: 1,2,"sora","sora")");
    ASSERT_TRUE(auth);
    EXPECT_EQ(auth->cid, 1);
    EXPECT_EQ(auth->prot, AuthProt::Chap);
    EXPECT_EQ(auth->user, "sora");
    EXPECT_EQ(auth->password, "sora");
}

TEST(PdpAuth, StandardOrderIsUserThenPassword) {
    const auto auth = parse_pdp_auth(R"(+CGAUTH: 2,1,"alice","s3cret")");
    ASSERT_TRUE(auth);
    EXPECT_EQ(auth->prot, AuthProt::Pap);
    EXPECT_EQ(auth->user, "alice");
    EXPECT_EQ(auth->password, "s3cret");
}

TEST(PdpAuth, NoneWithoutCredentialsAndUserWithoutPassword) {
    const auto none = parse_pdp_auth("+CGAUTH: 1,0");
    ASSERT_TRUE(none);
    EXPECT_EQ(none->prot, AuthProt::None);
    EXPECT_EQ(none->user, "");
    const auto user_only = parse_pdp_auth(R"(+CGAUTH: 1,3,"bob")");
    ASSERT_TRUE(user_only);
    EXPECT_EQ(user_only->prot, AuthProt::PapOrChap);
    EXPECT_EQ(user_only->user, "bob");
    EXPECT_EQ(user_only->password, "");
}

TEST(PdpAuth, MalformedLinesAreRejected) {
    for (const char* line : {"+CGAUTH:", "+CGAUTH: 1", "+CGAUTH: 1,4", "+CGAUTH: 1,x", R"(+CGAUTH: 1,"2")",
                             R"(+CGAUTH: 1,2,"a","b","c")", R"(+CGAUTH: 1,2,"a)", "+CGDCONT: 1,2"}) {
        EXPECT_FALSE(parse_pdp_auth(line)) << line;
    }
}

TEST(PdpAuths, ParsesEveryLineOfAReply) {
    const std::vector<std::string> lines{R"(+CGAUTH: 1,2,"sora","sora")", "+CGAUTH: 2,0", ""};
    const auto all = parse_pdp_auths(lines);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[1].cid, 2);
    EXPECT_EQ((*all)[1].prot, AuthProt::None);
    EXPECT_FALSE(parse_pdp_auths(std::vector<std::string>{"+CGAUTH: 1,9"}));
}

TEST(PdpAuth, ProtocolNames) {
    EXPECT_STREQ(to_string(AuthProt::Chap), "CHAP");
    EXPECT_STREQ(to_string(AuthProt::PapOrChap), "PAP or CHAP");
}

}  // namespace
}  // namespace lte::parse
