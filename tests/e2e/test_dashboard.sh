#!/usr/bin/env bash
# Issue « pilot dashboard-stats »: the dashboard of a scope next to the national reference, in every
# format, on five actions written with the sqlite3 shell into the four conventions of the guide
# (figures computed by hand below); then a cross-check against sqlite3 on the imported examples.
source "$(dirname "$0")/lib.sh"
export PILOT_TODAY=2026-11-22  # bilans of 2025

run init
expect_status 0 "init"
while IFS='|' read -r collectivite type signed; do
  run convention add --collectivite "$collectivite" --type "$type" --signed "$signed"
  expect_status 0 "convention $collectivite"
done <<'EOF'
CA Amiens Métropole|cls|28/06/2024
Conseil départemental - Nord|unique|20/06/2024
Conseil départemental - Somme|unique|01/06/2024
Conseil départemental - Pas-de-Calais|cls|15/04/2024
EOF

# Actions (conventions 1 Amiens, 2 Nord, 3 Somme, 4 Pas-de-Calais), amounts in euros:
#  1 Amiens  CLS  double validée  axe_1 nouvelle   champs jeunesse+sante  QPV oui  2024 État 100k Coll. 100k
#  2 Amiens  CLS  brouillon       axe_2 renforcee  champs insertion_pro   QPV non  2025 État 50k Coll. 50k; bilan 2025 É25k C50k
#  3 Somme   CIE  validée État    volet_2 nouvelle champs insertion_pro   QPV non  2024 État 30k Coll. 90k (+ 500k pour info)
#  4 Nord    CLS  double validée  axe_3 nouvelle   champs acces_droits    QPV oui  2024 État 200k Coll. 200k
#  5 PdC     CLS  double validée  axe_1 renforcee  champs sante           QPV non  2024 État 40k Coll. 40k Autre 20k
# Département 80 = Amiens + Somme: actions 1-3, 420 000 € (État 180 000 €); national: 5 actions, 920 000 €
# (État 420 000 €).
sqlite3 -batch "$PILOT_DB" <<'SQL'
INSERT INTO actions (id, convention_id, reference, title, form_id, form_version, status, created_at, updated_at) VALUES
  (1, 1, '1.1', 'Crèches', 'action-cls-metropole', 1, 'double_validee', '2026-01-05T09:00:00Z', '2026-01-05T09:00:00Z'),
  (2, 1, '1.2', 'Emploi', 'action-cls-metropole', 1, 'brouillon', '2026-01-05T09:00:00Z', '2026-01-05T09:00:00Z'),
  (3, 3, 'V2.1', 'Remobilisation', 'action-cie', 1, 'validee_etat', '2026-01-05T09:00:00Z', '2026-01-05T09:00:00Z'),
  (4, 2, '3.1', 'Accès aux droits', 'action-cls-departement', 1, 'double_validee', '2026-01-05T09:00:00Z', '2026-01-05T09:00:00Z'),
  (5, 4, '1.1', 'Santé', 'action-cls-departement', 1, 'double_validee', '2026-01-05T09:00:00Z', '2026-01-05T09:00:00Z');
