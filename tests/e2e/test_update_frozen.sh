#!/usr/bin/env bash
# Once a year's revision (avenant) is open, the years before it are frozen for every writer: `update set`,
# `action edit` and `action import --on-existing update` refuse to change them (E617 for the import, with
# file, row, column and value), write nothing, and still accept changes to the open year.
source "$(dirname "$0")/lib.sh"
python=/usr/bin/python3

setup_bilan_convention
run validate --as collectivite --convention 1 --all
run validate --as etat --convention 1 --all
expect_status 0 "double validation"
export PILOT_TODAY=2026-03-01
run bilan set 1 --year 2025 --set commence=oui --indicateur "code=RSA_NOUVEAUX_ENTRANTS;realise=118"
expect_status 0 "bilan 2025"

export PILOT_TODAY=2026-09-01
run update open --convention 1 --year 2026
expect_status 0 "open the 2026 update"

frozen() {
  sql "SELECT group_concat(x, ',') FROM (SELECT action_id || ':' || year || ':' || financer_type || ':' || amount_cents AS x FROM budget_lines WHERE year < 2026 ORDER BY x)"
  sql "SELECT group_concat(x, ',') FROM (SELECT i.action_id || ':' || i.label || i.code || ':' || v.year || ':' || v.target AS x FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id WHERE v.year < 2026 ORDER BY x)"
}
frozen_before=$(frozen)

# --- a 2025 budget through the import: refused, nothing written ---------------------------------------
sed -e 's/^FA-1;2025;État;50 000,00 €/FA-1;2025;État;55 000,00 €/' -e 's/^FA-1;2025;Département;50 000,00 €/FA-1;2025;Département;55 000,00 €/' \
  "$data/budget.csv" >budget-2025.csv
before=$(db_fingerprint)
run action import budget-2025.csv --convention 1 --on-existing update --errors erreurs.csv
expect_status 1 "a 2025 budget changed by an import"
expect_err_contains "budget-2025.csv:4:2: erreur [E617] l'action « FA-1 » (n° 1) : budget 2025 modifié (2 lignes, 100 000,00 € → 2 lignes, 110 000,00 €) — l'année 2025 est figée par la mise à jour 2026 de la convention n° 1"
expect_err_contains "  FA-1;2025;État;55 000,00 €"
expect_out_contains "E617 année figée par une mise à jour × 1"
expect_err_contains "import refusé : 1 erreur, rien n'a été enregistré"
expect_unchanged "$before" "refused import of a frozen year"
$python -c '
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"), delimiter=";") if "E617" in r.values()]
assert len(rows) == 1, rows
row = rows[0]
assert "budget-2025.csv" in " ".join(row.values()) and "2025" in row.values() and "Année" in row.values(), row
' erreurs.csv || fail "the --errors report lacks the E617 row with file, row, column and value"
checks=$((checks + 1))

run action import budget-2025.csv --convention 1 --on-existing update --dry-run
expect_status 1 "the dry run says the same"
expect_err_contains "[E617]"
expect_unchanged "$before" "dry run"

# A 2025 target, and 2025 lines left out of a file that replaces the action's budget.
sed -e 's/^FA-1;National;RSA_NOUVEAUX_ENTRANTS;;Nombre;2025;120/FA-1;National;RSA_NOUVEAUX_ENTRANTS;;Nombre;2025;125/' \
  "$data/indicateurs.csv" >cibles-2025.csv
grep -v '^FA-3;2025' "$data/budget.csv" >sans-2025.csv
run action import cibles-2025.csv sans-2025.csv --convention 1 --on-existing update
expect_status 1 "a 2025 target and missing 2025 lines"
expect_err_contains "cibles-2025.csv:3:7: erreur [E617] l'action « FA-1 » (n° 1) : cible 2025 de « Nombre de nouveaux entrants » : 120,00 → 125,00"
expect_err_contains "[E617] l'action « FA-3 » (n° 3) : budget 2025 modifié (2 lignes, 20 000,00 € → 0 ligne, 0,00 €)"
expect_unchanged "$before" "refused import of frozen targets and lines"

