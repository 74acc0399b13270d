# CMake toolchain file: Debian 12 arm64 (aarch64) with Debian's cross g++ 12
# (g++-aarch64-linux-gnu) against an arm64 sysroot -- the one
# firmware/cross/test-arm64.sh builds with `mmdebstrap --variant=extract`.
#
#   cmake -S . -B build-arm64 -G Ninja \
#     -DCMAKE_TOOLCHAIN_FILE=firmware/cross/aarch64-linux-gnu.cmake \
#     -DSENSOR_SYSROOT=$PWD/build-arm64-sysroot
#
# SENSOR_SYSROOT: -DSENSOR_SYSROOT=... or the environment variable of that name.
# Test binaries run under qemu-aarch64-static -L <sysroot> (CMAKE_CROSSCOMPILING_EMULATOR):
# gtest_discover_tests lists them at build time that way, and ctest runs them so.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

if(NOT SENSOR_SYSROOT AND DEFINED ENV{SENSOR_SYSROOT})
  set(SENSOR_SYSROOT "$ENV{SENSOR_SYSROOT}")
endif()
if(NOT SENSOR_SYSROOT)
  message(FATAL_ERROR "aarch64-linux-gnu.cmake: set SENSOR_SYSROOT (-DSENSOR_SYSROOT=DIR or the environment) "
                      "to an arm64 sysroot (firmware/cross/test-arm64.sh builds one)")
endif()
get_filename_component(SENSOR_SYSROOT "${SENSOR_SYSROOT}" ABSOLUTE)
if(NOT EXISTS "${SENSOR_SYSROOT}/usr/lib/aarch64-linux-gnu")
  message(FATAL_ERROR "aarch64-linux-gnu.cmake: ${SENSOR_SYSROOT} is not an arm64 sysroot "
                      "(no usr/lib/aarch64-linux-gnu)")
endif()
set(SENSOR_SYSROOT "${SENSOR_SYSROOT}" CACHE PATH "arm64 sysroot (firmware/cross/test-arm64.sh)")
# The toolchain file is read again for every try_compile project: pass the
# sysroot on (both ways: the cache variable and the environment).
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES SENSOR_SYSROOT)
set(ENV{SENSOR_SYSROOT} "${SENSOR_SYSROOT}")

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_SYSROOT "${SENSOR_SYSROOT}")
# Debian's cross g++ takes libstdc++, libgcc and the C library from its own
# packages (/usr/aarch64-linux-gnu, the same 12.2 / 2.36 the sysroot has) and
# every other header and library from --sysroot.

# Programs from the host; libraries, headers and CMake packages only from the
# sysroot (find_* re-roots its search paths under CMAKE_SYSROOT).
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# The host's pkg-config reads only the sysroot's .pc files and prefixes their paths with it.
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${SENSOR_SYSROOT}")
set(ENV{PKG_CONFIG_LIBDIR} "${SENSOR_SYSROOT}/usr/lib/aarch64-linux-gnu/pkgconfig:${SENSOR_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# Run arm64 binaries (gtest discovery, ctest) under user-mode qemu; -L makes
# the sysroot the dynamic loader's root (ld-linux-aarch64.so.1, the libraries),
# and absolute paths the tests open resolve there first, then on the host.
find_program(SENSOR_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64)
if(NOT SENSOR_QEMU_AARCH64)
  message(FATAL_ERROR "aarch64-linux-gnu.cmake: qemu-aarch64-static not found (apt-get install qemu-user-static)")
endif()
set(CMAKE_CROSSCOMPILING_EMULATOR "${SENSOR_QEMU_AARCH64};-L;${SENSOR_SYSROOT}")
