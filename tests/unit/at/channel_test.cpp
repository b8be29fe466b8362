#include "lte/at/channel.hpp"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "channel_harness.hpp"

using lte::at::Command;
using lte::at::Final;
using lte::at::Reply;
using lte::test::ChannelHarness;
using namespace std::chrono_literals;
using testing::ElementsAre;
using testing::IsEmpty;

TEST(Channel, UrcBetweenEchoAndFinalGoesToSubscribersNotTheReply) {
    ChannelHarness h;
    h.stream.on_write = [&](const std::string& w) {
        if (w == "AT+CPIN?\r")
            h.stream.inject("AT+CPIN?\r\r\n+CEREG: 5,\"1698\",\"0259B344\",7\r\n\r\n+CPIN: READY\r\n\r\nOK\r\n");
    };
    const Reply r = h.run(Command{"AT+CPIN?"});
    EXPECT_EQ(r.final, Final::Ok);
    EXPECT_THAT(r.lines, ElementsAre("+CPIN: READY"));
    EXPECT_THAT(h.urcs, ElementsAre("+CEREG: 5,\"1698\",\"0259B344\",7"));
}

TEST(Channel, LineWithTheCommandsOwnPrefixIsTheReply) {
    ChannelHarness h;
    h.stream.on_write = [&](const std::string&) { h.stream.inject("\r\n+CEREG: 0,5\r\n\r\nOK\r\n"); };
    const Reply r = h.run(Command{"AT+CEREG?"});
    EXPECT_THAT(r.lines, ElementsAre("+CEREG: 0,5"));
    EXPECT_THAT(h.urcs, IsEmpty());
}

TEST(Channel, OneCommandInFlightTheNextWaitsForTheFinal) {
    ChannelHarness h;
    std::vector<Reply> replies;
    h.channel.send(Command{"AT"}, [&](Reply r) { replies.push_back(r); });
    h.channel.send(Command{"AT+CSQ"}, [&](Reply r) { replies.push_back(r); });
    h.settle();
    EXPECT_EQ(h.stream.written, "AT\r");  // AT+CSQ not yet written
    h.stream.inject("\r\nOK\r\n");
    h.run_until([&] { return h.stream.written == "AT\rAT+CSQ\r"; });
    EXPECT_EQ(h.stream.written, "AT\rAT+CSQ\r");
    h.stream.inject("\r\n+CSQ: 20,99\r\n\r\nOK\r\n");
    h.run_until([&] { return replies.size() == 2; });
    ASSERT_EQ(replies.size(), 2u);
    EXPECT_TRUE(replies[0].lines.empty());
    EXPECT_THAT(replies[1].lines, ElementsAre("+CSQ: 20,99"));
}

TEST(Channel, TimedOutCommandLeavesTheChannelUsableAndItsLateReplyIsDropped) {
    ChannelHarness h;
    const Reply timed_out = h.run(Command{"AT+CGDCONT?", 50ms});
    EXPECT_EQ(timed_out.final, Final::Timeout);
    EXPECT_NE(timed_out.describe().find("AT+CGDCONT?"), std::string::npos);
    // The late reply of the timed-out command, then the next command's own reply.
    h.stream.inject("\r\n+CGDCONT: 1,\"IP\",\"soracom.io\"\r\n\r\nOK\r\n");
    h.stream.on_write = [&](const std::string& w) {
        if (w == "AT+CSQ\r") h.stream.inject("\r\n+CSQ: 17,99\r\n\r\nOK\r\n");
    };
    const Reply next = h.run(Command{"AT+CSQ"});
    EXPECT_EQ(next.final, Final::Ok);
    EXPECT_THAT(next.lines, ElementsAre("+CSQ: 17,99"));
}

