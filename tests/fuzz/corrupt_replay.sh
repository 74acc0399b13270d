#!/usr/bin/env bash
# tests/fuzz/corrupt_replay.sh BUILD_DIR SHARED_DIR few|all [SEEDS]
#
# The corruption test: real captures, damaged, through the whole pipeline.
# Each capture gets, for every seed (default 3 seeds: 1 2 3),
#   - a copy with random packet bytes changed (editcap -E 0.02 --seed S), and
#   - a copy truncated at a random offset (past the file header; a record cut
#     anywhere, its header or its data),
# and BUILD_DIR/tests/pipeline_fuzz (the whole-pipeline fuzz target's replay
# binary: libpcap, two workers, nDPI, every dissector, the inventory with the
# knowledge base, rules and p0f, the wire encoding) runs over the original and
# its damaged copies, without a packet limit. Built with ASan+UBSan (make
# corruption, or the test-asan tree's corruption test), a sanitizer report
# aborts it: the run passes only with 0 reports and no crash.
#   few  the captures `make test` runs (a few formats and link types)
#   all  every capture under SHARED_DIR/pcaps and SHARED_DIR/pcap-seeds
# Damaged copies live in a temporary directory; on a failure they are kept
# and the script says where. Exit 77 (skip) without SHARED_DIR or editcap.
set -euo pipefail
build=${1:?build dir}
shared=${2:?shared dir}
mode=${3:-few}
read -r -a seeds <<<"${4:-1 2 3}"
bin=$build/tests/pipeline_fuzz
[[ -x $bin ]] || { echo "corrupt_replay: $bin missing" >&2; exit 2; }
command -v editcap >/dev/null || { echo "SKIP: editcap (wireshark-common) missing"; exit 77; }
[[ -d $shared/pcaps ]] || { echo "SKIP: no $shared/pcaps"; exit 77; }

captures=()
if [[ $mode == all ]]; then
  while IFS= read -r -d '' f; do captures+=("$f"); done < <(
    find "$shared/pcaps" "$shared/pcap-seeds" -path "$shared/pcaps/fingerprint_dbs" -prune -o \
      -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) -print0 | sort -z)
else
  # pcap and pcapng, Ethernet and Linux cooked, VLANs, tunnels, fragments, TLS, DHCP, SMB.
  for f in ndpi/iphone.pcap ndpi/sites.pcapng zeek/ipv6-fragmented-dns.pcap zeek/raw_ntlm_in_smb.pcap \
    zeek/dhcp_inform.pcap zeek/q-in-q.pcap ja4/latest.pcapng; do
    [[ -f $shared/pcaps/$f ]] && captures+=("$shared/pcaps/$f")
  done
fi
((${#captures[@]})) || { echo "SKIP: no captures found under $shared"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/corrupt-replay.XXXXXX")
keep=0
trap '((keep)) || rm -rf "$tmp"' EXIT
export SENSOR_FUZZ_MAX_PACKETS=0 SENSOR_REPLAY_VERBOSE=1
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
n=0 files=0 failed=0
start=$(date +%s)
for cap in "${captures[@]}"; do
  ((++n))
  dir=$tmp/$n
  mkdir -p "$dir"
  name=$(basename "$cap")
  ext=${name##*.}
  cp "$cap" "$dir/0-original.$ext"
  size=$(stat -c %s "$cap")
  for s in "${seeds[@]}"; do
    editcap -E 0.02 --seed "$s" "$cap" "$dir/corrupt-$s.$ext" >/dev/null 2>&1 || true
    # A cut past the 24-byte pcap header, anywhere in the records (the same
    # offset for the same capture and seed on every run).
    if ((size > 32)); then
      off=$(( (($(printf '%s' "$name:$s" | cksum | cut -d' ' -f1) % (size - 24)) + 24) ))
      head -c "$off" "$cap" >"$dir/truncated-$s.$ext"
    fi
  done
  files=$((files + $(ls "$dir" | wc -l)))
  keep_this=0
  if ! out=$("$bin" "$dir" 2>&1); then
    failed=1
    keep=1
    keep_this=1
    echo "FAIL $cap: the pipeline crashed or a sanitizer reported (damaged copies kept in $dir):"
    { echo "$out" | grep -v '^replay: ' | tail -40; } || true
    echo "  last input: $(echo "$out" | grep '^replay: ' | tail -1 || true)"
  elif grep -q -E 'runtime error:|Sanitizer' <<<"$out"; then
    failed=1
    keep=1
    keep_this=1
    echo "FAIL $cap: a sanitizer reported (damaged copies kept in $dir):"
    { grep -E -A5 'runtime error:|Sanitizer' <<<"$out" | head -40; } || true
  fi
  ((keep_this)) || rm -rf "$dir"
done
echo "corrupt_replay: ${#captures[@]} captures, $files files (originals, ${#seeds[@]} corrupted and ${#seeds[@]} truncated copies each) in $(($(date +%s) - start)) s: $([[ $failed == 0 ]] && echo 'no crash, no sanitizer report' || echo FAILED)"
exit $failed
