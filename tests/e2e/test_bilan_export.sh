#!/usr/bin/env bash
# Realised indicator values live with the bilans (`bilan import`, `bilan set`): `pilot export` must show
# them in its indicators table, in CSV (both dialects) and XLSX, read back with Python's csv and openpyxl.
source "$(dirname "$0")/lib.sh"
python=/usr/bin/python3

setup_bilan_convention
export PILOT_TODAY=2026-03-01
cp "$data"/*-2025*.csv "$SCRATCH/"

run bilan import bilans-2025.csv depenses-2025.csv realises-2025.csv --year 2025
expect_status 0 "bilan import 2025"
run bilan set 3 --year 2025 --indicateur "libelle=Familles servies;realise=180;commentaire=Tournées réduites l'été"
expect_status 0 "bilan set: FA-3's realised value"
run bilan set 1 --year 2024 --set commence=oui --indicateur "code=RSA_NOUVEAUX_ENTRANTS;realise=20"
expect_status 0 "bilan set 2024"
expect_equal "$(sql "SELECT count(*) FROM indicator_values WHERE realised IS NOT NULL")" "0" \
  "realised values are not in the plan's table: the export must read them from the bilans"

# reference|indicator|year → realised value, comment; every other row has no realised value.
# shellcheck disable=SC2016
check_rows='
import sys
expected = {
    ("FA-1", "Nombre de nouveaux entrants", "2024"): ("20", ""),
    ("FA-1", "Nombre de nouveaux entrants", "2025"): ("118", ""),
    ("FA-1", "Familles accompagnées", "2025"): ("47", ""),
    ("FA-2", "Personnes rencontrées", "2025"): ("250", "Équipe au complet en septembre seulement"),
    ("FA-3", "Familles servies", "2025"): ("180", "Tournées réduites l'\''été"),
}
def check(rows, reference, indicator, year, realised, comment, number, total):
    found = {}
    for row in rows:
        value = row[realised]
        if value is not None and value != "":
            found[(row[reference], row[indicator], str(row[year]))] = (number(value), row[comment] or "")
    assert found == expected, found
    assert len(rows) == total, (len(rows), total)
'

run export indicateurs -o ind.csv --csv-dialect rfc4180
expect_status 0 "export indicateurs, CSV rfc4180"
$python -c "$check_rows"'
import csv
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
check(rows, "reference", "libelle", "annee", "realise", "commentaire", lambda v: str(int(float(v))), int(sys.argv[2]))
rate = [r for r in rows if r["reference"] == "FA-1" and r["annee"] == "2025" and r["code"] == "RSA_NOUVEAUX_ENTRANTS"][0]
assert rate["cible"] == "120" and rate["taux_realisation"] == "98.33", rate
' ind.csv "$(sql "SELECT count(*) FROM indicator_values")" || fail "CSV rfc4180 export lacks the bilans' realised values"
checks=$((checks + 1))

run export indicateurs -o ind-fr.csv
expect_status 0 "export indicateurs, French CSV"
$python -c "$check_rows"'
import csv
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"), delimiter=";"))
check(rows, "Référence de l'\''action", "Indicateur", "Année", "Réalisé", "Commentaire", lambda v: v, int(sys.argv[2]))
' ind-fr.csv "$(sql "SELECT count(*) FROM indicator_values")" || fail "French CSV export lacks the bilans' realised values"
checks=$((checks + 1))

run export indicateurs -o ind.xlsx
expect_status 0 "export indicateurs, XLSX"
$python -c "$check_rows"'
import openpyxl
sheet = openpyxl.load_workbook(sys.argv[1], read_only=True)["Indicateurs"]
values = list(sheet.iter_rows(values_only=True))
head = values[0]
rows = [dict(zip(head, r)) for r in values[1:]]
assert all(isinstance(r["Réalisé"], (int, float)) for r in rows if r["Réalisé"] is not None)
check(rows, "Référence de l'\''action", "Indicateur", "Année", "Réalisé", "Commentaire", lambda v: str(int(v)), int(sys.argv[2]))
' ind.xlsx "$(sql "SELECT count(*) FROM indicator_values")" || fail "XLSX export lacks the bilans' realised values"
checks=$((checks + 1))

# One year: the 2025 rows only, with their realised values.
run export indicateurs -o - --csv-dialect rfc4180 --year 2025
expect_status 0 "export indicateurs --year 2025"
expect_out_contains ",FA-3,"
expect_out_contains ",2025,200,180,90,Tournées réduites l'été"
expect_out_lacks ",2024,"

# A later change of the bilan shows at once (the export reads the bilan, not a copy).
run bilan set 3 --year 2025 --indicateur "libelle=Familles servies;realise=190"
expect_status 0 "bilan corrected"
run export indicateurs -o - --csv-dialect rfc4180 --year 2025
expect_out_contains ",2025,200,190,95,"

# `action show` and the action's fiche read the realised values as the export does: the bilan's.
run action show 3
expect_status 0 "action show of FA-3"
expect_equal "$(printf '%s\n' "$OUT" | grep -E "Familles servies .* 2025 " | tr -s ' ' | grep -o "200 190" | head -1)" "200 190" \
  "action show: 2025 target from the plan, realised value from the bilan"
expect_out_contains "Réalisé : valeur déclarée dans le bilan de l'année"
run action show 3 --format json
expect_status 0 "action show --format json"
expect_equal "$(printf '%s\n' "$OUT" | $python -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(r["libelle"] + "/" + str(r["annee"]) + "/" + format(r["realise"], "g") for r in d["realises_bilans"]))')" \
  "Familles servies/2025/190" "action show --format json lists the bilan's realised value apart"
expect_equal "$(printf '%s\n' "$OUT" | $python -c 'import json,sys; d=json.load(sys.stdin); print(all(y["realise"] is None for i in d["indicateurs"] for y in i["annees"]))')" \
  "True" "the content itself stays the plan (what validations sign)"
run fiche action 3 -o - --format md
expect_status 0 "fiche of FA-3"
expect_out_contains "| 2025 | 200 | 190 |"

# The action's history shows its bilans' entries too (entered, then corrected), not another action's.
run history 3 --format csv --csv-dialect rfc4180
expect_status 0 "history of FA-3"
expect_equal "$(printf '%s\n' "$OUT" | $python -c 'import csv,sys; print(" ".join(r["objet"] + ":" + r["operation"] for r in csv.DictReader(sys.stdin)))')" \
  "action n° 3:insert bilan n° 3:insert bilan n° 3:update bilan n° 3:update" "FA-3's entries, its bilan's included"
