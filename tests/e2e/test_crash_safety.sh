#!/usr/bin/env bash
# Issue « Hardening »: `pilot action import` of a large file is killed (SIGKILL) at random moments;
# after each kill the database passes PRAGMA integrity_check and holds exactly what it held before
# (the import is one transaction: a kill before COMMIT leaves nothing, a kill after it leaves all).
# Then the other long writers (validate --all, convention delete --cascade) and backup are stopped
# by SIGKILL, SIGTERM or SIGINT (Ctrl-C) at random moments: the base is as before or as after the
# whole command, and an interrupted backup leaves no file, or a whole one, under its name.
# PILOT_CRASH_KILLS sets the number of kills (default 10; scripts/hardening-long.sh uses 200),
# PILOT_CRASH_OTHER the rounds per other command (default 4; long: 40) and PILOT_CRASH_ACTIONS the
# size of the import (default 400 actions).
source "$(dirname "$0")/lib.sh"

kills=${PILOT_CRASH_KILLS:-10}
other_rounds=${PILOT_CRASH_OTHER:-4}
actions=${PILOT_CRASH_ACTIONS:-400}

if ! "$PILOT_BIN" action import --help >/dev/null 2>&1; then
  echo "skip: pilot action import is not available in this build"
  exit 0
fi

run init
expect_status 0 "init"
run convention add --collectivite CD59 --type unique --signed 20/06/2024
expect_status 0 "convention"
run action import "$PILOT_SOURCE/tests/data/bad/valid/actions.csv" "$PILOT_SOURCE/tests/data/bad/valid/budget.csv" \
  "$PILOT_SOURCE/tests/data/bad/valid/indicateurs.csv" --convention 1
expect_status 0 "initial content"
python3 "$PILOT_SOURCE/scripts/generate-dataset.py" --out "$SCRATCH/ds" --actions "$actions" --collectivite CD59 \
  --schemas "$PILOT_SCHEMAS" >/dev/null || fail "generate-dataset.py failed"
