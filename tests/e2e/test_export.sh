#!/usr/bin/env bash
# Issue « Exports »: pilot export read back by independent readers (Python's csv and openpyxl, the
# sqlite3 shell for the expected figures): headers, row counts, totals, numbers as numbers, dates as
# dates, neutralised formulas, scope filters identical to `convention list`, manifests.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/test_export_data.sh"

PY=/usr/bin/python3  # Debian's interpreter, with python3-openpyxl

# py SCRIPT ARGS...: runs a Python check; prints what it found, fails the check on an exception.
py() {
  local script=$1
  shift
  PYOUT=$("$PY" -c "$script" "$@" 2>&1)
  PYSTATUS=$?
  checks=$((checks + 1))
  if ((PYSTATUS != 0)); then
    fail "python check failed: $PYOUT"
  fi
}

export_fixture

# --- conventions, French CSV ------------------------------------------------------------------
run export conventions -o "$SCRATCH/conventions.csv"
expect_status 0 "export conventions"
expect_out_contains "conventions : $SCRATCH/conventions.csv → 4 lignes"
expect_out_contains "Manifeste : $SCRATCH/conventions.csv.manifest.json"
# --manifest -: the manifest alone on standard output (the summary goes to the error stream).
run export conventions -o "$SCRATCH/conventions-2.csv" --manifest -
expect_status 0 "manifest on standard output"
expect_equal "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["fichiers"][0]["lignes"])')" \
  "4" "the manifest read from standard output"
checks=$((checks + 1))
[[ ! -e "$SCRATCH/-" ]] || fail "a file named « - » was written"
run export conventions -o - --manifest -
expect_status 2 "data and manifest both on standard output"
total_db=$(sql "SELECT sum(b.amount_cents) FROM budget_lines b JOIN actions a ON a.id = b.action_id
                WHERE b.informational = 0 AND (a.dropped_year IS NULL OR b.year < a.dropped_year)")
py '
import csv, sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "no BOM"
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline=""), delimiter=";"))
header, data = rows[0], rows[1:]
assert header[:3] == ["N° convention", "Collectivité", "Type de collectivité"], header
assert len(data) == 4, len(data)
col = {name: i for i, name in enumerate(header)}
total = sum(round(float(r[col["Budget total"]].replace(",", ".")) * 100) for r in data)
assert total == int(sys.argv[2]), (total, sys.argv[2])
amiens = [r for r in data if r[col["Collectivité"]] == "CA Amiens Métropole"][0]
assert amiens[col["Date de signature"]] == "28/06/2024", amiens
assert amiens[col["Nombre d\x27actions"]] == "2", amiens  # the dropped action is not counted
assert amiens[col["Part État"]] == "67,11", amiens[col["Part État"]]
' "$SCRATCH/conventions.csv" "$total_db"

# --- an extension that is neither CSV nor XLSX: refused without --format, not CSV under that name ---
run export actions -o "$SCRATCH/actions.ods"
expect_status 2 "export to .ods"
expect_err_contains "-o « $SCRATCH/actions.ods » : extension attendue .csv ou .xlsx (ou précisez --format csv|xlsx)"
[[ ! -e "$SCRATCH/actions.ods" ]] || fail "a file was written under the .ods name"
checks=$((checks + 1))
run export actions --format csv -o "$SCRATCH/actions.ods"
expect_status 0 "export to .ods with --format csv: the user's choice"
mkdir -p "$SCRATCH/tables.d"
run export conventions actions -o "$SCRATCH/tables.d"
expect_status 0 "several tables into an existing folder whose name has a dot"
[[ -f "$SCRATCH/tables.d/actions.csv" ]] || fail "tables.d/actions.csv not written"
checks=$((checks + 1))

# --- actions, French CSV: every form field, labels, injection, negative numbers ----------------
run export actions -o "$SCRATCH/actions.csv"
expect_status 0 "export actions"
py '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline=""), delimiter=";"))
header, data = rows[0], rows[1:]
assert len(data) == int(sys.argv[2]), (len(data), sys.argv[2])
col = {name: i for i, name in enumerate(header)}
for name in ["Référence de la fiche action", "Intitulé de l\x27action", "Axe du Pacte des solidarités",
             "Volet de la convention", "Champ(s) d\x27action publique", "Public(s) visé(s)",
             "L\x27action se déroule-t-elle en QPV ?", "Budget total", "Budget 2024 — État"]:
    assert name in col, name