TEST(Channel, WithEchoOnAStaleFinalBeforeOurEchoIsNotTaken) {
    ChannelHarness h;
    h.stream.on_write = [&](const std::string& w) {
        if (w == "AT\r") h.stream.inject("AT\r\r\nOK\r\n");
    };
    EXPECT_EQ(h.run(Command{"AT"}).final, Final::Ok);  // learns that echo is on
    h.stream.on_write = nullptr;
    EXPECT_EQ(h.run(Command{"AT+COPS=?", 50ms}).final, Final::Timeout);
    h.stream.on_write = [&](const std::string& w) {
        // The slow scan answers only now, right before the echo of the next command.
        if (w == "AT+CSQ\r") h.stream.inject("\r\nOK\r\nAT+CSQ\r\r\n+CSQ: 9,99\r\n\r\nOK\r\n");
    };
    const Reply r = h.run(Command{"AT+CSQ"});
    EXPECT_EQ(r.final, Final::Ok);
    EXPECT_THAT(r.lines, ElementsAre("+CSQ: 9,99"));
}

TEST(Channel, EchoComingBackAfterAResetIsStripped) {
    ChannelHarness h;
    h.stream.on_write = [&](const std::string& w) {
        if (w == "ATE0\r") h.stream.inject("ATE0\r\r\nOK\r\n");
        if (w == "AT+CFUN=1,1\r") h.stream.inject("\r\nOK\r\n\r\nRDY\r\n");
        if (w == "AT+CPIN?\r") h.stream.inject("AT+CPIN?\r\r\n+CPIN: READY\r\n\r\nOK\r\n");  // echo is back on
    };
    EXPECT_EQ(h.run(Command{"ATE0"}).final, Final::Ok);
    EXPECT_EQ(h.run(Command{"AT+CFUN=1,1"}).final, Final::Ok);
    const Reply r = h.run(Command{"AT+CPIN?"});
    EXPECT_THAT(r.lines, ElementsAre("+CPIN: READY"));
    h.settle();
    EXPECT_THAT(h.urcs, ElementsAre("RDY"));
}

TEST(Channel, CmeErrorIsAFinalWithItsText) {
    ChannelHarness h;
    h.stream.on_write = [&](const std::string&) { h.stream.inject("\r\n+CME ERROR: SIM not inserted\r\n"); };
    const Reply r = h.run(Command{"AT+CPIN?"});
    EXPECT_EQ(r.final, Final::CmeError);
    EXPECT_EQ(r.describe(), "+CME ERROR: SIM not inserted");
}

TEST(Channel, NoCarrierWhileIdleIsAnUrcButEndsADial) {
    ChannelHarness h;
    h.stream.inject("\r\nNO CARRIER\r\n");
    h.settle();
    EXPECT_THAT(h.urcs, ElementsAre("NO CARRIER"));
    h.stream.on_write = [&](const std::string&) { h.stream.inject("\r\nNO CARRIER\r\n"); };
    EXPECT_EQ(h.run(Command{"ATD*99***1#"}).final, Final::NoCarrier);
}

TEST(Channel, ConnectEntersDataModeAndStopsReading) {
    ChannelHarness h;
    h.stream.on_write = [&](const std::string& w) {
        if (w == "ATD*99***1#\r") h.stream.inject("ATD*99***1#\r\r\nCONNECT 150000000\r\n");
    };
    std::optional<Reply> queued;
    const Reply r = h.run(Command{"ATD*99***1#"});
    EXPECT_EQ(r.final, Final::Connect);
    EXPECT_EQ(r.final_line, "CONNECT 150000000");
    EXPECT_TRUE(h.channel.in_data_mode());
    EXPECT_TRUE(h.stream.paused());
    h.channel.send(Command{"AT+CSQ"}, [&](Reply q) { queued = q; });
    h.settle();
    EXPECT_FALSE(queued.has_value());  // held until command mode returns
    h.channel.resume_command_mode();
    h.settle();
    EXPECT_FALSE(h.stream.paused());
    EXPECT_NE(h.stream.written.find("AT+CSQ\r"), std::string::npos);
}