# The generated references may collide with the initial ones: skip those, import the rest.
files=("$SCRATCH"/ds/*/*.csv)

# How long a full import takes, so kills land anywhere from the start to past the commit.
start=$(date +%s%N)
cp "$PILOT_DB" "$SCRATCH/timing.sqlite"
"$PILOT_BIN" --db "$SCRATCH/timing.sqlite" action import "${files[@]}" --convention 1 --on-existing skip \
  >/dev/null 2>"$SCRATCH/timing.err"
timing_status=$?
duration_ms=$((($(date +%s%N) - start) / 1000000))
expect_equal "$timing_status" "0" "the import runs to completion when not killed ($(head -c 300 "$SCRATCH/timing.err"))"
expected_actions=$(sqlite3 -batch "$SCRATCH/timing.sqlite" "SELECT count(*) FROM actions")
rm -f "$SCRATCH"/timing.sqlite*
echo "full import: ${duration_ms} ms; $kills kills"

content() {
  sqlite3 -batch "$PILOT_DB" "SELECT count(*) FROM actions; SELECT count(*) FROM audit_log;" | tr '\n' ' '
}
sqlite3 "$PILOT_DB" ".backup '$SCRATCH/before.sqlite'"
before_dump=$(db_fingerprint)
before_content=$(content)
committed=0
for ((k = 1; k <= kills; k++)); do
  # Random moment in [0, duration]: most kills land mid-import, a few after the commit.
  delay_ms=$((RANDOM * RANDOM % (duration_ms + 1)))
  "$PILOT_BIN" action import "${files[@]}" --convention 1 --on-existing skip >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  # Mostly SIGKILL; one kill in four is a Ctrl-C (SIGINT) or a SIGTERM (shutdown, systemd).
  signal=$( ((k % 4 == 1)) && echo INT || ( ((k % 4 == 3)) && echo TERM || echo KILL))
  kill -"$signal" "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  status=$?

  checks=$((checks + 1))
  integrity=$(sqlite3 -batch "$PILOT_DB" "PRAGMA integrity_check" 2>&1)
  [[ "$integrity" == ok ]] || fail "kill $k after ${delay_ms} ms: integrity_check: $integrity"
  checks=$((checks + 1))
  fk=$(sqlite3 -batch "$PILOT_DB" "PRAGMA foreign_key_check" 2>&1)
  [[ -z "$fk" ]] || fail "kill $k: foreign_key_check: $fk"

  now_dump=$(db_fingerprint)
  checks=$((checks + 1))
  if [[ "$now_dump" != "$before_dump" ]]; then
    if [[ $status == 0 || $status == 137 || $status == 130 || $status == 143 ]]; then
      # The kill came after the COMMIT (or the import had finished): everything must be there.
      # Then undo it by restoring the copy taken before, so every round starts from the same state.
      after=$(content)
      n_actions=$(sqlite3 -batch "$PILOT_DB" "SELECT count(*) FROM actions")
      [[ "$n_actions" == "$expected_actions" ]] ||
        fail "kill $k after ${delay_ms} ms: partial import visible: $after (before: $before_content)"
      committed=$((committed + 1))
      cp "$SCRATCH/before.sqlite" "$PILOT_DB"
      rm -f "$PILOT_DB-wal" "$PILOT_DB-shm"
    else
      fail "kill $k (SIG$signal): database changed, import exit status $status"
    fi
  fi
done
echo "$committed of $kills kills landed after the commit"

# The first import of the generated actions, kept: the other commands work on a big convention.
run action import "${files[@]}" --convention 1 --on-existing skip
expect_status 0 "import before the other commands"
sqlite3 "$PILOT_DB" ".backup '$SCRATCH/before.sqlite'"
counts() {  # counts DB: what a command changes, without the times of the audit trail
  sqlite3 -batch "$1" "SELECT count(*) FROM conventions; SELECT count(*) FROM actions;
    SELECT count(*) FROM validations; SELECT count(*) FROM audit_log;" | tr '\n' ' '
}
before_counts=$(counts "$PILOT_DB")
before_dump=$(db_fingerprint)
signals=(KILL TERM INT)
for command in "validate --as etat --convention 1 --all" "convention delete 1 --cascade" \
               "backup $SCRATCH/copie.sqlite"; do
  # What the whole command leaves, and how long it takes (on a copy).
  cp "$SCRATCH/before.sqlite" "$SCRATCH/done.sqlite"
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  "$PILOT_BIN" --db "$SCRATCH/done.sqlite" ${command//copie/copie-done} >/dev/null 2>"$SCRATCH/done.err"
  expect_equal "$?" "0" "$command runs to completion ($(head -c 300 "$SCRATCH/done.err"))"
  duration_ms=$((($(date +%s%N) - start) / 1000000))
  done_counts=$(counts "$SCRATCH/done.sqlite")
  rm -f "$SCRATCH"/done.sqlite* "$SCRATCH"/copie-done.sqlite
  finished=0
  for ((k = 0; k < other_rounds; k++)); do
    signal=${signals[(k + RANDOM) % 3]}
    delay_ms=$((RANDOM * RANDOM % (duration_ms + 1)))
    # shellcheck disable=SC2086
    "$PILOT_BIN" $command >/dev/null 2>&1 &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -"$signal" "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    what="$command, SIG$signal after ${delay_ms} ms"
    expect_equal "$(sqlite3 -batch "$PILOT_DB" "PRAGMA integrity_check" 2>&1)" "ok" "$what: integrity"
    expect_equal "$(sqlite3 -batch "$PILOT_DB" "PRAGMA foreign_key_check" 2>&1)" "" "$what: foreign keys"
    if [[ "$(db_fingerprint)" != "$before_dump" ]]; then
      finished=$((finished + 1))
      expect_equal "$(counts "$PILOT_DB")" "$done_counts" "$what: all of the command or nothing"
      cp "$SCRATCH/before.sqlite" "$PILOT_DB"
      rm -f "$PILOT_DB-wal" "$PILOT_DB-shm"
    fi
    if [[ -e "$SCRATCH/copie.sqlite" ]]; then
      finished=$((finished + 1))
      expect_equal "$(counts "$SCRATCH/copie.sqlite")" "$before_counts" "$what: the backup is whole"
      rm -f "$SCRATCH/copie.sqlite"
    fi
    if [[ $signal != KILL ]]; then
      checks=$((checks + 1))
      left=$(find "$SCRATCH" -maxdepth 1 -name '.copie.sqlite.*' -printf '%f ')
      [[ -z "$left" ]] || fail "$what: temporary backup left: $left"
    fi
    rm -f "$SCRATCH"/.copie.sqlite.*
  done
  echo "$command: $finished of $other_rounds interrupted runs had finished (${duration_ms} ms uninterrupted)"
done

# pilot itself agrees, and the database is still usable.
run check
expect_status 0 "pilot check after the kills"
run action import "${files[@]}" --convention 1 --on-existing skip
expect_status 0 "the import still succeeds afterwards"