ref = col["Référence de la fiche action"]
a = {r[ref]: r for r in data}
r11 = a["1.1"]
assert r11[col["Axe du Pacte des solidarités"]].startswith("Axe 1"), r11[col["Axe du Pacte des solidarités"]]
assert r11[col["Champ(s) d\x27action publique : Alimentation"]] == "Oui"
assert r11[col["Champ(s) d\x27action publique : Jeunesse"]] == "Oui"
assert r11[col["Champ(s) d\x27action publique : Santé"]] == "Non"
assert r11[col["Date de début de l\x27action"]] == "02/09/2024"
assert r11[col["Remarques"]] == "\x27=HYPERLINK(\"http://example.com\";\"clic\")", r11[col["Remarques"]]
assert r11[col["Budget 2024 — État"]] == "20000,00", r11[col["Budget 2024 — État"]]
r21 = a["2.1"]
assert r21[col["Intitulé de l\x27action"]] == "\x27@SUM(1+1) aller vers", r21[col["Intitulé de l\x27action"]]
assert r21[col["Nombre de bénéficiaires attendus par an"]] == "-3", r21
total = sum(round(float(r[col["Budget total"]].replace(",", ".")) * 100) for r in data)
assert total == int(sys.argv[3]), (total, sys.argv[3])
' "$SCRATCH/actions.csv" "$(sql 'SELECT count(*) FROM actions')" "$total_db"

# --- rfc4180 to standard output: keys, ISO dates, decimal point, codes ------------------------
run export actions --csv-dialect rfc4180 -o -
expect_status 0 "export actions to stdout"
expect_err_contains "actions : sortie standard"
printf '%s\n' "$OUT" >"$SCRATCH/stdout.csv"
py '
import csv, sys
raw = open(sys.argv[1], "rb").read()
assert not raw.startswith(b"\xef\xbb\xbf")
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
assert len(rows) == int(sys.argv[2])
r = [x for x in rows if x["reference"] == "1.1"][0]
assert r["axe"] == "axe_1" and r["date_debut"] == "2024-09-02", r
assert r["champs"] == "alimentation;jeunesse" and r["champs__alimentation"] == "oui", r
assert r["budget_2024_etat"] == "20000.00", r["budget_2024_etat"]
' "$SCRATCH/stdout.csv" "$(sql 'SELECT count(*) FROM actions')"

# --- XLSX, several tables: real numbers and dates, frozen header, filter, Définitions, Manifeste --
run export conventions actions budgets indicateurs bilans validations -o "$SCRATCH/base.xlsx"
expect_status 0 "export xlsx"
expect_out_contains "Manifeste : $SCRATCH/base.xlsx.manifest.json"
py '
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["Conventions", "Actions", "Budgets", "Indicateurs", "Bilans", "Validations",
                         "Définitions", "Manifeste"], wb.sheetnames
ws = wb["Actions"]
assert ws.freeze_panes == "A2", ws.freeze_panes
assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.auto_filter.ref
header = [c.value for c in ws[1]]
col = {name: i for i, name in enumerate(header)}
rows = list(ws.iter_rows(min_row=2, values_only=False))
assert len(rows) == int(sys.argv[2]), len(rows)
byref = {r[col["Référence de la fiche action"]].value: r for r in rows}
r11 = byref["1.1"]
money = r11[col["Budget 2024 — État"]]
assert isinstance(money.value, (int, float)) and money.value == 20000, money.value
assert "€" in money.number_format, money.number_format
date = r11[col["Date de début de l\x27action"]]
assert isinstance(date.value, datetime.datetime) and date.value.date() == datetime.date(2024, 9, 2), date.value
count = byref["2.1"][col["Nombre de bénéficiaires attendus par an"]]
assert count.value == -3 and count.data_type == "n", (count.value, count.data_type)
inj = r11[col["Remarques"]]
assert inj.data_type == "s" and inj.value.startswith("\x27="), (inj.data_type, inj.value)
total = sum(round(r[col["Budget total"]].value * 100) for r in rows)
assert total == int(sys.argv[3]), (total, sys.argv[3])
conv = wb["Conventions"]
assert conv.max_row - 1 == 4
b = wb["Budgets"]
bh = [c.value for c in b[1]]
counted = sum(round(r[bh.index("Montant")] * 100) for r in b.iter_rows(min_row=2, values_only=True)
              if r[bh.index("Compté dans les totaux")] == "Oui")