INSERT INTO action_answers (action_id, field_key, ord, value_text, value_num) VALUES
  (1, 'axe', 0, 'axe_1', NULL), (1, 'nature', 0, 'nouvelle', NULL), (1, 'type_action', 0, 'aller_vers', NULL),
  (1, 'champs', 0, 'jeunesse', NULL), (1, 'champs', 1, 'sante', NULL), (1, 'publics', 0, 'jeunes', NULL),
  (1, 'public_specifique', 0, 'oui', 1), (1, 'qpv', 0, 'oui', 1), (1, 'zone_rurale', 0, 'non', 0),
  (2, 'axe', 0, 'axe_2', NULL), (2, 'nature', 0, 'renforcee', NULL), (2, 'type_action', 0, 'action_collective', NULL),
  (2, 'champs', 0, 'insertion_professionnelle', NULL), (2, 'publics', 0, 'beneficiaires_rsa', NULL),
  (2, 'public_specifique', 0, 'non', 0), (2, 'qpv', 0, 'non', 0), (2, 'zone_rurale', 0, 'non', 0),
  (3, 'volet', 0, 'volet_2', NULL), (3, 'nature', 0, 'nouvelle', NULL), (3, 'type_action', 0, 'remobilisation', NULL),
  (3, 'champs', 0, 'insertion_professionnelle', NULL), (3, 'publics', 0, 'beneficiaires_rsa', NULL),
  (3, 'public_specifique', 0, 'non', 0), (3, 'qpv', 0, 'non', 0), (3, 'zone_rurale', 0, 'oui', 1),
  (4, 'axe', 0, 'axe_3', NULL), (4, 'nature', 0, 'nouvelle', NULL), (4, 'type_action', 0, 'accueil_acces_droits', NULL),
  (4, 'champs', 0, 'acces_droits', NULL), (4, 'publics', 0, 'tout_public', NULL),
  (4, 'public_specifique', 0, 'non', 0), (4, 'qpv', 0, 'oui', 1), (4, 'zone_rurale', 0, 'non', 0),
  (5, 'axe', 0, 'axe_1', NULL), (5, 'nature', 0, 'renforcee', NULL), (5, 'type_action', 0, 'aller_vers', NULL),
  (5, 'champs', 0, 'sante', NULL), (5, 'publics', 0, 'jeunes', NULL),
  (5, 'public_specifique', 0, 'oui', 1), (5, 'qpv', 0, 'non', 0), (5, 'zone_rurale', 0, 'non', 0);
INSERT INTO budget_lines (action_id, year, financer_type, financer_name, nature, amount_cents, informational) VALUES
  (1, 2024, 'etat', '', '', 10000000, 0), (1, 2024, 'collectivite', '', '', 10000000, 0),
  (2, 2025, 'etat', '', '', 5000000, 0), (2, 2025, 'collectivite', '', '', 5000000, 0),
  (3, 2024, 'etat', '', '', 3000000, 0), (3, 2024, 'collectivite', '', '', 9000000, 0),
  (3, 2024, 'autre', 'France Travail', 'Pour info', 50000000, 1),
  (4, 2024, 'etat', '', '', 20000000, 0), (4, 2024, 'collectivite', '', '', 20000000, 0),
  (5, 2024, 'etat', '', '', 4000000, 0), (5, 2024, 'collectivite', '', '', 4000000, 0),
  (5, 2024, 'autre', 'Partenaire', '', 2000000, 0);
INSERT INTO bilans (id, action_id, year, form_id, form_version, created_at, updated_at)
  VALUES (1, 2, 2025, 'bilan', 1, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z');
INSERT INTO bilan_expenses (bilan_id, financer_type, object, amount_cents) VALUES
  (1, 'etat', 'Accompagnement', 2500000), (1, 'collectivite', 'Accompagnement', 5000000);
SQL

# --- text
run dashboard-stats --departement 80
expect_status 0 "text dashboard"
expect_out_contains "Tableau de bord — département 80 Somme"
expect_out_contains "Périmètre : 2 conventions, 3 actions ; référence nationale (mêmes filtres) : 4 conventions,"
expect_out_contains "■ Répartition des actions des CLS par axe"
expect_out_contains "■ Part d'actions en QPV"
expect_out_contains "Axe 1 : Prévenir la pauvreté"
expect_out_contains "Base (budget prévisionnel) : 420,0 k€ (national : 920,0 k€)"
expect_out_contains "█"
expect_out_contains "Données au "
widest=$(printf '%s\n' "$OUT" | python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in sys.stdin))')
checks=$((checks + 1))
((widest <= 100)) || fail "text wider than 100 columns: $widest"
qpv_line=$(printf '%s\n' "$OUT" | sed -n '/■ Part d.actions en QPV/,/^$/p' | grep '^  Oui')
without_bars() { python3 -c 'import sys; print(" ".join(t for t in sys.stdin.read().split() if not set(t) <= set("█▏▎▍▌▋▊▉")))'; }
expect_equal "$(printf '%s' "$qpv_line" | without_bars)" "Oui 1 33,3 % 2 40,0 %" "QPV row: 1 of 3 here, 2 of 5 nationally"

