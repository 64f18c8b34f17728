#!/usr/bin/env bash
# The HTML dashboard renders in a real browser: headless Chromium takes a phone-sized screenshot of
# the page (no network, no script) and the picture must be a real, non-blank PNG. Skipped, with a
# line saying so, where Chromium is not installed.
source "$(dirname "$0")/lib.sh"

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$browser" ]]; then
  echo "SKIP: chromium not installed (Debian package « chromium »): HTML dashboard not rendered"
  exit 0
fi
export PILOT_TODAY=2026-11-22

run init
expect_status 0 "init"
run convention add --collectivite "CA Amiens Métropole" --type cls --signed 28/06/2024
run convention add --collectivite "Conseil départemental - Somme" --type unique --signed 01/06/2024
run convention add --collectivite "Conseil départemental - Nord" --type unique --signed 20/06/2024
# A few actions over the three conventions, so bars, pies and the national reference all show.
sqlite3 -batch "$PILOT_DB" <<'SQL'
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 24)
INSERT INTO actions (id, convention_id, reference, title, form_id, form_version, status, created_at, updated_at)
SELECT i, 1 + i % 3, 'A' || i, 'Action ' || i,
       CASE WHEN i % 3 = 1 AND i % 2 = 0 THEN 'action-cie' WHEN i % 3 = 0 THEN 'action-cls-metropole'
            ELSE 'action-cls-departement' END,
       1, CASE i % 4 WHEN 0 THEN 'brouillon' ELSE 'double_validee' END, '2026-01-05T09:00:00Z', '2026-01-05T09:00:00Z'
FROM n;
INSERT INTO action_answers (action_id, field_key, ord, value_text)
SELECT id, CASE form_id WHEN 'action-cie' THEN 'volet' ELSE 'axe' END, 0,
       CASE form_id WHEN 'action-cie' THEN 'volet_' || (1 + id % 3) ELSE 'axe_' || (1 + id % 4) END FROM actions;
INSERT INTO action_answers (action_id, field_key, ord, value_text) SELECT id, 'nature', 0,
  CASE WHEN id % 3 = 0 THEN 'renforcee' ELSE 'nouvelle' END FROM actions;
INSERT INTO action_answers (action_id, field_key, ord, value_text) SELECT id, 'champs', 0,
  CASE id % 4 WHEN 0 THEN 'jeunesse' WHEN 1 THEN 'sante' WHEN 2 THEN 'insertion_professionnelle' ELSE 'mobilite' END
  FROM actions;
INSERT INTO action_answers (action_id, field_key, ord, value_text) SELECT id, 'publics', 0,
  CASE id % 3 WHEN 0 THEN 'jeunes' WHEN 1 THEN 'familles' ELSE 'beneficiaires_rsa' END FROM actions;
INSERT INTO action_answers (action_id, field_key, ord, value_text, value_num)
  SELECT id, 'qpv', 0, CASE WHEN id % 3 = 0 THEN 'oui' ELSE 'non' END, id % 3 = 0 FROM actions;
INSERT INTO action_answers (action_id, field_key, ord, value_text, value_num)
  SELECT id, 'zone_rurale', 0, CASE WHEN id % 5 = 0 THEN 'oui' ELSE 'non' END, id % 5 = 0 FROM actions;
INSERT INTO action_answers (action_id, field_key, ord, value_text, value_num)
  SELECT id, 'public_specifique', 0, CASE WHEN id % 4 = 0 THEN 'oui' ELSE 'non' END, id % 4 = 0 FROM actions;
INSERT INTO budget_lines (action_id, year, financer_type, amount_cents)
  SELECT id, 2024, 'etat', (10 + id) * 100000 FROM actions;
INSERT INTO budget_lines (action_id, year, financer_type, amount_cents)
  SELECT id, 2024, 'collectivite', (20 + 2 * id) * 100000 FROM actions;
SQL

