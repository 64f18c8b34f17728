#!/usr/bin/env bash
# Issue « Foundation »: init, the four conventions of the guide's table, listings, bad input.
source "$(dirname "$0")/lib.sh"

run init
expect_status 0 "init"
expect_out_contains "Base créée"
expect_equal "$(sql 'PRAGMA journal_mode')" "wal" "journal mode"
expect_equal "$(sql 'SELECT count(*) FROM regions')" "18" "régions loaded"
expect_equal "$(sql 'SELECT count(*) FROM departements')" "103" "départements loaded"

run init
expect_status 0 "init twice"
expect_out_contains "Base à jour"

make_pdf "$SCRATCH/signee.pdf"
run convention add --collectivite "CA Amiens Métropole" --type cls --signed 28/06/2024 --document "$SCRATCH/signee.pdf"
expect_status 0 "add Amiens"
amiens=$OUT
run convention add --collectivite "conseil departemental - nord" --type unique --signed 20/06/2024
expect_status 0 "add Nord (case and accents ignored)"
nord=$OUT
# The history records the command as a shell reads it back: one argument with spaces stays one.
expect_equal "$(sql "SELECT command FROM audit_log WHERE entity = 'convention' AND entity_id = $nord")" \
  "pilot convention add --collectivite 'conseil departemental - nord' --type unique --signed 20/06/2024" \
  "command of the history, quoted"
run convention add --collectivite 80 --type unique --signed 2024-06-01
expect_status 0 "add Somme by INSEE code"
run convention add --collectivite "Conseil départemental - Pas-de-Calais" --type cls --signed 15/04/2024 --ref "CLS-62"
expect_status 0 "add Pas-de-Calais"

run convention list
expect_status 0 "list"
expect_out_contains "CA Amiens Métropole"
expect_out_contains "Contrat unique"
expect_out_contains "28/06/2024"
expect_out_contains "4 conventions"

run convention list --format csv --csv-dialect rfc4180
expect_status 0 "list csv"
expect_out_contains "id,collectivite,type,date_signature,nombre_actions,budget_total"
expect_out_contains "2024-06-28"
lines=$(printf '%s\n' "$OUT" | wc -l)
expect_equal "$lines" "5" "csv rows (header + 4)"

run convention list --format json --region "Hauts-de-France" --type cls
expect_status 0 "list json scoped"
count=$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
expect_equal "$count" "2" "CLS conventions in Hauts-de-France"

run convention list --departement 80
expect_status 0 "list Somme"
expect_out_contains "Conseil départemental - Somme"
expect_out_contains "CA Amiens Métropole"
expect_out_lacks "Nord"

run convention show "$amiens"
expect_status 0 "show"
expect_out_contains "signee.pdf"
expect_out_contains "du 01/01/2024 au 31/12/2027"

run convention document "$amiens" -o "$SCRATCH/copie.pdf"
expect_status 0 "document"
expect_equal "$(sha256sum <"$SCRATCH/copie.pdf")" "$(sha256sum <"$SCRATCH/signee.pdf")" "document round trip"

