#pragma once
// Prometheus metrics in the text exposition format (version 0.0.4), for node_exporter's textfile
// collector: `metrics.textfile` names the file, written atomically after each state change and
// each refresh while online. The names, units and HELP lines are listed in README ("Observing a
// fleet") and lte-dialer.yaml(5).
#include <chrono>
#include <string>
#include <string_view>

#include "lte/connection/status.hpp"

namespace lte::service {

// Every series carries lte_instance="<name>" for an instance (lte-dialer@<name>); not "instance",
// which Prometheus sets itself to the scraped target.
[[nodiscard]] std::string metrics_text(const connection::Status& status, std::string_view instance,
                                       std::chrono::system_clock::time_point now);

// A label value escaped as the format wants: backslash, double quote and newline.
[[nodiscard]] std::string escape_label_value(std::string_view value);

}  // namespace lte::service
