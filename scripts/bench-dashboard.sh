#!/usr/bin/env bash
# Benchmark of `pilot dashboard-stats` on a large synthetic base, against the same aggregates written
# as plain SQL and run by the sqlite3 shell on the same file; prints the times and their ratios.
#
#   scripts/bench-dashboard.sh [ACTIONS]        (default 1 000 000 actions)
#
# Environment: PILOT_BIN (default build/pilot), BENCH_DIR (where the base is made; default a temporary
# directory, removed at the end unless BENCH_KEEP=1), BENCH_DEPARTEMENT (the scoped run; default 59).
#
# The dataset: no generator script exists in the tree (issue 4 writes import files, not bases), so the
# rows are generated here directly with SQL in the sqlite3 shell, after `pilot init` has created the
# schema and loaded the territories. One convention per collectivité (contrat unique for 40 % of the
# départements, CLS otherwise, plus a CIE), the actions spread over them; per action: the nine answers
# the dashboard reads (axe or volet, nature, type, one to two champs, one to two publics, three yes/no)
# and three long text answers, 8 to 12 budget lines over 2024-2027 (État, collectivité, a third with
# another financer, « Pour info » lines on some CIE actions), three indicators with a target each year,
# bilans for 2024 and 2025 with expenses and realised indicator values. Each convention's actions have
# consecutive numbers, as `pilot action import` (one convention per command) writes them, so a
# convention's rows sit together in the file as they would in a real base. About 3.3 GB for 1 000 000
# actions; generating it takes 10 to 20 minutes on two cores. Set BENCH_DIR to keep and reuse it.
#
# pilot answers from per-convention summaries stored in the base (man pilot-dashboard-stats, « RÉSUMÉS
# ENREGISTRÉS »), recomputed for the conventions changed since. Three pilot runs are therefore timed, each
# against the plain SQL: the first dashboard when every summary must be computed (after generation, a
# migration or a big import), the first one after one action changed (its convention is recomputed:
# the usual case) and a dashboard with nothing changed. The issue's targets are checked on the last two.
#
# Both sides read a warm file (the base is read once first) with the same connection settings
# (256 MiB page cache, memory-mapped reads, temporary tables in memory). Each timing is one run, given
# as elapsed time (the issue's measure) and CPU time (user + system: steadier on a busy machine).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
actions=${1:-1000000}
pilot=${PILOT_BIN:-$root/build/pilot}
departement=${BENCH_DEPARTEMENT:-59}
[[ "$actions" =~ ^[0-9]+$ ]] && ((actions > 0)) || { echo "usage: $0 [ACTIONS]" >&2; exit 2; }
[[ -x "$pilot" ]] || { echo "pilot introuvable : $pilot (PILOT_BIN)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 introuvable (paquet Debian sqlite3)" >&2; exit 1; }

dir=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/pilot-bench-dashboard.XXXXXX")}
mkdir -p "$dir"
cleanup() { [[ -n "${BENCH_KEEP:-}" || -n "${BENCH_DIR:-}" ]] || rm -rf "$dir"; }
trap cleanup EXIT
export PILOT_DB="$dir/bench.sqlite" PILOT_USER=bench PILOT_SCHEMAS="${PILOT_SCHEMAS:-$root/schemas}"
export PILOT_TODAY=2026-11-22  # bilans of 2025

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }

if [[ ! -s "$PILOT_DB" ]]; then
  echo "== Base synthétique de $actions actions dans $PILOT_DB"
  "$pilot" --quiet init
  start=$(now)
  sqlite3 -batch -bail "$PILOT_DB" >/dev/null <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;
CREATE TEMP TABLE bench_params AS SELECT $actions AS n;
BEGIN;
INSERT INTO conventions (collectivite_id, type, signed_on, start_on, end_on, reference, form_id, form_version,
                         created_at, updated_at)
SELECT id, CASE WHEN type = 'metropole' THEN 'cls' WHEN id % 5 < 2 THEN 'unique' ELSE 'cls' END,
       '2024-06-01', '2024-01-01', '2027-12-31', '', 'convention', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM collectivites;
