# Shared helpers for end-to-end tests: each test runs the real pilot binary in a scratch
# directory that is removed on success and kept (and printed) on failure.
set -uo pipefail

: "${PILOT_BIN:?PILOT_BIN must name the pilot binary}"
: "${PILOT_SCHEMAS:?PILOT_SCHEMAS must name the schemas directory}"
PILOT_SOURCE=${PILOT_SOURCE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
scratch_root=${PILOT_E2E_SCRATCH:-${TMPDIR:-/tmp}}
mkdir -p "$scratch_root"
SCRATCH=$(mktemp -d "$scratch_root/$(basename "$0" .sh).XXXXXX")
export PILOT_DB="$SCRATCH/pilot.sqlite" PILOT_USER=e2e PILOT_SCHEMAS
unset PILOT_TODAY
cd "$SCRATCH" || exit 1
failures=0
checks=0

on_exit() {
  if ((failures > 0)); then
    echo "FAILED: $failures of $checks checks; scratch directory kept: $SCRATCH" >&2
    exit 1
  fi
  rm -rf "$SCRATCH"
  echo "$checks passed, 0 failed"
}
trap on_exit EXIT

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# run [args...]: runs pilot, capturing OUT, ERR and STATUS.
run() {
  OUT=$("$PILOT_BIN" "$@" 2>"$SCRATCH/.stderr")
  STATUS=$?
  ERR=$(cat "$SCRATCH/.stderr")
}

# expect_status N description
expect_status() {
  checks=$((checks + 1))
  if [[ "$STATUS" != "$1" ]]; then
    fail "$2: exit status $STATUS, expected $1; stdout: $OUT; stderr: $ERR"
  fi
}

# expect_out_contains TEXT / expect_err_contains TEXT / expect_out_lacks TEXT
expect_out_contains() {
  checks=$((checks + 1))
  [[ "$OUT" == *"$1"* ]] || fail "stdout lacks « $1 »; stdout was: $OUT; stderr: $ERR"
}
expect_err_contains() {
  checks=$((checks + 1))
  [[ "$ERR" == *"$1"* ]] || fail "stderr lacks « $1 »; stderr was: $ERR"
}
expect_out_lacks() {
  checks=$((checks + 1))
  [[ "$OUT" != *"$1"* ]] || fail "stdout should not contain « $1 »; stdout was: $OUT"
}
expect_err_lacks() {
  checks=$((checks + 1))
  [[ "$ERR" != *"$1"* ]] || fail "stderr should not contain « $1 »; stderr was: $ERR"
}

# expect_equal ACTUAL EXPECTED description
expect_equal() {
  checks=$((checks + 1))
  [[ "$1" == "$2" ]] || fail "$3: got « $1 », expected « $2 »"
}

# sql QUERY: reads the database with the independent sqlite3 shell.
sql() {
  sqlite3 -batch -noheader "$PILOT_DB" "$1"
}

# Content fingerprint of the database (every table's rows), to prove a failed command wrote nothing.
db_fingerprint() {
  sqlite3 -batch "$PILOT_DB" .dump | sha256sum | cut -d' ' -f1
}

# expect_unchanged BEFORE description
expect_unchanged() {
  checks=$((checks + 1))
  local after
  after=$(db_fingerprint)
  [[ "$after" == "$1" ]] || fail "$2: the database changed although the command failed"
}

# A small valid PDF, written with printf so the tests need no PDF tool.
make_pdf() {
  printf '%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' >"$1"
}

# The bilan tests' starting point: a new base, the Pas-de-Calais CLS (n° 1) and the three actions of
# tests/data/bilans imported into it. Sets $data to that folder.
setup_bilan_convention() {
  data="$PILOT_SOURCE/tests/data/bilans"
  run init
  expect_status 0 "init"
  run convention add --collectivite "Conseil départemental - Pas-de-Calais" --type cls --signed 15/04/2024
  expect_status 0 "convention"
  run action import "$data/actions.csv" "$data/budget.csv" "$data/indicateurs.csv" --convention 1
  expect_status 0 "actions"
}
