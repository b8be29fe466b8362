#pragma once
#include <cstdint>
#include <string>

#include "lte/connection/status.hpp"

namespace lte::service {

// The one-line STATUS= text systemctl shows: "registering (searching, 12 s)",
// "online 10.1.2.3 via ppp0", "recovering: radio cycle 2/3", "failed: <last error>".
[[nodiscard]] std::string status_text(const connection::Status& status);

// "1.2 MB": SI units, as operators bill.
[[nodiscard]] std::string human_bytes(std::uint64_t bytes);

}  // namespace lte::service
