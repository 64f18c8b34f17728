#!/usr/bin/env bash
# Issue « Hardening »: every file of the bad-input corpus (tests/data/bad, plus the big files
# make_bad.py writes at test time) goes through the real binary. Each must give a clear message
# naming the file (and row/cell/value where there is one) on stderr, exit 1 or 2 — never 0 for an
# error, never a signal — and leave the database byte-identical (content dump AND the file itself).
source "$(dirname "$0")/lib.sh"

BAD="$PILOT_SOURCE/tests/data/bad"
VALID="$BAD/valid"

# Setup: a database with content (convention 1 with three actions), and a second contrat unique
# (convention 2) that the bad files are imported into.
run init
expect_status 0 "init"
run convention add --collectivite CD59 --type unique --signed 20/06/2024
expect_status 0 "convention 1"
run action import "$VALID/actions.csv" "$VALID/budget.csv" "$VALID/indicateurs.csv" --convention 1
expect_status 0 "valid import (control: the corpus is broken, not the base files)"
run convention add --collectivite 80 --type unique --signed 01/06/2024
expect_status 0 "convention 2"
run action import "$BAD/valid.xlsx" --convention 2 --dry-run
expect_status 0 "valid.xlsx dry run (control)"

file_sha() { sha256sum "$PILOT_DB" | cut -d' ' -f1; }

# expect_clean_failure LABEL EXPECTED_TEXT: checks the last run failed cleanly.
expect_clean_failure() {
  local label=$1 expected=$2
  checks=$((checks + 1))
  if ((STATUS >= 128)); then
    fail "$label: killed by signal $((STATUS - 128)) (exit $STATUS); stderr: ${ERR:0:400}"
  elif [[ "$STATUS" != 1 && "$STATUS" != 2 ]]; then
    fail "$label: exit status $STATUS, expected 1 or 2; stderr: ${ERR:0:400}"
  fi
  checks=$((checks + 1))
  [[ "$ERR" == *"$expected"* ]] || fail "$label: stderr lacks « $expected »; stderr: ${ERR:0:600}"
  checks=$((checks + 1))
  [[ "$ERR" != *"erreur interne"* && "$ERR" != *"AddressSanitizer"* && "$ERR" != *"runtime error"* ]] ||
    fail "$label: internal error or sanitizer report: ${ERR:0:600}"
  # What users read must be text they can read: valid UTF-8, whatever bytes the input held.
  checks=$((checks + 1))
  printf '%s%s' "$OUT" "$ERR" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 ||
    fail "$label: output is not valid UTF-8: $(printf '%s' "$ERR" | grep -an -m1 -v -x '.*' ; printf '%s' "$ERR" | LC_ALL=C grep -an -m1 -P '[\x80-\xff]' | cut -c1-200)"
}

# import_case LABEL EXPECTED FILE...: imports into convention 2 (for real, not a dry run) and
# checks the failure left the database byte-identical.
import_case() {
  local label=$1 expected=$2
  shift 2
  local dump_before sha_before
  dump_before=$(db_fingerprint)
  sha_before=$(file_sha)
  run action import "$@" --convention 2
  expect_clean_failure "$label" "$expected"
  expect_unchanged "$dump_before" "$label"
  checks=$((checks + 1))
  [[ "$(file_sha)" == "$sha_before" ]] || fail "$label: the database file changed (sha256) although nothing was written"
}

# The cases: file | files imported with it (a = actions, b = budget, i = indicators from valid/) |
# text the message must hold (the value, the row or the reason).
while IFS='|' read -r name others expected; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  files=("$BAD/$name")
  [[ "$others" == *a* ]] && files=("$VALID/actions.csv" "${files[@]}")
  [[ "$others" == *b* ]] && files+=("$VALID/budget.csv")
  [[ "$others" == *i* ]] && files+=("$VALID/indicateurs.csv")
  import_case "$name" "$expected" "${files[@]}"
  # Every message names the broken file.
  checks=$((checks + 1))
  [[ "$ERR" == *"$name"* ]] || fail "$name: the message does not name the file; stderr: ${ERR:0:400}"