INSERT INTO conventions (collectivite_id, type, signed_on, start_on, end_on, reference, form_id, form_version,
                         created_at, updated_at)
SELECT id, 'cie', '2025-01-01', '2025-01-01', '2025-12-31', '', 'convention', 1, '2026-01-01T00:00:00Z',
       '2026-01-01T00:00:00Z'
FROM collectivites WHERE type = 'departement' AND id % 5 >= 2;
CREATE TEMP TABLE conv_index AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, type FROM conventions;

INSERT INTO actions (id, convention_id, reference, title, form_id, form_version, status, content_hash, dropped_year,
                     created_at, updated_at)
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < (SELECT n FROM bench_params))
SELECT i, ci.id, 'A' || i, 'Action synthétique n° ' || i,
       CASE WHEN ci.type = 'cie' OR (ci.type = 'unique' AND i % 3 = 0) THEN 'action-cie'
            WHEN c.type = 'metropole' THEN 'action-cls-metropole' ELSE 'action-cls-departement' END,
       1,
       CASE i % 10 WHEN 0 THEN 'validee_collectivite' WHEN 1 THEN 'validee_etat' WHEN 2 THEN 'brouillon'
                   WHEN 3 THEN 'brouillon' ELSE 'double_validee' END,
       lower(hex(randomblob(32))), CASE WHEN i % 97 = 0 THEN 2026 END, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM seq
JOIN conv_index ci ON ci.k = ((i - 1) * (SELECT count(*) FROM conv_index)) / (SELECT n FROM bench_params)
JOIN conventions cv ON cv.id = ci.id
JOIN collectivites c ON c.id = cv.collectivite_id;

INSERT INTO action_answers (action_id, field_key, ord, value_text) SELECT id, 'intitule', 0, title FROM actions;
INSERT INTO action_answers (action_id, field_key, ord, value_text) SELECT id, 'reference', 0, reference FROM actions;
INSERT INTO action_answers (action_id, field_key, ord, value_text)
SELECT id, 'description', 0, 'Description synthétique de l''action ' || id || ' : contexte, enjeux, objectifs, '
       || 'partenaires, calendrier et modalités de suivi, sur plusieurs lignes comme dans une fiche action.'
FROM actions;
INSERT INTO action_answers (action_id, field_key, ord, value_text)
SELECT id, 'axe', 0, CASE WHEN form_id = 'action-cls-metropole' THEN 'axe_' || (1 + id % 4)
                          ELSE 'axe_' || (CASE id % 3 WHEN 0 THEN 1 WHEN 1 THEN 3 ELSE 4 END) END
FROM actions WHERE form_id LIKE 'action-cls%' AND id % 50 <> 7;
INSERT INTO action_answers (action_id, field_key, ord, value_text)
SELECT id, 'volet', 0, 'volet_' || (1 + (id / 7) % 3) FROM actions WHERE form_id = 'action-cie';
INSERT INTO action_answers (action_id, field_key, ord, value_text)
SELECT id, 'nature', 0, CASE WHEN id % 5 < 2 THEN 'nouvelle' ELSE 'renforcee' END FROM actions;
CREATE TEMP TABLE type_codes AS SELECT column1 AS family, row_number() OVER (PARTITION BY column1) - 1 AS k,
  column2 AS code FROM (VALUES ('cie', 'ingenierie_projet'), ('cie', 'renforcement_equipes'), ('cie', 'accompagnement'),
  ('cie', 'remobilisation'), ('cie', 'levee_freins'), ('cie', 'accompagnement_renove'), ('cls', 'aller_vers'),
  ('cls', 'accueil_acces_droits'), ('cls', 'accompagnement_individuel'), ('cls', 'action_collective'),
  ('cls', 'creation_service'), ('cls', 'formation_professionnels'));