TEST(Channel, EscapeSendsPlusPlusPlusAfterTheGuardTime) {
    ChannelHarness h;
    h.stream.on_write = [&](const std::string& w) {
        if (w == "ATD*99#\r") h.stream.inject("\r\nCONNECT\r\n");
        if (w == "+++") h.stream.inject("\r\nOK\r\n");
    };
    ASSERT_EQ(h.run(Command{"ATD*99#"}).final, Final::Connect);
    std::optional<Reply> escaped;
    h.channel.escape_data_mode(30ms, [&](Reply r) { escaped = r; });
    h.settle();
    EXPECT_EQ(h.stream.written.find("+++"), std::string::npos) << "no +++ before the guard time";
    h.run_until([&] { return escaped.has_value(); });
    ASSERT_TRUE(escaped.has_value());
    EXPECT_EQ(escaped->final, Final::Ok);
    EXPECT_FALSE(h.channel.in_data_mode());
    EXPECT_EQ(h.stream.written.substr(h.stream.written.size() - 3), "+++");  // no CR after it
}

TEST(Channel, PortLossFailsEveryPendingCommandAndIsReportedOnce) {
    ChannelHarness h;
    int lost_reports = 0;
    h.channel.on_lost([&](const std::error_code&) { ++lost_reports; });
    std::vector<Reply> replies;
    h.channel.send(Command{"AT"}, [&](Reply r) { replies.push_back(r); });
    h.channel.send(Command{"AT+CSQ"}, [&](Reply r) { replies.push_back(r); });
    h.stream.inject_lost();
    h.stream.inject_lost();
    h.run_until([&] { return replies.size() == 2; });
    ASSERT_EQ(replies.size(), 2u);
    EXPECT_EQ(replies[0].final, Final::PortLost);
    EXPECT_EQ(replies[1].final, Final::PortLost);
    EXPECT_EQ(lost_reports, 1);
    EXPECT_EQ(h.run(Command{"AT"}).final, Final::PortLost);
}

TEST(Channel, PromptGetsThePayloadAndCtrlZ) {
    ChannelHarness h;
    h.stream.on_write = [&](const std::string& w) {
        if (w == "AT+CMGS=\"+8190\"\r") h.stream.inject("\r\n> ");
        if (w == "hello\x1a") h.stream.inject("\r\n+CMGS: 4\r\n\r\nOK\r\n");
    };
    Command c{"AT+CMGS=\"+8190\""};
    c.payload = "hello";
    const Reply r = h.run(c);
    EXPECT_EQ(r.final, Final::Ok);
    EXPECT_THAT(r.lines, ElementsAre("+CMGS: 4"));
}

TEST(Channel, CloseFailsQueuedCommands) {
    ChannelHarness h;
    std::vector<Reply> replies;
    h.channel.send(Command{"AT"}, [&](Reply r) { replies.push_back(r); });
    h.channel.send(Command{"AT"}, [&](Reply r) { replies.push_back(r); });
    h.channel.close();
    h.run_until([&] { return replies.size() == 2; });
    ASSERT_EQ(replies.size(), 2u);
    EXPECT_EQ(replies[0].final, Final::Closed);
    EXPECT_EQ(replies[1].final, Final::Closed);
}

TEST(Channel, UnsubscribedHandlerGetsNothing) {
    ChannelHarness h;
    std::vector<std::string> mine;
    {
        auto sub = h.channel.subscribe([&](const std::string& l) { mine.push_back(l); });
        h.stream.inject("\r\nRDY\r\n");
        h.settle();
    }
    h.stream.inject("\r\nSMS DONE\r\n");
    h.settle();
    EXPECT_THAT(mine, ElementsAre("RDY"));
    EXPECT_THAT(h.urcs, ElementsAre("RDY", "SMS DONE"));
}

TEST(Channel, AbortedCommandsFailButThePortStaysUsable) {
    ChannelHarness h;
    std::vector<Reply> replies;
    h.channel.send(Command{"AT+CEREG?"}, [&](Reply r) { replies.push_back(r); });
    h.channel.abort_commands("stopping");
    h.channel.send(Command{"AT+CSQ"}, [&](Reply r) { replies.push_back(r); });
    h.run_until([&] { return replies.size() == 2; });
    ASSERT_EQ(replies.size(), 2u);
    EXPECT_EQ(replies[0].final, Final::Closed);
    EXPECT_EQ(replies[1].final, Final::Closed);
    EXPECT_EQ(replies[1].final_line, "scripted: stopping");
    h.stream.inject("\r\n+CEREG: 0,5\r\n\r\nOK\r\n");  // the aborted command's late reply
    h.channel.accept_commands();
    h.stream.on_write = [&](const std::string& w) {
        if (w == "ATH\r") h.stream.inject("\r\nOK\r\n");
    };
    const Reply hangup = h.run(Command{"ATH"});
    EXPECT_EQ(hangup.final, Final::Ok);
    EXPECT_TRUE(hangup.lines.empty()) << "the late reply must not leak into the next command";
}