done <<'CASES'
csv_unbalanced_quote.csv|bi|guillemet
csv_unbalanced_quote_end.csv|bi|guillemet non fermé
csv_mixed_encodings.csv|bi|encodage incohérent
csv_bom_then_cp1252.csv|bi|octets non UTF-8
csv_nul_bytes.csv|bi|octet nul
csv_utf16_lone_surrogate.csv|bi|texte UTF-16 invalide à la ligne 2 : demi-caractère 0xD83D
csv_utf16_truncated.csv|bi|le fichier UTF-16 se termine au milieu d'un caractère
csv_binary.csv|bi|octet nul
csv_too_many_fields.csv|bi|plus de 2000 champs
csv_duplicated_headers.csv|bi|en double
csv_unknown_headers.csv|bi|fichier non reconnu
csv_short_rows.csv|bi|csv_short_rows.csv:2
csv_date_31_02.csv|bi|« 31/02/2024 »
csv_date_30_02_leap.csv|bi|« 30/02/2024 »
csv_date_month_13.csv|bi|« 12/13/2024 »
csv_date_two_digit_year.csv|bi|quatre chiffres
csv_date_text.csv|bi|« demain »
csv_date_year_99999.csv|bi|« 01/01/99999 »
csv_date_end_before_start.csv|bi|« 01/01/2020 »
csv_amount_negative.csv|ai|-21 000,00 €
csv_amount_absurd.csv|ai|valeur trop grande
csv_amount_three_decimals.csv|ai|deux décimales
csv_amount_text.csv|ai|« beaucoup »
csv_amount_ambiguous.csv|ai|« 1.234,5.6 »
csv_amount_nan.csv|ai|« NaN »
csv_year_text.csv|ai|« deux mille vingt-quatre »
csv_year_absurd.csv|ai|20 245
csv_integer_decimal.csv|bi|« 12,5 »
csv_integer_negative.csv|bi|-3
csv_integer_huge.csv|bi|valeur trop grande
csv_indicator_target_text.csv|ab|« beaucoup »
csv_indicator_unknown_code.csv|ab|« PAS_UN_CODE »
csv_choice_unknown.csv|bi|« Éternelle »
csv_multichoice_unknown.csv|bi|« Martiens »
csv_yes_no_invalid.csv|bi|« Peut-être »
csv_required_missing.csv|bi|obligatoire
csv_form_unknown.csv|bi|« XYZ »
csv_reference_duplicated.csv|bi|« CLS-0008 » en double
csv_budget_unknown_action.csv|ai|« CLS-9999 »
xlsx_empty.xlsx||fichier vide
xlsx_truncated_half.xlsx||tronquée
xlsx_truncated_tail.xlsx||tronquée
xlsx_corrupt_deflate.xlsx||corrompue
xlsx_not_zip.xlsx||pas une archive zip
xlsx_ole_password.xlsx||mot de passe
xlsx_no_workbook.xlsx||xl/workbook.xml
xlsx_malformed_sheet.xlsx||XML mal formé
xlsx_row_over_limit.xlsx||1 048 576 lignes
xlsx_bad_cell_ref.xlsx||ZZZZZ1
xlsx_shared_string_out_of_range.xlsx||Actions!A1
xlsx_xml_entity_bomb.xlsx||DOCTYPE
xlsx_external_entity.xlsx||DOCTYPE
xlsx_date_31_02.xlsx||Actions!W2
CASES

# Empty and header-only files are warnings, not errors: nothing to import, nothing written.
for name in csv_empty.csv csv_header_only.csv; do
  before=$(db_fingerprint)
  run action import "$BAD/$name" --convention 2
  checks=$((checks + 1))
  ((STATUS < 128)) || fail "$name: killed by a signal (exit $STATUS)"
  expect_err_contains "W615"
  expect_unchanged "$before" "$name"
done

# Big files, generated here rather than committed: zip bombs (actual and declared expansion),
# a workbook of 1 048 576 rows whose last row is wrong, a 10 MB cell, a 2 MB YAML form.
BIG="$SCRATCH/big"
python3 "$BAD/make_bad.py" --big "$BIG" || fail "make_bad.py --big failed"
import_case "zip bomb (600 MB of blanks in 600 KB)" "dépasse 512 Mio" "$BIG/xlsx_zip_bomb.xlsx"
import_case "zip bomb (declared size)" "dépasse 512 Mio" "$BIG/xlsx_declared_bomb.xlsx"
import_case "1 048 576 rows, error on the last" "Actions!W1048576" "$BIG/xlsx_1048576_rows.xlsx"
import_case "10 MB single cell" "champ de plus de 1048576 octets" "$BIG/csv_10mb_cell.csv" "$VALID/budget.csv"

# YAML forms: pilot schema check on each broken file, and a schemas/ folder holding one.
while IFS='|' read -r name expected; do
  [[ -z "$name" ]] && continue
  file="$BAD/$name"
  [[ -f "$file" ]] || file="$BIG/$name"
  before=$(file_sha)
  run schema check "$file"
  expect_clean_failure "$name" "$expected"
  checks=$((checks + 1))
  [[ "$ERR" == *"$name"* ]] || fail "$name: the message does not name the file; stderr: ${ERR:0:300}"
