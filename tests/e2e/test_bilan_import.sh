#!/usr/bin/env bash
# `pilot bilan import`: a year of bilans from CSV files and from a workbook, the dry run, problems shown
# with their line and a caret, the --errors report, all or nothing, then `bilan status`.
source "$(dirname "$0")/lib.sh"
python=/usr/bin/python3

setup_bilan_convention
export PILOT_TODAY=2026-03-01
cp "$data"/*-2025*.csv "$SCRATCH/"

before=$(db_fingerprint)
run bilan import bilans-2025.csv depenses-2025.csv realises-2025.csv --year 2025 --dry-run
expect_status 0 "dry run"
expect_out_contains "FA-2 « Équipes mobiles d'aller-vers dans le bassin minier » : bilan 2025 créé (action n° 2)  [bilans-2025.csv:3]"
expect_out_contains "Pour quelle(s) raison(s) ? : (vide) → Recrutement de l'équipe en juin"
expect_out_contains "Bilans 2025 : 3 à créer"
expect_out_contains "Simulation : rien n'a été enregistré."
expect_unchanged "$before" "dry run"

# The expenses table ends with its total, as an annex 3 does: checked, not an expense.
{ cat depenses-2025.csv; printf 'TOTAL;;;155000,00\n'; } >depenses-total.csv
run bilan import bilans-2025.csv depenses-total.csv realises-2025.csv --year 2025 --dry-run
expect_status 0 "expenses with their total"
expect_out_contains "— ignorées : 1"
expect_err_contains "avertissement [W622] ligne « TOTAL » : ligne de total, non importée ; Montant réalisé égal à la somme des lignes"
{ cat depenses-2025.csv; printf 'TOTAL;;;150000,00\n'; } >depenses-total.csv
run bilan import bilans-2025.csv depenses-total.csv realises-2025.csv --year 2025 --dry-run
expect_status 1 "expenses with a wrong total"
expect_err_contains "erreur [E622] ligne « TOTAL » : Montant réalisé 150 000,00 € alors que les lignes au-dessus font 155 000,00 € (écart -5 000,00 €)"
expect_unchanged "$before" "expenses with totals, dry runs"

run bilan import bilans-2025-erreurs.csv --year 2025 --convention 1 --errors erreurs.csv
expect_status 1 "a file with errors"
expect_err_contains "bilans-2025-erreurs.csv:2:3: erreur [E108] « Le déploiement de cette action est… » : choix inconnu « À moitié »"
expect_err_contains "  FA-1;Oui;À moitié;Non;Oui"
expect_err_contains "bilans-2025-erreurs.csv:3:1: erreur [E607] aucune action de référence « FA-9 » dans la convention n° 1"
expect_err_contains "pilot: erreur : import refusé : 4 erreurs, rien n'a été enregistré"
expect_out_contains "Bilans 2025 : 3 rejetés"
expect_out_contains "Rapport des problèmes : erreurs.csv"
expect_unchanged "$before" "refused import"
expect_equal "$(grep -c 'FA-' erreurs.csv)" "4" "one report line per problem"

run bilan import bilans-2025.csv --year 2026
expect_status 2 "a year not over"
expect_err_contains "--year 2026 : un bilan porte sur une année écoulée"
run bilan import bilans-2025.csv --year 2025 --convention 7
expect_status 1 "unknown convention"
run bilan import --year 2025
expect_status 2 "no file"
expect_unchanged "$before" "refused imports"

run bilan import bilans-2025.csv depenses-2025.csv realises-2025.csv --year 2025
expect_status 0 "import"
expect_out_contains "Lignes lues : 10 — acceptées : 10 — rejetées : 0"
expect_out_contains "Bilans 2025 : 3 créés"
expect_equal "$(sql "SELECT count(*) FROM bilans WHERE year = 2025")" "3" "three bilans"
expect_equal "$(sql "SELECT sum(amount_cents) FROM bilan_expenses")" "15500000" "real expenses"
expect_equal "$(sql "SELECT count(*) FROM audit_log WHERE entity = 'bilan'")" "3" "audited"
run bilan status --year 2025
expect_out_contains "3 bilans complets sur 3 actions (100,0 %)"

run bilan import bilans-2025.csv depenses-2025.csv realises-2025.csv --year 2025
expect_status 0 "again"
expect_out_contains "Bilans 2025 : 3 inchangés"
expect_out_contains "Rien à enregistrer"

# Only one column, from standard input: the other answers stay.
printf 'Réf;Remarques\nFA-3;Report confirmé en comité\n' >remarques.csv
run bilan import - --year 2025 <remarques.csv
expect_status 0 "stdin"
expect_out_contains "Bilans 2025 : 1 complété"
expect_equal "$(sql "SELECT value_text FROM bilan_answers WHERE field_key = 'remarques'")" "Report confirmé en comité" "remark"
expect_equal "$(sql "SELECT value_text FROM bilan_answers WHERE field_key = 'permanente' AND bilan_id = 3")" "non" "kept"

# The same year of another collectivité from a workbook, one sheet per kind of rows.
run convention add --collectivite "Conseil départemental - Somme" --type cls --signed 01/06/2024
run action import "$data/actions.csv" "$data/budget.csv" "$data/indicateurs.csv" --convention 2
expect_status 0 "actions of the Somme"
run bilan import bilans-2025.csv --year 2025
expect_status 1 "a reference in two conventions"
expect_err_contains "référence « FA-1 » ambiguë"
"$python" - "$SCRATCH/bilans.xlsx" <<'EOF'
import sys, openpyxl
book = openpyxl.Workbook()
sheet = book.active
sheet.title = "Bilans"
sheet.append(["Bilans 2025 — Conseil départemental - Somme"])
sheet.append(["Réf", "Commencée", "Déploiement", "Terminée", "Permanente"])
sheet.append(["FA-1", "Oui", "Conforme", "Non", "Oui"])
sheet.append(["FA-2", "Non", None, None, "Oui"])
depenses = book.create_sheet("Dépenses réelles")
depenses.append(["Réf", "Financeur", "Montant"])
depenses.append(["FA-1", "État", 50000])
depenses.append(["FA-1", "Département", 62000.5])
book.save(sys.argv[1])
EOF
run bilan import bilans.xlsx --year 2025 --convention 2
expect_status 0 "workbook"
expect_out_contains "Bilans 2025 : 2 créés"
expect_err_contains "avertissement [W620] bilan 2025 de « FA-1 » incomplet : manque valeur réalisée de « Nombre de nouveaux entrants »"
expect_equal "$(sql "SELECT sum(amount_cents) FROM bilan_expenses e JOIN bilans b ON b.id = e.bilan_id JOIN actions a ON a.id = b.action_id WHERE a.convention_id = 2")" \
  "11200050" "amounts from numeric cells"
run bilan status --year 2025 --convention 2
expect_out_contains "1 bilan complet sur 3 actions"

run bilan import --help
expect_status 0 "help"
expect_out_contains "Utilisation"
