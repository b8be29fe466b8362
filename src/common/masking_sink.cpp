#include "lte/common/masking_sink.hpp"

#include "lte/common/secrets.hpp"

namespace lte {

void MaskingSink::sink_it_(const spdlog::details::log_msg& msg) {
    const std::string masked = mask_secrets(std::string_view(msg.payload.data(), msg.payload.size()));
    spdlog::details::log_msg copy(msg);
    copy.payload = spdlog::string_view_t(masked.data(), masked.size());
    inner_->log(copy);
}

}  // namespace lte