# --- bad input: clear message, exit code, nothing written
before=$(db_fingerprint)
run convention add --collectivite "CA Amiens Métropole" --type cls --signed 01/07/2024
expect_status 1 "duplicate convention"
expect_err_contains "déjà une convention CLS du 01/01/2024 au 31/12/2027"
run convention add --collectivite "CA Amiens Métropole" --type cie --signed 01/07/2024
expect_status 1 "CIE signed by a métropole"
expect_err_contains "Une métropole ne signe qu'un contrat local des solidarités"
run convention add --collectivite "Conseil départemental - Nrod" --type cls --signed 01/07/2024
expect_status 1 "unknown collectivité"
expect_err_contains "vouliez-vous dire « Conseil départemental - Nord »"
run convention add --collectivite "Conseil départemental - S" --type cls --signed 01/07/2024
expect_status 1 "ambiguous collectivité"
expect_err_contains "collectivité ambiguë"
run convention add --collectivite 59 --type cie --signed 31/02/2024
expect_status 1 "impossible date"
expect_err_contains "date invalide « 31/02/2024 » : ce jour n'existe pas"
run convention add --collectivite 59 --type clss --signed 01/02/2024
expect_status 2 "unknown type is a usage error"
expect_err_contains "type de convention inconnu « clss »"
echo "pas un pdf" >"$SCRATCH/faux.pdf"
run convention add --collectivite 59 --type cie --signed 01/02/2024 --document "$SCRATCH/faux.pdf"
expect_status 1 "document that is not a PDF"
expect_err_contains "n'est pas un PDF valide"
run convention add --collectivite 59 --type cie --signed 01/02/2024 --start 01/03/2024 --end 01/01/2024
expect_status 1 "period ending before it starts"
expect_err_contains "période invalide"
run convention add --collectivite 59 --signed 01/02/2024
expect_status 2 "missing required option"
expect_err_contains "option obligatoire manquante"
run convention delete 999
expect_status 1 "delete unknown"
expect_err_contains "convention n° 999 introuvable"
run conventoin list
expect_status 2 "misspelt subcommand"
expect_err_contains "vouliez-vous dire « convention »"
# Unknown options and stray words of a subcommand are told in French, with the closest option.
run convention list --colectivite 59
expect_status 2 "misspelt option of a subcommand"
expect_err_contains "arguments inattendus « --colectivite 59 » ; vouliez-vous dire « --collectivite » au lieu de « --colectivite » ?"
# A misspelt option whose value lands in a positional argument: the option is the mistake told.
run history --formt csv
expect_status 2 "misspelt option before a value taken as a positional"
expect_err_contains "argument inattendu « --formt » ; vouliez-vous dire « --format » au lieu de « --formt » ?"
run convention add --collectivite 62 --type cls --sigend 15/04/2024
expect_status 2 "a misspelt required option"
expect_err_contains "argument inattendu « --sigend » ; vouliez-vous dire « --signed »"
run convention list --departement 99
expect_status 1 "unknown département"
expect_err_contains "département inconnu « 99 »"
run history --last -5
expect_status 2 "a negative --last"
expect_err_contains "--last : « -5 » hors de l'intervalle"
run convention list en-trop
expect_status 2 "stray word after a subcommand"
expect_err_contains "argument inattendu « en-trop »"
checks=$((checks + 1))
[[ "$ERR" != *"not expected"* ]] || fail "CLI11's English message reached the user: $ERR"
expect_unchanged "$before" "failed commands"

# --- edit, delete, audit trail
run convention edit "$nord" --ref "CU-59-2024" --signed 21/06/2024
expect_status 0 "edit"
expect_equal "$(sql "SELECT reference || ' ' || signed_on FROM conventions WHERE id = $nord")" "CU-59-2024 2024-06-21" "edit stored"
run convention delete "$nord"
expect_status 0 "delete"
expect_equal "$(sql "SELECT count(*) FROM conventions WHERE id = $nord")" "0" "deleted"
expect_equal "$(sql "SELECT group_concat(operation, ',') FROM audit_log WHERE entity = 'convention' AND entity_id = $nord")" "insert,update,delete" "audit trail of the convention"
expect_equal "$(sql "SELECT user FROM audit_log WHERE entity = 'convention' AND operation = 'delete'")" "e2e" "audit user"

