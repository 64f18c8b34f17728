#!/usr/bin/env bash
# Issue « YAML form schemas »: templates generated from every form, read back by independent readers.
source "$(dirname "$0")/lib.sh"

for form in convention action-cls-departement action-cls-metropole action-cie bilan; do
  run template --form "$form" -o "$SCRATCH/$form.xlsx"
  expect_status 0 "template $form"
  # openpyxl (Debian's) reads sheets, headers, comments and data validations.
  report=$(/usr/bin/python3 - "$SCRATCH/$form.xlsx" "$form" "$PILOT_SCHEMAS" <<'PY'
import sys, openpyxl, yaml
path, form_id, schemas = sys.argv[1:4]
form = yaml.safe_load(open(f"{schemas}/forms/{form_id}.yaml", encoding="utf-8"))
wb = openpyxl.load_workbook(path)
problems = []
main = wb[wb.sheetnames[0]]
headers = [c.value for c in main[1]]
labels = [f["label"] + (" *" if f.get("required") else "") for f in form["fields"]]
if headers != labels:
    problems.append(f"headers {headers} != {labels}")
if len(wb.sheetnames) != 2 + len(form.get("groups", [])):
    problems.append(f"sheets {wb.sheetnames}")
if wb["Listes"].sheet_state != "hidden":
    problems.append("Listes not hidden")
choice_columns = [i for i, f in enumerate(form["fields"]) if f["type"] in ("single_choice", "multiple_choice", "yes_no")]
lists = [d for d in main.data_validations.dataValidation if d.type == "list"]
if len(lists) != len(choice_columns):
    problems.append(f"{len(lists)} list validations for {len(choice_columns)} choice fields")
for d in lists:
    ref = d.formula1.split("!")[1].replace("$", "")
    first, last = ref.split(":")
    values = [c.value for row in wb["Listes"][first:last] for c in row]
    if not values or any(v is None for v in values):
        problems.append(f"empty list {d.formula1}")
for i, f in enumerate(form["fields"]):
    if main.cell(row=1, column=i + 1).comment is None:
        problems.append(f"no comment on {f['key']}")
print("\n".join(problems) if problems else "ok")
PY
)
  expect_equal "$report" "ok" "template $form read back by openpyxl"
done

# LibreOffice opens it and keeps the drop-downs (round trip through its own XLSX writer).
if command -v soffice >/dev/null 2>&1; then
  mkdir -p "$SCRATCH/lo"
  HOME="$SCRATCH" timeout 120 soffice --headless --norestore --convert-to xlsx --outdir "$SCRATCH/lo" \
    "$SCRATCH/action-cie.xlsx" >/dev/null 2>&1
  lists=$(/usr/bin/python3 -c '
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(sum(1 for d in wb["Actions"].data_validations.dataValidation if d.type == "list"))' "$SCRATCH/lo/action-cie.xlsx" 2>&1)
  expected=$(/usr/bin/python3 -c '
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(sum(1 for d in wb["Actions"].data_validations.dataValidation if d.type == "list"))' "$SCRATCH/action-cie.xlsx")
  expect_equal "$lists" "$expected" "drop-downs after a LibreOffice round trip"
else
  echo "skip: soffice absent, LibreOffice round trip not tested"
fi

run template --form action-cls-metropole -o "$SCRATCH/modele.csv"
expect_status 0 "csv template"
expect_out_contains "modele-budget.csv"
header=$(head -c 200 "$SCRATCH/modele.csv" | tr -d '\r' | head -1)
expect_equal "$(head -c 3 "$SCRATCH/modele.csv" | od -An -tx1 | tr -d ' \n')" "efbbbf" "CSV template starts with a BOM for French Excel"
[[ "$header" == *"Référence de la fiche action *;Intitulé de l'action *"* ]] || fail "csv header: $header"

run template --form action-cei -o "$SCRATCH/x.xlsx"
expect_status 1 "unknown form"
expect_err_contains "vouliez-vous dire « action-cie »"
run template --form bilan -o "$SCRATCH/x.ods"
expect_status 2 "unknown extension"
expect_err_contains ".xlsx ou .csv"
