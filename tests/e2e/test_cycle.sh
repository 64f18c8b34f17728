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

# --- Two lines of one command with the same key: the second would silently replace the first.
before=$(db_fingerprint)
run bilan set 2 --year 2025 --set commence=oui \
  --depense "financeur=État;montant=10 000;nature=Volet 2 – Levée des freins : Mobilité;objet=Garage" \
  --depense "financeur=État;montant=5 000;nature=Volet 2 – Levée des freins : Mobilité;objet=Garage"
expect_status 2 "bilan set: two --depense with the same key"
expect_err_contains "donnée dans la même commande"
expect_err_contains "même « Type de financeur », « Nom du financeur », « Nature de la dépense » et « Objet de la dépense »"
expect_unchanged "$before" "bilan set refused"
run update open --convention 1 --year 2026
expect_status 0 "update open 2026"
before=$(db_fingerprint)
run update set 2 --year 2026 \
  --budget "financeur=État;nature=Volet 2 – Levée des freins : Mobilité;objet=Garage;montant=100" \
  --budget "financeur=État;nature=Volet 2 – Levée des freins : Mobilité;objet=Garage;montant=200"
expect_status 2 "update set: two --budget lines with the same key"
expect_err_contains "objet=Garage;montant=200 » : même « Année », « Nature de dépenses », « Objet de la dépense », « Type de financeur » et « Nom du financeur »"
expect_unchanged "$before" "update set refused"
run update set 2 --year 2026 \
  --budget "financeur=État;nature=Volet 2 – Levée des freins : Mobilité;objet=Garage;montant=100" \
  --budget "financeur=État;nature=Volet 2 – Levée des freins : Mobilité;objet=Location;montant=200"
expect_status 0 "update set: two objects of one nature are two lines"
expect_equal "$(sql "SELECT group_concat(object || ':' || amount_cents, ' ') FROM (SELECT object, amount_cents FROM budget_lines WHERE action_id = 2 AND year = 2026 AND object <> '' ORDER BY object)")" \
  "Garage:10000 Location:20000" "the two 2026 lines of A2"
run update set 2 --year 2026 \
  --budget "financeur=État;nature=Volet 2 – Levée des freins : Mobilité;objet=Garage;montant=300"
expect_status 0 "update set: the Garage line replaced"
expect_equal "$(sql "SELECT amount_cents FROM budget_lines WHERE action_id = 2 AND year = 2026 AND object = 'Garage'")" "30000" \
  "the 2026 Garage line of A2"
# The same line again: nothing to change, so nothing written and no history entry (as action edit).
before=$(db_fingerprint)
run update set 2 --year 2026 \
  --budget "financeur=État;nature=Volet 2 – Levée des freins : Mobilité;objet=Garage;montant=300"
expect_status 0 "update set: the values already recorded"
expect_out_contains "Action n° 2 : année 2026 : rien à modifier (valeurs déjà enregistrées)."
expect_out_lacks "modifiée"
expect_unchanged "$before" "update set with the values already recorded"
# A line named without its object: refused when two lines fit, naming them and the key to add.
mobility="nature=Volet 2 – Levée des freins : Mobilité"
before=$(db_fingerprint)
run update set 2 --year 2026 --budget "financeur=État;$mobility;montant=400"
expect_status 2 "update set: a line without its object, two lines fit"
expect_err_contains "2 lignes y répondent (« Volet 2 – Levée des freins : Mobilité — Garage — État », « Volet 2 – Levée des freins : Mobilité — Location — État »)"
expect_err_contains "précisez « Objet de la dépense »"
expect_err_lacks "Nom du financeur"
expect_unchanged "$before" "ambiguous update set refused"
# What the line does not name is kept (its ETP); « etp= » clears it.
run update set 2 --year 2026 --budget "financeur=État;$mobility;objet=Garage;montant=300;etp=1,5"
expect_status 0 "update set: an ETP on the Garage line"
run update set 2 --year 2026 --budget "financeur=État;$mobility;objet=Garage;montant=350"
expect_status 0 "update set: the Garage amount alone"
expect_equal "$(sql "SELECT amount_cents || ':' || etp FROM budget_lines WHERE action_id = 2 AND year = 2026 AND object = 'Garage'")" \
  "35000:1.5" "the Garage line keeps its ETP"
run update set 2 --year 2026 --budget "financeur=État;objet=Garage;etp="
expect_status 0 "update set: etp= clears the ETP"
expect_equal "$(sql "SELECT amount_cents || ':' || coalesce(etp, 'NULL') FROM budget_lines WHERE action_id = 2 AND year = 2026 AND object = 'Garage'")" \
  "35000:NULL" "the Garage line without ETP"
# The year's one Collectivité line, reached without its nature; two rows reaching one line are refused.
run update set 2 --year 2026 --budget "financeur=Collectivité;$mobility;objet=Garage;montant=100"
expect_status 0 "update set: a Collectivité line added"
run update set 2 --year 2026 --budget "financeur=Collectivité;montant=150"
expect_status 0 "update set: the one Collectivité line, by its financer"
expect_equal "$(sql "SELECT group_concat(financer_type || ':' || object || ':' || amount_cents, ' ') FROM (SELECT * FROM budget_lines WHERE action_id = 2 AND year = 2026 ORDER BY financer_type, object)")" \
  "collectivite:Garage:15000 etat:Garage:35000 etat:Location:20000" "the 2026 lines of A2"
