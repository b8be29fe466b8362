#include "lte/common/directory.hpp"

#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

TEST(ListDirectory, SortedNamesWithoutDotEntries) {
    const auto dir = std::filesystem::path(testing::TempDir()) / "list-directory";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "sub");
    std::ofstream(dir / "b.yaml") << "x";
    std::ofstream(dir / "a.yaml") << "x";
    EXPECT_THAT(lte::list_directory(dir), testing::ElementsAre("a.yaml", "b.yaml", "sub"));
}

TEST(ListDirectory, UnreadableDirectoryIsAnErrorNamingIt) {
    try {
        (void)lte::list_directory("/nonexistent-lte-dir");
        FAIL();
    } catch (const std::system_error& e) {
        EXPECT_THAT(e.what(), testing::HasSubstr("/nonexistent-lte-dir"));
    }
}