INSERT INTO action_answers (action_id, field_key, ord, value_text)
SELECT a.id, 'type_action', 0, t.code FROM actions a
JOIN type_codes t ON t.family = CASE a.form_id WHEN 'action-cie' THEN 'cie' ELSE 'cls' END AND t.k = (a.id / 3) % 6
WHERE a.id % 40 <> 3;
CREATE TEMP TABLE champ_codes AS SELECT row_number() OVER () - 1 AS k, column1 AS code FROM (VALUES ('petite_enfance'),
  ('jeunesse'), ('insertion_professionnelle'), ('acces_droits'), ('logement_hebergement'), ('sante'), ('alimentation'),
  ('mobilite'), ('energie_eau'), ('education'), ('protection_enfance'), ('inclusion_numerique'));
INSERT INTO action_answers (action_id, field_key, ord, value_text)
SELECT a.id, 'champs', 0, c.code FROM actions a JOIN champ_codes c ON c.k = a.id % 12;
INSERT INTO action_answers (action_id, field_key, ord, value_text)
SELECT a.id, 'champs', 1, c.code FROM actions a JOIN champ_codes c ON c.k = (a.id + 5) % 12 WHERE a.id % 3 = 0;
CREATE TEMP TABLE public_codes AS SELECT row_number() OVER () - 1 AS k, column1 AS code FROM (VALUES ('tout_public'),
  ('enfants'), ('jeunes'), ('familles'), ('beneficiaires_rsa'), ('demandeurs_emploi'), ('personnes_sans_domicile'),
  ('personnes_agees'), ('personnes_handicap'));
INSERT INTO action_answers (action_id, field_key, ord, value_text)
SELECT a.id, 'publics', 0, p.code FROM actions a JOIN public_codes p ON p.k = a.id % 9;
INSERT INTO action_answers (action_id, field_key, ord, value_text)
SELECT a.id, 'publics', 1, p.code FROM actions a JOIN public_codes p ON p.k = (a.id + 4) % 9 WHERE a.id % 2 = 0;
INSERT INTO action_answers (action_id, field_key, ord, value_text, value_num)
SELECT id, 'public_specifique', 0, CASE WHEN id % 4 = 0 THEN 'oui' ELSE 'non' END, id % 4 = 0 FROM actions;
INSERT INTO action_answers (action_id, field_key, ord, value_text, value_num)
SELECT id, 'qpv', 0, CASE WHEN id % 6 = 0 THEN 'oui' ELSE 'non' END, id % 6 = 0 FROM actions;
INSERT INTO action_answers (action_id, field_key, ord, value_text, value_num)
SELECT id, 'zone_rurale', 0, CASE WHEN id % 7 = 0 THEN 'oui' ELSE 'non' END, id % 7 = 0 FROM actions
WHERE id % 30 <> 1;
-- As pilot's writer of answers keeps it (schema 7).
INSERT INTO answer_keys (field_key) SELECT DISTINCT field_key FROM action_answers;

WITH years(y) AS (VALUES (2024), (2025), (2026), (2027))
INSERT INTO budget_lines (action_id, year, financer_type, financer_name, nature, amount_cents, informational)
SELECT a.id, y, f.t, '', '', (10000 + (a.id * 37) % 50000) * 100, 0
FROM actions a CROSS JOIN years CROSS JOIN (SELECT 'etat' AS t UNION ALL SELECT 'collectivite') f;
WITH years(y) AS (VALUES (2024), (2025), (2026), (2027))
INSERT INTO budget_lines (action_id, year, financer_type, financer_name, nature, amount_cents, informational)
SELECT a.id, y, 'autre', 'Partenaire', '', (1000 + (a.id * 13) % 9000) * 100, 0
FROM actions a CROSS JOIN years WHERE a.id % 3 = 0;
INSERT INTO budget_lines (action_id, year, financer_type, financer_name, nature, amount_cents, informational)
SELECT id, 2025, 'autre', 'France Travail', 'Pour info', 500000, 1 FROM actions
WHERE form_id = 'action-cie' AND id % 4 = 0;

