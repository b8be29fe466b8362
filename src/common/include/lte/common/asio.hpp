#pragma once
// The one way to include Boost.Asio. Boost 1.74's awaitable.hpp uses std::exchange without
// including <utility>; GCC 12 in C++20 mode then fails, so <utility> must come first.
#include <utility>

#include <boost/asio.hpp>

namespace lte {
namespace asio = boost::asio;
}  // namespace lte
