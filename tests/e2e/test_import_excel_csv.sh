#!/usr/bin/env bash
# CSV files as French Excel and LibreOffice really write them, read by `pilot action import` and
# `pilot bilan import`: Excel's « Texte Unicode (*.txt) » (UTF-16LE with BOM, tabs, CRLF) and its
# big-endian twin give the same base as the UTF-8 files, from a file or standard input; what cannot
# be read for sure is refused naming the file, line, column and value, exit 1, nothing written.
source "$(dirname "$0")/lib.sh"
python=/usr/bin/python3
valid="$PILOT_SOURCE/tests/data/bad/valid"

# unicode_text IN OUT [UTF-16LE|UTF-16BE]: IN (';' UTF-8) as Excel's « Texte Unicode » writes it:
# tabs, CRLF, then iconv to UTF-16 behind a byte order mark.
unicode_text() {
  local in=$1 out=$2 encoding=${3:-UTF-16LE}
  $python - "$in" >"$SCRATCH/tabs.txt" <<'EOF'
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f, delimiter=";"))
csv.writer(sys.stdout, delimiter="\t", lineterminator="\r\n").writerows(rows)
EOF
  if [[ $encoding == UTF-16LE ]]; then printf '\xff\xfe' >"$out"; else printf '\xfe\xff' >"$out"; fi
  iconv -f UTF-8 -t "$encoding" "$SCRATCH/tabs.txt" >>"$out"
}

# content N: what convention N holds (actions, answers, budget lines, indicators), without ids.
content() {
  sql "SELECT a.reference, a.title, a.form_id, x.field_key, x.ord, x.value_text, x.value_num
         FROM actions a JOIN action_answers x ON x.action_id = a.id WHERE a.convention_id = $1 ORDER BY 1, 4, 5;
       SELECT a.reference, b.year, b.financer_type, b.financer_name, b.nature, b.object, b.amount_cents, b.etp
         FROM budget_lines b JOIN actions a ON a.id = b.action_id WHERE a.convention_id = $1 ORDER BY 1, 2, 3, 4, 5, 6;
       SELECT a.reference, i.kind, i.code, i.label, i.unit, i.baseline, v.year, v.target
         FROM indicators i JOIN actions a ON a.id = i.action_id LEFT JOIN indicator_values v ON v.indicator_id = i.id
         WHERE a.convention_id = $1 ORDER BY 1, 2, 3, 4, 7;"
}

run init
expect_status 0 "init"
for collectivite in CD59 80 60; do
  run convention add --collectivite "$collectivite" --type unique --signed 20/06/2024
  expect_status 0 "convention $collectivite"
done
run action import "$valid/actions.csv" "$valid/budget.csv" "$valid/indicateurs.csv" --convention 1
expect_status 0 "the UTF-8 files (control)"
expect_out_contains "Actions : 3 créées"
# A multiple choice is a list in JSON even with one option chosen (action 3: one champ, one public).
run action show 3 --format json
expect_status 0 "action show --format json"
expect_equal "$(printf '%s\n' "$OUT" | $python -c 'import json, sys; d = json.load(sys.stdin)["reponses"]; print(d["champs"], d["publics"], d["axe"])')" \
  "['protection_enfance'] ['familles'] axe_1" "multiple choices are lists, a single choice is a string"

# --- « Texte Unicode »: UTF-16LE files, then UTF-16BE from standard input -----------------------------
for name in actions budget indicateurs; do
  unicode_text "$valid/$name.csv" "$name.txt"
  unicode_text "$valid/$name.csv" "$name-be.txt" UTF-16BE
done
checks=$((checks + 1))
[[ $(head -c 2 actions.txt | od -An -tx1 | tr -d ' ') == fffe ]] || fail "actions.txt does not start with the UTF-16LE BOM"
run action import actions.txt budget.txt indicateurs.txt --convention 2
expect_status 0 "Excel « Texte Unicode » files"
expect_out_contains "Actions : 3 créées"
expect_out_contains "Lignes lues : 83 — acceptées : 83 — rejetées : 0"
expect_equal "$(content 2)" "$(content 1)" "UTF-16LE files give the same content as the UTF-8 ones"
expect_equal "$(sql "SELECT count(*) FROM action_answers x JOIN actions a ON a.id = x.action_id WHERE a.convention_id = 2")" \
  "$(sql "SELECT count(*) FROM action_answers x JOIN actions a ON a.id = x.action_id WHERE a.convention_id = 1")" \
  "as many answers"

run action import - budget-be.txt indicateurs-be.txt --convention 3 <actions-be.txt
expect_status 0 "UTF-16BE, actions from standard input"
expect_out_contains "Actions : 3 créées"
expect_equal "$(content 3)" "$(content 1)" "UTF-16BE from standard input gives the same content"

