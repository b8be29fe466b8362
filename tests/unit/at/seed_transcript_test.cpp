// The real modems' byte streams from the seeds, fed through the channel split at every byte
// boundary: each split must give the same lines, URCs and final result.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "at_transcript.hpp"
#include "channel_harness.hpp"

using lte::test::ChannelHarness;
using lte::test::Exchange;

namespace {

struct Outcome {
    std::vector<std::string> lines;
    std::vector<std::string> urcs;
    std::string final_line;
};

Outcome play(const Exchange& ex, const std::vector<std::string>& reads) {
    ChannelHarness h;
    if (ex.command.empty()) {
        for (const auto& r : reads) h.stream.inject(r);
        h.settle();
        return Outcome{{}, h.urcs, {}};
    }
    h.stream.on_write = [&](const std::string& written) {
        if (written == ex.command + "\r")
            for (const auto& r : reads) h.stream.inject(r);
    };
    const auto reply = h.run(lte::at::Command{ex.command, std::chrono::seconds(5)});
    h.settle();
    return Outcome{reply.lines, h.urcs, reply.final_line};
}

std::vector<std::vector<std::string>> splits_of(const Exchange& ex) {
    const std::string all = ex.bytes();
    std::vector<std::vector<std::string>> splits{ex.reads};
    for (std::size_t k = 0; k <= all.size(); ++k) splits.push_back({all.substr(0, k), all.substr(k)});
    std::vector<std::string> bytewise;
    for (const char c : all) bytewise.emplace_back(1, c);
    splits.push_back(bytewise);
    return splits;
}

void check_transcript(const std::string& file) {
    const auto exchanges = lte::test::load_transcript(std::string(LTE_TEST_DATA_DIR) + "/" + file);
    ASSERT_GT(exchanges.size(), 5u);
    for (const auto& ex : exchanges) {
        for (const auto& reads : splits_of(ex)) {
            const Outcome got = play(ex, reads);
            ASSERT_EQ(got.lines, ex.want_lines) << file << ": " << ex.command;
            ASSERT_EQ(got.urcs, ex.want_urcs) << file << ": " << ex.command;
            ASSERT_EQ(got.final_line, ex.want_final) << file << ": " << ex.command;
        }
    }
}

}  // namespace

TEST(SeedTranscript, Sim7672EverySplitGivesTheSameReplies) { check_transcript("seed001_sim7672.at"); }

TEST(SeedTranscript, Ec21WithUrcsEverySplitGivesTheSameReplies) { check_transcript("seed000_ec21.at"); }
