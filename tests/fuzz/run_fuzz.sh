#!/usr/bin/env bash
# run_fuzz.sh BINARY SEEDS REGRESSIONS WORKDIR SECONDS
# Replays every committed regression input (a crash found once must stay fixed), then fuzzes for
# SECONDS from the seed corpus. New interesting inputs and any crash land in WORKDIR, which is
# printed on failure so the crash can be copied into REGRESSIONS as a test.
set -uo pipefail
binary=$1 seeds=$2 regressions=$3 work=$4 seconds=$5
mkdir -p "$work/corpus" "$work/artifacts"

if compgen -G "$regressions/*" >/dev/null; then
  "$binary" -runs=1 "$regressions"/* >"$work/regressions.log" 2>&1 || {
    tail -n 40 "$work/regressions.log"
    echo "FAIL: a committed regression input crashes again ($work/regressions.log)"
    exit 1
  }
fi

"$binary" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=1048576 \
  -artifact_prefix="$work/artifacts/" -print_final_stats=1 "$work/corpus" "$seeds" >"$work/fuzz.log" 2>&1
status=$?
if ((status != 0)); then
  tail -n 60 "$work/fuzz.log"
  echo "FAIL: $(basename "$binary") found a crash: $(ls "$work/artifacts")"
  echo "reproduce: $binary $work/artifacts/<file> ; then add the file to $regressions/"
  exit 1
fi
grep -E '^stat::number_of_executed_units|^Done' "$work/fuzz.log" | head -n 2
echo "$(basename "$binary"): ${seconds} s, no crash"
