#!/usr/bin/env bash
# A budget table as Excel users make it: subtotals per action and a total at the end, as formulas.
# Re-saved by LibreOffice (which computes them), the totals are checked against their lines and not
# imported (W622); a total that contradicts its lines is refused with both sums (E622), exit 1,
# nothing written, and the errors workbook carries that row to correct.
source "$(dirname "$0")/lib.sh"
examples="$PILOT_SOURCE/examples"

run init
expect_status 0 "init"
run convention add --collectivite "Conseil départemental - Pas-de-Calais" --type cls --signed 15/04/2024
expect_status 0 "convention"

# budget.xlsx: the example's budget lines, a « Sous-total <réf> » row after each action's lines and a
# « Total » row, each a SUM formula; budget-faux.csv: the same table as CSV with a wrong total.
/usr/bin/python3 - "$examples/budget-cls-departement.csv" <<'PY'
import csv, re, sys
import openpyxl
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig"), delimiter=";"))
header, lines = rows[0], rows[1:]
def euros(text):
    return float(re.sub(r"[^0-9,]", "", text).replace(",", "."))
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Budget"
ws.append(["Tableau financier du CLS"])
ws.append([])
ws.append(header)
csv_rows = [header]
first = ws.max_row + 1
block_start = first
subtotals = []
for i, line in enumerate(lines):
    ws.append([line[0], int(line[1]), line[2], euros(line[3])])
    csv_rows.append(line)
    if i + 1 == len(lines) or lines[i + 1][0] != line[0]:
        ws.append([f"Sous-total {line[0]}", None, None, f"=SUM(D{block_start}:D{ws.max_row})"])
        subtotals.append(ws.max_row)
        csv_rows.append([f"Sous-total {line[0]}", "", "", ""])
        block_start = ws.max_row + 1
ws.append([None, None, "Total", "=" + "+".join(f"D{r}" for r in subtotals)])
wb.save("budget.xlsx")
total = sum(euros(line[3]) for line in lines)
csv_rows = [r for r in csv_rows if not r[0].startswith("Sous-total")]
csv_rows.append(["", "", "Total", f"{total + 1000:.2f}".replace(".", ",") + " €"])
with open("budget-faux.csv", "w", encoding="utf-8-sig", newline="") as out:
    csv.writer(out, delimiter=";").writerows(csv_rows)
print(len(lines), len(subtotals))
PY
read -r line_count subtotal_count < <(/usr/bin/python3 -c "
import csv; rows=list(csv.reader(open('$examples/budget-cls-departement.csv', encoding='utf-8-sig'), delimiter=';'))[1:]
print(len(rows), len({r[0] for r in rows}))")

# The wrong total: both sums, the cell, exit 1, nothing written; the errors workbook has the row.
before=$(db_fingerprint)
run action import "$examples/actions-cls-departement.csv" budget-faux.csv "$examples/indicateurs-cls-departement.csv" \
  --convention 1 --errors a-corriger.xlsx
expect_status 1 "wrong total"
expect_err_contains "budget-faux.csv:$((line_count + 2)):4: erreur [E622] ligne « Total » : Montant prévisionnel"
expect_err_contains "alors que les lignes au-dessus font"
expect_err_contains "(écart 1 000,00 €) ; corrigez le total ou les lignes"
expect_err_contains "import refusé : 1 erreur, rien n'a été enregistré"
expect_unchanged "$before" "wrong total"
checks=$((checks + 1))
/usr/bin/python3 - <<'PY' || fail "the errors workbook lacks the total row and its comment"
import openpyxl
found = False
for ws in openpyxl.load_workbook("a-corriger.xlsx").worksheets:
    for row in ws.iter_rows():
        if any(cell.value == "Total" for cell in row):
            found = found or any(cell.comment is not None and "E622" in cell.comment.text for cell in row)
assert found, "no « Total » row with an E622 comment"
PY

check_workbook() {
  local file=$1
  run action import "$examples/actions-cls-departement.csv" "$file" "$examples/indicateurs-cls-departement.csv" \
    --convention 1 --dry-run
  expect_status 0 "$file: totals equal to their lines"
  expect_out_contains "W622 ligne de total non importée × $((subtotal_count + 1))"
  expect_out_contains "— ignorées : $((subtotal_count + 1))"
  expect_err_contains "$file : Budget, ligne $((line_count + subtotal_count + 4)): avertissement [W622] ligne « Total » : ligne de total, non importée ; Montant prévisionnel égal à la somme des lignes"
}

if command -v soffice >/dev/null 2>&1; then
  mkdir -p lo
  if soffice --headless --convert-to xlsx --outdir lo budget.xlsx >/dev/null 2>&1 && [[ -f lo/budget.xlsx ]]; then
    check_workbook lo/budget.xlsx
    # Verified, then imported: the budget lines only.
    run action import "$examples/actions-cls-departement.csv" lo/budget.xlsx \
      "$examples/indicateurs-cls-departement.csv" --convention 1
    expect_status 0 "import with totals"
    expect_equal "$(sql "SELECT count(*) FROM budget_lines")" "$line_count" "budget lines stored, totals left out"
    expect_equal "$(sql "PRAGMA foreign_key_check")" "" "foreign keys"
  else
    echo "SKIP: soffice could not convert the workbook"
  fi
else
  echo "SKIP: soffice not installed"
fi

# Written by a program that does not compute formulas (openpyxl): the totals cannot be checked, and
# say so; they are still not budget lines.
run action import "$examples/actions-cls-departement.csv" budget.xlsx "$examples/indicateurs-cls-departement.csv" \
  --convention 1 --dry-run
expect_out_contains "W622 ligne de total non importée"
expect_err_contains "non vérifié : « Montant prévisionnel » illisible"

# A CIE plan: its total may leave out the « Pour info » lines (France Travail resources), as the
# département's totals do, or count them; ETP are checked like amounts.
cycle="$PILOT_SOURCE/tests/data/cycle"
run convention add --collectivite 80 --type cie --signed 15/03/2025
expect_status 0 "CIE convention"
for total in "320 000,50;1" "1 319 999,50;13"; do
  { cat "$cycle/budget-cie.csv"; printf ';;;;Total;;%s\n' "$total"; } >budget-cie-total.csv
  run action import "$cycle/actions-cie.csv" budget-cie-total.csv "$cycle/indicateurs-cie.csv" --convention 2 --dry-run
  expect_status 0 "CIE total $total"
  expect_err_contains "[W622] ligne « Total » : ligne de total, non importée ; Montant prévisionnel, ETP égaux à la somme des lignes"
done
{ cat "$cycle/budget-cie.csv"; printf ';;;;Total;;320 000,50;2\n'; } >budget-cie-total.csv
run action import "$cycle/actions-cie.csv" budget-cie-total.csv "$cycle/indicateurs-cie.csv" --convention 2 --dry-run
expect_status 1 "CIE total with wrong ETP"
expect_err_contains "budget-cie-total.csv:8:8: erreur [E622] ligne « Total » : ETP 2,00 alors que les lignes au-dessus font 13,00"
