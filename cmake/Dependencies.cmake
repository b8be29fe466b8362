# Every dependency comes from Debian 12's packages (scripts/setup.sh installs them).
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
# Sequences' patterns: linear-time matching (lte/sequence/pattern.hpp). Debian 12's libre2-dev ships
# a pkg-config file but no CMake package.
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
