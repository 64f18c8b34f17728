#!/usr/bin/env bash
# Workbooks nobody here wrote: numbers that the cell shows as something else (a year in a date column
# without a date format, « 100 % » of a count of people) are refused with the cell and the reason,
# exit 1, nothing written; fixed in the errors report, they import. Headers on two rows (group titles
# above the fields' labels) are read as one. Fixtures: tests/data/import/make_fixtures.py (openpyxl);
# LibreOffice re-saves them when it is installed, as a user opening and saving them would.
source "$(dirname "$0")/lib.sh"
data="$PILOT_SOURCE/tests/data/import"

run init
expect_status 0 "init"
run convention add --collectivite "CA Amiens Métropole" --type cls --signed 28/06/2024
expect_status 0 "convention"
cp "$data/shown_cells.xlsx" "$data/two_row_header.xlsx" "$SCRATCH/"

check_shown_cells() {
  local file=$1
  local before
  before=$(db_fingerprint)
  run action import "$file" --convention 1
  expect_status 1 "$file: numbers that are not what the cell shows"
  expect_err_contains "$file : Actions!M4: erreur [E106] « Date de début de l'action » : « 2024 » est un nombre, pas une date (la cellule n'a pas de format de date ; lu comme numéro de série Excel, ce serait le 16/07/1905)"
  expect_err_contains "$file : Actions!L5: erreur [E101] « Nombre de bénéficiaires attendus par an » : « 100 % » est un pourcentage (cellule au format %)"
  expect_err_contains "$file : Indicateurs!H2: erreur [E102] « 450 % » : un pourcentage ne correspond pas à l'unité de l'indicateur (« Nombre »)"
  expect_err_contains "import refusé : 3 erreurs, rien n'a été enregistré"
  expect_unchanged "$before" "$file refused"
}

check_two_row_header() {
  local file=$1
  run action import "$file" --convention 1 --dry-run
  expect_status 0 "$file: headers on two rows"
  expect_out_contains "Lignes lues : 18 — acceptées : 18 — rejetées : 0"
  expect_out_contains "Actions : 3 à créer"
}

check_shown_cells shown_cells.xlsx
check_two_row_header two_row_header.xlsx
if command -v soffice >/dev/null 2>&1; then
  mkdir -p lo
  if soffice --headless --convert-to xlsx --outdir lo shown_cells.xlsx two_row_header.xlsx >/dev/null 2>&1 &&
    [[ -f lo/shown_cells.xlsx && -f lo/two_row_header.xlsx ]]; then
    check_shown_cells lo/shown_cells.xlsx
    check_two_row_header lo/two_row_header.xlsx
  else
    echo "SKIP: soffice could not convert the workbooks"
  fi
else
  echo "SKIP: soffice not installed"
fi

# The errors report of a refused workbook names the cells; fixed, it imports.
run action import shown_cells.xlsx --convention 1 --errors rapport.xlsx
expect_status 1 "errors report"
/usr/bin/python3 - <<'PY'
import datetime
import openpyxl
wb = openpyxl.load_workbook("rapport.xlsx")
actions = wb["Actions"]
headers = [cell.value for cell in actions[1]]
start = headers.index("Date de début de l'action") + 1
people = headers.index("Nombre de bénéficiaires attendus par an") + 1
actions.cell(row=2, column=start).value = datetime.date(2024, 9, 2)
actions.cell(row=2, column=start).number_format = "dd/mm/yyyy"
actions.cell(row=3, column=people).value = 1234
actions.cell(row=3, column=people).number_format = "General"
indicators = wb["Indicateurs"]
target = [cell.value for cell in indicators[1]].index("Cible") + 1
indicators.cell(row=2, column=target).value = 450
indicators.cell(row=2, column=target).number_format = "General"
wb.save("corrige.xlsx")
PY
run action import corrige.xlsx --convention 1
expect_status 0 "the fixed report imports"
expect_out_contains "Actions : 3 créées"
expect_equal "$(sql "SELECT x.value_text FROM action_answers x JOIN actions a ON a.id = x.action_id
  WHERE a.reference = '3.1' AND x.field_key = 'date_debut'")" "2024-04-15" "untouched text date"
expect_equal "$(sql "SELECT v.target FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id
  JOIN actions a ON a.id = i.action_id WHERE a.reference = '3.1'")" "35.0" "« 35 % » of an indicator in percent"

