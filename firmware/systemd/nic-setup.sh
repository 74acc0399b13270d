#!/bin/sh
# /usr/lib/sensord/nic-setup.sh IFACE: make IFACE a listen-only capture port.
# Idempotent; an offload or ring setting the driver lacks is skipped (said on
# stderr), anything else failing is an error. Needs ethtool and iproute2 only.
set -eu
ifc=${1:?usage: nic-setup.sh IFACE}
[ -e "/sys/class/net/$ifc" ] || { echo "nic-setup: no interface $ifc" >&2; exit 1; }
for feature in gro lro tso gso rx-gro-hw; do
  ethtool -K "$ifc" "$feature" off 2>/dev/null || echo "nic-setup: $ifc: $feature cannot be turned off (not supported)" >&2
done
# The largest RX ring the driver offers (fewer drops under bursts).
max=$(ethtool -g "$ifc" 2>/dev/null | awk '/^Pre-set maximums/ {m=1} m && /^RX:/ {print $2; exit}')
if [ -n "${max:-}" ] && [ "$max" != "n/a" ]; then
  ethtool -G "$ifc" rx "$max" 2>/dev/null || echo "nic-setup: $ifc: rx ring $max refused" >&2
fi
# No IPv6 on the port (no link-local address, no router solicitations). Written
# to /proc/sys directly: sysctl (procps) is not in a minimal root. A kernel
# without IPv6 has no such file, and nothing to turn off.
v6=/proc/sys/net/ipv6/conf/$ifc/disable_ipv6
if [ -e "$v6" ]; then
  echo 1 >"$v6"
else
  echo "nic-setup: $ifc: no IPv6 in this kernel" >&2
fi
ip addr flush dev "$ifc"
ip link set dev "$ifc" arp off multicast off up
echo "nic-setup: $ifc ready for capture"
