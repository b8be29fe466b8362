#pragma once
// A running lte-modem-sim in a private directory: its ports as symlinks there, its transcript,
// and a way to run lte-dialer against it.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "process.hpp"
#include "sim_control.hpp"

namespace lte::test {

class SimFixture {
public:
    explicit SimFixture(std::vector<std::string> sim_args = {}) {
        static int counter = 0;
        dir_ = std::filesystem::path(testing::TempDir()) /
               ("lte-sim-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        std::vector<std::string> args{"--at-link",    at_port(),
                                      "--data-link",  data_port(),
                                      "--transcript", transcript_path().string(),
                                      "--control",    (dir_ / "control").string()};
        args.insert(args.end(), sim_args.begin(), sim_args.end());
        sim_ = std::make_unique<Process>(LTE_SIM_BINARY, args, dir_ / "sim.out", dir_ / "sim.err");
        if (!sim_->wait_for_output("READY")) throw std::runtime_error("simulator did not start: " + sim_->err());
    }
    ~SimFixture() {
        sim_->signal(SIGTERM);
        sim_->wait(std::chrono::seconds(5));
        sim_.reset();
        std::filesystem::remove_all(dir_);
    }

    [[nodiscard]] std::string at_port() const { return (dir_ / "at").string(); }
    [[nodiscard]] std::string data_port() const { return (dir_ / "data").string(); }
    [[nodiscard]] std::filesystem::path transcript_path() const { return dir_ / "transcript.log"; }
    [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }
    [[nodiscard]] std::string transcript() const { return read_file(transcript_path()); }
    [[nodiscard]] Process& sim() { return *sim_; }

    // Commands the simulator received on the AT port, in order.
    [[nodiscard]] std::vector<std::string> received() const {
        std::vector<std::string> commands;
        std::istringstream in(transcript());
        std::string ms, port, dir;
        std::string line;
        while (std::getline(in, line)) {
            std::istringstream fields(line);
            fields >> ms >> port >> dir;
            if (dir != "<") continue;
            std::string rest;
            std::getline(fields, rest);
            if (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
            commands.push_back(rest);
        }
        return commands;
    }
    [[nodiscard]] std::size_t count_received(const std::string& prefix) const {
        std::size_t n = 0;
        for (const auto& c : received()) n += c.rfind(prefix, 0) == 0 ? 1 : 0;
        return n;
    }

    // One line to the simulator's --control socket; returns its one-line answer.
    std::string control(const std::string& line) const { return sim_control(dir_ / "control", line); }

    // Starts lte-dialer with the simulator's ports and args.
    std::unique_ptr<Process> dialer(const std::string& subcommand, std::vector<std::string> args,
                                    const std::string& tag = "dialer") {
        std::vector<std::string> all{subcommand, "--at-port", at_port(), "--data-port", data_port()};
        all.insert(all.end(), args.begin(), args.end());
        return std::make_unique<Process>(LTE_DIALER_BINARY, all, dir_ / (tag + ".out"), dir_ / (tag + ".err"));
    }

private:
    std::filesystem::path dir_;
    std::unique_ptr<Process> sim_;
};

}  // namespace lte::test
