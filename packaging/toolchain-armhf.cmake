# Cross build for Debian armhf against the sysroot that packaging/make-sysroot.sh makes
# (default build-pkg/sysroot-armhf; override with -DLTE_SYSROOT=...).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-linux-gnueabihf-gcc)
set(CMAKE_CXX_COMPILER arm-linux-gnueabihf-g++)
set(LTE_DEB_ARCH armhf CACHE STRING "Debian architecture of the cross build")
set(LTE_SYSROOT "${CMAKE_CURRENT_LIST_DIR}/../build-pkg/sysroot-armhf" CACHE PATH "Target sysroot")
set(CMAKE_SYSROOT "${LTE_SYSROOT}")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES LTE_SYSROOT LTE_DEB_ARCH)
set(CMAKE_LIBRARY_ARCHITECTURE arm-linux-gnueabihf)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# pkg-config (libsystemd) must read the target's .pc files, and prefix their paths with the sysroot.
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${CMAKE_SYSROOT}")
set(ENV{PKG_CONFIG_LIBDIR} "${CMAKE_SYSROOT}/usr/lib/arm-linux-gnueabihf/pkgconfig:${CMAKE_SYSROOT}/usr/share/pkgconfig")
# A target program (a test, a check) runs under qemu-user against the same sysroot.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-arm-static -L "${CMAKE_SYSROOT}")
