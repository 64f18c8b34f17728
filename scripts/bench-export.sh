#!/usr/bin/env bash
# Benchmark of `pilot export` (issue « Exports »): not a timed test, a measurement to run by hand.
#
#   scripts/bench-export.sh [--actions N] [--xlsx-actions M] [--pilot PATH] [--work DIR] [--full-xlsx] [--keep]
#
# Times are CPU times (user + system) of each process, so that a busy machine does not skew the ratios.
# Builds a database of N actions (default 1 000 000) with the sqlite3 shell right after `pilot init` —
# the rows pilot itself stores (16 answer rows per action, 8 budget lines), one CLS per département
# holding a contiguous block of actions as an import per convention leaves them, the first M actions
# (default 100 000) in one convention — then measures:
#   CSV   pilot export actions (rfc4180) against sqlite3 -csv running the equivalent query (the same
#         columns, pivoted from action_answers and budget_lines), and against a plain sqlite3 -csv dump of
#         the same answer rows (a lower bound: no pivot, no labels); target: pilot ≤ 1.5 × sqlite3;
#   XLSX  pilot export actions --format xlsx of the M actions against Python openpyxl's write-only mode
#         writing the same rows with the same types (time spent parsing the CSV input subtracted);
#         target: pilot ≥ 5 × faster;
#   memory  peak RSS of pilot for M and N actions (flat: it does not grow with N).
# The rows are generated with SQL rather than scripts/generate-dataset.py + `pilot action import` so that
# the benchmark measures the export alone and builds its million actions in about a minute.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PILOT=${PILOT:-$ROOT/build/pilot}
N=1000000
M=100000
WORK=""
KEEP=0
FULL_XLSX=0
PY=/usr/bin/python3  # Debian's interpreter, with python3-openpyxl

while (($# > 0)); do
  case $1 in
    --actions) N=$2; shift 2 ;;
    --xlsx-actions) M=$2; shift 2 ;;
    --pilot) PILOT=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --full-xlsx) FULL_XLSX=1; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "option inconnue : $1" >&2; exit 2 ;;
  esac
done
((M <= N)) || { echo "--xlsx-actions ($M) dépasse --actions ($N)" >&2; exit 2; }
[[ -x $PILOT ]] || { echo "pilot introuvable : $PILOT (PILOT=… ou --pilot)" >&2; exit 2; }
"$PY" -c 'import openpyxl' || { echo "$PY sans openpyxl (paquet python3-openpyxl)" >&2; exit 2; }
if [[ -z $WORK ]]; then
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-export.XXXXXX")
fi
mkdir -p "$WORK"
if ((KEEP == 0)); then
  trap 'rm -rf "$WORK"' EXIT
fi
export PILOT_DB=$WORK/bench.sqlite PILOT_SCHEMAS=$ROOT/schemas PILOT_USER=bench
rm -f "$PILOT_DB" "$PILOT_DB-wal" "$PILOT_DB-shm"

# timed LABEL COMMAND...: runs the command; records its CPU time (user + system, seconds: unlike the
# elapsed time it does not depend on what else the machine runs) in T_<LABEL>, and its peak RSS (KiB)
# in R_<LABEL>. Both, and the elapsed time, are printed.
timed() {
  local label=$1
  shift
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/time.$label" "$@"
  local elapsed user system rss
  read -r elapsed user system rss <"$WORK/time.$label"
  printf -v "T_$label" '%s' "$(echo "$user + $system" | bc -l)"
  printf -v "E_$label" '%s' "$elapsed"
  printf -v "R_$label" '%s' "$rss"
  printf '  %-24s CPU %8.2f s  (écoulé %7.2f s)  pic %7.1f Mo\n' "$label" "$(echo "$user + $system" | bc -l)" \
    "$elapsed" "$(echo "$rss / 1024" | bc -l)"
}
ratio() { echo "scale=2; $1 / $2" | bc -l; }

