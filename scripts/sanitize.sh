#!/usr/bin/env bash
# The whole test suite built with AddressSanitizer and UndefinedBehaviorSanitizer (-DPILOT_SANITIZE=ON)
# in build-asan/: unit tests of every layer and the end-to-end tests of the instrumented binary,
# bad-input corpus, crash safety and concurrency included. Any sanitizer report fails the run.
#
#   scripts/sanitize.sh            # everything
#   scripts/sanitize.sh -R e2e     # extra arguments go to ctest
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${PILOT_ASAN_BUILD_DIR:-$root/build-asan}
jobs=${PILOT_JOBS:-$(nproc)}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPILOT_SANITIZE=ON >/dev/null
cmake --build "$build" -j"$jobs"
# halt_on_error: a report is a failure, not a warning; the e2e tests also look for reports on stderr.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=0:detect_stack_use_after_return=1}
# Known leaks of third-party libraries (libxlsxwriter), listed with their reason in the file.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# The instrumented binary is 2-3 times slower: keep the kill test short here.
export PILOT_CRASH_KILLS=${PILOT_CRASH_KILLS:-5}
cd "$build"
ctest --output-on-failure -j"$jobs" --timeout 900 "$@"
