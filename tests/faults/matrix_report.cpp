// Prints the fault matrix (fault, state, expected, observed, PASS/FAIL) when the binary ends: the
// whole table when the binary runs whole, one row when ctest runs a single case.
#include <cstdio>
#include <memory>

#include "fault_harness.hpp"

namespace {

std::string clip(const std::string& text, std::size_t width) {
    std::string one_line = text;
    std::replace(one_line.begin(), one_line.end(), '\n', ' ');
    return one_line.size() <= width ? one_line : one_line.substr(0, width - 3) + "...";
}

class MatrixReport : public testing::Environment {
public:
    void TearDown() override {
        const auto& rows = lte::faults::matrix_rows();
        if (rows.empty()) return;
        std::size_t passed = 0;
        std::printf("\nFault matrix\n%-34s %-13s %-44s %-60s %s\n", "fault", "state", "expected", "observed",
                    "verdict");
        for (const auto& r : rows) {
            passed += r.passed ? 1 : 0;
            std::printf("%-34s %-13s %-44s %-60s %s\n", clip(r.fault, 34).c_str(), clip(r.state, 13).c_str(),
                        clip(r.expected, 44).c_str(), clip(r.observed, 60).c_str(), r.passed ? "PASS" : "FAIL");
        }
        std::printf("%zu/%zu cases pass\n", passed, rows.size());
        std::fflush(stdout);
    }
};

testing::Environment* const kReport = testing::AddGlobalTestEnvironment(std::make_unique<MatrixReport>().release());

}  // namespace