done <<'CASES'
yaml_syntax_error.yaml|erreur de syntaxe YAML
yaml_tab_indent.yaml|erreur de syntaxe YAML
yaml_alias_bomb.yaml|alias
yaml_undefined_alias.yaml|ancre
yaml_not_a_mapping.yaml|dictionnaire
yaml_binary.yaml|UTF-8
yaml_empty.yaml|dictionnaire
yaml_deep_nesting.yaml|imbriquée trop profondément
yaml_huge.yaml|trop volumineux
CASES

mkdir -p "$SCRATCH/schemas-bomb"
cp -r "$PILOT_SCHEMAS"/. "$SCRATCH/schemas-bomb/"
cp "$BAD/yaml_alias_bomb.yaml" "$SCRATCH/schemas-bomb/forms/action-cie.yaml"
import_case "import with an alias bomb among the forms" "action-cie.yaml" \
  --schemas "$SCRATCH/schemas-bomb" "$VALID/actions.csv" "$VALID/budget.csv" "$VALID/indicateurs.csv"

# --db that is not a pilot database: refused, and the file is not touched.
cp "$PILOT_DB" "$SCRATCH/real.sqlite"
head -c 8192 "$SCRATCH/real.sqlite" >"$BIG/db_truncated.sqlite"
sqlite3 "$BIG/db_other_app.sqlite" "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
mkdir -p "$BIG/db_directory.sqlite"
for db in "$BAD"/db_*.sqlite "$BIG"/db_*.sqlite; do
  name=$(basename "$db")
  copy="$SCRATCH/copy-$name"
  rm -rf "$copy"
  cp -r "$db" "$copy"
  before=$( [[ -f "$copy" ]] && sha256sum <"$copy")
  for command in "convention list" "convention add --collectivite 62 --type cls --signed 01/01/2024" \
                 "action import $VALID/actions.csv --convention 1"; do
    # shellcheck disable=SC2086
    run --db "$copy" $command
    expect_clean_failure "$name: $command" "$copy"
  done
  checks=$((checks + 1))
  [[ ! -f "$copy" || "$(sha256sum <"$copy")" == "$before" ]] || fail "$name: pilot modified a file that is not its database"
  checks=$((checks + 1))
  [[ ! -e "$copy-wal" && ! -e "$copy-journal" ]] || fail "$name: pilot left a journal beside a foreign file"
done

# --db naming a FIFO (SQLite's open would wait for a writer forever), a device, or a base cut short
# (a copy interrupted half-way): refused in French, at once.
mkfifo "$SCRATCH/fifo.sqlite"
for db in "$SCRATCH/fifo.sqlite" /dev/null; do
  OUT=$(timeout 20 "$PILOT_BIN" --db "$db" convention list 2>"$SCRATCH/.stderr")
  STATUS=$?
  ERR=$(cat "$SCRATCH/.stderr")
  expect_clean_failure "--db $db" "n'est pas un fichier ordinaire"
done
cp "$PILOT_DB" "$SCRATCH/cut.sqlite"
truncate -s $(($(stat -c %s "$SCRATCH/cut.sqlite") / 3)) "$SCRATCH/cut.sqlite"
run --db "$SCRATCH/cut.sqlite" convention list
expect_clean_failure "a base cut short" "endommagée"

# A read-only database. Tests run as root, for whom chmod does not stop writes: the immutable
# attribute (chattr +i) does, where the file system supports it.
before=$(db_fingerprint)
sha_before=$(file_sha)
if chattr +i "$PILOT_DB" 2>/dev/null; then
  run convention add --collectivite 62 --type cls --signed 01/01/2024
  expect_clean_failure "immutable database: write" "lecture seule"
  run action import "$VALID/actions.csv" "$VALID/budget.csv" "$VALID/indicateurs.csv" --convention 2
  expect_clean_failure "immutable database: import" "lecture seule"
  run convention list
  expect_status 0 "immutable database: reading still works"
  expect_out_contains "Conseil départemental - Nord"
  chattr -i "$PILOT_DB"
  expect_unchanged "$before" "immutable database"
  checks=$((checks + 1))
  [[ "$(file_sha)" == "$sha_before" ]] || fail "immutable database: file changed"
else
  echo "note: chattr +i unavailable here; read-only database case skipped"
fi
# A database in a folder its reader may not write to: WAL needs the folder for its -shm file, even
# to read. Told in French (it was SQLite's « attempt to write a readonly database »).
if [[ $(id -u) == 0 ]] && command -v setpriv >/dev/null; then
  mkdir -p "$SCRATCH/ro-dir"
  cp "$PILOT_DB" "$SCRATCH/ro-dir/base.sqlite"
  chmod 755 "$SCRATCH"
  chmod 555 "$SCRATCH/ro-dir"
  chmod 444 "$SCRATCH/ro-dir/base.sqlite"
  # Only where that user can reach the file (a checkout under /root is out of its reach).
  if setpriv --reuid=65534 --regid=65534 --clear-groups test -r "$SCRATCH/ro-dir/base.sqlite" &&
    setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$PILOT_BIN"; then
    OUT=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$PILOT_BIN" --db "$SCRATCH/ro-dir/base.sqlite" \
      convention list 2>"$SCRATCH/.stderr")
    STATUS=$?
    ERR=$(cat "$SCRATCH/.stderr")
    expect_status 1 "database in a read-only folder"
    expect_err_contains "lecture seule pour cet utilisateur"
  else
    echo "note: user nobody cannot reach the scratch directory; read-only folder case skipped"
  fi
  chmod 755 "$SCRATCH/ro-dir"