before=$(db_fingerprint)
run update set 2 --year 2026 --budget "financeur=Collectivité;montant=1" --budget "financeur=Collectivité;objet=Garage;montant=2"
expect_status 2 "update set: two rows reaching one line"
expect_err_contains "qu'une autre ligne de la même commande modifie déjà"
expect_unchanged "$before" "update set reaching one line twice refused"

# --- action show says what the other commands say: natures by their label, ETP, and for a dropped
# action its drop and the total of the years before it (the convention's count).
run action show 1
expect_status 0 "action show A1"
expect_out_contains "Volet 3 – Pour info : ETP France Travail (pour info)"
expect_out_lacks "v3_pour_info_etp_ft"
expect_out_contains "12,00"
expect_out_contains "Total : 220 000,50 €"
run update drop 2 --year 2026 --comment "Reprise par la région"
expect_status 0 "update drop A2"
run convention show 1 --format json
expect_status 0 "convention show"
expect_out_contains '"budget_total_centimes": 32000050,'
run action show 2
expect_status 0 "action show of a dropped action"
expect_out_contains "statut « Brouillon » — abandonnée à partir de 2026"
expect_out_contains "(après l'abandon, non compté)"
expect_out_contains "Total : 50 000,00 € (années avant l'abandon en 2026)"
run action show 2 --format json
expect_out_contains '"annee_abandon": 2026'

# --- Dates people read are French, as everywhere else (not ISO timestamps).
run recap --convention 1 --tab budgets
expect_status 0 "recap"
checks=$((checks + 1))
grep -Eq '^Données au [0-9]{2}/[0-9]{2}/[0-9]{4} à [0-9]{2}:[0-9]{2} UTC' <<<"$OUT" || fail "recap: data date not French: $OUT"
run validate --as collectivite 3
expect_status 0 "validate A3"
run unvalidate --as collectivite 3 --comment "Cible à revoir"
expect_status 0 "unvalidate A3"
run fiche action 3 --format md
expect_status 0 "fiche A3"
checks=$((checks + 1))
grep -Eq 'révoquée le [0-9]{2}/[0-9]{2}/[0-9]{4} à [0-9]{2}:[0-9]{2} UTC : rouverte' <<<"$OUT" ||
  fail "fiche: revocation date not French: $OUT"

# --- Two planned lines that differ only by their object (a CIE plan: référents and formation of one
# nature): two lines, as the form's help says; the same object twice is refused by line (E401).
head -n 1 "$data/actions-cie.csv" >a9.csv
sed -n 2p "$data/actions-cie.csv" | sed 's/^A1;/A9;/' >>a9.csv
cat >b9.csv <<'CSV'
Référence de la fiche action;Année;Nature de dépenses;Objet de la dépense;Type de financeur;Montant prévisionnel
A9;2025;Volet 3 – Accompagnement délégué à une structure du PDI (organisme référent);Référents;État;100 000
A9;2025;Volet 3 – Accompagnement délégué à une structure du PDI (organisme référent);Formation;État;40 000
CSV
run action import a9.csv b9.csv --convention 1
expect_status 0 "import of two planned lines differing by their object"
expect_equal "$(sql "SELECT group_concat(object || ':' || amount_cents, ' ') FROM (SELECT b.object, b.amount_cents FROM budget_lines b JOIN actions a ON a.id = b.action_id WHERE a.reference = 'A9' ORDER BY b.object)")" \
  "Formation:4000000 Référents:10000000" "both lines of A9 kept"
# The object tells them apart wherever the lines are shown (update set needs it to name a line).
run action show "$(sql "SELECT id FROM actions WHERE reference = 'A9'")"
expect_out_contains "Objet"
expect_equal "$(printf '%s\n' "$OUT" | grep -c -E "organisme référent\)  +(Référents|Formation) ")" "2" "action show: one object per line"
run fiche action "$(sql "SELECT id FROM actions WHERE reference = 'A9'")" --format md
expect_out_contains "— objet : Formation"
sed -i 's/;Formation;/;Référents;/' b9.csv
sed -i 's/^A9;/A10;/' a9.csv b9.csv
before=$(db_fingerprint)
run action import a9.csv b9.csv --convention 1
expect_status 1 "the same object twice"
expect_err_contains "b9.csv:3: erreur [E401] « Budget détaillé » : ligne en double"
expect_unchanged "$before" "import refused"
checks=$((checks + 1))
[[ "$ERR" != *"UNIQUE constraint"* ]] || fail "SQLite's English error reached the user: $ERR"

# --- validate several actions, one refused: nothing recorded, and nothing said to be validated on stdout.
first=$(sql "SELECT min(id) FROM actions WHERE convention_id = 1 AND status = 'brouillon'")
second=$(sql "SELECT min(id) FROM actions WHERE convention_id = 1 AND status = 'brouillon' AND id > $first")
# The second lacks a required answer (removed outside pilot): refused.
sql "DELETE FROM action_answers WHERE action_id = $second AND field_key = 'volet'"
# (The first command to see that change outside pilot records it; the fingerprint is taken after.)
run validate "$first" "$second" --as collectivite
before=$(db_fingerprint)
run validate "$first" "$second" --as collectivite
expect_status 1 "one of two actions refused"
expect_equal "$OUT" "" "no validation announced on stdout when nothing is recorded"
expect_err_contains "action n° $first "
expect_err_contains "non validée (tout ou rien : une autre action est refusée)"
expect_err_contains "Aucune validation enregistrée (tout ou rien)."
expect_unchanged "$before" "refused batch of validations"
