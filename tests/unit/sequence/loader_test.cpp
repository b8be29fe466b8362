#include "lte/sequence/loader.hpp"

#include <gtest/gtest.h>

using namespace lte::sequence;

namespace {

// Returns the error a text raises, failing the test when it loads.
YamlError load_error(const std::string& text) {
    try {
        parse_sequence(text, "test.yaml");
    } catch (const YamlError& e) {
        return e;
    }
    ADD_FAILURE() << "loaded without error:\n" << text;
    return YamlError("", 0, 0, "");
}

}  // namespace

TEST(SequenceLoader, ReadsEveryStepKind) {
    const auto seq = parse_sequence(R"Y(
name: demo
abort: ["NO CARRIER", BUSY]
secret_vars: [cur_auth]
vars: {dial: "ATD*99***1#"}
steps:
  - {send: "AT", retry: {times: 3, interval: 200ms}}
  - {send: "AT+CPIN?", expect: "+CPIN: READY", fail: "SIM not ready", timeout: 10s}
  - {send: 'AT+CGDCONT?', capture: {cur_apn: '^\+CGDCONT: ${cid},"[^"]*","([^"]*)"'}}
  - when: "${cur_apn} != ${apn} || ${cur_apn} == x && ${cid} != 2"
    steps:
      - {send: 'AT+CGAUTH=1,${auth},"${user}","${password}"', secret: true, optional: true}
  - {wait_registered: {timeout: 2m, poll: 1s, via: [CEREG, CREG]}}
  - {sleep: 1s}
  - {send: "${dial}", expect: "/^CONNECT/", port: data}
)Y",
                                    "demo.yaml");
    EXPECT_EQ(seq.name, "demo");
    EXPECT_EQ(seq.abort, (std::vector<std::string>{"NO CARRIER", "BUSY"}));
    ASSERT_EQ(seq.steps.size(), 7u);

    const auto& at = std::get<SendStep>(seq.steps[0].action);
    EXPECT_EQ(at.retry.times, 3);
    EXPECT_EQ(at.retry.interval, std::chrono::milliseconds(200));
    EXPECT_EQ(at.expect.kind, Expect::Kind::FinalOk);

    const auto& cpin = std::get<SendStep>(seq.steps[1].action);
    EXPECT_EQ(cpin.expect.kind, Expect::Kind::Literal);
    EXPECT_EQ(cpin.expect.text, "+CPIN: READY");
    EXPECT_EQ(cpin.fail_message, "SIM not ready");
    EXPECT_EQ(cpin.timeout, std::chrono::seconds(10));

    const auto& when = std::get<WhenStep>(seq.steps[3].action);
    ASSERT_EQ(when.condition.any_of.size(), 2u);
    ASSERT_EQ(when.condition.any_of[0].size(), 1u);
    EXPECT_EQ(when.condition.any_of[0][0].left, "${cur_apn}");
    EXPECT_EQ(when.condition.any_of[0][0].right, "${apn}");
    EXPECT_FALSE(when.condition.any_of[0][0].equal);
    ASSERT_EQ(when.condition.any_of[1].size(), 2u);
    EXPECT_TRUE(when.condition.any_of[1][0].equal);
    EXPECT_EQ(when.condition.any_of[1][1].right, "2");
    const auto& auth = std::get<SendStep>(when.steps.at(0).action);
    EXPECT_TRUE(auth.secret);
    EXPECT_TRUE(auth.optional);

    const auto& wait = std::get<WaitRegisteredStep>(seq.steps[4].action);
    EXPECT_EQ(wait.timeout, std::chrono::minutes(2));
    EXPECT_EQ(wait.via, (std::vector{lte::parse::RegKind::Cereg, lte::parse::RegKind::Creg}));

    const auto& dial = std::get<SendStep>(seq.steps[6].action);
    EXPECT_EQ(dial.port, Port::Data);
    EXPECT_EQ(dial.expect.kind, Expect::Kind::Regex);
    EXPECT_EQ(seq.steps[6].line, 15);
}

