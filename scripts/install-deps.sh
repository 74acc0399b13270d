#!/usr/bin/env bash
# Installs the Debian 12 packages the sensor needs to build, test and run.
# Idempotent: asks dpkg what is missing and runs `apt-get update` only when
# something is. Uses sudo when not root.
set -euo pipefail

build_pkgs=(
  build-essential cmake ninja-build pkg-config git
  libpcap-dev            # capture (offline files and live interfaces)
  libndpi-dev            # nDPI: L7 protocol detection and flow risks
  libboost-dev           # Boost.Asio: control plane (signals, timers)
  libzmq3-dev cppzmq-dev # ZeroMQ transport to the policy engine
  libmsgpack-cxx-dev     # msgpack encoding of device records
  libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev     # tests: parse the JSON lines sensord prints
  libcli11-dev           # command-line parsing
  libssl-dev             # MD5/SHA-256 for JA3, JA4 and HASSH; signature checks
  libspdlog-dev libfmt-dev
  libyaml-cpp-dev libre2-dev libsqlite3-dev libsystemd-dev
)
run_pkgs=(
  ieee-data              # MAC vendor registries (MA-L, MA-M, MA-S)
  p0f                    # /etc/p0f/p0f.fp TCP signatures
  uap-core               # User-Agent regexes
  libndpi-bin            # ndpiReader, the baseline in bench/pipeline
  time                   # /usr/bin/time: peak RSS in bench/pipeline
  python3-zmq python3-msgpack
  rauc squashfs-tools openssl e2fsprogs  # firmware/rauc: bundles and their tests
  iproute2 ethtool       # nic-setup.sh; tests: veth pairs in network namespaces (live capture)
  tcpreplay              # tests and benches: replay a capture into a veth (live, PACKET_FANOUT)
  wireshark-common       # editcap: the corruption test damages real captures with it
  systemd                # systemd-analyze verify on firmware/systemd units
)
# Extra groups, by argument (several may be given):
#   fuzz   the clang toolchain `make fuzz` needs (libFuzzer)
#   image  `make image` / `image-smoke` / `package-test`: mmdebstrap, and QEMU to boot the image
#   cross  `make test-arm64`: the arm64 cross compiler, user-mode QEMU, mmdebstrap (amd64 packages:
#          no foreign architecture is added to dpkg)
fuzz_pkgs=(clang-16 libclang-rt-16-dev)
image_pkgs=(mmdebstrap qemu-system-x86)
cross_pkgs=(g++-aarch64-linux-gnu qemu-user-static mmdebstrap)
pkgs=("${build_pkgs[@]}" "${run_pkgs[@]}")
for group in "$@"; do
  case $group in
    fuzz) pkgs+=("${fuzz_pkgs[@]}") ;;
    image) pkgs+=("${image_pkgs[@]}") ;;
    cross) pkgs+=("${cross_pkgs[@]}") ;;
    *) echo "install-deps: unknown group $group (fuzz, image, cross)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
