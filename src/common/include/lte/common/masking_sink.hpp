#pragma once
#include <memory>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/sink.h>

namespace lte {

// Wraps a sink and masks every registered secret (SecretRegistry) in each message before
// it is written, whatever the level and whoever logged it.
class MaskingSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit MaskingSink(std::shared_ptr<spdlog::sinks::sink> inner) : inner_(std::move(inner)) {}

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override;
    void flush_() override { inner_->flush(); }
    void set_pattern_(const std::string& pattern) override { inner_->set_pattern(pattern); }
    void set_formatter_(std::unique_ptr<spdlog::formatter> formatter) override {
        inner_->set_formatter(std::move(formatter));
    }

private:
    std::shared_ptr<spdlog::sinks::sink> inner_;
};

}  // namespace lte