TEST(SequenceLoader, UnknownKeySaysWhereAndSuggests) {
    const auto e = load_error("name: x\nsteps:\n  - send: AT\n    timeuot: 5s\n");
    EXPECT_EQ(e.line(), 4);
    EXPECT_EQ(e.column(), 5);
    EXPECT_NE(e.problem().find("unknown key 'timeuot'"), std::string::npos) << e.what();
    EXPECT_NE(e.problem().find("did you mean 'timeout'"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).rfind("test.yaml:4:5: ", 0), 0u) << e.what();
}

TEST(SequenceLoader, MisspeltStepKindIsNamed) {
    const auto e = load_error("name: x\nsteps:\n  - {sned: AT}\n");
    EXPECT_EQ(e.line(), 3);
    EXPECT_NE(e.problem().find("did you mean 'send'"), std::string::npos) << e.what();
}

TEST(SequenceLoader, BadDurationIsLocated) {
    const auto e = load_error("name: x\nsteps:\n  - {send: AT, timeout: 5}\n");
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.column(), 25);
    EXPECT_NE(e.problem().find("duration"), std::string::npos) << e.what();
}

TEST(SequenceLoader, WrongTypeIsLocated) {
    const auto e = load_error("name: x\nsteps:\n  - send: AT\n    optional: maybe\n");
    EXPECT_EQ(e.line(), 4);
    EXPECT_EQ(e.column(), 15);
    EXPECT_NE(e.problem().find("true or false"), std::string::npos) << e.what();
}

TEST(SequenceLoader, AFatalStepMayNeitherRetryNorBeOptional) {
    const auto seq = parse_sequence("name: x\nsteps:\n  - {send: 'AT+CPIN=\"${sim_pin}\"', fatal: true}\n", "x.yaml");
    ASSERT_EQ(seq.steps.size(), 1u);
    EXPECT_TRUE(std::get<SendStep>(seq.steps[0].action).fatal);

    const auto retrying = load_error("name: x\nsteps:\n  - send: AT\n    retry: {times: 2}\n    fatal: true\n");
    EXPECT_EQ(retrying.line(), 5);
    EXPECT_NE(retrying.problem().find("cannot retry"), std::string::npos) << retrying.what();
    const auto optional = load_error("name: x\nsteps:\n  - {send: AT, optional: true, fatal: true}\n");
    EXPECT_NE(optional.problem().find("both optional and fatal"), std::string::npos) << optional.what();
}

TEST(SequenceLoader, PatternsRe2CannotCompileAreRefusedWithTheirPosition) {
    // Look-ahead and back-references need backtracking: RE2 has neither.
    const auto lookahead = load_error("name: x\nsteps:\n  - send: AT\n    expect: '/^(?=OK)/'\n");
    EXPECT_EQ(lookahead.line(), 4);
    EXPECT_EQ(lookahead.column(), 13);
    EXPECT_NE(lookahead.problem().find("bad regular expression '^(?=OK)'"), std::string::npos) << lookahead.what();
    const auto backref = load_error("name: x\nsteps:\n  - send: AT\n    capture: {v: '^(\\d+),\\1'}\n");
    EXPECT_EQ(backref.line(), 4);
    EXPECT_NE(backref.problem().find("back-references"), std::string::npos) << backref.what();
}

TEST(SequenceLoader, CatastrophicPatternMatchesALongLineAtOnce) {
    // Backtracking engines take exponential time here; RE2 is linear in the line.
    const auto seq = lte::sequence::parse_sequence(
        "name: x\nsteps:\n  - send: AT\n    expect_regex: '^([A-Za-z0-9:. ]+)+X$'\n", "t.yaml");
    const auto& expect = std::get<SendStep>(seq.steps[0].action).expect;
    ASSERT_TRUE(expect.regex);
    EXPECT_FALSE(expect.regex->search(std::string(100000, 'a')));
    EXPECT_TRUE(expect.regex->search("abc X"));
}

TEST(SequenceLoader, CaptureTakesGroupOneOfTheFirstMatch) {
    const lte::sequence::Pattern p(R"re(^\+CGDCONT: 1,"[^"]*","([^"]*)")re");
    EXPECT_EQ(p.first_group(R"(+CGDCONT: 1,"IP","soracom.io","0.0.0.0",0,0)"), "soracom.io");
    EXPECT_EQ(p.first_group("+CGDCONT: 2"), std::nullopt);
    EXPECT_EQ(p.groups(), 1);
}

