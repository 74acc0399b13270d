#!/usr/bin/env bash
# bench/flood.sh [BUILD_DIR] [FLOOD_SPEC]
#
# Floods against the sensor's memory budget: a generated site (60 devices,
# 1 minute) merged with sitegen --flood (default: 1 M random source MACs,
# 2 M one-packet TCP flows, 100 k DHCP starvation DISCOVERs, 100 k mDNS and
# 100 k SSDP storm messages), read by sensord with its default configuration
# and 1 worker, next to the site alone (the baseline, measured in the same
# run). Prints packets/s, peak RSS (/usr/bin/time), the records and flows
# evicted, and how many of the site's real devices kept the classification the
# clean run gives them. Each flood kind is also run alone, so its own cost
# shows. Needs mergecap (wireshark-common) and /usr/bin/time.
set -euo pipefail
build=${1:-build}
spec=${2:-macs=1000000,flows=2000000,dhcp=100000,mdns=100000,ssdp=100000}
sensord=$build/sensor/sensord
sitegen=$build/bench/sitegen
for t in "$sensord" "$sitegen"; do [[ -x $t ]] || { echo "flood: $t missing (make build)" >&2; exit 2; }; done
command -v mergecap >/dev/null || { echo "flood: mergecap missing (apt-get install wireshark-common)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "flood: /usr/bin/time missing (apt-get install time)" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/flood.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

"$sitegen" --devices 60 --minutes 1 --out "$tmp" 2>/dev/null
# One run: packets/s (sensord's own figure), peak RSS, evictions, the JSON.
run() { # run NAME PCAP
  /usr/bin/time -f "%M" -o "$tmp/$1.rss" "$sensord" -r "$2" --json --stats >"$tmp/$1.json" 2>"$tmp/$1.err"
}
row() { # row NAME
  local err=$tmp/$1.err pps rss dev ev fl
  pps=$(sed -n 's/.*(\([0-9]*\) packets\/s).*/\1/p' "$err" | tail -1)
  rss=$(($(cat "$tmp/$1.rss") / 1024))
  dev=$(awk '/^  records /{print $2}' "$err")
  ev=$(awk '/evicted \(device cap\)/{print $NF}' "$err")
  fl=$(awk '/^  evicted \(cap\) /{print $NF}' "$err")
  # The site's devices with the clean run's class (type/os), by id.
  kept=$(/usr/bin/python3 - "$tmp/clean.json" "$tmp/$1.json" <<'EOF'
import json, sys
def load(p):
    out = {}
    for line in open(p):
        j = json.loads(line)
        c = j.get("class", {})
        out[j["id"]] = (c.get("type"), (c.get("os") or {}).get("name"))
    return out
ref, got = load(sys.argv[1]), load(sys.argv[2])
print("%d/%d" % (sum(1 for k, v in ref.items() if got.get(k) == v), len(ref)))
EOF
)
  printf '%-22s %10s %9s %9s %12s %12s %8s\n' "$1" "$pps" "$rss" "$dev" "$ev" "$fl" "$kept"
  echo "$rss" >"$tmp/$1.rss_mb"
}
echo "flood: $spec"
printf '%-22s %10s %9s %9s %12s %12s %8s\n' run packets/s "RSS MB" records "dev evicted" "flow evicted" "real ok"
run clean "$tmp/site.pcap"
row clean
IFS=, read -r -a kinds <<<"$spec"
for k in "${kinds[@]}" all; do
  part=$spec
  [[ $k == all ]] || part=$k
  "$sitegen" --flood "$part" --minutes 1 --out "$tmp/f" 2>/dev/null
  mergecap -w "$tmp/merged.pcap" "$tmp/site.pcap" "$tmp/f/flood.pcap"
  name=${k%%=*}
  [[ $k == all ]] && name=all
  run "$name" "$tmp/merged.pcap"
  row "$name"
  rm -f "$tmp/merged.pcap" "$tmp/f/flood.pcap"
done
echo "peak RSS of the whole flood over the clean run: $(($(cat "$tmp/all.rss_mb") - $(cat "$tmp/clean.rss_mb"))) MB" \
  "(budget 512 MB for the whole sensor)"