# --- a deleted number is never given again, so restore finds it free (the tester's report: the new
# convention took the deleted one's number, restore was refused and the history mixed the two)
pdc=$(sql "SELECT max(id) FROM conventions")
run convention delete "$pdc"
expect_status 0 "delete the convention with the largest number"
run convention add --collectivite 62 --type cie --signed 01/02/2025
expect_status 0 "add a convention after it"
expect_equal "$OUT" "$((pdc + 1))" "the new convention takes a new number"
cie=$OUT
run restore --convention "$pdc"
expect_status 0 "restore the deleted convention"
expect_out_contains "Convention n° $pdc restaurée"
run restore --convention "$nord"
expect_status 0 "restore a convention deleted earlier"
expect_equal "$(sql "SELECT group_concat(operation, ',') FROM audit_log WHERE entity = 'convention' AND entity_id = $pdc")" "insert,delete,restore" "history of the restored convention"
expect_equal "$(sql "SELECT group_concat(operation, ',') FROM audit_log WHERE entity = 'convention' AND entity_id = $cie")" "insert" "history of the new convention, apart"
run history --convention "$pdc"
expect_status 0 "history of the restored convention"
expect_out_contains "CLS-62"
# People read the operations in French; CSV and JSON keep the recorded codes for scripts.
expect_out_contains "suppression"
expect_out_contains "restauration"
run history --convention "$pdc" --format csv --csv-dialect rfc4180
expect_out_contains ",restore,"
run history --convention "$cie"
expect_status 0 "history of the new convention"
expect_out_lacks "CLS-62"

# The same with actions: the last one deleted, then an import of other actions (whose budget lines,
# indicators and bilan rows take the deleted rows' ids), then restore.
data="$PILOT_SOURCE/tests/data/bilans"
run action import "$data/actions.csv" "$data/budget.csv" "$data/indicateurs.csv" --convention "$pdc"
expect_status 0 "import actions"
PILOT_TODAY=2026-03-01 run bilan import "$data/bilans-2025.csv" "$data/depenses-2025.csv" "$data/realises-2025.csv" --year 2025 --convention "$pdc"
expect_status 0 "import their bilans"
last=$(sql "SELECT max(id) FROM actions")
run action delete "$last"
expect_status 0 "delete the action with the largest number"
mkdir -p "$SCRATCH/autres"
for file in actions budget indicateurs bilans-2025 depenses-2025 realises-2025; do
  sed 's/^FA-/FB-/' "$data/$file.csv" >"$SCRATCH/autres/$file.csv"
done
run action import autres/actions.csv autres/budget.csv autres/indicateurs.csv --convention "$pdc"
expect_status 0 "import other actions"
PILOT_TODAY=2026-03-01 run bilan import autres/bilans-2025.csv autres/depenses-2025.csv autres/realises-2025.csv --year 2025 --convention "$pdc"
expect_status 0 "import their bilans"
expect_equal "$(sql "SELECT min(id) FROM actions WHERE reference LIKE 'FB-%'")" "$((last + 1))" "new actions take new numbers"
run restore --action "$last"
expect_status 0 "restore the deleted action"
expect_equal "$(sql "SELECT count(*) FROM bilans WHERE action_id = $last")" "1" "its bilan restored"
run check
expect_status 0 "check after restore"
run convention delete "$pdc" --cascade
expect_status 0 "delete the convention with its actions"
run convention add --collectivite 02 --type cls --signed 15/04/2024
expect_status 0 "another CLS"
run action import autres/actions.csv autres/budget.csv autres/indicateurs.csv --convention "$OUT"
expect_status 0 "import into it"
run restore --convention "$pdc"
expect_status 0 "restore the convention and its actions"
expect_out_contains "restaurée avec 6 action(s)"
run check
expect_status 0 "check after restoring the convention"

# --- databases that are not usable
run --db "$SCRATCH/absent.sqlite" convention list
expect_status 1 "missing database"
expect_err_contains "créez-la avec « pilot init »"
head -c 4096 /dev/urandom >"$SCRATCH/bruit.sqlite"
run --db "$SCRATCH/bruit.sqlite" convention list
expect_status 1 "random bytes as database"
expect_err_contains "n'est pas une base pilot"
sqlite3 "$SCRATCH/autre.sqlite" "CREATE TABLE t(x); PRAGMA user_version = 3;"
run --db "$SCRATCH/autre.sqlite" init
expect_status 1 "foreign SQLite database"
expect_err_contains "pas une base pilot"

# --- help everywhere
for command in "init" "convention" "convention add" "convention list" "convention show" "convention edit" "convention delete"; do
  # shellcheck disable=SC2086
  run $command --help
  expect_status 0 "help of $command"
  expect_out_contains "Utilisation"
done
