#!/usr/bin/env bash
# Issue « Bilans, annual updates »: a bilan year from entry to `bilan status`, the year rules, and a year-N
# update (avenant) that keeps year N-1 intact, with the double validation starting again.
source "$(dirname "$0")/lib.sh"
setup_bilan_convention
expect_out_contains "Actions : 3 créées"
run validate --as collectivite --convention 1 --all
expect_status 0 "validated by the collectivité"
run validate --as etat --convention 1 --all
expect_status 0 "validated by the State"

# --- the 2025 bilan, entered in 2026 ------------------------------------------------------------------
export PILOT_TODAY=2026-03-01
run bilan set 1 --year 2025 --set commence=oui --set "Le déploiement de cette action est=En retard" \
  --set "raisons=Recrutement du référent en juin" --set terminee=non --set permanente=oui \
  --depense "financeur=État;montant=50 000,00" --depense "financeur=Département;montant=45 000,00" \
  --indicateur "code=RSA_NOUVEAUX_ENTRANTS;realise=118" --indicateur "libelle=Familles accompagnées;realise=47"
expect_status 0 "complete bilan of FA-1"
expect_out_contains "Bilan 2025 de l'action n° 1 créé"
expect_out_contains "Le déploiement de cette action est… : (vide) → En retard"
expect_out_contains "État du bilan : Complet"
expect_equal "$(sql "SELECT status FROM actions WHERE id = 1")" "double_validee" "a bilan leaves the validation alone"
expect_equal "$(sql "SELECT target || '/' || realised FROM bilan_indicators WHERE label = 'Nombre de nouveaux entrants'")" \
  "120.0/118.0" "the target comes from the plan, the realised value from the bilan"

run bilan set 2 --year 2025 --set commence=oui
expect_status 0 "partial bilan of FA-2"
expect_out_contains "État du bilan : Incomplet — manque : « Le déploiement de cette action est… »"
expect_out_contains "dépenses réelles 2025 (budget prévu : 60 000,00 €)"
expect_out_contains "valeur réalisée de « Personnes rencontrées »"

run bilan set 1 --year 2024 --set commence=oui --set deploiement=conforme --set terminee=non --set permanente=oui \
  --depense "financeur=État;montant=50 000" --depense "financeur=Département;montant=50 000" \
  --indicateur "code=RSA_NOUVEAUX_ENTRANTS;realise=20" --indicateur "libelle=Familles accompagnées;realise=40"
expect_status 0 "bilan 2024 of FA-1"
expect_err_contains "avertissement [W703] action n° 1 (FA-1) : « Nombre de nouveaux entrants » : réalisé 20 pour une cible de 100"
bilan_2024=$(sql "SELECT group_concat(field_key || '=' || coalesce(value_text, value_num), ',') FROM bilan_answers WHERE bilan_id = (SELECT id FROM bilans WHERE action_id = 1 AND year = 2024)")

# --- year rules and bad input: clear message, exit code, nothing written ------------------------------
before=$(db_fingerprint)
run bilan set 1 --year 2026 --set commence=oui
expect_status 1 "the current year"
expect_err_contains "bilan 2026 refusé : un bilan porte sur une année écoulée ; en 2026, le dernier bilan possible est celui de 2025"
run bilan set 1 --year 2023 --set commence=oui
expect_status 1 "before the convention"
expect_err_contains "bilan 2023 refusé : l'année 2023 est hors de la période de la convention n° 1 (du 01/01/2024 au 31/12/2027)"
run bilan set 2 --year 2025 --set deploiement=lentement --depense "financeur=État;montant=-3"
expect_status 1 "bad values"
expect_err_contains "non enregistré (2 problèmes)"
expect_err_contains "choix inconnu « lentement »"
expect_err_contains "[E301] Dépenses réelles, ligne 1 : « Montant réalisé » : -3,00 €"
run bilan set 2 --year 2025 --set etat=oui
expect_status 2 "unknown field"
expect_err_contains "champ inconnu « etat »"
run bilan set 99 --year 2025 --set commence=oui
expect_status 1 "unknown action"
expect_err_contains "action n° 99 introuvable"
run bilan set 2 --set commence=oui
expect_status 2 "missing --year"
run bilan set 2 --year 2025
expect_status 2 "nothing to set"
expect_err_contains "rien à enregistrer"
expect_unchanged "$before" "refused bilans"

