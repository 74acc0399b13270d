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
# nic-setup.sh on a real interface: a veth end in a network namespace of
# this test's own, with a PATH that has only what the package depends on
# (ethtool, iproute2) and a POSIX base system (no sysctl: procps is not in a
# minimal root; the image smoke test found that). Needs root (netns).
if [[ $(id -u) -eq 0 ]] && command -v ip >/dev/null && command -v ethtool >/dev/null; then
  ns=sensord-nicsetup-$$
  ip netns add "$ns" || { echo "FAIL ip netns add"; exit 1; }
  trap 'ip netns del "$ns" 2>/dev/null; rm -rf "$tmp"' EXIT
  ip -n "$ns" link add cap0 type veth peer name cap1
  ip -n "$ns" addr add 192.0.2.7/24 dev cap0
  mkdir -p "$tmp/bin"
  for t in sh awk echo ethtool ip cat; do ln -s "$(command -v "$t")" "$tmp/bin/$t"; done
  out=$(ip netns exec "$ns" env -i PATH="$tmp/bin" sh "$units/nic-setup.sh" cap0 2>&1) ||
    { echo "FAIL nic-setup.sh cap0 exited non-zero:"; echo "$out"; exit 1; }
  grep -q "not found" <<<"$out" && { echo "FAIL nic-setup.sh needs a tool outside its Depends:"; echo "$out"; exit 1; }
  link=$(ip -n "$ns" -o link show cap0)
  addrs=$(ip -n "$ns" -o addr show dev cap0)
  v6=$(ip netns exec "$ns" cat /proc/sys/net/ipv6/conf/cap0/disable_ipv6 2>/dev/null || echo none)
  [[ $link == *NOARP* && $link == *UP* ]] || { echo "FAIL cap0 not up without ARP: $link"; exit 1; }
  [[ -z $addrs ]] || { echo "FAIL cap0 still has addresses: $addrs"; exit 1; }
  [[ $v6 == 1 || $v6 == none ]] || { echo "FAIL cap0 disable_ipv6=$v6"; exit 1; }
  out2=$(ip netns exec "$ns" env -i PATH="$tmp/bin" sh "$units/nic-setup.sh" cap0 2>&1) ||
    { echo "FAIL nic-setup.sh is not idempotent:"; echo "$out2"; exit 1; }
  echo "PASS nic-setup.sh prepares a veth port (up, NOARP, no addresses, IPv6 off) with ethtool and ip only"
else
  echo "SKIP nic-setup.sh on a veth port: needs root, ip and ethtool"
fi
