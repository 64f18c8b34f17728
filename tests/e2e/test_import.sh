#!/usr/bin/env bash
# Issue « pilot action import »: the examples import cleanly, every input path of the real binary
# (CSV files, stdin, workbooks from openpyxl, from `pilot template` and re-saved by LibreOffice),
# the problem display, --dry-run, --errors CSV/JSON/XLSX read back with openpyxl and re-imported,
# --on-existing, exit codes, and the all-or-nothing guarantee, even under kill -9.
source "$(dirname "$0")/lib.sh"
examples="$PILOT_SOURCE/examples"
python=/usr/bin/python3

run init
expect_status 0 "init"
while IFS='|' read -r collectivite type signed; do
  run convention add --collectivite "$collectivite" --type "$type" --signed "$signed"
  expect_status 0 "convention $collectivite"
done <"$examples/conventions.txt"
amiens=(actions-cls-metropole.csv budget-cls-metropole.csv indicateurs-cls-metropole.csv)
cp "$examples"/*.csv "$examples"/*.xlsx "$SCRATCH/"

# --- the examples -------------------------------------------------------------------------------------
before=$(db_fingerprint)
run action import "${amiens[@]}" --convention 1 --dry-run
expect_status 0 "dry run of the Amiens CSV (Windows-1252)"
expect_out_contains "1.1 « Crèches à vocation d'insertion professionnelle dans les quartiers prioritaires » : à créer  [actions-cls-metropole.csv:2]"
expect_out_contains "Actions : 17 à créer"
expect_out_contains "Simulation : rien n'a été enregistré."
expect_unchanged "$before" "dry run"

run action import "${amiens[@]}" --convention 1
expect_status 0 "import the Amiens CSV"
expect_out_contains "Lignes lues : 225 — acceptées : 225 — rejetées : 0"
expect_out_contains "Actions : 17 créées"
expect_equal "$(sql "SELECT count(*) FROM actions WHERE convention_id = 1 AND status = 'brouillon'")" "17" "Amiens actions"
expect_equal "$(sql "SELECT sum(amount_cents) FROM budget_lines b JOIN actions a ON a.id = b.action_id WHERE a.convention_id = 1")" \
  "256000000" "Amiens budget matches the guide's 2 560 000,00 €"
expect_equal "$(sql "SELECT value_text FROM action_answers x JOIN actions a ON a.id = x.action_id WHERE a.reference = '4.1' AND x.field_key = 'axe'")" \
  "axe_4" "axe stored as its code"
expect_equal "$(sql "SELECT count(*) FROM audit_log WHERE entity = 'action' AND operation = 'insert'")" "17" "one audit entry per action"

run action import actions-contrat-unique.xlsx --convention 2
expect_status 0 "import the Nord workbook (CLS and CIE actions)"
expect_out_contains "Actions : 22 créées"
expect_equal "$(sql "SELECT form_id || ':' || count(*) FROM actions WHERE convention_id = 2 GROUP BY form_id ORDER BY 1" | tr '\n' ' ')" \
  "action-cie:9 action-cls-departement:13 " "forms of the contrat unique"
expect_equal "$(sql "SELECT sum(amount_cents) FROM budget_lines b JOIN actions a ON a.id = b.action_id WHERE a.convention_id = 2")" \
  "7294423300" "Nord budget matches the guide's 72 944 233,00 €"

run action import actions-cls-departement.csv budget-cls-departement.csv indicateurs-cls-departement.csv --convention 4
expect_status 0 "import the Pas-de-Calais CSV"
expect_out_contains "Actions : 5 créées"

# --- --on-existing ------------------------------------------------------------------------------------
before=$(db_fingerprint)
run action import "${amiens[@]}" --convention 1
expect_status 1 "re-import without --on-existing"
expect_err_contains "[E608] l'action « 1.1 » existe déjà"
expect_err_contains "pilot: erreur : import refusé : 17 erreurs, rien n'a été enregistré"
expect_unchanged "$before" "refused re-import"
run action import "${amiens[@]}" --convention 1 --on-existing update
expect_status 0 "re-import, update"
expect_out_contains "Actions : 17 inchangées"
expect_unchanged "$before" "unchanged re-import writes nothing"
run action import "${amiens[@]}" --convention 1 --on-existing skip --dry-run
expect_status 0 "re-import, skip"
expect_out_contains "ignorée (déjà enregistrée)"
run action import "${amiens[@]}" --convention 1 --on-existing replace
expect_status 2 "unknown --on-existing"

# A corrected title, from standard input, checked then written.
printf 'N° fiche;Intitulé\r\n3.4;Logement d'\''abord : accompagnement vers et dans le logement durable\r\n' >titre.csv
run action import - --convention 1 --on-existing update --dry-run <titre.csv
expect_status 0 "update from stdin, dry run"
expect_out_contains "3.4 « Logement d'abord : accompagnement vers et dans le logement durable » : à modifier"
expect_out_contains "Intitulé de l'action : Logement d'abord : accompagnement vers et dans le logement → Logement d'abord : accompagnement vers et dans le logement durable"
run action import - --convention 1 --on-existing update <titre.csv
expect_status 0 "update from stdin"
expect_out_contains "<entrée standard> : 1 ligne (actions)"
expect_out_contains "Actions : 1 modifiée"
expect_equal "$(sql "SELECT title FROM actions WHERE reference = '3.4'")" \
  "Logement d'abord : accompagnement vers et dans le logement durable" "title updated"
expect_equal "$(sql "SELECT count(*) FROM budget_lines b JOIN actions a ON a.id = b.action_id WHERE a.reference = '3.4'")" \
  "8" "budget kept by a title-only update"

# A validated action is never modified.
id=$(sql "SELECT id FROM actions WHERE reference = '1.1' AND convention_id = 1")
run validate "$id" --as etat
expect_status 0 "validate 1.1"
sed 's/Crèches à vocation/Micro-crèches à vocation/' <(iconv -f cp1252 -t utf-8 actions-cls-metropole.csv) >modifie.csv
run action import modifie.csv --convention 1 --on-existing update
expect_status 1 "update of a validated action"
expect_err_contains "[E609]"
run action import modifie.csv --convention 1 --on-existing skip
expect_status 0 "skip of a validated action"
expect_out_contains "1 validée laissée telle quelle"

# --- problems: ninja-style display, exit code, nothing written ---------------------------------------
cat >fautes.csv <<'EOF2'
Référence;Intitulé;Axe;Nature;Type d'action;Champs;Publics;Public spécifique;QPV;Zone rurale;Date de début;Couleur
X-1;Accueil de jour;Axe 3;Nouvelle;Aller vers;Accès aux droits;Tout public;non;oui;non;31/02/2024;bleu
X-2;Halte de nuit;Axe 7;Nouvelle;Aller vers;Accès aux droits;Tout public;non;oui;non;01/03/2024;
EOF2
printf 'Référence;Année;Financeur;Montant\nX-1;2024;État;1000\nX-1;2024;Département;1000\nX-2;2024;État;500\nX-2;2024;Département;500\n' >fautes-budget.csv
before=$(db_fingerprint)
run action import fautes.csv fautes-budget.csv --convention 4
expect_status 1 "file with errors"
expect_err_contains "fautes.csv:1:12: erreur [E601] colonne inconnue « Couleur »"
expect_err_contains "fautes.csv:2:11: erreur [E106] « Date de début de l'action » : date invalide « 31/02/2024 »"
expect_err_contains "fautes.csv:3:3: erreur [E108] « Axe du Pacte des solidarités » : choix inconnu « Axe 7 »"
printf '%s\n' "$ERR" >erreurs.txt
expect_equal "$($python - <<'EOF2'
lines = open("erreurs.txt", encoding="utf-8").read().split("\n")
at = next(i for i, line in enumerate(lines) if line.startswith("fautes.csv:2:11:"))
excerpt, caret = lines[at + 1], lines[at + 2]
print(excerpt[len(caret) - 1:len(caret) + 9])
EOF2
)" "31/02/2024" "caret under the bad value"
expect_out_contains "Lignes lues : 6 — sans erreur : 0 — rejetées : 6"
expect_out_contains "E106 date invalide × 1"
expect_unchanged "$before" "file with errors"
run action import fautes.csv fautes-budget.csv --convention 4 --lenient
expect_status 1 "--lenient keeps value errors"
expect_err_contains "avertissement [W601]"

# --- --errors reports ---------------------------------------------------------------------------------
run action import fautes.csv fautes-budget.csv --convention 4 --errors rapport.csv
expect_status 1 "errors report CSV"
expect_equal "$(head -c 3 rapport.csv | od -An -tx1 | tr -d ' ')" "efbbbf" "report CSV has a BOM"
expect_equal "$(grep -c 'E10[68]' rapport.csv)" "2" "report CSV lists the value problems"
run action import fautes.csv fautes-budget.csv --convention 4 --errors rapport.json
expect_status 1 "errors report JSON"
expect_equal "$($python -c 'import json,sys; d=json.load(open("rapport.json")); print(sorted(p["code"] for p in d))')" \
  "['E106', 'E108', 'E601']" "report JSON codes"
run action import fautes.csv fautes-budget.csv --convention 4 --errors rapport.xlsx
expect_status 1 "errors report XLSX"
report_check=$($python - <<'EOF2'
import openpyxl
wb = openpyxl.load_workbook("rapport.xlsx")
ws = wb.worksheets[0]
print(wb.sheetnames, ws["A1"].value, ws["B1"].value, ws["M1"].value)
print(ws["L2"].value, ws["L2"].fill.fgColor.rgb[-6:], ws["L2"].comment.text if ws["L2"].comment else None)
print(ws["D3"].value, ws["D3"].comment is not None, ws["A3"].value.startswith("[E108]"), ws["A2"].value.startswith("[E106]"))
print(ws["M1"].comment is not None, wb.worksheets[1]["E3"].value, wb.worksheets[1]["A3"].value)
EOF2
)
expect_equal "$(sed -n 1p <<<"$report_check")" "['fautes', 'fautes-budget'] Erreurs à corriger Référence Couleur" "report XLSX sheets and header"
expect_equal "$(sed -n 2p <<<"$report_check" | cut -d' ' -f1-2)" "31/02/2024 FFC7CE" "bad cell kept and highlighted"
[[ $(sed -n 2p <<<"$report_check") == *"date invalide"* ]] || fail "bad cell has no comment: $report_check"
checks=$((checks + 1))
expect_equal "$(sed -n 3p <<<"$report_check")" "Axe 7 True True True" "second bad cell and the errors column"
expect_equal "$(sed -n 4p <<<"$report_check")" "True 1000 Action rejetée : voir les erreurs de ses autres lignes" \
  "header comment, budget rows of a rejected action"
# The data officer fixes the cells in the workbook and imports it again as is.
$python - <<'EOF2'
import openpyxl
wb = openpyxl.load_workbook("rapport.xlsx")
ws = wb.worksheets[0]
ws["L2"] = "28/02/2024"
ws["D3"] = "Axe 3"
ws.delete_cols(13)
wb.save("corrige.xlsx")
EOF2
run action import corrige.xlsx --convention 4
expect_status 0 "corrected report imports as is"
expect_out_contains "Actions : 2 créées"
expect_equal "$(sql "SELECT count(*) FROM actions WHERE reference IN ('X-1', 'X-2')")" "2" "corrected actions stored"
run action import fautes.csv --convention 4 --errors rapport.txt
expect_status 2 "unknown report format"
run action import actions-contrat-unique.xlsx --convention 4 --sheet A --sheet B
expect_status 2 "--sheet given twice"
expect_err_contains "--sheet : au plus 1 valeur(s), reçu 2"
run action import actions-contrat-unique.xlsx --convention 4 --sheet ''
expect_status 2 "an empty --sheet"
expect_err_contains "nom de feuille vide"
cp fautes.csv fautes-copie.csv
run action import fautes-copie.csv --convention 4 --errors ./fautes-copie.csv
expect_status 2 "a report that would overwrite an input file"
expect_err_contains "c'est un des fichiers importés"
checks=$((checks + 1))
cmp -s fautes.csv fautes-copie.csv || fail "the input file was overwritten by the report"

# --- workbooks from pilot template and from LibreOffice -----------------------------------------------
run template --form action-cls-departement -o modele.xlsx
expect_status 0 "template"
$python - <<'EOF'
import datetime
import openpyxl
wb = openpyxl.load_workbook("modele.xlsx")
actions = wb["Actions"]
header = [c.value for c in actions[1]]
values = {"Référence de la fiche action *": "T-1", "Intitulé de l'action *": "Accueil de jour",
          "Axe du Pacte des solidarités *": "Axe 3 : Lutter contre la grande exclusion grâce à l'accès aux droits",
          "L'action est-elle nouvelle ou renforcée ? *": "Action nouvelle", "Type d'action *": "Accueil et accès aux droits",
          "Champ(s) d'action publique *": "Accès aux droits", "Public(s) visé(s) *": "Tout public",
          "L'action cible-t-elle un public spécifique ? *": "Non", "L'action se déroule-t-elle en QPV ? *": "Oui",
          "L'action se déroule-t-elle en zone rurale ? *": "Non",
          "Date de début de l'action *": datetime.date(2024, 5, 2)}
for name, value in values.items():
    actions.cell(row=2, column=header.index(name) + 1, value=value)
# A note beside the table, in a column without a header: left out, with a warning.
actions.cell(row=2, column=len(header) + 2, value="à revoir avec le porteur")
budget = wb[wb.sheetnames[1]]
for row in (["T-1", 2024, "État", None, 15000], ["T-1", 2024, "Collectivité", None, 15000]):
    budget.append(row)
wb.save("modele-rempli.xlsx")
EOF
run action import modele.xlsx --convention 4
expect_status 0 "a blank template"
expect_err_contains "[W615] classeur sans données"
$python - <<'EOF'
import openpyxl
wb = openpyxl.load_workbook("modele-rempli.xlsx")
wb[wb.sheetnames[1]].sheet_state = "hidden"
wb.save("budget-masque.xlsx")
EOF
run action import budget-masque.xlsx --convention 4 --dry-run
expect_status 1 "a hidden budget sheet is left out (then the action lacks its budget)"
expect_err_contains "[W604] feuille masquée « Lignes budgétaires » ignorée, bien qu'elle ait une ligne d'en-tête"
checks=$((checks + 1))
[[ "$ERR" != *"« Listes » ignorée"* ]] || fail "the template's hidden lists were taken for a table: $ERR"
run action import modele-rempli.xlsx --convention 4
expect_status 0 "workbook made by pilot template"
expect_out_contains "Actions : 1 créée"
expect_err_contains "[W618] valeur « à revoir avec le porteur » en colonne"
# Formulas openpyxl wrote without computing them are not empty cells; TRUE in a text field is « VRAI ».
$python - <<'EOF'
import openpyxl
wb = openpyxl.load_workbook("modele-rempli.xlsx")
actions = wb["Actions"]
header = [c.value for c in actions[1]]
actions.cell(row=2, column=header.index("Référence de la fiche action *") + 1, value="T-2")
actions.cell(row=2, column=header.index("Intitulé de l'action *") + 1, value='="Accueil" & " de nuit"')
budget = wb[wb.sheetnames[1]]
for row in budget.iter_rows(min_row=2):
    if row[0].value == "T-1":
        row[0].value = "=Actions!A2"
wb.save("formules.xlsx")
remarks = [h for h in header if h and h.startswith("Remarques")]
actions.cell(row=2, column=header.index(remarks[0]) + 1, value=True)
actions.cell(row=2, column=header.index("Intitulé de l'action *") + 1, value="Accueil de nuit")
for row in budget.iter_rows(min_row=2):
    if row[0].value == "=Actions!A2":
        row[0].value = "T-2"
wb.save("booleen.xlsx")
EOF
# A reference merged down over the action's budget lines (Excel keeps it in the top cell only).
$python - <<'EOF'
import openpyxl
wb = openpyxl.load_workbook("modele-rempli.xlsx")
actions = wb["Actions"]
header = [c.value for c in actions[1]]
actions.cell(row=2, column=header.index("Référence de la fiche action *") + 1, value="T-3")
budget = wb[wb.sheetnames[1]]
rows = [row for row in budget.iter_rows(min_row=2) if row[0].value == "T-1"]
assert len(rows) == 2, rows
rows[0][0].value = "T-3"
rows[1][0].value = None
budget.merge_cells(start_row=rows[0][0].row, start_column=1, end_row=rows[1][0].row, end_column=1)
wb.save("fusion.xlsx")
EOF
run action import fusion.xlsx --convention 4
expect_status 0 "a reference merged over two budget lines"
expect_equal "$(sql "SELECT count(*) FROM budget_lines b JOIN actions a ON a.id = b.action_id
  WHERE a.reference = 'T-3' AND a.convention_id = 4")" "2" "both budget lines of the merged reference"
run action import formules.xlsx --convention 4
expect_status 1 "formulas without computed values"
expect_err_contains "la formule « =\"Accueil\" & \" de nuit\" » n'a pas de valeur calculée"
expect_err_contains "la référence est la formule « =Actions!A2 », sans valeur calculée"
run action import booleen.xlsx --convention 4
expect_status 0 "a TRUE cell in a text field"
expect_equal "$(sql "SELECT x.value_text FROM action_answers x JOIN actions a ON a.id = x.action_id
  WHERE a.reference = 'T-2' AND a.convention_id = 4 AND x.field_key = 'remarques'")" "VRAI" "TRUE cell in « Remarques »"
if command -v soffice >/dev/null 2>&1; then
  mkdir -p lo
  if soffice --headless --convert-to xlsx --outdir lo actions-contrat-unique.xlsx >/dev/null 2>&1 &&
    [[ -f lo/actions-contrat-unique.xlsx ]]; then
    run action import lo/actions-contrat-unique.xlsx --convention 3 --dry-run
    expect_status 0 "workbook saved by LibreOffice"
    expect_out_contains "Actions : 22 à créer"
  else
    echo "SKIP: soffice could not convert the workbook"
  fi
else
  echo "SKIP: soffice not installed"
fi

# --- all or nothing, even under kill -9 -----------------------------------------------------------------
$python "$PILOT_SOURCE/scripts/generate-dataset.py" --out gros --actions 6000 --collectivite CD80 --seed e2e 2>/dev/null
folder=$(cut -d'|' -f4 gros/conventions.txt)
before=$(db_fingerprint)
"$PILOT_BIN" action import gros/"$folder"/*.csv --convention 3 >/dev/null 2>&1 &
importer=$!
# Kill it in the middle: once it has written 4 MB (staging tables, then the database's WAL).
written=0
while kill -0 "$importer" 2>/dev/null && ((written < 4 * 1024 * 1024)); do
  written=$(awk '/^wchar:/ {print $2}' "/proc/$importer/io" 2>/dev/null || echo 0)
  sleep 0.01
done
killed=0
kill -9 "$importer" 2>/dev/null && killed=1
wait "$importer" 2>/dev/null
expect_equal "$killed" "1" "the import was still running when killed"
expect_unchanged "$before" "import killed with -9"
expect_equal "$(sqlite3 "$PILOT_DB" 'PRAGMA integrity_check')" "ok" "integrity after kill -9"
run action import gros/"$folder"/*.csv --convention 3
expect_status 0 "the same import, not interrupted"
expect_out_contains "Actions : 6 000 créées"
[[ "$ERR" != *"lecture"* ]] || fail "progress shown although stderr is not a terminal"
checks=$((checks + 1))

# --- budget lines and targets outside the convention's period: refused at their cell (E302), as by
# update set and bilan (the CIE form allows 2024-2030; this CIE runs from 15/03/2025 to 14/03/2026) ---
run convention add --collectivite "Conseil départemental - Somme" --type cie --signed 15/03/2025
expect_status 0 "a one-year CIE"
cie=$OUT
before=$(db_fingerprint)
run action import "$PILOT_SOURCE"/tests/data/import/hors-periode/{actions,budget,indicateurs}.csv --convention "$cie"
expect_status 1 "years outside the CIE"
expect_err_contains "budget.csv:2:2: erreur [E302] « Année » : 2028 est hors de la période de la convention n° $cie (du 15/03/2025 au 14/03/2026)"
expect_err_contains "indicateurs.csv:2:5: erreur [E302] « Année » : 2029 est hors de la période de la convention n° $cie"
expect_unchanged "$before" "refused import of years outside the period"
sed -e 's/;2028;/;2025;/' "$PILOT_SOURCE/tests/data/import/hors-periode/budget.csv" >budget-2025.csv
sed -e 's/;2029;/;2026;/' "$PILOT_SOURCE/tests/data/import/hors-periode/indicateurs.csv" >indicateurs-2026.csv
run action import "$PILOT_SOURCE/tests/data/import/hors-periode/actions.csv" budget-2025.csv indicateurs-2026.csv \
  --convention "$cie"
expect_status 0 "the same years inside the period"

# --- a rule reading a wrong value is not checked: its message would be false --------------------------
run convention add --collectivite "Conseil départemental - Aisne" --type cls --signed 20/06/2024
expect_status 0 "a CLS for the rules"
cls=$OUT
printf '%s\n' "Réf;Intitulé;Axe;Nature de l'action;Type d'action;Champs;Publics visés;Public spécifique;QPV;Zone rurale;Date de début" \
  "A-10;Test des montants;Axe 1;Action nouvelle;Action collective;Jeunesse;Enfants;Non;Non;Non;01/01/2024" >regles-actions.csv
printf '%s\n' "Réf;Année;Financeur;Montant;Dont valorisation" "A-10;2024;État;1 000;" "A-10;2024;Département;mille;" \
  >regles-illisible.csv
printf '%s\n' "Réf;Année;Financeur;Montant;Dont valorisation" "A-10;2024;État;-500;" "A-10;2024;Département;-500;" \
  >regles-negatif.csv
before=$(db_fingerprint)
run action import regles-actions.csv regles-illisible.csv --convention "$cls"
expect_status 1 "an unreadable amount"
expect_err_contains "regles-illisible.csv:3:4: erreur [E103] « Montant prévisionnel » : nombre invalide « mille »"
expect_out_contains "Problèmes par code : E103 montant invalide × 1"
checks=$((checks + 1))
[[ "$ERR" != *E502* ]] || fail "parity checked without the unreadable amount: $ERR"
run action import regles-actions.csv regles-negatif.csv --convention "$cls"
expect_status 1 "negative amounts"
expect_out_contains "Problèmes par code : E301 valeur inférieure au minimum × 2"
checks=$((checks + 1))
[[ "$ERR" != *E504* ]] || fail "the valorisation compared with a negative share: $ERR"
expect_unchanged "$before" "rules over wrong values"
# Control: readable amounts that break parity are reported by the rule.
printf '%s\n' "Réf;Année;Financeur;Montant;Dont valorisation" "A-10;2024;État;1 000;" "A-10;2024;Département;900;" \
  >regles-parite.csv
run action import regles-actions.csv regles-parite.csv --convention "$cls"
expect_status 1 "parity broken"
expect_err_contains "[E502] Parité État / collectivité : la part de l'État (1000 €) doit être égale à celle de la collectivité (900 €)"

# --- a CIE line in ETP only has no amount: stored NULL, shown and exported empty, never « 0,00 € » -----
run convention add --collectivite "Conseil départemental - Oise" --type cie --signed 20/06/2024
expect_status 0 "a CIE for ETP-only lines"
cie_etp=$OUT
printf '%s\n' "Réf;Intitulé;Volet;Description;Nature de l'action;Type d'action;Durée;Champs;Publics visés;Public spécifique;QPV;Zone rurale;Date de mise en place" \
  "CIE-A;Chefferie de projet;Volet 1;Recrutement d'un chef de projet;Action nouvelle;Ingénierie et chefferie de projet;Indéterminée;Insertion professionnelle;Bénéficiaires du RSA;Non;Non;Non;01/09/2024" \
  >etp-actions.csv
printf '%s\n' "Réf;Année;Nature de dépenses;Type de financeur;Montant;ETP" \
  "CIE-A;2024;Volet 1 – ETP CD : Ingénierie (chefferie de projet);État;30 000 €;0,5" \
  "CIE-A;2024;Volet 1 – ETP CD : Ingénierie (chefferie de projet);Collectivité;30 000 €;0,5" \
  "CIE-A;2025;Volet 1 – ETP CD : Ingénierie (chefferie de projet);État;;1 ETP" \
  "CIE-A;2025;Volet 1 – ETP CD : Ingénierie (chefferie de projet);Collectivité;0;1" >etp-budget.csv
run action import etp-actions.csv etp-budget.csv --convention "$cie_etp"
expect_status 0 "lines in ETP only"
expect_equal "$(sql "SELECT b.year || ':' || b.financer_type || ':' || coalesce(b.amount_cents, 'NULL') || ':' || b.etp
  FROM budget_lines b JOIN actions a ON a.id = b.action_id WHERE a.convention_id = $cie_etp ORDER BY b.id" | tr '\n' ' ')" \
  "2024:etat:3000000:0.5 2024:collectivite:3000000:0.5 2025:etat:NULL:1.0 2025:collectivite:0:1.0 " \
  "no amount is NULL, a typed 0 stays 0"
etp_action=$(sql "SELECT id FROM actions WHERE convention_id = $cie_etp")
run action show "$etp_action" --format json
expect_equal "$(printf '%s\n' "$OUT" | /usr/bin/python3 -c 'import json, sys; print([l["montant_centimes"] for l in json.load(sys.stdin)["budget"]])')" \
  "[3000000, 3000000, None, 0]" "action show --format json: null for no amount"
run export budgets --convention "$cie_etp" --format csv -o -
expect_status 0 "export of the budgets"
expect_equal "$(printf '%s\n' "$OUT" | awk -F';' 'NR > 1 {print $11 "/" $15 "/" $16}' | LC_ALL=C sort | tr '\n' ' ')" \
  "2024/30000,00/0,5 2024/30000,00/0,5 2025//1 2025/0,00/1 " "the export leaves no amount empty"