TEST(Channel, EscapeAfterAnUnansweredProbeTakesTheOk) {
    // The hang-up after pppd: "AT" goes unanswered (still in data mode), then "+++" is answered.
    ChannelHarness h;
    h.stream.on_write = [&](const std::string& w) {
        if (w == "ATD*99#\r") h.stream.inject("ATD*99#\r\r\nCONNECT\r\n");  // echo on
        if (w == "+++") h.stream.inject("\r\nOK\r\n");
    };
    ASSERT_EQ(h.run(Command{"ATD*99#"}).final, Final::Connect);
    h.channel.resume_command_mode();
    EXPECT_EQ(h.run(Command{"AT", 30ms}).final, Final::Timeout);
    std::optional<Reply> escaped;
    h.channel.escape_data_mode(30ms, [&](Reply r) { escaped = r; });
    h.run_until([&] { return escaped.has_value(); });
    ASSERT_TRUE(escaped.has_value());
    EXPECT_EQ(escaped->final, Final::Ok);
}

TEST(Channel, NoCarrierDuringTheEscapeGuardTimeEndsItWithoutPlusPlusPlus) {
    // After pppd: "AT" goes unanswered, then the modem's NO CARRIER arrives while "+++" waits out
    // its guard time. The modem is in command mode: "+++" would only sit in its command line.
    ChannelHarness h;
    h.stream.on_write = [&](const std::string& w) {
        if (w == "ATD*99#\r") h.stream.inject("\r\nCONNECT\r\n");
    };
    ASSERT_EQ(h.run(Command{"ATD*99#"}).final, Final::Connect);
    h.channel.resume_command_mode();
    EXPECT_EQ(h.run(Command{"AT", 30ms}).final, Final::Timeout);
    std::optional<Reply> escaped;
    h.channel.escape_data_mode(200ms, [&](Reply r) { escaped = r; });
    h.stream.inject("\r\nNO CARRIER\r\n");
    h.run_until([&] { return escaped.has_value(); });
    ASSERT_TRUE(escaped.has_value());
    EXPECT_EQ(escaped->final, Final::NoCarrier);
    EXPECT_EQ(h.stream.written.find("+++"), std::string::npos);
    EXPECT_EQ(h.run(Command{"ATH", 50ms}).final, Final::Timeout) << "the next command goes out at once";
    EXPECT_NE(h.stream.written.find("ATH\r"), std::string::npos);
}

// Routes the default logger into a string for one test ("<level> <message>" lines), then restores it.
class LogCapture {
public:
    LogCapture() {
        auto logger =
            std::make_shared<spdlog::logger>("capture", std::make_shared<spdlog::sinks::ostream_sink_st>(out_));
        logger->set_level(spdlog::level::debug);
        logger->set_pattern("%l %v");
        spdlog::set_default_logger(std::move(logger));
    }
    ~LogCapture() { spdlog::set_default_logger(previous_); }
    LogCapture(const LogCapture&) = delete;
    LogCapture& operator=(const LogCapture&) = delete;
    [[nodiscard]] std::string text() const { return out_.str(); }

private:
    std::shared_ptr<spdlog::logger> previous_ = spdlog::default_logger();
    std::ostringstream out_;
};

