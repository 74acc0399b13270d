#!/usr/bin/env bash
# tests/firmware/systemd_test.sh SOURCE_DIR SENSORD
# systemd-analyze verify on firmware/systemd's units, with their ExecStart
# paths pointed at this build (verify checks that the commands exist); any
# warning about our units fails the test, not only errors. Also: the sysusers
# entry creates the service user in a scratch root, and nic-setup.sh parses.
# Exit 77 (skip) without systemd-analyze.
set -euo pipefail
src=${1:?source dir}
sensord=${2:?sensord binary}
command -v systemd-analyze >/dev/null || { echo "SKIP: systemd-analyze missing"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
units=$src/firmware/systemd
sed -e "s|/usr/bin/sensord|$sensord|g" "$units/sensord@.service" >"$tmp/sensord@.service"
sed -e "s|/usr/lib/sensord/nic-setup.sh|$units/nic-setup.sh|g" "$units/sensord-nic-setup@.service" \
  >"$tmp/sensord-nic-setup@.service"
fail=0
out=$(cd "$tmp" && SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no \
  "$tmp/sensord@eth0.service" "$tmp/sensord-nic-setup@eth0.service" 2>&1) || fail=1
if [[ -n $out ]] && grep -q "sensord" <<<"$out"; then fail=1; fi
if ((fail)); then
  echo "FAIL systemd-analyze verify:"
  echo "$out"
  exit 1
fi
echo "PASS systemd-analyze verify: sensord@eth0.service, sensord-nic-setup@eth0.service"
# The hardening the issue names is present (a unit edit must not drop it).
for want in Type=notify WatchdogSec= AmbientCapabilities=CAP_NET_RAW CapabilityBoundingSet=CAP_NET_RAW \
  NoNewPrivileges=yes ProtectSystem=strict SystemCallFilter=@system-service RestrictAddressFamilies= \
  MemoryHigh= MemoryMax= StateDirectory= User=sensord; do
  grep -q "^$want" "$units/sensord@.service" || { echo "FAIL sensord@.service lacks $want"; exit 1; }
done
echo "PASS sensord@.service has the hardening set"
if command -v systemd-sysusers >/dev/null; then
  mkdir -p "$tmp/root/etc"
  systemd-sysusers --root="$tmp/root" "$units/sysusers.d/sensord.conf" >/dev/null 2>&1
  grep -q '^sensord:' "$tmp/root/etc/passwd" || { echo "FAIL sysusers did not create sensord"; exit 1; }
  echo "PASS sysusers.d/sensord.conf creates the sensord user"
fi
sh -n "$units/nic-setup.sh" || { echo "FAIL nic-setup.sh does not parse"; exit 1; }
echo "PASS nic-setup.sh parses"
