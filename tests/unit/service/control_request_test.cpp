#include "lte/service/control_request.hpp"

#include <gtest/gtest.h>

namespace lte::service {
namespace {

using namespace std::chrono_literals;

TEST(ControlRequest, StatusAndAtForms) {
    EXPECT_EQ(parse_control_request("status\n").kind, ControlRequest::Kind::Status);
    const ControlRequest at = parse_control_request("at AT+CSQ\n");
    EXPECT_FALSE(at.error);
    EXPECT_EQ(at.kind, ControlRequest::Kind::At);
    EXPECT_EQ(at.command, "AT+CSQ");
    EXPECT_FALSE(at.force);
    EXPECT_FALSE(at.timeout);
    const ControlRequest forced = parse_control_request("at! timeout=180000 AT+COPS=?\n");
    EXPECT_FALSE(forced.error);
    EXPECT_TRUE(forced.force);
    EXPECT_EQ(forced.timeout, 180s);
    EXPECT_EQ(forced.command, "AT+COPS=?");
}

TEST(ControlRequest, DownAndUp) {
    EXPECT_EQ(parse_control_request("down\n").kind, ControlRequest::Kind::Down);
    EXPECT_EQ(parse_control_request("up\n").kind, ControlRequest::Kind::Up);
    EXPECT_EQ(parse_control_request("reset-counters\n").kind, ControlRequest::Kind::ResetCounters);
    EXPECT_TRUE(parse_control_request("reset-counters now\n").error);
    EXPECT_TRUE(parse_control_request("down now\n").error) << "no arguments";
}

TEST(ControlRequest, RoundTripsTheClientsLine) {
    const ControlRequest r = parse_control_request(at_request_line("AT+CPIN?", true, 2500ms) + "\n");
    EXPECT_FALSE(r.error);
    EXPECT_EQ(r.command, "AT+CPIN?");
    EXPECT_TRUE(r.force);
    EXPECT_EQ(r.timeout, 2500ms);
}

TEST(ControlRequest, RefusesWhatIsNotOneLine) {
    EXPECT_NE(parse_control_request("at AT+CSQ\rATH\n").error.value_or("").find("carriage return"), std::string::npos);
    EXPECT_NE(parse_control_request("at AT+CSQ\r\n").error.value_or("").find("carriage return"), std::string::npos);
    EXPECT_NE(parse_control_request("at AT+CSQ\nATH\n").error.value_or("").find("more than one line"),
              std::string::npos);
    EXPECT_NE(parse_control_request(std::string("at AT\0H\n", 8)).error.value_or("").find("NUL"), std::string::npos);
    EXPECT_TRUE(parse_control_request("\n").error);
    EXPECT_TRUE(parse_control_request("at \n").error);
    EXPECT_TRUE(parse_control_request("reboot\n").error);
}

TEST(ControlRequest, BadTimeoutsAreErrors) {
    for (const char* bad :
         {"at timeout= AT", "at timeout=0 AT", "at timeout=-5 AT", "at timeout=5s AT", "at timeout=999999999999 AT"})
        EXPECT_TRUE(parse_control_request(bad).error) << bad;
}

}  // namespace
}  // namespace lte::service