# A broken UTF-16 file: refused at its line, nothing written.
before=$(db_fingerprint)
{
  head -c 600 budget.txt
  printf '\x3d\xd8'
  tail -c +601 budget.txt
} >budget-broken.txt
broken_line=$(head -c 600 budget.txt | tail -c +3 | iconv -f UTF-16LE -t UTF-8 | tr -d '\r' | grep -c '')
run action import actions.txt budget-broken.txt indicateurs.txt --convention 1 --on-existing update
expect_status 1 "a lone surrogate"
expect_err_contains "budget-broken.txt:$broken_line:"
expect_err_contains "texte UTF-16 invalide à la ligne $broken_line : demi-caractère 0xD83D sans son autre moitié"
expect_unchanged "$before" "broken UTF-16"

# --- bilan import reads them too ------------------------------------------------------------------------
bilans="$PILOT_SOURCE/tests/data/bilans"
run convention add --collectivite "Conseil départemental - Pas-de-Calais" --type cls --signed 15/04/2024
expect_status 0 "convention 4"
run action import "$bilans/actions.csv" "$bilans/budget.csv" "$bilans/indicateurs.csv" --convention 4
expect_status 0 "bilan actions"
for name in bilans-2025 depenses-2025 realises-2025; do
  unicode_text "$bilans/$name.csv" "$name.txt"
done
export PILOT_TODAY=2026-03-01
run bilan import bilans-2025.txt depenses-2025.txt realises-2025.txt --year 2025 --convention 4
expect_status 0 "bilans in « Texte Unicode »"
expect_out_contains "Lignes lues : 10 — acceptées : 10 — rejetées : 0"
expect_out_contains "Bilans 2025 : 3 créés"
expect_equal "$(sql "SELECT sum(amount_cents) FROM bilan_expenses")" "15500000" "real expenses, as from the UTF-8 files"
unset PILOT_TODAY

# --- LibreOffice « Texte CSV »: ',' between fields, so decimal commas are quoted ------------------------
run convention add --collectivite 02 --type unique --signed 20/06/2024
expect_status 0 "convention 5"
$python - "$valid/budget.csv" <<'EOF2'
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f, delimiter=";"))
with open("budget-lo.csv", "w", encoding="utf-8", newline="") as out:
    csv.writer(out, delimiter=",", lineterminator="\n").writerows(rows)
rows[1][6] = "21,000"  # 21 000 € with an English thousands comma, or 21,00 €?
with open("budget-lo-ambiguous.csv", "w", encoding="utf-8", newline="") as out:
    csv.writer(out, delimiter=",", lineterminator="\n").writerows(rows)
EOF2
before=$(db_fingerprint)
run action import "$valid/actions.csv" budget-lo-ambiguous.csv "$valid/indicateurs.csv" --convention 5
expect_status 1 "an amount « 21,000 »"
expect_err_contains "budget-lo-ambiguous.csv:2:7: erreur [E103] « Montant prévisionnel » : nombre invalide « 21,000 » : ambigu : écrivez 21 000 pour des milliers, ou 21 sans décimales"
expect_unchanged "$before" "ambiguous amount"
run action import "$valid/actions.csv" budget-lo.csv "$valid/indicateurs.csv" --convention 5
expect_status 0 "the same file with « 21000,00 » (control)"
expect_equal "$(content 5)" "$(content 1)" "a ','-separated LibreOffice file gives the same content"

# --- control characters: a title pasted with an escape sequence, from a CSV and from a workbook --------
# (Excel writes a control character of a cell as _x001B_.) Refused naming the cell, nothing written,
# and the terminal never receives the sequence.
$python - "$valid/actions.csv" <<'EOF2'
import csv, sys
import openpyxl
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f, delimiter=";"))
title = rows[0].index("Intitulé de l'action")
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Actions"
for row in rows:
    ws.append(row)
# openpyxl refuses the character itself; a cell's XML may spell it as Excel does.
ws.cell(row=2, column=title + 1).value = "Titre collé_x000B_suite"
wb.save("actions-vt.xlsx")
rows[1][title] = "Titre collé\x1b[2J effacé"
with open("actions-esc.csv", "w", encoding="utf-8", newline="") as out:
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
EOF2
before=$(db_fingerprint)
run action import actions-esc.csv "$valid/budget.csv" "$valid/indicateurs.csv" --convention 5
expect_status 1 "an escape sequence in a title (CSV)"
expect_err_contains "erreur [E110] « Intitulé de l'action » : caractère de contrôle U+001B (invisible) en position 12, sans doute collé depuis un autre logiciel : à retirer"
checks=$((checks + 1))
[[ "$ERR" != *$'\x1b'* ]] || fail "the escape character reached the terminal: $ERR"
expect_unchanged "$before" "control character (CSV)"
run action import actions-vt.xlsx "$valid/budget.csv" "$valid/indicateurs.csv" --convention 5
expect_status 1 "a vertical tab in a title (XLSX)"
expect_err_contains "actions-vt.xlsx : Actions!"
expect_err_contains "[E110] « Intitulé de l'action » : caractère de contrôle U+000B (invisible) en position 12"
expect_unchanged "$before" "control character (XLSX)"