echo "== Données : $N actions (dont $M dans la convention de comparaison XLSX) dans $WORK"
start=$(date +%s)
"$PILOT" -q init >/dev/null
now="2026-01-15T10:00:00Z"
sqlite3 -batch "$PILOT_DB" <<SQL
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1000000;
BEGIN;
INSERT INTO conventions (collectivite_id, type, signed_on, start_on, end_on, reference, form_id, form_version,
                         created_at, updated_at)
  SELECT id, 'cls', '2024-06-01', '2024-01-01', '2027-12-31', 'CLS-' || code, 'convention', 1, '$now', '$now'
  FROM collectivites WHERE type = 'departement' ORDER BY id;
CREATE TEMP TABLE k AS SELECT min(id) AS first, count(*) AS count FROM conventions;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
INSERT INTO actions (id, convention_id, reference, title, form_id, form_version, status, created_at, updated_at)
  SELECT i,
         CASE WHEN i <= $M THEN k.first ELSE k.first + 1 + ((i - $M - 1) * (k.count - 1)) / max($N - $M, 1) END,
         'FA-' || i,
         'Action ' || i || ' : accompagnement renforcé des publics, « aller vers » et accès aux droits',
         'action-cls-departement', 1,
         CASE i % 4 WHEN 0 THEN 'double_validee' WHEN 1 THEN 'brouillon' WHEN 2 THEN 'validee_etat'
                    ELSE 'validee_collectivite' END,
         '$now', '$now'
  FROM n, k;
-- Answers in primary-key order (action, key, rank): the CROSS JOIN keeps actions as the outer loop.
CREATE TEMP TABLE fields (key TEXT, ord INTEGER);
INSERT INTO fields VALUES ('axe', 0), ('beneficiaires_attendus', 0), ('champs', 0), ('champs', 1),
  ('date_debut', 0), ('date_fin', 0), ('intitule', 0), ('nature', 0), ('public_specifique', 0), ('publics', 0),
  ('publics', 1), ('qpv', 0), ('reference', 0), ('remarques', 0), ('type_action', 0), ('zone_rurale', 0);
INSERT INTO action_answers (action_id, field_key, ord, value_text, value_num)
  SELECT a.id, f.key, f.ord,
         CASE f.key
           WHEN 'axe' THEN CASE a.id % 3 WHEN 0 THEN 'axe_1' WHEN 1 THEN 'axe_3' ELSE 'axe_4' END
           WHEN 'champs' THEN CASE (a.id + f.ord * 3) % 6 WHEN 0 THEN 'alimentation' WHEN 1 THEN 'jeunesse'
                                WHEN 2 THEN 'acces_droits' WHEN 3 THEN 'sante' WHEN 4 THEN 'mobilite'
                                ELSE 'insertion_professionnelle' END
           WHEN 'date_debut' THEN printf('2024-%02d-01', 1 + a.id % 12)
           WHEN 'date_fin' THEN '2027-12-31'
           WHEN 'intitule' THEN a.title
           WHEN 'nature' THEN CASE a.id % 2 WHEN 0 THEN 'nouvelle' ELSE 'renforcee' END
           WHEN 'public_specifique' THEN CASE a.id % 5 WHEN 0 THEN 'oui' ELSE 'non' END
           WHEN 'publics' THEN CASE (a.id + f.ord * 2) % 4 WHEN 0 THEN 'enfants' WHEN 1 THEN 'jeunes'
                                 WHEN 2 THEN 'familles' ELSE 'beneficiaires_rsa' END
           WHEN 'qpv' THEN CASE a.id % 3 WHEN 0 THEN 'oui' ELSE 'non' END
           WHEN 'reference' THEN a.reference
           WHEN 'remarques' THEN 'Suivi trimestriel ; comité de pilotage avec les partenaires, "bilan" annuel'
           WHEN 'type_action' THEN CASE a.id % 3 WHEN 0 THEN 'aller_vers' WHEN 1 THEN 'accompagnement_individuel'
                                     ELSE 'action_collective' END
           WHEN 'zone_rurale' THEN CASE a.id % 4 WHEN 0 THEN 'oui' ELSE 'non' END
         END,
         CASE f.key
           WHEN 'beneficiaires_attendus' THEN a.id % 500
           WHEN 'public_specifique' THEN a.id % 5 = 0
           WHEN 'qpv' THEN a.id % 3 = 0
           WHEN 'zone_rurale' THEN a.id % 4 = 0
         END
  FROM actions a CROSS JOIN fields f;