TEST(Channel, AnUnansweredProbeIsNoWarningButAnUnansweredCommandIs) {
    // The hang-up's "AT" probe usually goes unanswered (the modem is in data mode): not a warning.
    LogCapture log;
    ChannelHarness h;
    Command probe{"AT", 30ms};
    probe.probe = true;
    EXPECT_EQ(h.run(probe).final, Final::Timeout);
    EXPECT_EQ(h.run(Command{"AT+CSQ", 30ms}).final, Final::Timeout);
    EXPECT_THAT(log.text(), testing::ContainsRegex("debug [^\n]*no reply within 30 ms to AT\n"));
    EXPECT_THAT(log.text(), testing::ContainsRegex("warning [^\n]*no reply within 30 ms to AT\\+CSQ\n"));
    EXPECT_THAT(log.text(), testing::Not(testing::ContainsRegex("warning [^\n]*to AT\n")));
}

TEST(Channel, BytesAfterConnectInTheSameReadReachNoSubscriber) {
    ChannelHarness h;
    h.stream.on_write = [&](const std::string&) {
        h.stream.inject("\r\nCONNECT 150000000\r\n~\x7d\x23\r\nRDY\r\n");  // PPP bytes, one looks like a URC
    };
    EXPECT_EQ(h.run(Command{"ATD*99***1#"}).final, Final::Connect);
    h.settle();
    EXPECT_THAT(h.urcs, IsEmpty());
}

TEST(Channel, TheTailOfALineCutByTheFlushAtOpenIsDropped) {
    ChannelHarness h;
    h.stream.on_write = [&](const std::string& w) {
        if (w == "AT+CSQ\r") h.stream.inject("Y\r\n\r\n+CSQ: 20,99\r\n\r\nOK\r\n");  // "...READ" was flushed
    };
    const Reply r = h.run(Command{"AT+CSQ"});
    EXPECT_EQ(r.final, Final::Ok);
    EXPECT_THAT(r.lines, ElementsAre("+CSQ: 20,99"));
}

// A vendor's "+NAME:" indication the channel has never heard of is not the answer of a command of
// another name (LilyGo-Modem-Series issue 496: "+MSTK: 14" from an A7670's SIM toolkit).
TEST(Channel, UnknownPlusNameLineOfAnotherCommandIsUnsolicited) {
    ChannelHarness h;
    h.stream.on_write = [&](const std::string&) {
        h.stream.inject("\r\n+CSQ: 20,99\r\n\r\n+MSTK: 14\r\n\r\n+RXDTMF: 5\r\n\r\nOK\r\n");
    };
    const Reply r = h.run(Command{"AT+CSQ"});
    EXPECT_THAT(r.lines, ElementsAre("+CSQ: 20,99"));
    EXPECT_THAT(h.urcs, ElementsAre("+MSTK: 14", "+RXDTMF: 5"));
}

// A plain-text URC is known only from the modem's profile: "SMS Ready" before the model name.
TEST(Channel, ProfileUrcIsNotTheAnswer) {
    ChannelHarness h;
    h.channel.add_urc_prefix("SMS Ready");
    h.stream.on_write = [&](const std::string&) {
        h.stream.inject("\r\nSMS Ready\r\n\r\nSIMCOM_SIM7000E\r\n\r\nOK\r\n");
    };
    const Reply r = h.run(Command{"AT+CGMM"});
    EXPECT_THAT(r.lines, ElementsAre("SIMCOM_SIM7000E"));
    EXPECT_THAT(h.urcs, ElementsAre("SMS Ready"));
}

// Anything before our own echo was sent before the modem read the command.
TEST(Channel, LinesBeforeTheEchoAreUnsolicited) {
    ChannelHarness h;
    h.stream.on_write = [&](const std::string&) {
        h.stream.inject("\r\nCall Ready\r\nAT+CGMM\r\r\nSIMCOM_SIM800C\r\n\r\nOK\r\n");
    };
    const Reply r = h.run(Command{"AT+CGMM"});
    EXPECT_THAT(r.lines, ElementsAre("SIMCOM_SIM800C"));
    EXPECT_THAT(h.urcs, ElementsAre("Call Ready"));
}

TEST(Channel, WithoutAnEchoTheLinesAreTheAnswer) {
    ChannelHarness h;
    h.stream.on_write = [&](const std::string&) { h.stream.inject("\r\nEC21\r\n\r\nOK\r\n"); };
    EXPECT_THAT(h.run(Command{"AT+CGMM"}).lines, ElementsAre("EC21"));
}

