#!/usr/bin/env bash
# The data the export tests read: sourced, it defines export_fixture (after lib.sh); run on its own, it
# checks that pilot reads that data back (listings and fiches) the way the export tests expect.
#
# Four conventions in two régions — CA Amiens Métropole (CLS, 80), Conseil départemental - Nord (contrat
# unique, 59), Conseil départemental - Somme (CIE, 80), Conseil départemental - Gironde (CLS, 33) — and seven
# actions of the shipped forms, written with the sqlite3 shell as pilot stores them (one answer row per
# value, one per chosen option): budgets with « Pour info » lines and a dropped action, indicators,
# validations, a bilan, formula-like text and a negative number.

export_fixture() {
  run init
  expect_status 0 "init"
  run convention add --collectivite "CA Amiens Métropole" --type cls --signed 28/06/2024
  amiens=$OUT
  run convention add --collectivite "Conseil départemental - Nord" --type unique --signed 20/06/2024
  nord=$OUT
  run convention add --collectivite "Conseil départemental - Somme" --type cie --signed 01/06/2024
  somme=$OUT
  run convention add --collectivite "Conseil départemental - Gironde" --type cls --signed 02/05/2024
  gironde=$OUT
  expect_status 0 "conventions of the export fixture"
  local now="2024-11-01T10:00:00Z"
  sqlite3 -batch "$PILOT_DB" <<SQL
INSERT INTO actions (id, convention_id, reference, title, form_id, form_version, status, dropped_year, created_at, updated_at) VALUES
  (1, $amiens, '1.1', 'Petits-déjeuners à l''école', 'action-cls-metropole', 1, 'double_validee', NULL, '$now', '$now'),
  (2, $amiens, '2.1', '@SUM(1+1) aller vers', 'action-cls-metropole', 1, 'validee_collectivite', NULL, '$now', '$now'),
  (3, $amiens, '3.1', 'Action abandonnée', 'action-cls-metropole', 1, 'brouillon', 2025, '$now', '$now'),
  (4, $nord, 'N-1', 'Maraudes mixtes', 'action-cls-departement', 1, 'double_validee', NULL, '$now', '$now'),
  (5, $nord, 'N-2', 'Référent de parcours', 'action-cie', 1, 'brouillon', NULL, '$now', '$now'),
  (6, $somme, 'S-1', 'Interconnexion SI', 'action-cie', 1, 'brouillon', NULL, '$now', '$now'),
  (7, $gironde, 'G-1', 'Épicerie solidaire', 'action-cls-departement', 1, 'brouillon', NULL, '$now', '$now');
INSERT INTO action_answers (action_id, field_key, ord, value_text, value_num) VALUES
  (1, 'reference', 0, '1.1', NULL), (1, 'intitule', 0, 'Petits-déjeuners à l''école', NULL),
  (1, 'axe', 0, 'axe_1', NULL), (1, 'nature', 0, 'renforcee', NULL), (1, 'renforcement', 0, 'file_active', NULL),
  (1, 'type_action', 0, 'aide_financiere_materielle', NULL),
  (1, 'champs', 0, 'alimentation', NULL), (1, 'champs', 1, 'jeunesse', NULL), (1, 'publics', 0, 'enfants', NULL),
  (1, 'public_specifique', 0, 'non', 0), (1, 'qpv', 0, 'oui', 1), (1, 'zone_rurale', 0, 'non', 0),
  (1, 'date_debut', 0, '2024-09-02', NULL), (1, 'beneficiaires_attendus', 0, NULL, 450),
  (1, 'remarques', 0, '=HYPERLINK("http://example.com";"clic")', NULL),
  (2, 'reference', 0, '2.1', NULL), (2, 'intitule', 0, '@SUM(1+1) aller vers', NULL), (2, 'axe', 0, 'axe_2', NULL),
  (2, 'nature', 0, 'nouvelle', NULL), (2, 'champs', 0, 'insertion_professionnelle', NULL),
  (2, 'beneficiaires_attendus', 0, NULL, -3),
  (3, 'reference', 0, '3.1', NULL), (3, 'intitule', 0, 'Action abandonnée', NULL), (3, 'axe', 0, 'axe_1', NULL),
  (4, 'reference', 0, 'N-1', NULL), (4, 'intitule', 0, 'Maraudes mixtes', NULL), (4, 'axe', 0, 'axe_3', NULL),
  (4, 'nature', 0, 'nouvelle', NULL), (4, 'qpv', 0, 'non', 0),
  (5, 'reference', 0, 'N-2', NULL), (5, 'intitule', 0, 'Référent de parcours', NULL), (5, 'volet', 0, 'volet_2', NULL),
  (5, 'champs', 0, 'sante', NULL), (5, 'champs', 1, 'insertion_professionnelle', NULL),
  (6, 'reference', 0, 'S-1', NULL), (6, 'intitule', 0, 'Interconnexion SI', NULL), (6, 'volet', 0, 'volet_1', NULL),
  (7, 'reference', 0, 'G-1', NULL), (7, 'intitule', 0, 'Épicerie solidaire', NULL), (7, 'axe', 0, 'axe_4', NULL);
INSERT INTO budget_lines (action_id, year, financer_type, financer_name, nature, amount_cents, etp, informational) VALUES
  (1, 2024, 'etat', '', '', 2000000, NULL, 0), (1, 2024, 'collectivite', '', '', 2000000, NULL, 0),
  (1, 2025, 'etat', '', '', 3000050, NULL, 0), (1, 2025, 'autre', 'CAF', '', 500000, NULL, 0),
  (2, 2024, 'etat', '', '', 100000, NULL, 0), (2, 2024, 'autre', 'France Travail', '', 999999, NULL, 1),
  (3, 2024, 'etat', '', '', 1000, NULL, 0), (3, 2025, 'etat', '', '', 5000, NULL, 0),
  (4, 2024, 'etat', '', '', 50000000, NULL, 0), (4, 2024, 'collectivite', '', '', 50000000, NULL, 0),
  (5, 2024, 'collectivite', '', 'v2_etp_accompagnement', 1000000, 2.0, 0),
  (5, 2024, 'autre', 'France Travail', 'v3_pour_info_etp_ft', 250000, 3.0, 1),
  (6, 2024, 'etat', '', '', 300000, NULL, 0),
  (7, 2025, 'etat', '', '', 777700, NULL, 0);
INSERT INTO indicators (id, action_id, kind, code, label, unit, baseline) VALUES
  (1, 1, 'local', '', 'Enfants bénéficiaires', 'nombre', 0),
  (2, 4, 'national', 'ASE_JEUNES_MAJEURS', '', 'nombre', 10),
  (3, 2, 'impact', '', 'Part des orientés', 'pourcentage', 20);
INSERT INTO indicator_values (indicator_id, year, target, realised, comment) VALUES
  (1, 2024, 450, 300, 'premier trimestre'), (1, 2025, 500, NULL, ''), (2, 2024, 40, 38, ''), (3, 2024, 35, 40, '');
INSERT INTO validations (action_id, side, user, at, form_id, form_version, content_hash, comment) VALUES
  (1, 'collectivite', 'marie', '2024-10-01T09:00:00Z', 'action-cls-metropole', 1, '', ''),
  (1, 'etat', 'paul', '2024-10-03T15:30:00Z', 'action-cls-metropole', 1, '', 'ok'),
  (2, 'collectivite', 'marie', '2024-10-02T10:00:00Z', 'action-cls-metropole', 1, 'ancienne', ''),
  (4, 'collectivite', 'louise', '2024-10-05T08:00:00Z', 'action-cls-departement', 1, '', ''),
  (4, 'etat', 'paul', '2024-10-06T08:00:00Z', 'action-cls-departement', 1, '', '');
INSERT INTO bilans (id, action_id, year, form_id, form_version, created_at, updated_at) VALUES
  (1, 1, 2024, 'bilan', 1, '2025-03-01T00:00:00Z', '2025-03-01T00:00:00Z');
INSERT INTO bilan_answers (bilan_id, field_key, ord, value_text, value_num) VALUES
  (1, 'commence', 0, 'oui', 1), (1, 'deploiement', 0, 'en_retard', NULL), (1, 'terminee', 0, 'non', 0);
INSERT INTO bilan_expenses (bilan_id, financer_type, financer_name, nature, amount_cents) VALUES
  (1, 'etat', '', '', 1800000);
SQL
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  source "$(dirname "$0")/lib.sh"
  export_fixture
  run convention list --format json
  expect_status 0 "list the fixture's conventions"
  expect_equal "$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys; print(sum(c["nombre_actions"] for c in json.load(sys.stdin)))')" \
    "6" "live actions of the fixture (the dropped one is not counted)"
  run fiche action 1 -o -
  expect_status 0 "fiche of a fixture action"
  expect_out_contains "Petits-déjeuners à l&#39;école"
  run fiche action 99
  expect_status 1 "fiche of an unknown action"
  expect_err_contains "action n° 99 introuvable"
fi
