#!/usr/bin/env bash
# Installed as /usr/lib/sensord/rauc-mark-good.sh, run by
# rauc-mark-good.service on every boot.
#
# Confirms the booted RAUC slot (`rauc status mark-good booted`) once sensord
# is healthy: at least one sensord@IFACE.service has been active and running
# for MARK_GOOD_STABLE_S seconds in a row, without being restarted in between.
# If that does not happen within MARK_GOOD_TIMEOUT_S seconds of this script
# starting, it exits 1 without marking anything: under the GRUB scheme in
# README.md the slot then stays "on trial" (its _TRY flag set), and the next
# boot -- watchdog, power cycle or operator -- falls back to the other slot.
# It never reboots and never marks a slot bad itself: a sensord that fails on
# both slots (a bad /data configuration, a missing interface) must not turn
# into a reboot loop.
#
# Why a polling script and not unit ordering: sensord runs as template
# instances (sensord@eth1.service, ...), one per capture interface, whose names
# are only known on the device. After=sensord@.service does not name a unit,
# and After=/Requires= on instances would have to be written per device.
# `systemctl is-active 'sensord@*.service'` would take a single momentary
# "active" as healthy, including a daemon that crashes a second later and is
# restarted by Restart=on-failure. So this script looks at all instances, and
# requires one of them to stay in active/running with the same activation
# (ActiveEnterTimestampMonotonic and NRestarts unchanged) for the whole window.
#
# Settings (environment; the unit sets them):
#   MARK_GOOD_STABLE_S   seconds of uninterrupted running required (60)
#   MARK_GOOD_TIMEOUT_S  give up after this many seconds (600)
#   MARK_GOOD_POLL_S     polling interval (5)
#   MARK_GOOD_UNITS      unit pattern ('sensord@*.service')
# Options: --dry-run (report, do not call rauc), -h/--help.
# Exit: 0 marked good (or would have, --dry-run), 1 not healthy in time or
# rauc failed, 2 usage.
set -euo pipefail

stable_s=${MARK_GOOD_STABLE_S:-60}
timeout_s=${MARK_GOOD_TIMEOUT_S:-600}
poll_s=${MARK_GOOD_POLL_S:-5}
pattern=${MARK_GOOD_UNITS:-sensord@*.service}
dry_run=0

log() { echo "rauc-mark-good: $*"; }
die_usage() { echo "rauc-mark-good: $*" >&2; exit 2; }

for arg in "$@"; do
  case $arg in
    --dry-run) dry_run=1 ;;
    -h|--help) sed -n '5,33p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die_usage "unknown argument: $arg" ;;
  esac
done
for v in stable_s timeout_s poll_s; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die_usage "$v must be a whole number of seconds, not '${!v}'"
done
((poll_s > 0)) || die_usage "MARK_GOOD_POLL_S must be > 0"

# Seconds since boot from /proc/uptime: unlike the wall clock (and bash's
# SECONDS), it does not jump when NTP sets the time early in boot.
uptime_s() {
  local up _
  read -r up _ < /proc/uptime
  echo "${up%%.*}"
}

declare -A seen_key=() seen_since=()
start=$(uptime_s)
deadline=$((start + timeout_s))
log "waiting for a ${pattern} to run ${stable_s}s without a restart (timeout ${timeout_s}s)"

while :; do
  now=$(uptime_s)
  mapfile -t units < <(systemctl list-units --all --type=service --plain --no-legend --no-pager \
                         "$pattern" 2>/dev/null | awk '{print $1}')
  for unit in "${units[@]}"; do
    [[ -n $unit ]] || continue
    active='' sub='' entered='' restarts=''
    while IFS='=' read -r k v; do
      case $k in
        ActiveState) active=$v ;;
        SubState) sub=$v ;;
        ActiveEnterTimestampMonotonic) entered=$v ;;
        NRestarts) restarts=$v ;;
      esac
    done < <(systemctl show --no-pager -p ActiveState -p SubState \
               -p ActiveEnterTimestampMonotonic -p NRestarts -- "$unit" 2>/dev/null)
    if [[ $active != active || $sub != running ]]; then
      unset "seen_key[$unit]" "seen_since[$unit]"
      continue
    fi
    key="$entered/$restarts"
    if [[ ${seen_key[$unit]:-} != "$key" ]]; then
      # first seen running, or (re)activated since the last poll: restart the clock
      seen_key[$unit]=$key
      seen_since[$unit]=$now
    fi
    if ((now - seen_since[$unit] >= stable_s)); then
      log "$unit has been running for $((now - seen_since[$unit]))s (NRestarts=${restarts:-?}): sensord is healthy"
      if ((dry_run)); then
        log "--dry-run: not calling 'rauc status mark-good booted'"
        exit 0
      fi
      for attempt in 1 2 3; do
        if rauc status mark-good booted; then
          log "booted slot marked good"
          exit 0
        fi
        log "rauc status mark-good failed (attempt $attempt of 3)"
        sleep "$poll_s"
      done
      log "could not mark the booted slot good: it stays on trial and the next boot falls back"
      exit 1
    fi
  done
  if ((now >= deadline)); then
    if ((${#units[@]} == 0)); then
      log "no ${pattern} instance exists (is one enabled?)"
    fi
    log "sensord was not healthy within ${timeout_s}s: NOT marking the booted slot good; the next boot falls back to the other slot"
    exit 1
  fi
  sleep "$poll_s"
done