INSERT INTO indicators (id, action_id, kind, code, label, unit)
SELECT (a.id - 1) * 3 + k.n, a.id, k.kind, CASE k.kind WHEN 'national' THEN 'N' || (a.id % 20) ELSE '' END,
       'Indicateur ' || k.n, 'nombre'
FROM actions a CROSS JOIN (SELECT 1 AS n, 'national' AS kind UNION ALL SELECT 2, 'local' UNION ALL SELECT 3, 'impact') k;
WITH years(y) AS (VALUES (2024), (2025), (2026), (2027))
INSERT INTO indicator_values (indicator_id, year, target) SELECT i.id, y, 100 + i.id % 50 FROM indicators i
CROSS JOIN years;

WITH years(y) AS (VALUES (2024), (2025))
INSERT INTO bilans (action_id, year, form_id, form_version, created_at, updated_at)
SELECT a.id, y, 'bilan', 1, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z' FROM actions a CROSS JOIN years
WHERE a.id % 10 < 8 OR y = 2024;
INSERT INTO bilan_expenses (bilan_id, financer_type, object, amount_cents)
SELECT b.id, f.t, 'Dépenses', (8000 + (b.action_id * 41) % 50000) * 100
FROM bilans b CROSS JOIN (SELECT 'etat' AS t UNION ALL SELECT 'collectivite') f;
INSERT INTO bilan_indicators (bilan_id, kind, code, label, unit, target, realised)
SELECT b.id, i.kind, i.code, i.label, i.unit, v.target, 80 + (i.id * 7) % 60
FROM bilans b JOIN indicators i ON i.action_id = b.action_id
JOIN indicator_values v ON v.indicator_id = i.id AND v.year = b.year
WHERE i.id % 5 <> 0;
INSERT INTO audit_log (at, user, command, entity, entity_id, operation, old_value, new_value, prev_hash, hash)
VALUES ('2026-11-01T09:00:00Z', 'bench', 'scripts/bench-dashboard.sh', 'base', NULL, 'generate', NULL, NULL, '', '');
COMMIT;
SQL
  echo "   générée en $(printf '%.0f' "$(elapsed "$start" "$(now)")") s"
fi

# The same aggregates as plain SQL: what an analyst would write in the sqlite3 shell, each figure for
# the scope (département $departement) and nationally in one GROUP BY.
baseline="$dir/baseline.sql"
cat >"$baseline" <<SQL
PRAGMA cache_size = -262144;
PRAGMA mmap_size = 2147483648;
PRAGMA temp_store = MEMORY;
CREATE TEMP TABLE cs AS
SELECT c.id, c.type,
       c.collectivite_id IN (SELECT collectivite_id FROM collectivite_departements WHERE departement_code = '$departement')
         AS in_scope,
       c.start_on <= '2025-12-31' AND c.end_on >= '2025-01-01' AS covers_2025
FROM conventions c;
SELECT in_scope, type, count(*) FROM cs GROUP BY 1, 2;
SELECT cs.in_scope, cs.type, a.form_id, a.status, count(*)
FROM actions a JOIN cs ON cs.id = a.convention_id WHERE a.dropped_year IS NULL GROUP BY 1, 2, 3, 4;
SELECT cs.in_scope, cs.type, a.form_id, x.field_key, x.value_text, count(*), sum(x.ord = 0)
FROM action_answers x JOIN actions a ON a.id = x.action_id JOIN cs ON cs.id = a.convention_id
WHERE x.field_key IN ('axe', 'volet', 'nature', 'type_action', 'publics', 'public_specifique', 'qpv', 'zone_rurale')
  AND a.dropped_year IS NULL
GROUP BY 1, 2, 3, 4, 5;
SELECT cs.in_scope, a.form_id, b.financer_type, sum(b.amount_cents)
FROM budget_lines b JOIN actions a ON a.id = b.action_id JOIN cs ON cs.id = a.convention_id
WHERE b.informational = 0 AND (a.dropped_year IS NULL OR b.year < a.dropped_year)
GROUP BY 1, 2, 3;
SELECT cs.in_scope, a.form_id, x.field_key, x.value_text, sum(b.amount_cents),
       sum(CASE WHEN x.ord = 0 THEN b.amount_cents END)