# --- json: stable keys, every figure with its national reference
run dashboard-stats --departement 80 --format json
expect_status 0 "json dashboard"
printf '%s' "$OUT" >dashboard.json
field() { python3 -c "import json,sys; d=json.load(open('dashboard.json')); print($1)"; }
expect_equal "$(field 'len(d["graphiques"])')" "20" "all the charts"
expect_equal "$(field 'd["actions"]["perimetre"], d["actions"]["national"]')" "3 5" "actions behind the figures"
expect_equal "$(field 'd["conventions"]["perimetre"], d["conventions"]["national"]')" "2 4" "conventions behind"
expect_equal "$(field 'd["filtres"]["statut"], d["filtres"]["annee_bilans"]')" "all 2025" "filters"
chart() { python3 -c "import json; d=json.load(open('dashboard.json')); c=[c for c in d['graphiques'] if c['id']=='$1'][0]; print($2)"; }
expect_equal "$(chart budget '[(l["cle"], l["valeur"]["perimetre"], l["valeur"]["national"]) for l in c["lignes"]]')" \
  "[('etat', 180000, 420000), ('collectivite', 240000, 480000), ('autre', 0, 20000)]" "budget by financer (pour info excluded)"
expect_equal "$(chart budget '[l["part"]["perimetre"] for l in c["lignes"]][0], [l["part"]["national"] for l in c["lignes"]][0]')" \
  "42.86 45.65" "State share"
expect_equal "$(chart cls-actions-axe '[(l["cle"], l["valeur"]["perimetre"], l["valeur"]["national"]) for l in c["lignes"]]')" \
  "[('axe_1', 1, 2), ('axe_2', 1, 1), ('axe_3', 0, 1), ('axe_4', 0, 0)]" "CLS actions by axe"
expect_equal "$(chart credits-champ '[(l["cle"], l["valeur"]["perimetre"], l["valeur"]["national"]) for l in c["lignes"] if l["valeur"]["national"]]')" \
  "[('jeunesse', 200000, 200000), ('insertion_professionnelle', 220000, 220000), ('acces_droits', 0, 400000), ('sante', 200000, 300000)]" \
  "credits by champ, each action once per champ"
expect_equal "$(chart execution '[(l["cle"], l["part"]["perimetre"]) for l in c["lignes"]]')" \
  "[('etat', 50), ('collectivite', 100), ('autre', None), ('ensemble', 75)]" "execution rate 2025"
expect_equal "$(chart bilans '[(l["cle"], l["valeur"]["national"], l["base"]["national"]) for l in c["lignes"]][-1]')" \
  "('ensemble', 1, 5)" "bilan completeness"

# --- status filter: one side's validation is a draft
run dashboard-stats --departement 80 --status double-validee --format json
expect_status 0 "double-validated only"
printf '%s' "$OUT" >dashboard.json
expect_equal "$(field 'd["actions"]["perimetre"], d["actions"]["national"]')" "1 3" "double-validated actions"
run dashboard-stats --departement 80 --status brouillon --only statuts,qpv --format json
printf '%s' "$OUT" >dashboard.json
expect_equal "$(field 'd["actions"]["perimetre"], d["actions"]["national"]')" "2 2" "drafts include validee_etat"
expect_equal "$(field '[c["id"] for c in d["graphiques"]]')" "['statuts', 'qpv']" "--only keeps the display order"

# --- year
run dashboard-stats --departement 80 --year 2025 --only budget --format json
printf '%s' "$OUT" >dashboard.json
expect_equal "$(field 'd["graphiques"][0]["base"]["perimetre"], d["graphiques"][0]["base"]["national"]')" "100000 100000" "budget of 2025"

# --- csv (both dialects), markdown, html to a file
run dashboard-stats --departement 80 --format csv --csv-dialect rfc4180 --only qpv
expect_status 0 "csv"
expect_equal "$(printf '%s\n' "$OUT" | head -1 | tr -d '\r')" \
  "graphique,titre,groupe,cle,libelle,mesure,valeur,base,part,valeur_nationale,base_nationale,part_nationale" "csv header"