-- As pilot's writer of answers keeps it (schema 7).
INSERT INTO answer_keys (field_key) SELECT DISTINCT key FROM fields;
CREATE TEMP TABLE financers (year INTEGER, type TEXT);
INSERT INTO financers VALUES (2024, 'collectivite'), (2024, 'etat'), (2025, 'collectivite'), (2025, 'etat'),
  (2026, 'collectivite'), (2026, 'etat'), (2027, 'collectivite'), (2027, 'etat');
INSERT INTO budget_lines (action_id, year, financer_type, amount_cents)
  SELECT a.id, f.year, f.type, (a.id % 997 + 1) * 1250 + f.year FROM actions a CROSS JOIN financers f;
COMMIT;
SQL
echo "  généré en $(($(date +%s) - start)) s ; base : $(du -h "$PILOT_DB" | cut -f1)"

echo "== CSV ($N actions)"
timed pilot_csv "$PILOT" -q export actions --csv-dialect rfc4180 -o "$WORK/actions.csv"
timed pilot_csv_fr "$PILOT" -q export actions -o "$WORK/actions-fr.csv"
rows=$(($(wc -l <"$WORK/actions.csv") - 1))
((rows == N)) || echo "  attention : $rows lignes dans le CSV pour $N actions" >&2

# The equivalent query: the same columns as pilot's header, pivoted by SQL.
"$PY" - "$WORK/actions.csv.manifest.json" >"$WORK/equivalent.sql" <<'PY'
import json, re, sys
manifest = json.load(open(sys.argv[1]))
columns = manifest["tables"][0]["colonnes"]
keys = {c["cle"] for c in columns}
fixed = {
    "convention_id": "conv.id", "convention_type": "conv.type", "convention_reference": "conv.reference",
    "convention_date_signature": "conv.signed_on", "convention_debut": "conv.start_on", "convention_fin": "conv.end_on",
    "collectivite": "c.name", "collectivite_code": "c.code", "collectivite_type": "c.type", "departement": "d.code",
    "departement_nom": "d.name", "region": "d.region_code", "region_nom": "r.name", "action_id": "a.id",
    "statut": "a.status",
    "etat_validation": "CASE a.status WHEN 'double_validee' THEN 'double_validee' ELSE 'brouillon' END",
    "formulaire": "a.form_id", "formulaire_version": "a.form_version", "annee_abandon": "a.dropped_year",
    "nombre_indicateurs": "(SELECT count(*) FROM indicators i WHERE i.action_id = a.id)",
    "cree_le": "substr(a.created_at, 1, 10)", "modifiee_le": "substr(a.updated_at, 1, 10)",
    "budget_total": "printf('%.2f', coalesce(bud.total, 0) / 100.0)",
    "budget_etat": "printf('%.2f', coalesce(bud.etat, 0) / 100.0)",
    "budget_collectivite": "printf('%.2f', coalesce(bud.collectivite, 0) / 100.0)",
    "budget_autres": "printf('%.2f', coalesce(bud.autre, 0) / 100.0)",
}
exprs, pivots = [], []
for column in columns:
    key, kind = column["cle"], column["type"]
    m = re.fullmatch(r"budget_(\d{4})_(etat|collectivite|autre)", key)
    if key in fixed:
        exprs.append(fixed[key])
    elif m:
        pivots.append(f"sum(CASE WHEN year = {m[1]} AND financer_type = '{m[2]}' THEN amount_cents END) AS b{m[1]}_{m[2]}")
        exprs.append(f"printf('%.2f', bud.b{m[1]}_{m[2]} / 100.0)")
    elif "__" in key:
        field, code = key.split("__", 1)
        exprs.append(f"max(CASE WHEN ans.field_key = '{field}' THEN CASE WHEN ans.value_text = '{code}' THEN 'oui' "
                     f"ELSE 'non' END END)")
    elif any(k.startswith(key + "__") for k in keys):
        exprs.append(f"group_concat(CASE WHEN ans.field_key = '{key}' THEN ans.value_text END, ';')")
    elif kind == "montant en euros":
        exprs.append(f"printf('%.2f', max(CASE WHEN ans.field_key = '{key}' THEN ans.value_num END) / 100.0)")
    else:
        field = key[len("reponse_"):] if key.startswith("reponse_") else key
        exprs.append(f"max(CASE WHEN ans.field_key = '{field}' THEN coalesce(ans.value_text, ans.value_num) END)")
