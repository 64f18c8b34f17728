#!/usr/bin/env bash
# The yearly cycle of a CIE with « Pour info » lines (France Travail resources), seen from every
# command that shows its money: what one command shows, the others show alike.
source "$(dirname "$0")/lib.sh"
python=/usr/bin/python3
data="$PILOT_SOURCE/tests/data/cycle"
export PILOT_TODAY=2026-03-01

run init
expect_status 0 "init"
run convention add --collectivite 80 --type cie --signed 15/03/2025
expect_status 0 "convention"
run action import "$data/actions-cie.csv" "$data/budget-cie.csv" "$data/indicateurs-cie.csv" --convention 1
expect_status 0 "import of the CIE actions"
nature_v3="Volet 3 – Accompagnement délégué à une structure du PDI (organisme référent)"
run bilan set 1 --year 2025 --set commence=oui --set deploiement=conforme --set terminee=non --set permanente=oui \
  --depense "financeur=État;montant=90 000;nature=$nature_v3" \
  --depense "financeur=Collectivité;montant=110 000;nature=$nature_v3;etp=2,5" \
  --depense "financeur=Autres co-financeurs;financeur_nom=France Travail;montant=500 000;nature=Pour info : ETP PE;etp=10"
expect_status 0 "bilan 2025 of A1 with a « Pour info » expense"

# --- Realised expenses in the budgets export: their ETP and « Pour info » flag, like planned lines.
run export budgets -o budgets.csv --csv-dialect rfc4180
expect_status 0 "export budgets"
$python - budgets.csv <<'EOF' || fail "export budgets: a realised line lost its ETP or « Pour info » flag"
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if r["nature_montant"] == "realise"]
by_financer = {r["financeur"]: r for r in rows}
assert len(rows) == 3, rows
assert by_financer["autre"]["pour_info"] == "oui", by_financer["autre"]
assert by_financer["autre"]["etp"] == "10", by_financer["autre"]
assert by_financer["collectivite"]["etp"] == "2.5", by_financer["collectivite"]
assert by_financer["etat"]["pour_info"] == "non" and by_financer["etat"]["etp"] == "", by_financer["etat"]
assert all(r["compte"] == "non" for r in rows), rows
# What is neither « Pour info » nor planned is what the dashboard calls realised.
assert sum(float(r["montant"]) for r in rows if r["pour_info"] == "non") == 200000, rows
EOF
checks=$((checks + 1))
run dashboard-stats --year 2025 --only execution --format csv --csv-dialect rfc4180
expect_status 0 "dashboard execution"
expect_out_contains "execution,Taux d'exécution budgétaire 2025 (réalisé / prévu),,ensemble,Ensemble,montant,200000.00,"