expect_out_contains "qpv,Part d'actions en QPV,,oui,Oui,nombre,1,3,33.33,2,5,40"
expect_out_contains "contexte,Contexte,,actions,Actions,nombre,3,,,5,,"
run dashboard-stats --departement 80 --format csv --only qpv -o dashboard.csv
expect_status 0 "csv fr to a file"
checks=$((checks + 1))
grep -q 'qpv;Part d.actions en QPV;;oui;Oui;nombre;1;3;33,33;2;5;40' dashboard.csv || fail "French CSV row"
run dashboard-stats --departement 80 --format md --only qpv
expect_out_contains "| Oui | 1 | 33,3 % | 2 | 40,0 % |"
run dashboard-stats --departement 80 --format html -o dashboard.html
expect_status 0 "html"
checks=$((checks + 1))
grep -q '<svg' dashboard.html && ! grep -q '<script' dashboard.html && ! grep -q 'src=' dashboard.html ||
  fail "HTML is not a self-contained page with inline SVG"

# --- national dashboard: no reference columns
run dashboard-stats --only qpv
expect_status 0 "national"
expect_out_contains "Tableau de bord — national"
expect_out_lacks "référence nationale"

# --- bad input: usage errors (2), data errors (1), nothing written
before=$(db_fingerprint)
run dashboard-stats --only qvp
expect_status 2 "unknown chart"
expect_err_contains "graphique inconnu « qvp » ; vouliez-vous dire « qpv » ?"
run dashboard-stats --status validee
expect_status 2 "unknown status"
expect_err_contains "--status : état de validation inconnu « validee »"
run dashboard-stats --year 1999
expect_status 2 "implausible year"
expect_err_contains "--year : année invalide « 1999 »"
run dashboard-stats --year deux
expect_status 2 "year not a number"
run dashboard-stats --format pdf
expect_status 2 "unknown format"
run dashboard-stats --type clss
expect_status 2 "unknown convention type"
run dashboard-stats --departement 999
expect_status 1 "unknown département"
expect_err_contains "« 999 »"
run dashboard-stats --region "Hauts-de-Fronce"
expect_status 1 "misspelt région"
run dashboard-stats -o "$SCRATCH/absent/dir/out.txt"
expect_status 1 "unwritable output"
expect_err_contains "impossible de créer « $SCRATCH/absent/dir/out.txt » : dossier « $SCRATCH/absent/dir » introuvable"
run --db "$SCRATCH/absent.sqlite" dashboard-stats
expect_status 1 "missing database"
expect_err_contains "base introuvable"
expect_unchanged "$before" "failed dashboards write nothing"

# --- stored summaries follow the data: a change between two dashboards shows in the second one
expect_equal "$(sql 'SELECT count(*) FROM dashboard_fresh')" "4" "summaries stored for the four conventions"
run update open --convention 4 --year 2026
expect_status 0 "update open"
run update drop 5 --year 2026 --comment "e2e"
expect_status 0 "update drop"
expect_equal "$(sql 'SELECT group_concat(convention_id) FROM dashboard_fresh')" "1,2,3" "the dropping convention is stale"
run dashboard-stats --format json --only budget
expect_status 0 "dashboard after the drop"
printf '%s' "$OUT" >dashboard.json
# Action 5 (Pas-de-Calais, 100 000 € in 2024) is no longer live; its 2024 budget still counts.
expect_equal "$(field 'd["actions"]["national"], d["graphiques"][0]["base"]["national"]')" "4 920000" \
  "dropped action left out, its earlier budget kept"
sqlite3 -batch "$PILOT_DB" "UPDATE budget_lines SET amount_cents = amount_cents + 100000 WHERE action_id = 4 AND financer_type = 'etat'"
run dashboard-stats --format json --only budget
printf '%s' "$OUT" >dashboard.json
expect_equal "$(field 'd["graphiques"][0]["base"]["national"]')" "921000" "an amount corrected with sqlite3 shows"

