#!/usr/bin/env bash
# Installs, with apt-get, the Debian packages pilot needs to build and test — only those missing.
#   scripts/install-deps.sh          build and runtime packages
#   scripts/install-deps.sh --test   plus the independent readers the tests use (sqlite3, openpyxl,
#                                    LibreOffice Calc, headless Chromium with a font) and clang 19 with
#                                    its sanitizer and libFuzzer runtimes (scripts/fuzz.sh)
set -euo pipefail

packages=(build-essential cmake ninja-build ccache pkg-config
          libcli11-dev libsqlitecpp-dev libsqlite3-dev libfmt-dev libspdlog-dev libyaml-cpp-dev doctest-dev
          libxlsxwriter-dev libminizip-dev libexpat1-dev libssl-dev libjemalloc-dev sqlite3)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(python3 python3-openpyxl python3-yaml clang-19 libclang-rt-19-dev
                libreoffice-calc-nogui chromium fonts-dejavu-core)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installation de ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
