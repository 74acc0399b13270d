#!/usr/bin/env bash
# bench/pipeline.sh BUILD_DIR [SCALE]
# Offline throughput of sensord (1 and 2 workers) on a large generated site
# capture, next to two baselines measured in the same run on the same file: a
# bare libpcap read loop and Debian's ndpiReader (nDPI's own reader, DPI on).
# Runs alternate (A B C D A B C D ...) and each figure is the median of
# ROUNDS runs, so a noisy neighbour hits every contender alike. Prints
# packets/s, ratios and peak RSS.
set -euo pipefail
build=${1:-build}
scale=${2:-${SCALE:-40}}
rounds=${ROUNDS:-3}
work=${BENCH_DIR:-$build/bench-data}
mkdir -p "$work"
pcap=$work/site_x$scale.pcap
if [[ ! -s $pcap ]]; then
  "$build/bench/sitegen" --out "$work/gen" --scale "$scale" --minutes 10 >/dev/null
  mv "$work/gen/site.pcap" "$pcap"
fi
read -r pkts bytes _ < <("$build/bench/pcap_loop" "$pcap")
echo "input: $pcap ($pkts packets, $((bytes / 1000000)) MB, scale $scale)"

declare -A cmd=(
  [pcap_loop]="$build/bench/pcap_loop $pcap"
  [ndpiReader]="ndpiReader -q -i $pcap -v 0"
  [sensord_w1]="$build/sensor/sensord --read $pcap --json --workers 1 -q"
  [sensord_w2]="$build/sensor/sensord --read $pcap --json --workers 2 -q"
)
order=(pcap_loop ndpiReader sensord_w1 sensord_w2)
declare -A times rss
for ((r = 0; r < rounds; r++)); do
  for k in "${order[@]}"; do
    /usr/bin/time -o "$work/time.out" -f "%e %M" ${cmd[$k]} >/dev/null 2>&1 || {
      echo "bench: $k failed: ${cmd[$k]}" >&2
      exit 1
    }
    out=$(tail -1 "$work/time.out")
    times[$k]+="${out%% *} "
    rss[$k]+="${out##* } "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf "%-12s %10s %14s %12s %10s\n" tool "time s" "packets/s" "vs ndpiReader" "peak RSS MB"
t_ndpi=$(echo "${times[ndpiReader]}" | median)
for k in "${order[@]}"; do
  t=$(echo "${times[$k]}" | median)
  m=$(echo "${rss[$k]}" | median)
  awk -v k="$k" -v t="$t" -v n="$pkts" -v tn="$t_ndpi" -v m="$m" 'BEGIN {
    if (t <= 0) t = 0.001; pps = n / t;
    printf "%-12s %10.2f %14.0f %11.2fx %10.1f\n", k, t, pps, tn / t, m / 1024 }'
done
