#!/usr/bin/env bash
# The whole test suite on a fresh Debian machine: installs what is missing, builds, runs CTest
# (doctest unit tests of every library layer + end-to-end tests of the real binary).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/install-deps.sh" --test
"$root/scripts/build.sh"
cd "${PILOT_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j"$(nproc)" "$@"