// 27.005 §3.4.1: a delivery report in PDU mode is two lines, both unsolicited.
TEST(Channel, TwoLineUrcMidCommandKeepsBothLinesOutOfTheAnswer) {
    ChannelHarness h;
    h.stream.on_write = [&](const std::string&) {
        h.stream.inject("\r\n+CDS: 25\r\n07914400000000F006050B914400000000F0\r\n\r\n+CSQ: 20,99\r\n\r\nOK\r\n");
    };
    const Reply r = h.run(Command{"AT+CSQ"});
    EXPECT_THAT(r.lines, ElementsAre("+CSQ: 20,99"));
    EXPECT_THAT(h.urcs, ElementsAre("+CDS: 25", "07914400000000F006050B914400000000F0"));
}

TEST(Channel, AnswersUnderAnotherNameAndConcatenatedCommandsStayTheAnswer) {
    ChannelHarness h;
    h.stream.on_write = [&](const std::string& w) {
        if (w == "AT+CICCID\r") h.stream.inject("\r\n+ICCID: 8981100022152967705\r\n\r\nOK\r\n");
        if (w == "AT+CSQ;+CREG?\r") h.stream.inject("\r\n+CSQ: 20,99\r\n\r\n+CREG: 0,1\r\n\r\nOK\r\n");
        if (w == "ATI\r") h.stream.inject("\r\nManufacturer: SIMCOM INCORPORATED\r\n+GCAP: +CGSM\r\n\r\nOK\r\n");
    };
    EXPECT_THAT(h.run(Command{"AT+CICCID"}).lines, ElementsAre("+ICCID: 8981100022152967705"));
    EXPECT_THAT(h.run(Command{"AT+CSQ;+CREG?"}).lines, ElementsAre("+CSQ: 20,99", "+CREG: 0,1"));
    // A basic command's answer is free text, "+NAME:" lines included.
    EXPECT_THAT(h.run(Command{"ATI"}).lines, ElementsAre("Manufacturer: SIMCOM INCORPORATED", "+GCAP: +CGSM"));
    EXPECT_THAT(h.urcs, IsEmpty());
}

// ModemManager's serial parser knows these non-standard finals (src/tests/test-at-serial-port.c).
TEST(Channel, VendorErrorFinalsEndTheCommandAtOnce) {
    ChannelHarness h;
    std::string final_text = "COMMAND NOT SUPPORT";
    h.stream.on_write = [&](const std::string&) { h.stream.inject("\r\n" + final_text + "\r\n"); };
    for (const std::string text : {"COMMAND NOT SUPPORT", "TOO MANY PARAMETERS", "MODEM ERROR: 5"}) {
        final_text = text;
        const Reply r = h.run(Command{"AT^SYSCFG?", 30s});
        EXPECT_EQ(r.final, Final::Error) << text;
        EXPECT_EQ(r.describe(), text);
    }
}

TEST(Channel, CmeErrorIsDescribedInWords) {
    ChannelHarness h;
    h.stream.on_write = [&](const std::string&) { h.stream.inject("\r\n+CME ERROR: 14\r\n"); };
    const Reply r = h.run(Command{"AT+CPIN?"});
    EXPECT_EQ(r.final, Final::CmeError);
    EXPECT_EQ(r.final_line, "+CME ERROR: 14");
    EXPECT_EQ(r.describe(), "+CME ERROR: 14 (SIM busy)");
}

// After a timeout the late answer is dropped, but an indication of another name still gets through.
TEST(Channel, DrainDropsTheLateAnswerButNotAVendorIndication) {
    ChannelHarness h;
    EXPECT_EQ(h.run(Command{"AT+CGDCONT?", 50ms}).final, Final::Timeout);
    h.stream.inject("\r\n+CGDCONT: 1,\"IP\",\"soracom.io\"\r\n\r\n+QIND: \"csq\",20,99\r\n\r\nOK\r\n");
    h.run_until([&] { return !h.urcs.empty(); });
    EXPECT_THAT(h.urcs, ElementsAre("+QIND: \"csq\",20,99"));
}