fi
if [[ $(id -u) != 0 ]]; then
  chmod a-w "$PILOT_DB"
  run convention add --collectivite 62 --type cls --signed 01/01/2024
  expect_clean_failure "chmod a-w database" "lecture seule"
  chmod u+w "$PILOT_DB"
fi

# A full disk: the file-size limit stops the WAL from growing (SIGXFSZ ignored, so the write
# fails with EFBIG as on a full disk). The import must fail cleanly and leave nothing.
python3 "$PILOT_SOURCE/scripts/generate-dataset.py" --out "$SCRATCH/ds" --actions 300 --collectivite CD80 \
  --schemas "$PILOT_SCHEMAS" >/dev/null || fail "generate-dataset.py failed"
before=$(db_fingerprint)
sha_before=$(file_sha)
OUT=$( (trap '' XFSZ; ulimit -f 64; "$PILOT_BIN" action import "$SCRATCH"/ds/*/*.csv --convention 2) 2>"$SCRATCH/.stderr")
STATUS=$?
ERR=$(cat "$SCRATCH/.stderr")
expect_clean_failure "full disk (ulimit -f 64 KiB)" "rien n'a été modifié"
expect_unchanged "$before" "full disk"
checks=$((checks + 1))
[[ "$(file_sha)" == "$sha_before" ]] || fail "full disk: database file changed"
checks=$((checks + 1))
[[ "$(sql 'PRAGMA integrity_check')" == ok ]] || fail "full disk: integrity_check failed"
# Control: the same import without the limit succeeds, so the failure above was the disk.
run action import "$SCRATCH"/ds/*/*.csv --convention 2
expect_status 0 "same import without the size limit"

# A whole text pasted into a choice column (here 300 000 characters): the message quotes the start of
# the value and its length, not the value (it was printed whole, on one line of stderr).
python3 - "$VALID/actions.csv" "$SCRATCH/long_value.csv" <<'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f, delimiter=";"))
axe = rows[0].index("Axe du Pacte des solidarités")
row = next(r for r in rows[1:] if r[0] == "CLS")
row[axe] = "Texte collé par erreur " + "x" * 300000
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    csv.writer(f, delimiter=";").writerows([rows[0], row])
PY
run action import "$SCRATCH/long_value.csv" --convention 2 --dry-run
expect_clean_failure "300 000-character value in a choice column" "caractères)"
checks=$((checks + 1))
((${#ERR} < 20000)) || fail "300 000-character value: ${#ERR} bytes of messages"

# A zero-width space pasted after a reference: invisible in the file, named in the message.
python3 - "$VALID/actions.csv" "$SCRATCH/zero_width.csv" <<'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f, delimiter=";"))
reference = rows[0].index("Référence de la fiche action")
row = next(r for r in rows[1:] if r[0] == "CLS")
row[reference] += "\u200b"
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    csv.writer(f, delimiter=";").writerows([rows[0], row])
PY
run action import "$SCRATCH/zero_width.csv" --convention 2 --dry-run
expect_clean_failure "zero-width space after a reference" "⟨U+200B⟩"

# A workbook where a CSV is expected: on standard input it is named for what it is; under a .csv name
# it is read as the workbook it is. --sheet with CSV files only is a usage error.
before=$(db_fingerprint)
run action import - --convention 2 --dry-run <"$PILOT_SOURCE/examples/actions-contrat-unique.xlsx"
expect_clean_failure "a workbook on standard input" "est un classeur (archive ZIP, comme un .xlsx), pas un CSV"
cp "$PILOT_SOURCE/examples/actions-contrat-unique.xlsx" "$SCRATCH/classeur-renomme.csv"
run action import "$SCRATCH/classeur-renomme.csv" --convention 2 --dry-run
expect_status 0 "a workbook saved as .csv is read as a workbook"
expect_out_contains "Actions : 22 à créer"
run action import "$VALID/actions.csv" "$VALID/budget.csv" --sheet Actions --convention 2
expect_status 2 "--sheet with CSV files only"
expect_err_contains "--sheet « Actions » : aucun des fichiers n'est un classeur .xlsx"
expect_unchanged "$before" "workbook on stdin, renamed workbook (dry run), --sheet with CSV"
