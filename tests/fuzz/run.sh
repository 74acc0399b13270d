#!/usr/bin/env bash
# tests/fuzz/run.sh BUILD_DIR SECONDS [NAME...]
# Runs each libFuzzer binary of BUILD_DIR (built by `make fuzz`) for SECONDS,
# starting from its seed corpus tests/fuzz/corpus/<proto>/. New inputs go to
# BUILD_DIR/fuzz-corpus/<proto>/ (the seeds in the repo stay as they are);
# crashes go to BUILD_DIR/fuzz-artifacts/. Exits non-zero on the first finding.
set -euo pipefail
build=${1:?build dir}
seconds=${2:-30}
shift 2 || true
src=$(cd "$(dirname "$0")" && pwd)
names=("$@")
if ((${#names[@]} == 0)); then
  for f in "$src"/*_fuzz.cc; do names+=("$(basename "$f" _fuzz.cc)"); done
fi
mkdir -p "$build/fuzz-artifacts"
for proto in "${names[@]}"; do
  bin=$build/tests/${proto}_fuzz
  [[ -x $bin ]] || { echo "fuzz: $bin missing (run make fuzz)" >&2; exit 2; }
  work=$build/fuzz-corpus/$proto
  mkdir -p "$work"
  echo "== fuzz $proto for ${seconds}s"
  log=$build/fuzz-artifacts/$proto.log
  rc=0
  "$bin" -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 \
    -artifact_prefix="$build/fuzz-artifacts/${proto}-" "$work" "$src/corpus/$proto" >"$log" 2>&1 || rc=$?
  grep -E '^(stat::number_of_executed_units|stat::new_units_added|==[0-9]+==ERROR|SUMMARY)' "$log" || true
  if ((rc != 0)); then
    echo "fuzz: $proto failed (exit $rc); log $log, inputs in $build/fuzz-artifacts/" >&2
    exit 1
  fi
done
echo "fuzz: ${#names[@]} targets ran ${seconds}s each without a finding"