// A reply without end (lines and no final) ends the command with Overflow at the byte cap; the
// modem's command is aborted with a lone CR, and the next command gets its own reply.
TEST(Channel, EndlessReplyEndsInOverflowAndTheNextCommandWorks) {
    ChannelHarness h;
    const std::string line(4000, 'x');
    h.stream.on_write = [&](const std::string& w) {
        if (w == "AT+CPSI?\r") {
            std::string flood;
            for (int i = 0; i < 40; ++i) flood += "\r\n+CPSI: " + line + "\r\n";
            h.stream.inject(flood);
        } else if (w == "AT+CSQ\r") {
            h.stream.inject("\r\n+CSQ: 17,99\r\n\r\nOK\r\n");
        }
    };
    const Reply r = h.run(Command{"AT+CPSI?", 10s});
    EXPECT_EQ(r.final, Final::Overflow);
    EXPECT_THAT(r.describe(), testing::HasSubstr("reply from the modem to AT+CPSI? on scripted exceeded 65536 bytes"));
    EXPECT_THAT(r.lines, IsEmpty());
    EXPECT_NE(h.stream.written.find("AT+CPSI?\r\r"), std::string::npos) << "no CR sent to abort the command";
    const Reply next = h.run(Command{"AT+CSQ"});
    EXPECT_EQ(next.final, Final::Ok);
    EXPECT_THAT(next.lines, ElementsAre("+CSQ: 17,99"));
}

TEST(Channel, TooManyReplyLinesEndInOverflow) {
    ChannelHarness h;
    h.stream.on_write = [&](const std::string& w) {
        if (w == "AT+COPS=?\r") {
            std::string flood;
            for (std::size_t i = 0; i <= lte::at::limits::max_reply_lines; ++i) flood += "\r\nx\r\n";
            h.stream.inject(flood);
        }
    };
    const Reply r = h.run(Command{"AT+COPS=?", 10s});
    EXPECT_EQ(r.final, Final::Overflow);
    EXPECT_THAT(r.describe(), testing::HasSubstr("exceeded 1024 lines"));
}

// One line that never ends: Overflow at the line cap, the rest of that line is discarded up to
// its line end, and the next command is answered.
TEST(Channel, EndlessLineEndsInOverflowAndTheChannelResynchronises) {
    ChannelHarness h;
    h.stream.on_write = [&](const std::string& w) {
        if (w == "AT+CGDCONT?\r") h.stream.inject("\r\n+CGDCONT: " + std::string(10000, 'y'));
        if (w == "\r") h.stream.inject(std::string(3000, 'y'));  // still the same line, then it ends
        if (w == "AT\r") h.stream.inject("\r\nOK\r\n");
    };
    const Reply r = h.run(Command{"AT+CGDCONT?", 10s});
    EXPECT_EQ(r.final, Final::Overflow);
    EXPECT_THAT(r.describe(), testing::HasSubstr("had a line longer than 4096 bytes"));
    h.stream.inject("\r\n");
    const Reply next = h.run(Command{"AT"});
    EXPECT_EQ(next.final, Final::Ok);
    EXPECT_THAT(next.lines, IsEmpty());
}

TEST(Channel, SendsBeyondAFullQueueFailAtOnce) {
    ChannelHarness h;
    std::vector<Reply> replies;
    for (std::size_t i = 0; i < lte::at::limits::max_queued_commands + 2; ++i)
        h.channel.send(Command{"AT", 10s}, [&](Reply r) { replies.push_back(std::move(r)); });
    h.run_until([&] { return replies.size() == 1; });
    ASSERT_EQ(replies.size(), 1u) << "only the one beyond the queue's cap fails at once";
    EXPECT_EQ(replies[0].final, Final::Overflow);
    EXPECT_THAT(replies[0].describe(), testing::HasSubstr("32 commands already wait for the modem"));
    EXPECT_EQ(h.channel.queued(), lte::at::limits::max_queued_commands + 1);
}
