#!/usr/bin/env bash
# The long variants of the hardening tests, for a night run or before a release (CI runs the
# short ones):
#   - every fuzz target for PILOT_FUZZ_MINUTES minutes (default 10) — scripts/fuzz.sh;
#   - 200 kills (SIGKILL, SIGTERM, SIGINT) of an import of 3 000 actions, 40 of each other long
#     writer and of backup (test_crash_safety.sh);
#   - 8 simultaneous imports beside validations, reads and backups (test_concurrency.sh);
#   - the bad-input corpus.
# Uses build/pilot (built if missing). Exit status 1 if anything failed; runs everything anyway.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${PILOT_BUILD_DIR:-$root/build}
minutes=${PILOT_FUZZ_MINUTES:-10}
if [[ ! -x "$build/pilot" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
    cmake --build "$build" --target pilot -j"${PILOT_JOBS:-$(nproc)}" || exit 1
fi
export PILOT_BIN=$build/pilot PILOT_SCHEMAS=$root/schemas PILOT_SOURCE=$root
export PILOT_E2E_SCRATCH=${PILOT_E2E_SCRATCH:-$build/e2e-scratch}

failed=()
step() {
  local name=$1
  shift
  echo "== $name"
  local start=$SECONDS
  if "$@"; then
    echo "== $name: ok ($((SECONDS - start)) s)"
  else
    echo "== $name: FAILED ($((SECONDS - start)) s)"
    failed+=("$name")
  fi
}

step "crash safety: 200 kills" env PILOT_CRASH_KILLS=200 PILOT_CRASH_OTHER=40 PILOT_CRASH_ACTIONS=3000 \
  bash "$root/tests/e2e/test_crash_safety.sh"
step "concurrency: 8 imports" env PILOT_CONCURRENCY_IMPORTS=8 PILOT_CONCURRENCY_ACTIONS=300 \
  bash "$root/tests/e2e/test_concurrency.sh"
step "bad input" bash "$root/tests/e2e/test_bad_input.sh"
step "fuzzing: ${minutes} min per target" "$root/scripts/fuzz.sh" $((minutes * 60))

if ((${#failed[@]})); then
  echo "hardening-long: FAILED: ${failed[*]}"
  exit 1
fi
echo "hardening-long: all passed"
