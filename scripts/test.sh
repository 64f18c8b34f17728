#!/usr/bin/env bash
# The whole test suite on a fresh Debian machine: installs what is missing, builds, then runs
#   1. CTest in build/: doctest unit tests of every library layer and end-to-end tests of the real
#      binary (bad-input corpus, crash safety under SIGKILL, concurrency, backup included);
#   2. the short sanitizer and fuzzing run (scripts/fuzz.sh --unit): the unit tests of the libraries
#      that read untrusted input (util, io/csv, io/xlsx, forms) built with AddressSanitizer and
#      UndefinedBehaviorSanitizer, then each libFuzzer target for PILOT_FUZZ_SECONDS (default 10),
#      committed crash inputs replayed first. PILOT_FUZZ_SECONDS=0 skips this step.
# The long variants are scripts/sanitize.sh (whole suite instrumented) and scripts/hardening-long.sh.
# Extra arguments go to the first ctest run.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
start=$SECONDS
"$root/scripts/install-deps.sh" --test
"$root/scripts/build.sh"
echo "test.sh: dépendances et compilation en $((SECONDS - start)) s"

step=$SECONDS
(cd "${PILOT_BUILD_DIR:-$root/build}" && ctest --output-on-failure -j"$(nproc)" "$@")
echo "test.sh: tests en $((SECONDS - step)) s"

fuzz_seconds=${PILOT_FUZZ_SECONDS:-10}
if ((fuzz_seconds > 0)); then
  step=$SECONDS
  "$root/scripts/fuzz.sh" --unit "$fuzz_seconds"
  echo "test.sh: sanitiseurs et fuzzing en $((SECONDS - step)) s"
fi
echo "test.sh: total $((SECONDS - start)) s"
