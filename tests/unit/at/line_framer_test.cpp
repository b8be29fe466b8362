#include "lte/at/line_framer.hpp"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using lte::at::LineFramer;
using testing::ElementsAre;

namespace {

struct Collected {
    std::vector<std::string> lines;
    int prompts = 0;
    int overflows = 0;
    LineFramer framer{[this](std::string l) { lines.push_back(std::move(l)); }, [this] { ++prompts; },
                      [this] { ++overflows; }};
};

}  // namespace

TEST(LineFramer, EchoEndingCrCrLfGivesOneLine) {
    Collected c;
    c.framer.feed("AT+CEREG?\r\r\n+CEREG: 0,5\r\n\r\nOK\r\n");
    EXPECT_THAT(c.lines, ElementsAre("AT+CEREG?", "+CEREG: 0,5", "OK"));
}

TEST(LineFramer, CrAndLfSplitAcrossReads) {
    Collected c;
    c.framer.feed("+CEREG: 0,5\r");
    c.framer.feed("\n");
    c.framer.feed("\r\n");
    c.framer.feed("OK\r\n");
    EXPECT_THAT(c.lines, ElementsAre("+CEREG: 0,5", "OK"));
}

TEST(LineFramer, LineEndingsWithoutCrOrWithoutLf) {
    Collected c;
    c.framer.feed("RDY\n+CPIN: READY\rSMS DONE\n\nOK\r");
    EXPECT_THAT(c.lines, ElementsAre("RDY", "+CPIN: READY", "SMS DONE", "OK"));
}

TEST(LineFramer, PartialLineIsHeldUntilItEnds) {
    Collected c;
    c.framer.feed("+CPIN: READ");
    EXPECT_TRUE(c.lines.empty());
    EXPECT_EQ(c.framer.partial(), "+CPIN: READ");
    c.framer.feed("Y\r\n");
    EXPECT_THAT(c.lines, ElementsAre("+CPIN: READY"));
}

TEST(LineFramer, PromptOnlyWhenExpected) {
    Collected c;
    c.framer.feed("\r\n> ");
    EXPECT_EQ(c.prompts, 0);
    c.framer.reset();
    c.framer.expect_prompt(true);
    c.framer.feed("\r\n>");
    c.framer.feed(" ");
    EXPECT_EQ(c.prompts, 1);
    EXPECT_TRUE(c.lines.empty());
}

TEST(LineFramer, GarbageWithoutLineEndsIsBounded) {
    Collected c;
    c.framer.feed(std::string(LineFramer::max_line * 3, 'x'));
    EXPECT_TRUE(c.lines.empty()) << "no piece of an overlong line is a line";
    EXPECT_EQ(c.overflows, 1);
    EXPECT_LE(c.framer.partial().size(), LineFramer::max_line);
    c.framer.feed(std::string(LineFramer::max_line, 'y'));
    EXPECT_EQ(c.overflows, 1) << "one overflow per line";
}

TEST(LineFramer, ResynchronisesAtTheLineEndAfterAnOverlongLine) {
    Collected c;
    c.framer.feed(std::string(LineFramer::max_line + 1, 'x') + "tail\r\nOK\r\n");
    EXPECT_THAT(c.lines, ElementsAre("OK"));
    EXPECT_EQ(c.overflows, 1);
}

TEST(LineFramer, ALineOfExactlyTheCapIsKept) {
    Collected c;
    c.framer.feed(std::string(LineFramer::max_line, 'x') + "\r\n");
    ASSERT_EQ(c.lines.size(), 1u);
    EXPECT_EQ(c.lines[0].size(), LineFramer::max_line);
    EXPECT_EQ(c.overflows, 0);
}
