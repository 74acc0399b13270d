#!/bin/bash
# /usr/lib/sensord-image/vm-smoke.sh: the checks of the image smoke test
# (sensord-smoke.service, only with sensord.smoke=1 on the kernel command line).
# Every result is a "SMOKE: ..." line on the console; firmware/image/smoke.sh
# reads them from the serial log. Powers off at the end, pass or fail.
set -uo pipefail
export SYSTEMD_PAGER= SYSTEMD_COLORS=0 LC_ALL=C.UTF-8
sample=/usr/share/sensord/sample.pcap
ifc=dummy0
ok=1
say() { echo "SMOKE: $*"; }
fail() { ok=0; say "FAIL $*"; }
up() { cut -d' ' -f1 /proc/uptime; }

say "start (uptime $(up) s, $(uname -r))"

# 1. The read-only layout: / read-only, /data writable, the bind mounts.
root_opts=$(findmnt -no OPTIONS /)
if [[ ,$root_opts, != *,ro,* ]]; then fail "root is not mounted read-only: $root_opts"
elif touch /.smoke-rw 2>/dev/null; then rm -f /.smoke-rw; fail "root is writable"
elif ! findmnt -no OPTIONS /data | grep -qE '(^|,)rw(,|$)'; then fail "/data is not mounted read-write"
else
  binds=""
  for m in /var/lib/sensord /etc/sensord/keys /var/log; do
    binds+=" $m=$(findmnt -no SOURCE "$m" || echo MISSING)"
  done
  if [[ $binds == *MISSING* ]]; then fail "layout: a bind mount is missing:$binds"
  else say "layout ok: / ro, /data rw ($(findmnt -no SOURCE /data)),$binds"; fi
fi

# 2. An offline read of the bundled capture as the service user.
t0=$(up)
if runuser -u sensord -- sensord --read "$sample" --json --quiet >/run/smoke-devices.json 2>/run/smoke-read.err; then
  n=$(grep -c '^{' /run/smoke-devices.json || true)
  say "sensord read $n devices ($(basename "$sample"), $(awk -v a="$t0" -v b="$(up)" 'BEGIN{printf "%.1f", b-a}') s)"
else
  rc=$?
  fail "sensord --read $sample exited $rc:"
  sed 's/^/SMOKE:   /' /run/smoke-read.err | tail -20
fi

# 3. The service on a dummy interface: nic-setup must cope with a device that
# has no offloads or rings, sensord@ must report READY and stay up.
if ! ip link add "$ifc" type dummy; then
  fail "cannot create $ifc"
else
  udevadm settle --timeout=60 || true
  t0=$(up)
  systemctl start "sensord@$ifc.service"
  sleep 10   # still up (and not restarted) a little later?
  state=$(systemctl is-active "sensord@$ifc.service")
  restarts=$(systemctl show -P NRestarts "sensord@$ifc.service")
  nic=$(systemctl is-active "sensord-nic-setup@$ifc.service")
  say "sensord-nic-setup@$ifc $nic: $(journalctl -b -o cat -u "sensord-nic-setup@$ifc.service" | grep -v '^Starting\|^Finished' | tr '\n' ';')"
  [ "$nic" = active ] || fail "sensord-nic-setup@$ifc is $nic"
  # What nic-setup promises: link up, no ARP, no address, IPv6 off.
  flags=$(ip -o link show dev "$ifc" | sed -n 's/^[0-9]*: [^<]*<\([^>]*\)>.*/\1/p')
  addrs=$(ip -o addr show dev "$ifc" | awk '{print $4}' | tr '\n' ' ')
  v6=$(cat "/proc/sys/net/ipv6/conf/$ifc/disable_ipv6" 2>/dev/null || echo missing)
  if [[ ,$flags, == *,UP,* && ,$flags, == *,NOARP,* && -z $addrs && $v6 == 1 ]]; then
    say "$ifc prepared: <$flags>, no addresses, IPv6 off"
  else
    fail "$ifc not prepared for capture: <$flags>, addresses: ${addrs:-none}, disable_ipv6=$v6"
  fi
  if [ "$state" = active ] && [ "$restarts" = 0 ]; then
    say "sensord@$ifc active"
    say "sensord@$ifc: $(systemctl show -P StatusText "sensord@$ifc.service") (start $(awk -v a="$t0" -v b="$(up)" 'BEGIN{printf "%.1f", b-a-10}') s)"
    if [ -e "/data/sensord/$ifc/inventory.db" ]; then say "state on the data partition: /data/sensord/$ifc/inventory.db"
    else fail "no /data/sensord/$ifc/inventory.db"; fi
  else
    fail "sensord@$ifc is $state (NRestarts=$restarts)"
    systemctl status --no-pager -l "sensord@$ifc.service" "sensord-nic-setup@$ifc.service" 2>&1 | sed 's/^/SMOKE:   /'
    journalctl -b --no-pager -o short-monotonic -u "sensord@$ifc.service" | tail -40 | sed 's/^/SMOKE:   /'
  fi
fi

# 4. First-boot key generation on the data partition.
if [ -f /etc/sensord/keys/sensor.key_secret ] && [ "$(stat -c '%U %a' /etc/sensord/keys/sensor.key_secret)" = "sensord 600" ]; then
  say "keys: /etc/sensord/keys/sensor.key_secret (sensord, 0600) on $(findmnt -no SOURCE /etc/sensord/keys)"
else
  fail "keys: no /etc/sensord/keys/sensor.key_secret owned by sensord with mode 0600"
fi

# 5. Nothing else broke on the read-only root.
failed=$(systemctl list-units --failed --plain --no-legend | awk '{print $1}' | tr '\n' ' ')
if [ -z "$failed" ]; then say "failed units: none"
else
  fail "failed units: $failed"
  for u in $failed; do journalctl -b --no-pager -o cat -u "$u" | tail -8 | sed "s/^/SMOKE:   $u: /"; done
fi

if [ "$ok" = 1 ]; then say "RESULT PASS (uptime $(up) s)"; else say "RESULT FAIL (uptime $(up) s)"; fi
systemctl poweroff --no-block
