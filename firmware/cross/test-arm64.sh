#!/usr/bin/env bash
# firmware/cross/test-arm64.sh [BUILD_DIR]      (`make test-arm64`)
# Cross-compiles the project for arm64 (Debian 12, aarch64-linux-gnu g++ 12)
# and runs its unit tests under qemu-aarch64-static:
#   1. sysroot   an arm64 Debian 12 root with the -dev packages the build
#                links (mmdebstrap --variant=extract: packages and their
#                dependencies unpacked, no maintainer script run, the host's
#                dpkg untouched -- no foreign architecture added); cached,
#                rebuilt only when the package list or the mirrors change
#   2. configure BUILD_DIR (default build-arm64) with aarch64-linux-gnu.cmake
#   3. build     every target, or ARM64_TARGETS
#   4. test      ctest, each test under qemu-aarch64-static -L SYSROOT and a
#                timeout; the host-only tests (firmware.*, the Python vector
#                decoder) are the native `make test`'s
# Prints the elapsed time of each phase. Needs root (or unprivileged user
# namespaces, for mmdebstrap) and a Debian mirror the first time (~110 MB
# downloaded); installs g++-aarch64-linux-gnu, qemu-user-static and
# mmdebstrap on the host when missing.
#
# Environment:
#   SENSOR_SYSROOT      sysroot directory (default <repo>/build-arm64-sysroot)
#   ARM64_MIRROR        Debian mirror (default http://deb.debian.org/debian)
#   ARM64_SECURITY      security mirror (default http://deb.debian.org/debian-security; "none" to omit)
#   JOBS                parallel compile and test jobs (default nproc)
#   ARM64_TARGETS       targets to build instead of all, e.g. "unit_sensor unit_transport";
#                       then only the tests that run them
#   ARM64_TESTS         only the tests whose name this (Python) regex matches, e.g. '^Dns'
#   ARM64_TEST_TIMEOUT  ctest --timeout for tests without their own TIMEOUT (default 1200;
#                       the unit tests carry the project's 1200 s)
#   CMAKE_ARGS          more cmake -D options (e.g. -DSENSOR_TESTS_PER_BINARY=ON)
#   CTEST_ARGS          more ctest options (e.g. --repeat until-pass:2; not -R/-E/-I: ARM64_TESTS)
#   ARM64_TIMING_TESTS  (Python) regex of the tests that assert wall-clock bounds: run apart,
#                       a failure only warns (default: Publisher.StalledConsumer...; "" for none)
#   ARM64_STRICT        1: a failure of those fails the run too
#   SHARED              shared test material (default ../shared; tests skip without it)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/../.." && pwd)
cd "$src"
build=${1:-build-arm64}
sysroot=${SENSOR_SYSROOT:-$src/build-arm64-sysroot}
mirror=${ARM64_MIRROR:-http://deb.debian.org/debian}
security=${ARM64_SECURITY:-http://deb.debian.org/debian-security}
jobs=${JOBS:-$(nproc)}
test_timeout=${ARM64_TEST_TIMEOUT:-1200}
shared=${SHARED:-$(cd "$src/.." && pwd)/shared}
read -r -a extra_cmake <<<"${CMAKE_ARGS:-}"
read -r -a extra_ctest <<<"${CTEST_ARGS:-}"
read -r -a targets <<<"${ARM64_TARGETS:-}"
# Tests that assert a wall-clock bound qemu's emulation cannot meet (a regex).
default_timing='^Publisher\.StalledConsumerResyncsAndCaptureIsNeverBlocked$'

# The arm64 packages of the sysroot: the -dev packages of scripts/install-deps.sh's
# build_pkgs (mmdebstrap adds their dependencies), the C and C++ runtimes, and
# the data files unit tests read (/usr/share/uap-core, /usr/share/ieee-data,
# /etc/p0f/p0f.fp; qemu -L resolves absolute paths in the sysroot first).
sysroot_pkgs=(
  libc6-dev libstdc++-12-dev
  libpcap-dev libndpi-dev libboost-dev
  libzmq3-dev cppzmq-dev libmsgpack-cxx-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev libcli11-dev libssl-dev
  libspdlog-dev libfmt-dev
  libyaml-cpp-dev libre2-dev libsqlite3-dev libsystemd-dev
  ieee-data p0f uap-core
)
sources=("deb $mirror bookworm main" "deb $mirror bookworm-updates main")
[[ $security == none ]] || sources+=("deb $security bookworm-security main")

t0=$(date +%s)
phase_start=$t0
declare -a report=()
phase() { # phase NAME: closes the running phase, prints its time
  local now
  now=$(date +%s)
  report+=("$(printf '%-10s %5d s' "$1" $((now - phase_start)))")
  echo "== test-arm64: $1: $((now - phase_start)) s"
  phase_start=$now
}

# ---- host tools (amd64 packages; no foreign architecture is added to dpkg)
host_pkgs=(g++-aarch64-linux-gnu qemu-user-static mmdebstrap)
missing=()
for p in "${host_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "== test-arm64: installing ${missing[*]}"
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "test-arm64: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    SUDO=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
for tool in aarch64-linux-gnu-g++ qemu-aarch64-static mmdebstrap cmake; do
  command -v "$tool" >/dev/null || { echo "test-arm64: $tool missing" >&2; exit 1; }
done

# ---- 1. sysroot (cached: the stamp holds a hash of the recipe)
stamp_file=$sysroot/.sensor-sysroot-stamp
stamp=$(printf '%s\n' "recipe 1" "${sysroot_pkgs[@]}" "${sources[@]}" | sha256sum | cut -d' ' -f1)
if [[ -f $stamp_file && $(cat "$stamp_file") == "$stamp" ]]; then
  echo "== test-arm64: sysroot $sysroot is up to date"
else
  echo "== test-arm64: building the arm64 sysroot $sysroot (mmdebstrap --variant=extract)"
  tmp=$sysroot.new
  rm -rf "$tmp"
  include=$(IFS=,; echo "${sysroot_pkgs[*]}")
  # The extract hook (the only hook of this variant) runs before mmdebstrap
  # empties the apt cache: it keeps
  # the list of the .debs unpacked (name_version_arch), for the record.
  mmdebstrap --variant=extract --arch=arm64 --include="$include" --quiet \
    --extract-hook='ls "$1/var/cache/apt/archives" | grep "\.deb$" >"$1/.sensor-sysroot-debs"' \
    bookworm "$tmp" "${sources[@]}"
  # Absolute symbolic links (libm.so -> /lib/aarch64-linux-gnu/libm.so.6)
  # would point into the host: make them relative, inside the sysroot.
  while IFS= read -r -d '' link; do
    target=$(readlink "$link")
    ln -sfn "$(realpath -s -m --relative-to="$(dirname "$link")" "$tmp$target")" "$link"
  done < <(find "$tmp" -path "$tmp/dev" -prune -o -type l -lname '/*' -print0)
  # Nothing runs in there: without /dev, /tmp, /run, /proc, /sys the test
  # binaries see the host's (qemu -L prefers the sysroot's copy of a path).
  rm -rf "${tmp:?}"/{dev,tmp,run,proc,sys}
  # Every package asked for unpacked, every -dev library link resolvable.
  for p in "${sysroot_pkgs[@]}"; do
    grep -q "^${p}_" "$tmp/.sensor-sysroot-debs" || { echo "test-arm64: $p missing from the sysroot" >&2; exit 1; }
  done
  if dangling=$(find "$tmp/usr/lib/aarch64-linux-gnu" -xtype l -name '*.so' | head -5) && [[ -n $dangling ]]; then
    echo "test-arm64: dangling library links in the sysroot:" >&2
    echo "$dangling" >&2
    exit 1
  fi
  echo "$stamp" >"$tmp/.sensor-sysroot-stamp"
  rm -rf "$sysroot"
  mv "$tmp" "$sysroot"
  echo "== test-arm64: sysroot: $(du -sh "$sysroot" | cut -f1)"
fi
phase sysroot

# ---- 2. configure
gen=()
if [[ ! -f $build/CMakeCache.txt ]] && command -v ninja >/dev/null; then gen=(-G Ninja); fi
# Benchmarks and sitegen off: no integration tests (they replay the shared
# captures through sensord and sitegen; the unit suite is the arm64 check).
mkdir -p "$build"
if ! cmake -S . -B "$build" "${gen[@]}" \
  -DCMAKE_TOOLCHAIN_FILE="$here/aarch64-linux-gnu.cmake" -DSENSOR_SYSROOT="$sysroot" \
  -DSENSOR_BUILD_BENCH=OFF -DSENSOR_SHARED_DIR="$shared" \
  "${extra_cmake[@]}" >"$build/arm64-configure.log" 2>&1; then
  cat "$build/arm64-configure.log" >&2
  echo "test-arm64: configure failed" >&2
  exit 1
fi
grep -E "^-- (The CXX compiler|Found|  Found)" "$build/arm64-configure.log" || true
grep -q "^SENSOR_QEMU_AARCH64:" "$build/CMakeCache.txt" ||
  { echo "test-arm64: $build was not configured with the arm64 toolchain file" >&2; exit 1; }
phase configure

# ---- 3. build
if ((${#targets[@]})); then
  cmake --build "$build" -j"$jobs" --target "${targets[@]}"
else
  cmake --build "$build" -j"$jobs"
fi
phase build

# ---- 4. test, under qemu (the toolchain file's CMAKE_CROSSCOMPILING_EMULATOR)
# The selection is made here and handed to ctest by test number (-I), as ctest
# numbers -I after applying -R/-E: every test but the host-only ones
# (firmware.*, the Python vector decoder), with ARM64_TARGETS only those that
# run one of them, with ARM64_TESTS only the names it matches. The tests that
# assert a wall-clock bound user-mode emulation (~9x the native CPU time)
# cannot meet run apart, and their failure is a warning (ARM64_STRICT=1: an error).
host_only='^(firmware\.|transport\.vectors_python$)'
timing=${ARM64_TIMING_TESTS-$default_timing}
mapfile -t sel < <(cd "$build" && ctest --show-only=json-v1 | python3 -c '
import json, os, re, sys
host_only, timing, only = (re.compile(a) if a else None for a in sys.argv[1:4])
targets = set(sys.argv[4:])
main, slow = [], []
for i, t in enumerate(json.load(sys.stdin)["tests"], 1):
    name = t["name"]
    if host_only.search(name) or (only and not only.search(name)):
        continue
    if targets and not any(os.path.basename(c) in targets for c in t.get("command", [])):
        continue
    (slow if timing and timing.search(name) else main).append(str(i))
print(",".join(main))
print(",".join(slow))' "$host_only" "$timing" "${ARM64_TESTS:-}" "${targets[@]}")
[[ -n ${sel[0]:-}${sel[1]:-} ]] || { echo "test-arm64: no test selected" >&2; exit 1; }
rc=0
if [[ -n ${sel[0]:-} ]]; then
  (cd "$build" && ctest --output-on-failure -j"$jobs" --timeout "$test_timeout" -I "0,0,0,${sel[0]}" \
    "${extra_ctest[@]}") || rc=$?
fi
if [[ -n ${sel[1]:-} ]]; then
  echo "== test-arm64: wall-clock-bound tests (advisory under emulation): $timing"
  if ! (cd "$build" && ctest --output-on-failure --timeout "$test_timeout" -I "0,0,0,${sel[1]}" "${extra_ctest[@]}"); then
    if [[ ${ARM64_STRICT:-0} == 1 ]]; then
      rc=1
    else
      echo "== test-arm64: WARNING: a wall-clock-bound test failed under qemu (emulation is slow;" \
        "the native \`make test\` holds it to its bound). ARM64_STRICT=1 makes this an error."
    fi
  fi
fi
phase test

echo "== test-arm64: times (-j$jobs)"
printf '   %s\n' "${report[@]}"
echo "   total      $(($(date +%s) - t0)) s"
exit $rc