# --- the same through update set and action edit ------------------------------------------------------
run update set 1 --year 2025 --budget "financeur=État;montant=55 000"
expect_status 1 "update set on 2025"
expect_err_contains "l'année 2025 est figée : la mise à jour 2026 ne modifie que 2026 et les années suivantes"
run action edit 1 --set "budget=55 000"
expect_status 2 "action edit does not reach the yearly plan"
expect_err_contains "champ inconnu « budget »"
expect_unchanged "$before" "refused edits"

# --- the open year is editable by every writer -------------------------------------------------------
sed -e 's/^FA-2;2026;État;30 000,00 €/FA-2;2026;État;35 000,00 €/' -e 's/^FA-2;2026;Département;30 000,00 €/FA-2;2026;Département;35 000,00 €/' \
  "$data/budget.csv" >budget-2026.csv
run action import budget-2026.csv --convention 1 --on-existing update
expect_status 0 "a 2026 budget changed by an import"
expect_out_contains "Actions : 1 modifiée, 2 inchangées"
expect_equal "$(sql "SELECT sum(amount_cents) FROM budget_lines WHERE action_id = 2 AND year = 2026")" "7000000" "2026 budget written"
run action edit 1 --set "remarques=Avenant 2026 en préparation"
expect_status 0 "action edit during the revision"
run update set 1 --year 2026 --indicateur "code=RSA_NOUVEAUX_ENTRANTS;cible=150"
expect_status 0 "update set on 2026"
expect_equal "$(frozen)" "$frozen_before" "2024 and 2025 are as they were"
expect_equal "$(sql "SELECT realised FROM bilan_indicators")" "118.0" "the 2025 bilan is as it was"
run check
expect_status 0 "integrity check"

# --- an action dropped from 2026: the import may no longer change 2026 and after (E619), as update set ---
run update drop 3 --year 2026 --comment "Reprise par la CAF"
expect_status 0 "drop FA-3 from 2026"
sed -e 's/^FA-3;2026;État;10 000,00 €/FA-3;2026;État;12 000,00 €/' -e 's/^FA-3;2026;Département;10 000,00 €/FA-3;2026;Département;12 000,00 €/' \
  "$data/budget.csv" >budget-abandon.csv
before=$(db_fingerprint)
run action import budget-abandon.csv --convention 1 --on-existing update
expect_status 1 "a dropped year changed by an import"
expect_err_contains "budget-abandon.csv:16:2: erreur [E619] l'action « FA-3 » (n° 3) : budget 2026 modifié (2 lignes, 20 000,00 € → 2 lignes, 24 000,00 €) — l'action est abandonnée depuis 2026"
expect_out_contains "E619 année d'une action abandonnée × 1"
expect_unchanged "$before" "refused import on a dropped action"
run update set 3 --year 2026 --budget "financeur=État;montant=12 000"
expect_status 1 "update set says the same"
expect_err_contains "est abandonnée depuis 2026"


# --- action list leaves the dropped action out but says so; --include-dropped shows it, with the
# budget of the years before its drop (the convention's count) ---
run action list --convention 1
expect_status 0 "action list"
expect_out_contains "1 action abandonnée non affichée (--include-dropped)"
[[ "$OUT" != *"FA-3"* ]] || fail "the dropped FA-3 is listed without --include-dropped"
checks=$((checks + 1))
run action list --convention 1 --include-dropped --format csv --csv-dialect rfc4180
expect_status 0 "action list --include-dropped"
expect_equal "$(grep '^3,FA-3,' <<<"$OUT" | tr -d '\r' | awk -F, '{print $(NF-1) "|" $NF}')" "Brouillon (abandonnée dès 2026)|20000.00" \
  "FA-3: dropped status and the 2025 budget only"