print("SELECT " + ",\n  ".join(exprs))
print("""FROM actions a
JOIN conventions conv ON conv.id = a.convention_id
JOIN collectivites c ON c.id = conv.collectivite_id
JOIN departements d ON d.code = c.departement_code
LEFT JOIN regions r ON r.code = d.region_code
LEFT JOIN action_answers ans ON ans.action_id = a.id
LEFT JOIN (SELECT action_id, sum(amount_cents) AS total,
                  sum(CASE WHEN financer_type = 'etat' THEN amount_cents ELSE 0 END) AS etat,
                  sum(CASE WHEN financer_type = 'collectivite' THEN amount_cents ELSE 0 END) AS collectivite,
                  sum(CASE WHEN financer_type = 'autre' THEN amount_cents ELSE 0 END) AS autre""" +
      "".join(",\n                  " + p for p in pivots) + """
           FROM budget_lines b JOIN actions x ON x.id = b.action_id
           WHERE b.informational = 0 AND (x.dropped_year IS NULL OR b.year < x.dropped_year)
           GROUP BY action_id) bud ON bud.action_id = a.id
GROUP BY a.id;""")
PY
timed sqlite_equivalent_out bash -c "sqlite3 -batch -csv -header '$PILOT_DB' <'$WORK/equivalent.sql' >'$WORK/sqlite.csv'"
timed sqlite_plain_dump bash -c "sqlite3 -batch -csv -header '$PILOT_DB' \"SELECT a.id, a.reference, a.title, a.status,
  conv.id, conv.type, c.name, d.code, r.name, ans.field_key, ans.ord, ans.value_text, ans.value_num
  FROM actions a JOIN conventions conv ON conv.id = a.convention_id JOIN collectivites c ON c.id = conv.collectivite_id
  JOIN departements d ON d.code = c.departement_code LEFT JOIN regions r ON r.code = d.region_code
  JOIN action_answers ans ON ans.action_id = a.id\" >'$WORK/plain.csv'"
sqlite_rows=$(($(wc -l <"$WORK/sqlite.csv") - 1))
echo "  lignes : pilot $rows, requête équivalente $sqlite_rows ; colonnes : pilot $(head -1 "$WORK/actions.csv" | "$PY" -c 'import csv,sys; print(len(next(csv.reader(sys.stdin))))'), requête $(head -1 "$WORK/sqlite.csv" | "$PY" -c 'import csv,sys; print(len(next(csv.reader(sys.stdin))))')"

echo "== XLSX ($M actions)"
timed pilot_xlsx "$PILOT" -q export actions --convention 1 -o "$WORK/sub.xlsx"
timed pilot_csv_sub "$PILOT" -q export actions --convention 1 --csv-dialect rfc4180 -o "$WORK/sub.csv"
cat >"$WORK/openpyxl_write.py" <<'PY'
# Writes the rows of pilot's rfc4180 CSV with openpyxl's write-only mode, typed as pilot types them:
# numbers, euro amounts, real dates. With --parse-only, reads and converts without writing (the cost
# to subtract). A header row, frozen panes and an autofilter, as pilot writes them.
import csv, datetime, json, sys
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

source, manifest, target = sys.argv[1], sys.argv[2], sys.argv[3]
parse_only = len(sys.argv) > 4
kinds = [c["type"] for c in json.load(open(manifest))["tables"][0]["colonnes"]]
def convert(kind, text):
    if text == "":
        return None
    if kind in ("nombre entier",):
        return int(text)
    if kind in ("nombre décimal", "montant en euros", "pourcentage (points)"):
        return float(text)
    if kind == "date":
        return datetime.date.fromisoformat(text)
    return text