TEST(SequenceLoader, BadRegexIsLocated) {
    const auto e = load_error("name: x\nsteps:\n  - send: AT\n    expect_regex: '+CPIN(('\n");
    EXPECT_EQ(e.line(), 4);
    EXPECT_NE(e.problem().find("bad regular expression"), std::string::npos) << e.what();
}

TEST(SequenceLoader, CaptureNeedsAGroup) {
    const auto e = load_error("name: x\nsteps:\n  - send: AT+CGDCONT?\n    capture: {cur: '^\\+CGDCONT'}\n");
    EXPECT_EQ(e.line(), 4);
    EXPECT_NE(e.problem().find("group"), std::string::npos) << e.what();
}

TEST(SequenceLoader, UnknownVariableIsLocatedWithSuggestion) {
    const auto e = load_error("name: x\nsteps:\n  - send: 'AT+CGDCONT=1,\"IP\",\"${anp}\"'\n");
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.column(), 11);
    EXPECT_NE(e.problem().find("unknown variable ${anp}"), std::string::npos) << e.what();
    EXPECT_NE(e.problem().find("did you mean ${apn}"), std::string::npos) << e.what();
}

TEST(SequenceLoader, CaptureIsUsableOnlyAfterItsStep) {
    // Used before it is captured: an error. Used after: fine.
    const auto e = load_error(
        "name: x\nsteps:\n  - {when: '${cur} != ${apn}', steps: [{send: AT}]}\n"
        "  - {send: 'AT+CGDCONT?', capture: {cur: '(.*)'}}\n");
    EXPECT_EQ(e.line(), 3);
    EXPECT_NO_THROW(
        parse_sequence("name: x\nsteps:\n  - {send: 'AT+CGDCONT?', capture: {cur: '(.*)'}}\n"
                       "  - {when: '${cur} != ${apn}', steps: [{send: AT}]}\n",
                       "ok.yaml"));
}

TEST(SequenceLoader, ConditionNeedsAComparison) {
    const auto e = load_error("name: x\nsteps:\n  - when: '${apn}'\n    steps: [{send: AT}]\n");
    EXPECT_EQ(e.line(), 3);
    EXPECT_NE(e.problem().find("== or !="), std::string::npos) << e.what();
}

TEST(SequenceLoader, MissingStepsAndSyntaxErrorsAreLocated) {
    EXPECT_NE(load_error("name: x\n").problem().find("missing 'steps'"), std::string::npos);
    const auto syntax = load_error("name: x\nsteps:\n  - {send: AT\n");
    EXPECT_GE(syntax.line(), 3);
}

TEST(SequenceLoader, DuplicateKeyNamesBothPlaces) {
    try {
        (void)lte::sequence::parse_sequence("name: x\nsteps:\n  - send: AT\n    send: ATZ\n", "t.yaml");
        ADD_FAILURE() << "a step with send twice was accepted";
    } catch (const YamlError& e) {
        EXPECT_EQ(e.line(), 4);
        EXPECT_EQ(e.column(), 5);
        EXPECT_NE(std::string(e.what()).find("duplicate key 'send': it is also at t.yaml:3:5"), std::string::npos)
            << e.what();
    }
}

TEST(SequenceLoader, DuplicateKeysAreLookedForInTheFirstDocumentOnly) {
    // YAML::Load reads the first document; a broken second one must not escape as a parser exception.
    EXPECT_THROW(lte::sequence::parse_sequence("name: x\nsteps: []\n---\n[: : {\n", "t.yaml"), YamlError);
    EXPECT_THROW(lte::sequence::parse_sequence("name: x\nname: y\nsteps: []\n---\nname: z\n", "t.yaml"), YamlError);
}

TEST(SequenceLoader, MissingFileIsAnError) { EXPECT_THROW(load_sequence("/nonexistent/seq.yaml"), YamlError); }

