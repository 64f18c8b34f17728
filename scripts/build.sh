#!/usr/bin/env bash
# Configures and builds pilot into build/ (Ninja, ccache). Extra arguments go to cmake.
#   PILOT_BUILD_DIR     build directory (default build/)
#   PILOT_BUILD_TYPE    CMake build type (default Release: -O2 without debug information, which
#                       compiles in two thirds of the time of RelWithDebInfo; use RelWithDebInfo
#                       or Debug to debug)
#   PILOT_BUILD_TARGETS targets to build (default: all, tests included)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${PILOT_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${PILOT_BUILD_TYPE:-Release}" "$@" >/dev/null
targets=()
for target in ${PILOT_BUILD_TARGETS:-}; do
  targets+=(--target "$target")
done
cmake --build "$build_dir" -j"${PILOT_JOBS:-$(nproc)}" "${targets[@]}"
