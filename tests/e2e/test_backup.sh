#!/usr/bin/env bash
# pilot backup: a consistent, checked copy; never overwrites without --force; never half-written.
source "$(dirname "$0")/lib.sh"

run init
expect_status 0 "init"
run convention add --collectivite CD59 --type unique --signed 20/06/2024
expect_status 0 "convention"
BAD="$PILOT_SOURCE/tests/data/bad"
run action import "$BAD/valid/actions.csv" "$BAD/valid/budget.csv" "$BAD/valid/indicateurs.csv" --convention 1
expect_status 0 "import"

run backup "$SCRATCH/copie.sqlite"
expect_status 0 "backup"
expect_out_contains "Sauvegarde écrite"
expect_out_contains "intégrité vérifiée"
checks=$((checks + 1))
[[ "$OUT" =~ \ [0-9]{1,3}(\ [0-9]{3})+\ octets ]] || fail "size not written the French way (« 503 808 octets »): $OUT"
expect_equal "$(sqlite3 -batch "$SCRATCH/copie.sqlite" .dump | sha256sum)" "$(sqlite3 -batch "$PILOT_DB" .dump | sha256sum)" \
  "the copy holds the same content"
expect_equal "$(sqlite3 -batch "$SCRATCH/copie.sqlite" 'PRAGMA integrity_check')" "ok" "copy integrity"
run --db "$SCRATCH/copie.sqlite" check
expect_status 0 "pilot check on the copy"
run --db "$SCRATCH/copie.sqlite" action list
expect_status 0 "the copy is a usable pilot database"
expect_out_contains "CIE-0001"
checks=$((checks + 1))
[[ -z "$(ls -A "$SCRATCH" | grep '\.tmp-')" ]] || fail "temporary file left behind"

# A backup is a file: « - » is refused rather than written as a file named « - ».
run backup -
expect_status 2 "backup to standard output"
checks=$((checks + 1))
[[ ! -e ./- ]] || fail "a file named « - » was written"
# An existing file is never overwritten without --force, and is then left as it was.
echo "précieux" >"$SCRATCH/existe.sqlite"
run backup "$SCRATCH/existe.sqlite"
expect_status 1 "existing target"
expect_err_contains "existe déjà"
expect_err_contains "--force"
expect_equal "$(cat "$SCRATCH/existe.sqlite")" "précieux" "existing target untouched"
run backup --force "$SCRATCH/existe.sqlite"
expect_status 0 "--force"
expect_equal "$(sqlite3 -batch "$SCRATCH/existe.sqlite" 'SELECT count(*) FROM actions')" "3" "replaced by the copy"

# Wrong targets.
run backup "$PILOT_DB"
expect_status 2 "the database itself"
expect_err_contains "la base elle-même"
run backup --force "$PILOT_DB"
expect_status 2 "the database itself, even with --force"
run backup "$SCRATCH"
expect_status 2 "a directory"
run backup "$SCRATCH/nulle-part/copie.sqlite"
expect_status 1 "missing folder"
expect_err_contains "dossier introuvable"
run backup
expect_status 2 "no target"
run --db "$SCRATCH/absente.sqlite" backup "$SCRATCH/b.sqlite"
expect_status 1 "missing database"
expect_err_contains "base introuvable"
checks=$((checks + 1))
[[ ! -e "$SCRATCH/b.sqlite" ]] || fail "a backup of a missing database was written"
echo "pas une base" >"$SCRATCH/texte.sqlite"
run --db "$SCRATCH/texte.sqlite" backup "$SCRATCH/c.sqlite"
expect_status 1 "not a database"
checks=$((checks + 1))
[[ ! -e "$SCRATCH/c.sqlite" ]] || fail "a backup of a foreign file was written"

# A read-only folder (immutable, since root ignores permissions) and a full disk: clear error,
# no file, nothing left behind.
mkdir -p "$SCRATCH/ro"
if chattr +i "$SCRATCH/ro" 2>/dev/null; then
  run backup "$SCRATCH/ro/copie.sqlite"
  expect_status 1 "read-only folder"
  expect_err_contains "copie.sqlite"
  chattr -i "$SCRATCH/ro"
  checks=$((checks + 1))
  [[ -z "$(ls -A "$SCRATCH/ro")" ]] || fail "read-only folder: something was written"
fi
OUT=$( (trap '' XFSZ; ulimit -f 128; "$PILOT_BIN" backup "$SCRATCH/plein.sqlite") 2>"$SCRATCH/.stderr")
STATUS=$?
ERR=$(cat "$SCRATCH/.stderr")
expect_status 1 "full disk (ulimit -f 128 KiB, the database is bigger)"
expect_err_contains "rien n'a été écrit"
checks=$((checks + 1))
[[ ! -e "$SCRATCH/plein.sqlite" && -z "$(ls -A "$SCRATCH" | grep '\.tmp-')" ]] || fail "full disk: partial file left"

# A base at an older schema (after an update of pilot) asks every command for `pilot init`, but can be
# saved first: backup copies it as it is (same schema, same content) and leaves it untouched. The older
# schema is simulated by lowering user_version: backup copies pages, whatever the tables.
sqlite3 "$PILOT_DB" ".backup '$SCRATCH/ancienne.sqlite'"
sqlite3 "$SCRATCH/ancienne.sqlite" "PRAGMA user_version = 4"
run --db "$SCRATCH/ancienne.sqlite" check
expect_status 1 "an older base asks for pilot init"
expect_err_contains "lancez « pilot init » pour la mettre à jour"
run --db "$SCRATCH/ancienne.sqlite" backup "$SCRATCH/avant-init.sqlite"
expect_status 0 "backup of an older base, before pilot init"
expect_out_contains "schéma 4, intégrité vérifiée"
expect_equal "$(sqlite3 "$SCRATCH/avant-init.sqlite" 'PRAGMA user_version')" "4" "the copy keeps the older schema"
expect_equal "$(sqlite3 "$SCRATCH/avant-init.sqlite" 'SELECT count(*) FROM actions')" \
  "$(sqlite3 "$SCRATCH/ancienne.sqlite" 'SELECT count(*) FROM actions')" "the copy has the same actions"
expect_equal "$(sqlite3 "$SCRATCH/ancienne.sqlite" 'PRAGMA user_version')" "4" "the source is left as it was"
