#!/usr/bin/env bash
# bench/stalled_consumer.sh BUILD_DIR [DEVICES]
# Does a stuck consumer slow capture? Offline replay time of
# `sensord --read FILE --serve` (loopback, --insecure) with a subscriber that
# attaches and then never reads, against the same run with no subscriber,
# alternating rounds (A B A B ...), medians of ROUNDS. The replay time is the
# one sensord prints ("capture ended (N packets in T s)"): from the first
# packet to the final inventory, without process start-up. Prints both
# times, the ratio (the target is within 10 %: ratio <= 1.10), and what the
# stuck subscriber lost past the high-water mark. The input is a generated
# site of DEVICES devices (default 5000, ~1.25 M packets, ~19k device
# events); the sensor's PUB high-water mark is set to 1000 (transport.pub_hwm)
# so that the stuck subscriber is far past it.
set -euo pipefail
build=${1:-build}
devices=${2:-${DEVICES:-5000}}
rounds=${ROUNDS:-3}
work=${BENCH_DIR:-$build/bench-data}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
pcap=$work/site_d$devices.pcap
if [[ ! -s $pcap ]]; then
  "$build/bench/sitegen" --out "$work/gen" --devices "$devices" --minutes 2 >/dev/null
  mv "$work/gen/site.pcap" "$pcap"
fi
cfg=$work/stalled.yaml
printf 'transport:\n  pub_hwm: 1000\n' >"$cfg"
echo "input: $pcap ($devices devices), $rounds rounds"

port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# One replay; $1 = stuck | none. Prints the replay seconds.
replay() {
  local mode=$1 ev ctl err=$work/stalled.err sub_out=$work/stuck.out sub_pid= pid
  ev=tcp://127.0.0.1:$(port)
  ctl=tcp://127.0.0.1:$(port)
  if [[ $mode == stuck ]]; then
    /usr/bin/python3 "$here/stuck_subscriber.py" --events "$ev" --rcvhwm 100 >"$sub_out" 2>&1 &
    sub_pid=$!
  fi
  "$build/sensor/sensord" --read "$pcap" --config "$cfg" -q --serve --insecure --events "$ev" --control "$ctl" >/dev/null 2>"$err" &
  pid=$!
  until grep -q "capture ended" "$err"; do
    kill -0 $pid 2>/dev/null || { echo "bench: sensord exited: $(cat "$err")" >&2; exit 1; }
    sleep 0.1
  done
  if [[ -n $sub_pid ]]; then
    grep -q attached "$sub_out" || { echo "bench: the stuck subscriber never attached" >&2; exit 1; }
    kill -USR1 $sub_pid
    wait $sub_pid
    tail -1 "$sub_out" >"$work/stuck.last"
  fi
  kill -TERM $pid
  wait $pid || true
  sed -n 's/.*packets in \([0-9.]*\) s).*/\1/p' "$err"
}

none= stuck=
for ((r = 0; r < rounds; r++)); do
  none+="$(replay none) "
  stuck+="$(replay stuck) "
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
t_none=$(echo "$none" | median)
t_stuck=$(echo "$stuck" | median)
echo "replay, no subscriber:       $t_none s   (rounds: $none)"
echo "replay, stuck subscriber:    $t_stuck s   (rounds: $stuck)"
awk -v a="$t_stuck" -v b="$t_none" 'BEGIN { r = a / b; printf "ratio stuck/none: %.3f (target <= 1.10: %s)\n", r, r <= 1.10 ? "met" : "NOT met" }'
cat "$work/stuck.last"