reader = csv.reader(open(source, encoding="utf-8", newline=""))
header = next(reader)
if parse_only:
    for row in reader:
        [convert(k, v) for k, v in zip(kinds, row)]
    sys.exit(0)
wb = Workbook(write_only=True)
ws = wb.create_sheet("Actions")
ws.freeze_panes = "A2"
from openpyxl.utils import get_column_letter
ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}1"
bold = Font(bold=True)
cells = []
for name in header:
    cell = WriteOnlyCell(ws, value=name)
    cell.font = bold
    cells.append(cell)
ws.append(cells)
formats = {"montant en euros": '#,##0.00 "€"', "date": "dd/mm/yyyy"}
count = 0
for row in reader:
    out = []
    for kind, text in zip(kinds, row):
        value = convert(kind, text)
        if kind in formats and value is not None:
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = formats[kind]
            out.append(cell)
        else:
            out.append(value)
    ws.append(out)
    count += 1
wb.save(target)
PY
timed python_parse "$PY" "$WORK/openpyxl_write.py" "$WORK/sub.csv" "$WORK/sub.csv.manifest.json" /dev/null --parse-only
timed openpyxl_write_only "$PY" "$WORK/openpyxl_write.py" "$WORK/sub.csv" "$WORK/sub.csv.manifest.json" "$WORK/openpyxl.xlsx"
if ((FULL_XLSX == 1)); then
  timed pilot_xlsx_full "$PILOT" -q export actions -o "$WORK/actions.xlsx"
fi

echo "== Résultats (temps CPU ; entre parenthèses, temps écoulé : pilot écrit sur un second fil pendant qu'il lit la base)"
openpyxl_net=$(echo "$T_openpyxl_write_only - $T_python_parse" | bc -l)
openpyxl_net_elapsed=$(echo "$E_openpyxl_write_only - $E_python_parse" | bc -l)
printf '  CSV  : pilot %.2f s ; sqlite3 -csv requête équivalente %.2f s → pilot / sqlite3 = %s (%s) (objectif ≤ 1,5)\n' \
  "$T_pilot_csv" "$T_sqlite_equivalent_out" "$(ratio "$T_pilot_csv" "$T_sqlite_equivalent_out")" \
  "$(ratio "$E_pilot_csv" "$E_sqlite_equivalent_out")"
printf '         sqlite3 -csv simple vidage des réponses (sans pivot) %.2f s → pilot / sqlite3 = %s (%s)\n' \
  "$T_sqlite_plain_dump" "$(ratio "$T_pilot_csv" "$T_sqlite_plain_dump")" "$(ratio "$E_pilot_csv" "$E_sqlite_plain_dump")"
printf '         dialecte fr (libellés, virgule décimale) %.2f s\n' "$T_pilot_csv_fr"
printf '  XLSX : pilot %.2f s ; openpyxl write-only %.2f s (lecture du CSV déduite) → openpyxl / pilot = %s (%s) (objectif ≥ 5)\n' \
  "$T_pilot_xlsx" "$openpyxl_net" "$(ratio "$openpyxl_net" "$T_pilot_xlsx")" \
  "$(ratio "$openpyxl_net_elapsed" "$E_pilot_xlsx")"
printf '  Mémoire (pic) : CSV %s actions %.1f Mo, %s actions %.1f Mo ; XLSX %s actions %.1f Mo' \
  "$M" "$(echo "$R_pilot_csv_sub / 1024" | bc -l)" "$N" "$(echo "$R_pilot_csv / 1024" | bc -l)" \
  "$M" "$(echo "$R_pilot_xlsx / 1024" | bc -l)"
if ((FULL_XLSX == 1)); then
  printf ', %s actions %.1f Mo (%.2f s)' "$N" "$(echo "$R_pilot_xlsx_full / 1024" | bc -l)" "$T_pilot_xlsx_full"
fi
printf '\n'
