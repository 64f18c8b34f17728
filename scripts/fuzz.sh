#!/usr/bin/env bash
# Fuzzes the readers that take untrusted input (CSV, XLSX, numbers and dates, YAML forms) with
# libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer, in build-fuzz/.
#
#   scripts/fuzz.sh                     # each target 15 s
#   scripts/fuzz.sh 600                 # each target 10 minutes (the long run)
#   scripts/fuzz.sh 60 csv xlsx         # only these targets
#   scripts/fuzz.sh --unit 10           # what CI runs (scripts/test.sh): the doctest suites of the
#                                       # same libraries (util, io/csv, io/xlsx, forms), built with
#                                       # the same AddressSanitizer + UBSan instrumentation, then each
#                                       # fuzz target 10 s
#
# Needs clang ≥ 19 (libstdc++ 12's std::expected needs its concepts support); installs the
# Debian packages clang-19 and libclang-rt-19-dev when missing and run as root. A crash leaves
# its input under build-fuzz/fuzz-work/<target>/artifacts/: copy it to
# tests/fuzz/regressions/<target>/ so every later run replays it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${PILOT_FUZZ_BUILD_DIR:-$root/build-fuzz}
with_unit=0
if [[ "${1:-}" == "--unit" ]]; then
  with_unit=1
  shift
fi
seconds=${1:-15}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(csv xlsx numbers forms)

compiler=""
for candidate in clang++-19 clang++-20 clang++-21 clang++; do
  if command -v "$candidate" >/dev/null &&
     [[ $("$candidate" -dumpversion 2>/dev/null | cut -d. -f1) -ge 19 ]]; then
    compiler=$candidate
    break
  fi
done
if [[ -z "$compiler" ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "fuzz.sh: installing clang-19 and libclang-rt-19-dev (Debian packages)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang-19 libclang-rt-19-dev >/dev/null ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang-19 libclang-rt-19-dev >/dev/null; }
    compiler=clang++-19
  else
    echo "fuzz.sh: clang ≥ 19 is needed (apt-get install clang-19 libclang-rt-19-dev)" >&2
    exit 2
  fi
fi
c_compiler=${compiler/clang++/clang}

# -O1 with line tables only: reports keep file:line, and the build takes half the time of -O2 -g.
flags="-O1 -gline-tables-only -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=None \
  -DCMAKE_C_COMPILER="$c_compiler" -DCMAKE_CXX_COMPILER="$compiler" \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
  -DPILOT_FUZZ=ON -DPILOT_FUZZ_SECONDS="$seconds" >/dev/null
build_targets=()
for target in "${targets[@]}"; do
  build_targets+=("fuzz_$target")
done
unit_suites=(util io_csv io_xlsx forms)
if ((with_unit)); then
  for suite in "${unit_suites[@]}"; do
    build_targets+=("test_$suite")
  done
fi
cmake --build "$build" --target "${build_targets[@]}" -j"${PILOT_JOBS:-$(nproc)}"

export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if ((with_unit)); then
  # Any sanitizer report aborts the test executable, which ctest counts as a failure.
  ctest --test-dir "$build" -R "^($(IFS="|"; echo "${unit_suites[*]}")):" --output-on-failure -j"${PILOT_JOBS:-$(nproc)}"
fi

pattern="^fuzz: ($(IFS='|'; echo "${targets[*]}"))\$"
# The targets run one after the other: each uses a core and up to 2 GB.
ctest --test-dir "$build" -R "$pattern" --output-on-failure --timeout $((seconds + 900))
