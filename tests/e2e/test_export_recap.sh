#!/usr/bin/env bash
# Issue « Exports », recaps and fiches: pilot recap (text, md, csv, xlsx read back with openpyxl) and
# pilot fiche (HTML with print CSS, Markdown), on the export fixture.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/test_export_data.sh"

PY=/usr/bin/python3
export_fixture

run recap --convention "$amiens"
expect_status 0 "recap text"
expect_out_contains "Récapitulatif de la convention n° $amiens"
expect_out_contains "══ Actions ══"
expect_out_contains "Axe 1 : Prévenir la pauvreté"
expect_out_contains "══ Récapitulatif des budgets ══"
expect_out_contains "Ensemble de la convention"
expect_out_contains "76 010,50 €"  # 75 000,50 + 1 000,00 + 10,00: no « Pour info », no year after the drop
expect_out_contains "══ Indicateurs locaux ══"
expect_out_contains "Enfants bénéficiaires"
expect_out_contains "Brouillon (abandonnée en 2025)"

run recap --convention "$amiens" --format md
expect_status 0 "recap markdown"
expect_out_contains "## Récapitulatif des budgets"
expect_out_contains "| Réf. | Intitulé |"

run recap --convention "$nord" --format csv --tab budgets --csv-dialect rfc4180
expect_status 0 "recap one tab as CSV"
printf '%s\n' "$OUT" >"$SCRATCH/budgets.csv"
checks=$((checks + 1))
"$PY" -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
totals = [r for r in rows if r["reference"] == "Total"]
rows = [r for r in rows if r["reference"] != "Total"]
assert len(rows) == 2 + 2, rows  # two actions, one line per axe / volet in « Ensemble »
assert totals and totals[-1]["axe_volet"] == "Ensemble de la convention", totals  # each section ends with its total
n2 = [r for r in rows if r["reference"] == "N-2"][0]
assert n2["axe_volet"].startswith("Volet 2"), n2
assert n2["collectivite"] == "10000.00" and n2["autres"] == "0.00", n2  # « Pour info » left out
' "$SCRATCH/budgets.csv" || fail "recap CSV content"

run recap --convention "$amiens" --format xlsx -o "$SCRATCH/recap.xlsx"
expect_status 0 "recap xlsx"
checks=$((checks + 1))
"$PY" -c '
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["Actions", "Récapitulatif des budgets", "Indicateurs nationaux", "Indicateurs locaux",
                         "Indicateurs d\x27impact"], wb.sheetnames
ws = wb["Récapitulatif des budgets"]
values = [row for row in ws.iter_rows(values_only=True)]
line = [r for r in values if r[0] == "1.1"][0]
assert line[2] == 50000.5 and line[3] == 20000 and line[4] == 5000, line
total = [r for r in values if r[0] == "Total" and r[1] == "3 actions"][0]
assert abs(total[5] - 76010.5) < 1e-9, total
' "$SCRATCH/recap.xlsx" || fail "recap XLSX content"

run recap --convention "$amiens" --format xlsx
expect_status 2 "recap xlsx to stdout"
expect_err_contains "ne peut pas être écrit sur la sortie standard"
run recap --convention 999
expect_status 1 "recap of an unknown convention"
expect_err_contains "convention n° 999 introuvable"

# --- fiches ------------------------------------------------------------------------------------
run fiche action 1 -o "$SCRATCH/fiche.html"
expect_status 0 "fiche action html"
html=$(cat "$SCRATCH/fiche.html")
for part in "<!DOCTYPE html>" "@page { size: A4;" "Fiche action 1.1" "<h2>Caractéristiques</h2>" \
  "Axe 1 : Prévenir la pauvreté" "<h2>Budget prévisionnel</h2>" "<td class=\"num\">75 000,50 €</td>" \
  "Enfants bénéficiaires" "<h2>Validations</h2>" "=HYPERLINK(&quot;http://example.com&quot;;&quot;clic&quot;)"; do
  checks=$((checks + 1))
  [[ "$html" == *"$part"* ]] || fail "fiche.html lacks « $part »"
done
checks=$((checks + 1))
"$PY" -c '
import sys
from html.parser import HTMLParser
class Check(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []
    def handle_starttag(self, tag, attrs):
        if tag not in ("meta", "br"):
            self.stack.append(tag)
    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()
c = Check()
c.feed(open(sys.argv[1], encoding="utf-8").read())
assert not c.stack, c.stack
' "$SCRATCH/fiche.html" || fail "fiche.html is not well nested"

run fiche action 5 -o "$SCRATCH/fiche.md"
expect_status 0 "fiche action markdown by extension"
expect_equal "$(head -1 "$SCRATCH/fiche.md")" "# Fiche action N-2 — Référent de parcours" "markdown title"
checks=$((checks + 1))
grep -q "Volet 2" "$SCRATCH/fiche.md" || fail "fiche.md lacks the volet"

run fiche convention "$nord" --format md
expect_status 0 "fiche convention to stdout"
expect_out_contains "# Fiche convention — Conseil départemental - Nord — Contrat unique"
expect_out_contains "## Budget par axe / volet"
expect_out_contains "N-1"

run fiche convention 999
expect_status 1 "fiche of an unknown convention"
expect_err_contains "convention n° 999 introuvable"
run fiche action 1 --format pdf
expect_status 2 "unknown fiche format"
run fiche action 1 -o "$SCRATCH/fiche.pdf"
expect_status 2 "HTML under a .pdf name"
expect_err_contains "extension attendue .html ou .md"
checks=$((checks + 1))
[[ ! -e "$SCRATCH/fiche.pdf" ]] || fail "a fiche.pdf holding HTML was written"
