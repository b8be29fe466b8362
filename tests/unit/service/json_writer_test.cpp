#include "lte/service/json_writer.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

namespace lte::service {
namespace {

TEST(JsonWriter, PlacesCommasBetweenMembersAndElements) {
    JsonWriter w;
    w.begin_object().key("a").value(1).key("b").begin_array().value("x").value(true).null().end_array();
    w.key("c").begin_object().end_object().end_object();
    EXPECT_EQ(w.str(), R"({"a":1,"b":["x",true,null],"c":{}})");
}

TEST(JsonWriter, ConstCharIsAStringNotABool) {
    JsonWriter w;
    w.begin_array().value("OK").end_array();
    EXPECT_EQ(w.str(), R"(["OK"])");
}

TEST(JsonQuote, EscapesQuotesBackslashesAndControlCharacters) {
    EXPECT_EQ(json_quote("say \"hi\"\\"), R"("say \"hi\"\\")");
    EXPECT_EQ(json_quote("a\r\nb\tc"), R"("a\r\nb\tc")");
    EXPECT_EQ(json_quote(std::string("\x01\x1a\x7f", 3)), R"("\u0001\u001a\u007f")");
    EXPECT_EQ(json_quote(std::string("nul\0x", 5)), R"("nul\u0000x")");
}

TEST(JsonQuote, KeepsValidUtf8AndReplacesInvalidBytes) {
    EXPECT_EQ(json_quote("Telekom.de \xC3\xA4\xE2\x82\xAC"), "\"Telekom.de \xC3\xA4\xE2\x82\xAC\"");
    EXPECT_EQ(json_quote("\xFF"
                         "a\xC3"),
              R"("\ufffda\ufffd")");
    EXPECT_EQ(json_quote("\xC0\xAF"), R"("\ufffd\ufffd")");            // overlong '/'
    EXPECT_EQ(json_quote("\xED\xA0\x80"), R"("\ufffd\ufffd\ufffd")");  // a UTF-16 surrogate
}

TEST(JsonQuote, RoundTripsThroughAParser) {
    const std::string nasty = "line1\n\"quoted\" \\ back\x02 tab\t \xE2\x82\xAC";
    JsonWriter w;
    w.begin_object().key("k\"ey").value(nasty).end_object();
    const YAML::Node node = YAML::Load(w.str());
    EXPECT_EQ(node["k\"ey"].as<std::string>(), nasty);
}

}  // namespace
}  // namespace lte::service
