#include "lte/service/journal_sink.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using lte::service::journal_fields;
using testing::ElementsAre;

TEST(JournalFields, MessagePriorityIdentifierAndTheContextAsLteFields) {
    const auto fields = journal_fields("state: registering", spdlog::level::warn, "lte-dialer",
                                       {{"state", "checking SIM"}, {"at_port", "/dev/ttyUSB2"}});
    EXPECT_THAT(fields, ElementsAre("MESSAGE=state: registering", "PRIORITY=4", "SYSLOG_IDENTIFIER=lte-dialer",
                                    "LTE_AT_PORT=/dev/ttyUSB2", "LTE_STATE=checking SIM"));
}

TEST(JournalFields, LevelsMapToSyslogPriorities) {
    auto priority = [](spdlog::level::level_enum level) { return journal_fields("m", level, "x", {})[1]; };
    EXPECT_EQ(priority(spdlog::level::critical), "PRIORITY=2");
    EXPECT_EQ(priority(spdlog::level::err), "PRIORITY=3");
    EXPECT_EQ(priority(spdlog::level::info), "PRIORITY=6");
    EXPECT_EQ(priority(spdlog::level::debug), "PRIORITY=7");
}

TEST(JournalFields, KeysBecomeValidJournalFieldNames) {
    const auto fields = journal_fields("m", spdlog::level::info, "x", {{"data-port.2", "/dev/ttyUSB3"}});
    EXPECT_EQ(fields.back(), "LTE_DATA_PORT_2=/dev/ttyUSB3");
}