assert counted == int(sys.argv[3]), (counted, sys.argv[3])
assert b.max_row - 1 == int(sys.argv[4]), (b.max_row, sys.argv[4])
d = wb["Définitions"]
defs = {(r[0], r[2]): r for r in d.iter_rows(min_row=2, values_only=True)}
assert defs[("Actions", "axe")][1] == "Axe du Pacte des solidarités", defs[("Actions", "axe")]
assert defs[("Actions", "budget_total")][5] == "€"
def table(name):
    sheet = wb[name]
    head = [c.value for c in sheet[1]]
    return head, list(sheet.iter_rows(min_row=2, values_only=True))
ih, irows = table("Indicateurs")
assert len(irows) == int(sys.argv[5]), (len(irows), sys.argv[5])
first = [r for r in irows if r[ih.index("Indicateur")] == "Enfants bénéficiaires" and r[ih.index("Année")] == 2024][0]
assert first[ih.index("Cible")] == 450 and first[ih.index("Réalisé")] == 300, first
assert abs(first[ih.index("Taux de réalisation")] - 66.67) < 1e-9, first
bh2, brows = table("Bilans")
assert len(brows) == int(sys.argv[6]), (len(brows), sys.argv[6])
dep = [r for r in brows if r[bh2.index("Question (clé)")] == "deploiement"][0]
assert dep[bh2.index("Réponse")] == "En retard", dep
vh, vrows = table("Validations")
assert len(vrows) == int(sys.argv[7]), (len(vrows), sys.argv[7])
assert all(isinstance(r[vh.index("Date de validation")], datetime.datetime) for r in vrows)
m = {r[0]: r[1] for r in wb["Manifeste"].iter_rows(min_row=2, values_only=True)}
assert m["Périmètre"] == "national", m
assert m["Table actions"].startswith(sys.argv[2] + " ligne"), m["Table actions"]
' "$SCRATCH/base.xlsx" "$(sql 'SELECT count(*) FROM actions')" "$total_db" \
  "$(sql 'SELECT (SELECT count(*) FROM budget_lines) + (SELECT count(*) FROM bilan_expenses)')" \
  "$(sql 'SELECT count(*) FROM indicators i LEFT JOIN indicator_values v ON v.indicator_id = i.id')" \
  "$(sql 'SELECT count(*) FROM bilan_answers')" "$(sql 'SELECT count(*) FROM validations')"

# --- manifest: SHA-256 of the file, counts, filters, forms, validation state -------------------
py '
import sys, json, hashlib
m = json.load(open(sys.argv[1] + ".manifest.json"))
digest = hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest()
assert all(f["sha256"] == digest for f in m["fichiers"]), m["fichiers"]
assert [f["table"] for f in m["fichiers"]] == ["conventions", "actions", "budgets", "indicateurs", "bilans",
                                               "validations"]
assert m["filtres"]["statut"] == "all" and m["perimetre"] == "national"
assert m["outil"].startswith("pilot "), m["outil"]
assert m["etat_de_validation"]["actions_du_perimetre_par_statut"]["double_validee"] == 2, m["etat_de_validation"]
assert {f["id"] for f in m["formulaires"]} == {"action-cls-metropole", "action-cls-departement", "action-cie"}
assert m["base"]["donnees_a_jour_au"], m["base"]
' "$SCRATCH/base.xlsx"
py '
import sys, json, hashlib
m = json.load(open(sys.argv[1] + ".manifest.json"))
f = m["fichiers"][0]
assert f["sha256"] == hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest()
assert f["lignes"] == 4
cols = {c["cle"]: c for c in m["tables"][0]["colonnes"]}
assert cols["budget_total"]["unite"] == "€", cols["budget_total"]
' "$SCRATCH/conventions.csv"

