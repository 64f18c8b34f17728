#!/usr/bin/env bash
# Issue « Hardening »: imports, validations, reads and backups at once, from separate processes.
# Every command must succeed (writers queue on BEGIN IMMEDIATE and the 60 s busy timeout; no
# « database is locked » reaches the user), no update is lost (every import complete, both
# validations of every action recorded whatever their order), each backup taken meanwhile is a
# consistent snapshot (every convention's actions all there or none), and integrity holds. The
# readers a cron job runs beside an import (export, dashboard-stats, remind, action list) succeed
# and see each convention's actions all or none.
# PILOT_CONCURRENCY_IMPORTS sets the number of simultaneous imports (default 3; long: 8).
source "$(dirname "$0")/lib.sh"

imports=${PILOT_CONCURRENCY_IMPORTS:-3}
per_import=${PILOT_CONCURRENCY_ACTIONS:-60}

if ! "$PILOT_BIN" action import --help >/dev/null 2>&1; then
  echo "skip: pilot action import is not available in this build"
  exit 0
fi

run init
expect_status 0 "init"

codes=(CD59 CD62 CD80 CD02 CD60 CD27 CD76 CD14 CD50 CD61 CD08 CD51)
args=()
for ((i = 0; i <= imports; i++)); do
  args+=(--collectivite "${codes[i]}")
done
python3 "$PILOT_SOURCE/scripts/generate-dataset.py" --out "$SCRATCH/ds" --actions $(((imports + 1) * per_import)) \
  "${args[@]}" --schemas "$PILOT_SCHEMAS" >/dev/null || fail "generate-dataset.py failed"

# One convention per generated folder, in the order of conventions.txt.
folders=()
ids=()
while IFS='|' read -r collectivite type signed folder; do
  run convention add --collectivite "$collectivite" --type "$type" --signed "$signed"
  expect_status 0 "convention $collectivite"
  folders+=("$folder")
  ids+=("$OUT")
done <"$SCRATCH/ds/conventions.txt"

# Expected action count of each folder: data rows of its actions.csv (records, not lines).
expected_count() {
  python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding="utf-8-sig"), delimiter=";")) - 1)' "$1"
}