FROM action_answers x JOIN actions a ON a.id = x.action_id JOIN cs ON cs.id = a.convention_id
JOIN budget_lines b ON b.action_id = a.id
WHERE x.field_key IN ('axe', 'volet', 'champs') AND b.informational = 0
  AND (a.dropped_year IS NULL OR b.year < a.dropped_year)
GROUP BY 1, 2, 3, 4;
SELECT cs.in_scope, cs.type, count(*), sum(EXISTS (SELECT 1 FROM bilans bl WHERE bl.action_id = a.id AND bl.year = 2025))
FROM actions a JOIN cs ON cs.id = a.convention_id
WHERE cs.covers_2025 AND (a.dropped_year IS NULL OR a.dropped_year > 2025) GROUP BY 1, 2;
SELECT cs.in_scope, b.financer_type, sum(b.amount_cents)
FROM bilans bl JOIN actions a ON a.id = bl.action_id JOIN cs ON cs.id = a.convention_id
JOIN budget_lines b ON b.action_id = a.id AND b.year = bl.year AND b.informational = 0
WHERE bl.year = 2025 AND cs.covers_2025 AND (a.dropped_year IS NULL OR a.dropped_year > 2025) GROUP BY 1, 2;
SELECT cs.in_scope, e.financer_type, sum(e.amount_cents)
FROM bilans bl JOIN actions a ON a.id = bl.action_id JOIN cs ON cs.id = a.convention_id
JOIN bilan_expenses e ON e.bilan_id = bl.id AND e.informational = 0
WHERE bl.year = 2025 AND cs.covers_2025 AND (a.dropped_year IS NULL OR a.dropped_year > 2025) GROUP BY 1, 2;
SELECT cs.in_scope, i.kind, count(*), sum(r.realised IS NOT NULL), sum(r.realised >= v.target)
FROM indicators i JOIN actions a ON a.id = i.action_id JOIN cs ON cs.id = a.convention_id
JOIN indicator_values v ON v.indicator_id = i.id AND v.year = 2025 AND v.target IS NOT NULL
LEFT JOIN indicator_realised r ON r.indicator_id = i.id AND r.year = 2025
WHERE cs.covers_2025 AND (a.dropped_year IS NULL OR a.dropped_year > 2025)
GROUP BY 1, 2;
SQL

# A base made by an earlier pilot gets the current schema (the summaries' tables and triggers).
"$pilot" --quiet init >/dev/null