TEST(Duration, UnitsAndRejects) {
    EXPECT_EQ(parse_duration("250ms"), std::chrono::milliseconds(250));
    EXPECT_EQ(parse_duration("5s"), std::chrono::seconds(5));
    EXPECT_EQ(parse_duration("3m"), std::chrono::minutes(3));
    EXPECT_FALSE(parse_duration("5"));
    EXPECT_FALSE(parse_duration("s"));
    EXPECT_EQ(parse_duration("1h"), std::chrono::hours(1));
    EXPECT_EQ(parse_duration("1h30m"), std::chrono::minutes(90));
    EXPECT_EQ(parse_duration("2m30s"), std::chrono::seconds(150));
    EXPECT_EQ(parse_duration("1s500ms"), std::chrono::milliseconds(1500));
    EXPECT_FALSE(parse_duration("30m1h")) << "largest unit first";
    EXPECT_FALSE(parse_duration("1m1m"));
    EXPECT_FALSE(parse_duration("1h30"));
    EXPECT_FALSE(parse_duration("5d"));
    EXPECT_FALSE(parse_duration(""));
    EXPECT_EQ(parse_duration("719h60m"), kMaxDuration);
    EXPECT_FALSE(parse_duration("719h60m1ms")) << "the sum is capped, not only each part";
    EXPECT_FALSE(parse_duration("-1s"));
    EXPECT_EQ(parse_duration("43200m"), kMaxDuration) << "30 days is the most";
    EXPECT_FALSE(parse_duration("43201m"));
    EXPECT_FALSE(parse_duration("2592000001ms"));
    // Found by fuzzing: seconds this large overflowed the conversion to milliseconds (UB).
    EXPECT_FALSE(parse_duration("80000000000000005s"));
    EXPECT_FALSE(parse_duration("5124095576030431004m"));
}

TEST(SequenceLoader, HugeRepeatCountsAndBackReferencesAreRefusedNotCompiled) {
    // GCC's std::regex overflowed on these (found by fuzz_sequence_loader); RE2 refuses a repeat
    // over 1000 and has no back-references.
    for (const char* pattern : {R"(\55555555555555555555)", "a{1,99999}", R"(^(a)\1$)"}) {
        const std::string text = std::string("name: x\nsteps:\n  - send: AT\n    expect_regex: '") + pattern + "'\n";
        EXPECT_THROW(lte::sequence::parse_sequence(text, "t.yaml"), lte::sequence::YamlError) << pattern;
    }
    // A count too large for a number is literal text to RE2: harmless, matched in linear time.
    EXPECT_NO_THROW(lte::sequence::parse_sequence(
        "name: x\nsteps:\n  - send: AT\n    expect_regex: 'a{55555555555555555555}'\n", "t.yaml"));
    // Long digit runs that are plain text stay allowed.
    EXPECT_NO_THROW(lte::sequence::parse_sequence(
        "name: x\nsteps:\n  - send: AT\n    expect_regex: 'CONNECT 150000000 \\\\\\\\12345678'\n", "t.yaml"));
}

TEST(SequenceLoader, ReadsFinallyGiveUpAndNotSearching) {
    const auto seq = lte::sequence::parse_sequence(R"Y(
name: x
steps:
  - when: '${apn} != ""'
    steps: [{send: "AT+CFUN=4"}]
    finally: [{send: "AT+CFUN=1"}]
  - give_up: "insert a SIM"
  - {wait_registered: {not_searching: [{send: "AT+COPS=0"}]}}
)Y",
                                                   "test.yaml");
    ASSERT_EQ(seq.steps.size(), 3u);
    EXPECT_EQ(std::get<lte::sequence::WhenStep>(seq.steps[0].action).finally.size(), 1u);
    EXPECT_EQ(std::get<lte::sequence::GiveUpStep>(seq.steps[1].action).message, "insert a SIM");
    EXPECT_EQ(std::get<lte::sequence::WaitRegisteredStep>(seq.steps[2].action).not_searching.size(), 1u);
}

TEST(SequenceLoader, AnEmptyGiveUpOrFinallyIsLocated) {
    const auto empty = load_error("name: x\nsteps:\n  - give_up: ''\n");
    EXPECT_EQ(empty.line(), 3);
    EXPECT_NE(empty.problem().find("what to do"), std::string::npos) << empty.what();
    const auto no_steps =
        load_error("name: x\nsteps:\n  - when: '${apn} != x'\n    steps: [{send: AT}]\n    finally: []\n");
    EXPECT_EQ(no_steps.line(), 5);
}
