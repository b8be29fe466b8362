#include "lte/connection/link_loss.hpp"

#include <gtest/gtest.h>

using lte::connection::link_loss_reason;

TEST(LinkLoss, NetworkDetachAndDeactivationEndTheLink) {
    EXPECT_TRUE(link_loss_reason("+CGEV: NW DETACH"));
    EXPECT_TRUE(link_loss_reason("+CGEV: ME DETACH"));
    EXPECT_TRUE(link_loss_reason("+CGEV: NW PDN DEACT 1"));
    EXPECT_TRUE(link_loss_reason("NO CARRIER"));
    EXPECT_TRUE(link_loss_reason("+PPPD: DISCONNECTED"));
}

TEST(LinkLoss, LostOrDeniedRegistrationEndsTheLink) {
    const auto reason = link_loss_reason("+CEREG: 0");
    ASSERT_TRUE(reason);
    EXPECT_NE(reason->find("CEREG"), std::string::npos);
    EXPECT_TRUE(link_loss_reason("+CGREG: 3"));
}

TEST(LinkLoss, SearchingRoamingAndReadFormsAreNotALoss) {
    EXPECT_FALSE(link_loss_reason("+CEREG: 2"));  // a moment of searching: LCP echo decides
    EXPECT_FALSE(link_loss_reason("+CEREG: 5,\"1698\",\"0259B344\",7"));
    EXPECT_FALSE(link_loss_reason("+CEREG: 0,0"));  // a read-form reply, not an event
    EXPECT_FALSE(link_loss_reason("+CGEV: NW MODIFY 1"));
    EXPECT_FALSE(link_loss_reason("+QIND: PB DONE"));
    EXPECT_FALSE(link_loss_reason("RDY"));
}