# --- scope filters: the same conventions as `convention list` ---------------------------------
scope_check() {
  local description=$1
  shift
  run convention list --format json "$@"
  local expected
  expected=$(printf '%s' "$OUT" | "$PY" -c 'import json,sys; print(sorted(c["id"] for c in json.load(sys.stdin)))')
  run export conventions --csv-dialect rfc4180 -o "$SCRATCH/scope.csv" "$@"
  expect_status 0 "export $description"
  local got
  got=$("$PY" -c 'import csv,sys; print(sorted(int(r["convention_id"]) for r in csv.DictReader(open(sys.argv[1]))))' \
    "$SCRATCH/scope.csv")
  expect_equal "$got" "$expected" "conventions of $description"
}
scope_check "région" --region "Hauts-de-France"
scope_check "département" --departement 80
scope_check "two départements" --departement 59 --departement 33
scope_check "collectivité" --collectivite "Conseil départemental - Nord"
scope_check "type" --type cie
scope_check "région and type" --region 32 --type cls

run export actions --region "Nouvelle-Aquitaine" --csv-dialect rfc4180 -o "$SCRATCH/na.csv"
expect_status 0 "actions of one région"
expect_equal "$("$PY" -c 'import csv,sys; print(sorted(r["reference"] for r in csv.DictReader(open(sys.argv[1]))))' "$SCRATCH/na.csv")" \
  "['G-1']" "actions of Nouvelle-Aquitaine"
run export actions --convention "$nord" --csv-dialect rfc4180 -o "$SCRATCH/conv.csv"
expect_status 0 "actions of one convention"
expect_equal "$(($(wc -l <"$SCRATCH/conv.csv") - 1))" "$(sql "SELECT count(*) FROM actions WHERE convention_id = $nord")" \
  "rows of one convention"

# Validation state: validated by one side only counts as a draft.
run export actions --status double-validee --csv-dialect rfc4180 -o "$SCRATCH/dv.csv"
expect_status 0 "double-validated actions"
expect_equal "$(($(wc -l <"$SCRATCH/dv.csv") - 1))" "$(sql "SELECT count(*) FROM actions WHERE status = 'double_validee'")" \
  "double-validated rows"
run export actions --status brouillon --csv-dialect rfc4180 -o "$SCRATCH/draft.csv"
expect_equal "$(($(wc -l <"$SCRATCH/draft.csv") - 1))" "$(sql "SELECT count(*) FROM actions WHERE status <> 'double_validee'")" \
  "draft rows"

# One year: budget lines of that year only.
run export budgets --year 2025 --csv-dialect rfc4180 -o "$SCRATCH/y.csv"
expect_status 0 "budgets of one year"
expect_equal "$("$PY" -c 'import csv,sys; print(sorted({r["annee"] for r in csv.DictReader(open(sys.argv[1]))}))' "$SCRATCH/y.csv")" \
  "['2025']" "years in a one-year export"

# Several CSV tables into a directory, with one manifest.
run export conventions actions -o "$SCRATCH/bases/"
expect_status 0 "several CSV tables"
[[ -f "$SCRATCH/bases/conventions.csv" && -f "$SCRATCH/bases/actions.csv" && -f "$SCRATCH/bases/manifest.json" ]] ||
  fail "expected conventions.csv, actions.csv and manifest.json in bases/"
checks=$((checks + 1))

# --- usage and data errors: message, exit code, nothing left behind ----------------------------
run export actions --format xlsx -o -
expect_status 2 "XLSX to stdout"
expect_err_contains "ne peut pas être écrit sur la sortie standard"
run export conventions actions -o "$SCRATCH/two.csv"
expect_status 2 "several CSV tables to one file"
expect_err_contains "-o doit nommer un dossier"
[[ ! -e "$SCRATCH/two.csv" ]] || fail "two.csv should not exist"
run export actoins -o "$SCRATCH/x.csv"
expect_status 2 "unknown table"
expect_err_contains "vouliez-vous dire « actions »"
run export actions --status validee -o "$SCRATCH/x.csv"
expect_status 2 "unknown status"
expect_err_contains "état de validation inconnu « validee »"
run export actions --region "Hauts-de-Frnace" -o "$SCRATCH/x.csv"
expect_status 1 "unknown région"
expect_err_contains "Hauts-de-France"
run export actions -o "$SCRATCH/missing-dir/x.xlsx"
expect_status 1 "unwritable XLSX"
expect_err_contains "impossible de créer « $SCRATCH/missing-dir/x.xlsx » : dossier « $SCRATCH/missing-dir » introuvable"
run export actions -o "$SCRATCH/missing-dir/x.csv"
expect_status 1 "unwritable CSV"
[[ ! -e "$SCRATCH/x.csv" && ! -e "$SCRATCH/x.csv.manifest.json" ]] || fail "no file may be left behind"
checks=$((checks + 1))
