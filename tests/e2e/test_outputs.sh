#!/usr/bin/env bash
# Where results go when that place misbehaves: standard output full, closed or a pipe its reader
# stopped reading; an output file (-o, --errors) in a missing folder, on a file-size limit, or
# interrupted. Each is told in French with exit status 1 (never « terminate called », never a
# success whose result was lost), and no output file is ever left half written under its name: a
# file is written beside it and renamed into place once complete, so the previous version stays
# until then.
source "$(dirname "$0")/lib.sh"

run init
expect_status 0 "init"
run convention add --collectivite CD59 --type unique --signed 20/06/2024
expect_status 0 "convention"
VALID="$PILOT_SOURCE/tests/data/bad/valid"
run action import "$VALID/actions.csv" "$VALID/budget.csv" "$VALID/indicateurs.csv" --convention 1
expect_status 0 "import"
# Enough actions for an export to take a moment, so that interruptions land while it writes.
python3 "$PILOT_SOURCE/scripts/generate-dataset.py" --out "$SCRATCH/ds" --actions 400 --collectivite CD80 \
  --schemas "$PILOT_SCHEMAS" >/dev/null || fail "generate-dataset.py failed"
IFS='|' read -r collectivite type signed folder <"$SCRATCH/ds/conventions.txt"
run convention add --collectivite "$collectivite" --type "$type" --signed "$signed"
expect_status 0 "second convention"
run action import "$SCRATCH/ds/$folder"/*.csv --convention 2
expect_status 0 "import of the generated actions"

# run_shell 'shell code': runs it with pilot as $P, capturing OUT, ERR and STATUS like run.
run_shell() {
  OUT=$(P="$PILOT_BIN" bash -c "$1" 2>"$SCRATCH/.stderr")
  STATUS=$?
  ERR=$(cat "$SCRATCH/.stderr")
}

# --- standard output -------------------------------------------------------------------------------
for command in "convention list" "convention list --format json" "action list" "action list --format csv" \
               "export actions -o -" "history --last 3"; do
  run_shell "\$P $command >/dev/full"
  expect_status 1 "$command > /dev/full"
  expect_err_contains "sortie standard"
  run_shell "\$P $command >&-"
  expect_status 1 "$command with standard output closed"
  expect_err_contains "sortie standard"
done
# A write command whose report cannot be printed: the change is made (it is committed before the
# report is printed), and the status says the report was lost.
run_shell "\$P convention add --collectivite CD62 --type cls --signed 15/04/2024 >/dev/full"
expect_status 1 "convention add > /dev/full"
expect_err_contains "écriture impossible sur la sortie standard : disque plein"
expect_equal "$(sql 'SELECT count(*) FROM conventions')" "3" "the convention was added all the same"

# A reader that stops early (head): SIGPIPE ends pilot quietly, as it does any Unix filter.
for command in "action list" "export actions -o -" "action list --format csv"; do
  run_shell "set -o pipefail; \$P $command | head -c 10 >/dev/null; echo \"\${PIPESTATUS[0]}\""
  checks=$((checks + 1))
  [[ "$OUT" == 0 || "$OUT" == 141 ]] || fail "$command | head: pilot exit status $OUT"
  checks=$((checks + 1))
  [[ -z "$ERR" ]] || fail "$command | head: unexpected message: $ERR"
done
# With SIGPIPE ignored (some supervisors do), the broken pipe is an error told in French.
run_shell "trap '' PIPE; \$P export actions -o - | head -c 10 >/dev/null; echo \"\${PIPESTATUS[0]}\""
checks=$((checks + 1))
[[ "$OUT" == 1 ]] || fail "broken pipe with SIGPIPE ignored: exit status $OUT, stderr $ERR"
checks=$((checks + 1))
[[ "$ERR" != *terminate* ]] || fail "broken pipe: $ERR"

# --- output files -------------------------------------------------------------------------------
for command in "export actions -o $SCRATCH/absent/x.csv" "export actions budgets -o $SCRATCH/absent/x.xlsx" \
               "convention list --format csv -o $SCRATCH/absent/x.csv" \
               "action list --format json -o $SCRATCH/absent/x.json" \
               "dashboard-stats --format html -o $SCRATCH/absent/x.html" "recap --convention 1 -o $SCRATCH/absent/x.txt" \
               "action import $VALID/actions.csv --convention 1 --errors $SCRATCH/absent/x.csv"; do
  # shellcheck disable=SC2086
  run $command
  expect_status 1 "$command"
  expect_err_contains "$SCRATCH/absent/x."
  expect_err_contains "introuvable"
done
checks=$((checks + 1))
[[ ! -e "$SCRATCH/absent" ]] || fail "a missing output folder was created"

# A file-size limit stops an export half-way: the previous export stays whole under its name, and
# nothing else is left beside it. Without `trap '' XFSZ`: pilot itself must not die of SIGXFSZ.
mkdir -p "$SCRATCH/out"
run export actions --format csv -o "$SCRATCH/out/e.csv"
expect_status 0 "reference CSV export"
before_csv=$(sha256sum <"$SCRATCH/out/e.csv")
listing_before=$(ls -A "$SCRATCH/out")
OUT=$( (ulimit -f 64; "$PILOT_BIN" export actions --format csv -o "$SCRATCH/out/e.csv") 2>"$SCRATCH/.stderr")
STATUS=$?
ERR=$(cat "$SCRATCH/.stderr")
expect_status 1 "csv export past the file-size limit"
expect_err_contains "$SCRATCH/out/e.csv"
expect_equal "$(sha256sum <"$SCRATCH/out/e.csv")" "$before_csv" "the previous csv export is intact"
expect_equal "$(ls -A "$SCRATCH/out")" "$listing_before" "no temporary file left after a failure"

# A CSV export into a folder it creates, failing: the folder goes too (an existing one stays).
OUT=$( (ulimit -f 64; "$PILOT_BIN" export actions budgets indicateurs -o "$SCRATCH/out/new-folder/") 2>"$SCRATCH/.stderr")
STATUS=$?
ERR=$(cat "$SCRATCH/.stderr")
expect_status 1 "csv export into a new folder past the file-size limit"
checks=$((checks + 1))
[[ ! -e "$SCRATCH/out/new-folder" ]] || fail "the folder created by the failed export is left behind"
checks=$((checks + 1))
[[ -d "$SCRATCH/out" ]] || fail "the existing output folder was removed"

# libxlsxwriter does not check its writes to its temporary files (every part, and each row in
# constant-memory mode): past the limit it reported success with sheets cut short. pilot reads the
# workbook back and refuses it.
printf 'ancien\n' >"$SCRATCH/out/l.xlsx"
OUT=$( (ulimit -f 64; "$PILOT_BIN" export actions budgets indicateurs -o "$SCRATCH/out/l.xlsx") 2>"$SCRATCH/.stderr")
STATUS=$?
ERR=$(cat "$SCRATCH/.stderr")
expect_status 1 "xlsx export whose temporary files pass the file-size limit"
expect_err_contains "classeur incomplet après l'écriture"
expect_equal "$(cat "$SCRATCH/out/l.xlsx")" "ancien" "the previous xlsx export is intact"
run export actions budgets indicateurs -o "$SCRATCH/out/l.xlsx"
expect_status 0 "the same xlsx export without the limit"

# Interrupted (Ctrl-C, SIGTERM) at any moment: the output file is the old one or the new one, whole,
# and the temporary file is removed; after SIGKILL it may stay (hidden), never under the final name.
printf 'ancien\n' >"$SCRATCH/out/k.xlsx"
start=$(date +%s%N)
run export actions --format xlsx -o "$SCRATCH/out/ref.xlsx"
expect_status 0 "uninterrupted export"
duration_ms=$((($(date +%s%N) - start) / 1000000))
echo "export: ${duration_ms} ms"
old=$(sha256sum <"$SCRATCH/out/k.xlsx")
signals=(INT TERM KILL)
completed=0
for ((k = 0; k < 9; k++)); do
  signal=${signals[k % 3]}
  "$PILOT_BIN" export actions --format xlsx -o "$SCRATCH/out/k.xlsx" >/dev/null 2>&1 &
  pid=$!
  delay_ms=$((RANDOM % (duration_ms + 1)))
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -"$signal" "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  # The old file, or a complete workbook (the workbook holds the time of the export: not the same
  # bytes as the reference, but a zip whose every part is whole).
  if [[ "$(sha256sum <"$SCRATCH/out/k.xlsx")" != "$old" ]]; then
    completed=$((completed + 1))
    checks=$((checks + 1))
    python3 -c 'import sys, zipfile; sys.exit(zipfile.ZipFile(sys.argv[1]).testzip() is not None)' \
      "$SCRATCH/out/k.xlsx" 2>/dev/null || fail "export interrupted by SIG$signal: half-written k.xlsx"
    printf 'ancien\n' >"$SCRATCH/out/k.xlsx"
  fi
  if [[ $signal != KILL ]]; then
    checks=$((checks + 1))
    [[ -z "$(find "$SCRATCH/out" -name '.k.xlsx.*')" ]] || fail "SIG$signal left a temporary file"
  fi
  rm -f "$SCRATCH"/out/.k.xlsx.*
done
echo "$completed of 9 interrupted exports had completed"

# --- -o FILE and --format agree: the extension chooses the format when --format is not given; an
# extension the command cannot write, or one that contradicts --format, is refused (exit 2), no file.
mkdir -p "$SCRATCH/fmt"
run action list -o "$SCRATCH/fmt/liste.csv"
expect_status 0 "action list -o liste.csv"
checks=$((checks + 1))
head -n 1 "$SCRATCH/fmt/liste.csv" | grep -q '^.N°;Référence;' || fail "liste.csv is not the CSV listing: $(head -c 200 "$SCRATCH/fmt/liste.csv")"
run recap --convention 1 -o "$SCRATCH/fmt/recap.xlsx"
expect_status 0 "recap -o recap.xlsx"
expect_equal "$(/usr/bin/python3 -c 'import openpyxl, sys; print(openpyxl.load_workbook(sys.argv[1]).sheetnames[0])' "$SCRATCH/fmt/recap.xlsx")" \
  "Actions" "recap.xlsx is a workbook"
run action list -o "$SCRATCH/fmt/liste.xlsx"
expect_status 2 "action list cannot write XLSX"
expect_err_contains "-o « $SCRATCH/fmt/liste.xlsx » : « pilot action list » n'écrit pas de fichier .xlsx (formats : text, csv, json)"
run dashboard-stats --format json -o "$SCRATCH/fmt/tableau.html"
expect_status 2 "an extension that contradicts --format"
expect_err_contains "l'extension .html annonce du html, mais --format demande du json"
checks=$((checks + 1))
[[ ! -e "$SCRATCH/fmt/liste.xlsx" && ! -e "$SCRATCH/fmt/tableau.html" ]] || fail "a refused -o left a file"