# The first convention is imported beforehand: the validations work on it meanwhile.
run action import "$SCRATCH/ds/${folders[0]}"/*.csv --convention "${ids[0]}"
expect_status 0 "first import"
first_count=$(expected_count "$SCRATCH/ds/${folders[0]}/actions.csv")

mkdir -p "$SCRATCH/logs" "$SCRATCH/backups"
pids=()
names=()
launch() {  # launch NAME pilot-args...
  local name=$1
  shift
  "$PILOT_BIN" "$@" >"$SCRATCH/logs/$name.out" 2>"$SCRATCH/logs/$name.err" &
  pids+=($!)
  names+=("$name")
}

for ((i = 1; i < ${#folders[@]}; i++)); do
  launch "import-$i" action import "$SCRATCH/ds/${folders[i]}"/*.csv --convention "${ids[i]}"
done
launch "validate-collectivite" validate --as collectivite --convention "${ids[0]}" --all
launch "validate-etat" validate --as etat --convention "${ids[0]}" --all
for ((r = 1; r <= 3; r++)); do
  launch "list-$r" action list --format csv
  launch "conventions-$r" convention list
  launch "history-$r" history --last 5
  launch "backup-$r" backup "$SCRATCH/backups/b$r.sqlite"
  launch "export-$r" export actions --format csv --csv-dialect rfc4180 -o "$SCRATCH/logs/export-$r.csv"
  launch "dashboard-$r" dashboard-stats --format json
  launch "remind-$r" remind --open --sendmail /bin/true
done
launch "check" check

for ((p = 0; p < ${#pids[@]}; p++)); do
  wait "${pids[p]}"
  status=$?
  name=${names[p]}
  checks=$((checks + 1))
  [[ $status == 0 ]] || fail "$name: exit status $status: $(head -c 400 "$SCRATCH/logs/$name.err")"
  checks=$((checks + 1))
  ! grep -qiE 'locked|verrouill|occupée|busy' "$SCRATCH/logs/$name.err" ||
    fail "$name: a lock reached the user: $(head -c 400 "$SCRATCH/logs/$name.err")"
done

# No lost update: every import complete, both validations of every action of the first convention.
for ((i = 0; i < ${#folders[@]}; i++)); do
  expected=$(expected_count "$SCRATCH/ds/${folders[i]}/actions.csv")
  expect_equal "$(sql "SELECT count(*) FROM actions WHERE convention_id = ${ids[i]}")" "$expected" \
    "actions of convention ${ids[i]}"
done
expect_equal "$(sql "SELECT count(*) FROM validations v JOIN actions a ON a.id = v.action_id
                     WHERE a.convention_id = ${ids[0]}")" "$((2 * first_count))" "both validations of every action"
run action list --convention "${ids[0]}" --format csv --csv-dialect rfc4180
expect_status 0 "list after"
expect_equal "$(printf '%s\n' "$OUT" | grep -c 'Double validée')" "$first_count" "every action double-validated"
expect_equal "$(sql 'PRAGMA integrity_check')" "ok" "integrity"
run check
expect_status 0 "pilot check"

# Each export read one moment too: per convention, no action or all of them.
for ((r = 1; r <= 3; r++)); do
  for ((i = 0; i < ${#folders[@]}; i++)); do
    expected=$(expected_count "$SCRATCH/ds/${folders[i]}/actions.csv")
    got=$(python3 -c 'import csv, sys
rows = csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline=""))
print(sum(1 for row in rows if row["convention_id"] == sys.argv[2]))' "$SCRATCH/logs/export-$r.csv" "${ids[i]}")
    checks=$((checks + 1))
    [[ "$got" == 0 || "$got" == "$expected" ]] ||
      fail "export-$r: convention ${ids[i]} has $got of $expected actions (half an import)"
  done
done

# Each backup is a snapshot of one moment: a convention's actions are all there or none.
for backup in "$SCRATCH"/backups/*.sqlite; do
  expect_equal "$(sqlite3 -batch "$backup" 'PRAGMA integrity_check')" "ok" "integrity of $(basename "$backup")"
  for ((i = 0; i < ${#folders[@]}; i++)); do
    expected=$(expected_count "$SCRATCH/ds/${folders[i]}/actions.csv")
    got=$(sqlite3 -batch "$backup" "SELECT count(*) FROM actions WHERE convention_id = ${ids[i]}")
    checks=$((checks + 1))
    [[ "$got" == 0 || "$got" == "$expected" ]] ||
      fail "$(basename "$backup"): convention ${ids[i]} has $got of $expected actions (half an import)"
  done
  run --db "$backup" check
  expect_status 0 "pilot check on $(basename "$backup")"
done

# A writer that holds the base longer than the busy timeout (6 s): the command gives up with a message
# naming the wait and PILOT_BUSY_TIMEOUT, writes nothing, and a longer PILOT_BUSY_TIMEOUT waits it out.
conventions_before=$(sql "SELECT count(*) FROM conventions")
(echo ".timeout 5000"; echo "BEGIN IMMEDIATE;"; sleep 6; echo "COMMIT;") | sqlite3 -batch "$PILOT_DB" &
holder=$!
# Until the holder has the write lock: the probe, without a timeout, fails while it is held (the holder
# has one, so a probe that gets in first only delays it).
for ((try = 0; try < 50; try++)); do
  sqlite3 -batch "$PILOT_DB" "BEGIN IMMEDIATE; ROLLBACK;" 2>/dev/null || break
  sleep 0.1
done
started=$SECONDS
PILOT_BUSY_TIMEOUT=1 run convention add --collectivite "Nantes Métropole" --type cls --signed 01/02/2024
expect_status 1 "a write blocked longer than PILOT_BUSY_TIMEOUT=1"
expect_err_contains "occupée par une autre commande depuis plus de 1 s"
expect_err_contains "PILOT_BUSY_TIMEOUT"
checks=$((checks + 1))
((SECONDS - started <= 3)) || fail "PILOT_BUSY_TIMEOUT=1 waited $((SECONDS - started)) s"
expect_equal "$(sql "SELECT count(*) FROM conventions")" "$conventions_before" "nothing written after the busy error"
PILOT_BUSY_TIMEOUT=30 run convention add --collectivite "Nantes Métropole" --type cls --signed 01/02/2024
expect_status 0 "PILOT_BUSY_TIMEOUT=30 waits for the other writer"
wait "$holder"
expect_equal "$(sql "SELECT count(*) FROM conventions")" "$((conventions_before + 1))" "the waiting command wrote once"
PILOT_BUSY_TIMEOUT=abc run convention list
expect_status 2 "PILOT_BUSY_TIMEOUT not a number"
expect_err_contains "PILOT_BUSY_TIMEOUT : attendu un nombre entier de secondes, de 0 à 86400, et non « abc »"