# --- bilan status -----------------------------------------------------------------------------------------
run bilan status --year 2025
expect_status 0 "status"
expect_out_contains "Bilans 2025 — périmètre : national"
expect_out_contains "33,3 %"
expect_out_contains "Bilans incomplets ou non saisis (2) :"
expect_out_contains "Non saisi"
expect_out_contains "1 bilan complet sur 3 actions (33,3 %), 1 convention"
run bilan status --year 2025 --format csv --csv-dialect rfc4180
expect_status 0 "status csv"
expect_out_contains "convention,collectivite,action,reference,intitule,etat,manque"
expect_out_contains ",FA-3,Épicerie solidaire itinérante,Non saisi,"
run bilan status --year 2025 --format json --convention 1
expect_status 0 "status json"
expect_equal "$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(round(d["conventions"][0]["part_complete"], 1), [a["etat"] for a in d["actions"]])')" \
  "33.3 ['complet', 'incomplet', 'manquant']" "status json content"
run bilan status --year 2024
expect_status 0 "status 2024: FA-3 starts in 2025 and owes nothing"
expect_out_contains "1 bilan complet sur 2 actions (50,0 %)"
# A convention without any action due has no share: null, not « 100 % » (read as a campaign done).
run convention add --collectivite "Conseil départemental - Somme" --type unique --signed 01/06/2024
expect_status 0 "an empty convention"
somme=$OUT
run bilan status --year 2025 --format json
expect_status 0 "status json with an empty convention"
expect_equal "$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); print([c["part_complete"] for c in d["conventions"] if c["convention"] == '"$somme"'])')" \
  "[None]" "no share for a convention with nothing due"
run convention delete "$somme"
expect_status 0 "the empty convention removed"
run bilan status --year 2026
expect_status 2 "a year not over"
expect_err_contains "l'année 2026 n'est pas écoulée"
run bilan status --year 2025 --departement 59
expect_status 0 "another département"
expect_out_contains "Aucune convention de ce périmètre ne couvre 2025."

run bilan show 1 --year 2025
expect_status 0 "show"
expect_out_contains "Pour quelle(s) raison(s) ? : Recrutement du référent en juin"
expect_out_contains "Bilans saisis pour cette action : 2024, 2025"
run bilan show 1 --year 2025 --format json
expect_status 0 "show json"
expect_equal "$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["reponses"]["deploiement"], len(d["depenses"]), d["etat"])')" \
  "en_retard 2 complet" "show json content"
run bilan show 3 --year 2025
expect_status 1 "show a missing bilan"
expect_err_contains "aucun bilan 2025 pour l'action n° 3 (FA-3) : aucun bilan saisi"

# --- the 2026 update (avenant), opened in 2026 ---------------------------------------------------------
export PILOT_TODAY=2026-09-01
frozen() {
  sql "SELECT group_concat(year || ':' || financer_type || ':' || amount_cents, ',') FROM (SELECT * FROM budget_lines WHERE year < 2026 ORDER BY action_id, year, financer_type)"
  sql "SELECT group_concat(x, ',') FROM (SELECT a.reference || ':' || i.label || ':' || v.year || ':' || v.target AS x FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id JOIN actions a ON a.id = i.action_id WHERE v.year < 2026 ORDER BY x)"
  sql "SELECT group_concat(id || ':' || updated_at, ',') FROM bilans"
}
frozen_before=$(frozen)
run update open --convention 1 --year 2025
expect_status 1 "a past year"
expect_err_contains "l'année 2025 est écoulée"
run update open --convention 1 --year 2026
expect_status 0 "open the 2026 update"
expect_out_contains "3 actions rouvertes (brouillon, validations annulées : « mise à jour annuelle 2026 »)"
expect_out_contains "action n° 1 (FA-1) : Double validée → Brouillon"
expect_equal "$(sql "SELECT count(*) FROM actions WHERE status = 'brouillon'")" "3" "actions back to draft"
expect_equal "$(sql "SELECT count(*) FROM validations WHERE revoked_why = 'mise à jour annuelle 2026'")" "6" "validations revoked with the reason"
run update open --convention 1 --year 2026
expect_status 1 "opened twice"
expect_err_contains "la mise à jour 2026 de la convention n° 1 est déjà ouverte"