run dashboard-stats --departement 80 --format html -o dashboard.html
expect_status 0 "html dashboard"
profile=$(mktemp -d "$SCRATCH/chromium.XXXXXX")
# --no-sandbox: CI containers run as root; the page has no script and loads nothing, so nothing runs.
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run \
  --user-data-dir="$profile" --screenshot="$SCRATCH/dashboard.png" --window-size=412,2000 \
  "file://$SCRATCH/dashboard.html" >"$SCRATCH/chromium.log" 2>&1
checks=$((checks + 1))
[[ -s "$SCRATCH/dashboard.png" ]] || fail "no screenshot; chromium said: $(tail -5 "$SCRATCH/chromium.log")"

# Chromium parsed our page (not an error page): its DOM holds the dashboard's title and inline SVG charts.
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run \
  --user-data-dir="$profile" --dump-dom "file://$SCRATCH/dashboard.html" >"$SCRATCH/dom.html" 2>>"$SCRATCH/chromium.log"
expect_equal "$(grep -c '<svg' "$SCRATCH/dom.html")" "$(grep -c '<svg' dashboard.html)" "every chart parsed by Chromium"
checks=$((checks + 1))
grep -q '<h1>Tableau de bord' "$SCRATCH/dom.html" || fail "Chromium's DOM lacks the dashboard title"

# A real PNG of the asked size, not blank (many distinct colours: text, bars, pies), in which the charts
# were painted: the scope's blue, the national reference's grey and the pies' orange and green fill
# areas (exact colours of lib/report/dashboard_svg.cpp, counted on sampled pixels).
verdict=$(python3 - "$SCRATCH/dashboard.png" <<'PY'
import collections, struct, sys, zlib
data = open(sys.argv[1], "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    print("not a PNG"); sys.exit()
width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
chunks, at = [], 8
while at < len(data):
    length, kind = struct.unpack(">I4s", data[at:at + 8])
    if kind == b"IDAT":
        chunks.append(data[at + 8:at + 8 + length])
    at += 12 + length
raw = zlib.decompress(b"".join(chunks))
channels = {2: 3, 6: 4}.get(colour, 0)
if depth != 8 or channels == 0:
    print(f"unexpected PNG format depth={depth} colour={colour}"); sys.exit()
stride = width * channels
colours, row_at = collections.Counter(), 0
previous = bytearray(stride)
for y in range(height):
    kind = raw[row_at]; line = bytearray(raw[row_at + 1:row_at + 1 + stride]); row_at += 1 + stride
    for x in range(stride):  # undo the PNG row filters
        a = line[x - channels] if x >= channels else 0
        b = previous[x]; c = previous[x - channels] if x >= channels else 0
        if kind == 1: line[x] = (line[x] + a) & 255
        elif kind == 2: line[x] = (line[x] + b) & 255
        elif kind == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif kind == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    previous = line
    if y % 4 == 0:
        for x in range(0, stride, channels * 2):
            colours[bytes(line[x:x + 3])] += 1
painted = [colours[bytes.fromhex(c)] for c in ("1f5fa8", "a3adb8", "e07b24", "3a9d5d")]
print(f"{width}x{height} {min(painted)} {len(colours)}")
PY
)
read -r size painted distinct <<<"$verdict"
expect_equal "$size" "412x2000" "screenshot size ($verdict)"
checks=$((checks + 1))
[[ "$distinct" =~ ^[0-9]+$ ]] && ((distinct >= 20)) || fail "screenshot looks blank: $verdict"
checks=$((checks + 1))
[[ "$painted" =~ ^[0-9]+$ ]] && ((painted >= 100)) || fail "charts not painted (least chart colour on $painted sampled pixels): $verdict"
# Keep the picture for people to look at when asked to.
if [[ -n "${PILOT_KEEP_SCREENSHOT:-}" ]]; then
  cp "$SCRATCH/dashboard.png" "$PILOT_KEEP_SCREENSHOT"
fi
