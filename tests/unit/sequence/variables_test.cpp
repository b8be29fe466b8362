#include "lte/sequence/variables.hpp"

#include <regex>

#include <gtest/gtest.h>

#include "lte/common/secrets.hpp"

using namespace lte::sequence;

namespace {

std::string error_of(const std::string& text, const Variables& vars) {
    try {
        substitute_command(text, vars);
    } catch (const SubstitutionError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(Substitution, ReplacesVariables) {
    Variables vars;
    vars.set("apn", "soracom.io");
    vars.set("pdp_type", "IP");
    EXPECT_EQ(substitute_command(R"(AT+CGDCONT=1,"${pdp_type}","${apn}")", vars), R"(AT+CGDCONT=1,"IP","soracom.io")");
}

TEST(Substitution, RejectsValuesThatBreakTheAtLine) {
    for (const std::string& bad : std::vector<std::string>{"a\"b", "a\rb", "a\nb", "a;b",
                                                           std::string("a\x01"
                                                                       "b"),
                                                           std::string("a\x7f")}) {
        Variables vars;
        vars.set("user", bad);
        const auto why = error_of(R"(AT+CGAUTH=1,1,"${user}")", vars);
        EXPECT_NE(why.find("${user}"), std::string::npos) << "value " << bad << " gave: " << why;
    }
    Variables vars;
    vars.set("password", "se;cret", true);
    const auto why = error_of("AT+X=${password}", vars);
    EXPECT_NE(why.find("';'"), std::string::npos) << why;
    EXPECT_EQ(why.find("se;cret"), std::string::npos) << "the value itself must not be in the message";
}

TEST(Substitution, UnknownAndMalformedReferences) {
    Variables vars;
    EXPECT_NE(error_of("AT${nope}", vars).find("unknown variable ${nope}"), std::string::npos);
    EXPECT_NE(error_of("AT${open", vars).find("closing"), std::string::npos);
    EXPECT_EQ(referenced_variables("a ${x} b ${y_2}"), (std::vector<std::string>{"x", "y_2"}));
}

TEST(Substitution, RegexValuesAreEscaped) {
    Variables vars;
    vars.set("apn", "soracom.io");
    const std::regex pattern(substitute_regex("^${apn}$", vars));
    EXPECT_TRUE(std::regex_search("soracom.io", pattern));
    EXPECT_FALSE(std::regex_search("soracomXio", pattern));
}

TEST(Variables, SecretValuesAreMaskedEverywhere) {
    lte::SecretRegistry::instance().clear();
    Variables vars;
    vars.set("password", "hunter2", true);
    vars.set("later", "pin1234");
    vars.mark_secret("later");
    EXPECT_EQ(lte::mask_secrets("pw hunter2 pin pin1234"), "pw *** pin ***");
    EXPECT_TRUE(vars.is_secret("password"));
    EXPECT_FALSE(vars.is_secret("apn"));
    lte::SecretRegistry::instance().clear();
}