run update set 1 --year 2026 --budget "financeur=État;montant=60 000" --budget "financeur=Département;montant=60 000" \
  --indicateur "code=RSA_NOUVEAUX_ENTRANTS;cible=150"
expect_status 0 "edit the 2026 plan"
expect_out_contains "Action n° 1 : année 2026 modifiée"
expect_equal "$(sql "SELECT sum(amount_cents) FROM budget_lines WHERE action_id = 1 AND year = 2026")" "12000000" "2026 budget changed"
run update set 1 --year 2025 --budget "financeur=État;montant=1"
expect_status 1 "a frozen year"
expect_err_contains "l'année 2025 est figée : la mise à jour 2026 ne modifie que 2026 et les années suivantes"
run update set 2 --year 2026 --budget "financeur=État;montant=99 000"
expect_status 1 "the whole action is checked"
expect_err_contains "[E502]"

run update drop 3 --year 2026 --comment "Reprise par la CAF"
expect_status 0 "drop FA-3"
expect_out_contains "abandonnée à partir de 2026 ; son historique est conservé (aucun bilan)."
expect_equal "$(sql "SELECT dropped_year FROM actions WHERE id = 3")" "2026" "dropped year"
expect_equal "$(sql "SELECT count(*) FROM budget_lines WHERE action_id = 3")" "4" "a dropped action keeps its rows"
run update drop 3 --year 2026
expect_status 1 "dropped twice"

expect_equal "$(frozen)" "$frozen_before" "years before 2026 and the bilans are untouched by the update"
expect_equal "$(sql "SELECT group_concat(field_key || '=' || coalesce(value_text, value_num), ',') FROM bilan_answers WHERE bilan_id = (SELECT id FROM bilans WHERE action_id = 1 AND year = 2024)")" \
  "$bilan_2024" "the 2024 bilan is as it was"

# Validating again: both sides, in either order.
run validate --as etat 1 2
expect_status 0 "State validates the 2026 plan"
run validate --as collectivite --convention 1 --all
expect_status 0 "collectivité validates"
expect_equal "$(sql "SELECT group_concat(reference || ':' || status, ',') FROM (SELECT * FROM actions ORDER BY id)")" \
  "FA-1:double_validee,FA-2:double_validee,FA-3:brouillon" "double validation again; the dropped action is left out"
run check
expect_status 0 "integrity check after bilans and update"

# A year later, the dropped action owes no 2026 bilan, the others do.
export PILOT_TODAY=2027-02-01
run bilan set 3 --year 2026 --set commence=non
expect_status 1 "bilan of a dropped action"
expect_err_contains "l'action n° 3 (FA-3) est abandonnée depuis la mise à jour 2026"
run bilan status --year 2026
expect_status 0 "status 2026"
expect_out_contains "0 bilan complet sur 2 actions"

# --- help ---------------------------------------------------------------------------------------------
for command in "bilan" "bilan set" "bilan show" "bilan status" "update" "update open" "update drop" "update set"; do
  # shellcheck disable=SC2086
  run $command --help
  expect_status 0 "help of $command"
  expect_out_contains "Utilisation"
done
