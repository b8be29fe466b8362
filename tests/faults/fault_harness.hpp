#pragma once
// The fault matrix's harness: the table every case adds its row to, and helpers for the cases.
// The daemon under test and its leak probes are tests/support/daemon_fixture.hpp's.
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "daemon_fixture.hpp"

namespace lte::faults {

using namespace std::chrono_literals;
using test::alive;
using test::Daemon;
using test::DaemonOptions;
using test::eventually;
using test::Process;
using test::SimFixture;

// ---------------------------------------------------------------------------------------------
// The matrix: one row per case, printed when the binary ends.

struct MatrixRow {
    std::string fault, state, expected, observed;
    bool passed = false;
};

inline std::vector<MatrixRow>& matrix_rows() {
    static std::vector<MatrixRow> rows;
    return rows;
}

// Every case is a FaultCase: it names its fault, state and expectation, notes what it observed,
// and its row's verdict is gtest's own (any failed assertion makes it FAIL).
class FaultCase : public testing::Test {
protected:
    void describe(std::string fault, std::string state, std::string expected) {
        row_.fault = std::move(fault);
        row_.state = std::move(state);
        row_.expected = std::move(expected);
    }
    void observe(const std::string& what) { row_.observed += (row_.observed.empty() ? "" : "; ") + what; }
    void TearDown() override {
        row_.passed = !HasFailure();
        if (row_.fault.empty()) row_.fault = testing::UnitTest::GetInstance()->current_test_info()->name();
        matrix_rows().push_back(row_);
    }

private:
    MatrixRow row_;
};

// A connect sequence written into the simulator's directory (a test-only variant of the shipped one).
inline std::string write_sequence(const SimFixture& sim, const std::string& name, const std::string& yaml) {
    const auto path = sim.dir() / (name + ".yaml");
    std::ofstream(path) << yaml;
    return path.string();
}

// Index of the first received command starting with `prefix` (commands.size() if none).
inline std::size_t first_index(const std::vector<std::string>& commands, const std::string& prefix) {
    for (std::size_t i = 0; i < commands.size(); ++i)
        if (commands[i].rfind(prefix, 0) == 0) return i;
    return commands.size();
}
inline std::size_t count_from(const std::vector<std::string>& commands, std::size_t from, const std::string& prefix) {
    std::size_t n = 0;
    for (std::size_t i = from; i < commands.size(); ++i) n += commands[i].rfind(prefix, 0) == 0 ? 1 : 0;
    return n;
}

}  // namespace lte::faults