# --- a user who may not write the file still gets a correct dashboard, computed without being stored
if [[ $(id -u) == 0 ]] && setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
  sqlite3 -batch "$PILOT_DB" "UPDATE actions SET status = 'double_validee' WHERE id = 2; PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  mkdir -m 0777 "$SCRATCH/ro" && cp "$PILOT_DB" "$SCRATCH/ro/pilot.sqlite" && chmod 0444 "$SCRATCH/ro/pilot.sqlite"
  chmod 0755 "$SCRATCH"
  OUT=$(cd "$SCRATCH/ro" && setpriv --reuid=nobody --regid=nogroup --clear-groups env PILOT_DB="$SCRATCH/ro/pilot.sqlite" \
    "$PILOT_BIN" dashboard-stats --status double-validee --format json --only budget 2>"$SCRATCH/.stderr")
  STATUS=$?
  ERR=$(cat "$SCRATCH/.stderr")
  expect_status 0 "read-only dashboard"
  printf '%s' "$OUT" >dashboard.json
  expect_equal "$(field 'd["actions"]["national"]')" "3" "the validation made after the summaries is counted"
  expect_out_contains "sans être enregistrés"
  expect_equal "$(sqlite3 -batch "$SCRATCH/ro/pilot.sqlite" 'SELECT count(*) FROM dashboard_fresh')" "3" \
    "nothing stored in the read-only file"
  cp dashboard.json readonly.json
  run dashboard-stats --status double-validee --format json --only budget
  printf '%s' "$OUT" >dashboard.json
  expect_equal "$(python3 -c "import json; a, b = (json.load(open(f)) for f in ('readonly.json', 'dashboard.json'));
print(a['actions'] == b['actions'] and a['graphiques'] == b['graphiques'])")" "True" "same figures as the writable file"
else
  echo "SKIP: read-only dashboard: needs root to run as another user"
fi

# --- imported examples: the dashboard agrees with sqlite3 on the same rows
if [[ -d "$PILOT_SOURCE/examples" ]]; then
  export PILOT_DB="$SCRATCH/imported.sqlite"
  run init
  while IFS='|' read -r collectivite type signed; do
    run convention add --collectivite "$collectivite" --type "$type" --signed "$signed"
  done <"$PILOT_SOURCE/examples/conventions.txt"
  (cd "$PILOT_SOURCE/examples" &&
    "$PILOT_BIN" action import actions-cls-metropole.csv budget-cls-metropole.csv indicateurs-cls-metropole.csv \
      --convention 1 >/dev/null &&
    "$PILOT_BIN" action import actions-cls-departement.csv budget-cls-departement.csv indicateurs-cls-departement.csv \
      --convention 4 >/dev/null)
  imported=$?
  if ((imported != 0)); then
    # pilot action import has its own tests (test_import.sh); here it only provides realistic rows.
    echo "SKIP: cross-check on imported examples: pilot action import failed (status $imported)"
  else
    run dashboard-stats --region 32 --format json
    expect_status 0 "dashboard of imported actions"
    printf '%s' "$OUT" >dashboard.json
    expect_equal "$(field 'd["actions"]["national"]')" "$(sql 'SELECT count(*) FROM actions WHERE dropped_year IS NULL')" \
      "actions as sqlite3 counts them"
    expect_equal "$(chart budget 'int(round(c["base"]["national"] * 100))')" \
      "$(sql 'SELECT sum(amount_cents) FROM budget_lines b JOIN actions a ON a.id = b.action_id WHERE b.informational = 0 AND (a.dropped_year IS NULL OR b.year < a.dropped_year)')" \
      "budget as sqlite3 sums it"
    expect_equal "$(chart cls-actions-axe 'sum(l["valeur"]["national"] for l in c["lignes"]) == c["base"]["national"]')" \
      "True" "CLS axes add up to the CLS actions"
    expect_equal "$(chart qpv '[l["valeur"]["national"] for l in c["lignes"] if l["cle"] == "oui"][0]')" \
      "$(sql "SELECT count(*) FROM action_answers WHERE field_key = 'qpv' AND value_text = 'oui'")" \
      "QPV as sqlite3 counts it"
  fi
fi