rows=$(sqlite3 -batch -noheader "$PILOT_DB" "SELECT (SELECT count(*) FROM actions) || ' actions, ' ||
  (SELECT count(*) FROM action_answers) || ' réponses, ' || (SELECT count(*) FROM budget_lines) || ' lignes budgétaires, ' ||
  (SELECT count(*) FROM conventions) || ' conventions'")
echo "== $rows ($(du -h "$PILOT_DB" | cut -f1))"
cat "$PILOT_DB" >/dev/null  # warm: both sides read from the page cache

# « wall cpu » seconds of one run (cpu = user + system: what the run cost, whatever else the machine does).
time_of() {
  local TIMEFORMAT='%R %U %S' timing
  timing=$({ time "$@" >/dev/null 2>"$dir/stderr"; } 2>&1) || { cat "$dir/stderr" >&2; exit 1; }
  read -r real user system <<<"$timing"
  echo "$real $(echo "$user + $system" | bc)"
}
scoped=(dashboard-stats --departement "$departement" --format json)
read -r t_sql c_sql <<<"$(time_of sqlite3 -batch -bail "$PILOT_DB" <"$baseline")"
# Every summary to compute, as after generating the base.
sqlite3 -batch "$PILOT_DB" "DELETE FROM dashboard_fresh"
read -r t_full c_full <<<"$(time_of "$pilot" "${scoped[@]}")"
# One action changed (its status, as a validation does): the triggers mark its convention.
sqlite3 -batch "$PILOT_DB" "UPDATE actions SET status = CASE status WHEN 'brouillon' THEN 'double_validee'
  ELSE 'brouillon' END WHERE id = (SELECT min(id) FROM actions)"
stale=$(sqlite3 -batch -noheader "$PILOT_DB" "SELECT count(*) FROM conventions WHERE id NOT IN (SELECT convention_id FROM dashboard_fresh)")
read -r t_changed c_changed <<<"$(time_of "$pilot" "${scoped[@]}")"
read -r t_scoped c_scoped <<<"$(time_of "$pilot" "${scoped[@]}")"
read -r t_national c_national <<<"$(time_of "$pilot" dashboard-stats --format json)"
read -r t_text c_text <<<"$(time_of "$pilot" dashboard-stats --departement "$departement")"

# The two sides must agree: live actions and budget, national.
"$pilot" dashboard-stats --departement "$departement" --format json --only budget >"$dir/check.json"
pilot_figures=$(python3 -c "
import json; d = json.load(open('$dir/check.json'))
print(d['actions']['national'], round(d['graphiques'][0]['base']['national'] * 100))")
sql_figures=$(sqlite3 -batch -noheader -separator ' ' "$PILOT_DB" "SELECT (SELECT count(*) FROM actions WHERE dropped_year IS NULL),
  (SELECT sum(amount_cents) FROM budget_lines b JOIN actions a ON a.id = b.action_id
   WHERE b.informational = 0 AND (a.dropped_year IS NULL OR b.year < a.dropped_year))")
[[ "$pilot_figures" == "$sql_figures" ]] || { echo "désaccord pilot / sqlite3 : $pilot_figures ≠ $sql_figures" >&2; exit 1; }

ratio() { printf '%.2f' "$(echo "scale=4; $1 / $2" | bc)"; }
line() { printf '%8.2f s %6s  %8.2f s %6s  %s\n' "$1" "$2" "$3" "$4" "$5"; }
printf '\n%10s %6s  %10s %6s\n' "écoulé" "ratio" "CPU" "ratio"
line "$t_sql" "1.00" "$c_sql" "1.00" "sqlite3 : les mêmes agrégats en SQL sur les tables brutes (périmètre + national)"
line "$t_full" "$(ratio "$t_full" "$t_sql")" "$c_full" "$(ratio "$c_full" "$c_sql")" \
  "pilot, tous les résumés à calculer (premier tableau de bord) — --departement $departement, json"
line "$t_changed" "$(ratio "$t_changed" "$t_sql")" "$c_changed" "$(ratio "$c_changed" "$c_sql")" \
  "pilot, premier après la modification d'une action ($stale convention à recalculer) — idem"
line "$t_scoped" "$(ratio "$t_scoped" "$t_sql")" "$c_scoped" "$(ratio "$c_scoped" "$c_sql")" \
  "pilot, sans modification — idem"
line "$t_national" "$(ratio "$t_national" "$t_sql")" "$c_national" "$(ratio "$c_national" "$c_sql")" \
  "pilot, sans modification — national, json"
line "$t_text" "$(ratio "$t_text" "$t_sql")" "$c_text" "$(ratio "$c_text" "$c_sql")" \
  "pilot, sans modification — --departement $departement, texte"
verdict() { if [[ "$(echo "$1" | bc)" == 1 ]]; then echo "oui"; else echo "non"; fi; }
echo
echo "Objectifs du tableau de bord complet avec référence nationale (--departement $departement) :"
for run in "après modification:$t_changed" "sans modification:$t_scoped" "tous les résumés à calculer:$t_full"; do
  t=${run##*:}
  printf '  %-28s moins de 1 s : %-3s (%5.2f s)   au plus 2 × sqlite3 : %-3s (ratio %s)\n' "${run%%:*}" \
    "$(verdict "$t < 1")" "$t" "$(verdict "$t <= 2 * $t_sql")" "$(ratio "$t" "$t_sql")"
done
echo "Résultats identiques des deux côtés (actions et budget nationaux) : $pilot_figures."
