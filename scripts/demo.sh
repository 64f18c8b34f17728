#!/usr/bin/env bash
# The main job on a fresh Debian machine: installs what is missing, builds, creates an embedded
# SQLite database from examples/ and prints what it holds.
#   scripts/demo.sh [DATABASE]      (default: demo/pilot.sqlite, recreated each run)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/install-deps.sh"
PILOT_BUILD_TARGETS=${PILOT_BUILD_TARGETS:-pilot} "$root/scripts/build.sh" >/dev/null
pilot="${PILOT_BUILD_DIR:-$root/build}/pilot"
db=${1:-$root/demo/pilot.sqlite}
mkdir -p "$(dirname "$db")"
rm -f "$db" "$db-wal" "$db-shm"
export PILOT_DB="$db" PILOT_USER=${PILOT_USER:-demo}

section() { printf '\n== %s\n' "$*"; }

section "pilot init"
"$pilot" init

section "Les quatre conventions du tableau du guide"
while IFS='|' read -r collectivite type signed; do
  id=$("$pilot" convention add --collectivite "$collectivite" --type "$type" --signed "$signed")
  echo "convention n° $id : $collectivite ($type, signée le $signed)"
done <"$root/examples/conventions.txt"

if [[ -x "$root/examples/import-demo.sh" ]]; then
  section "Import des fiches actions d'exemple"
  "$root/examples/import-demo.sh" "$pilot"
fi

section "pilot convention list"
"$pilot" convention list
