#!/usr/bin/env bash
# Benchmark of `pilot action import` on a synthetic dataset (scripts/generate-dataset.py): the same CSV
# files (actions, budget lines, indicators of one contrat unique, so both the CLS and the CIE forms are
# used) are loaded, in one run, by
#   1. sqlite3 .import into plain tables, no checks at all: the floor;
#   2. sqlite-utils insert --csv (Debian package sqlite-utils): a generic CSV loader;
#   3. pilot action import: header binding, French value parsing, every form check, one transaction,
#      audit trail, typed answer rows;
# and the wall-clock times, their ratios and the peak memory (/usr/bin/time -v) are printed.
# Timings depend on the machine: they are printed, never asserted.
#
#   scripts/bench-import.sh [--actions N] [--pilot PATH] [--work DIR] [--skip-sqlite-utils]
#     --actions N   number of actions (default 100000; 1000000 for the figures of the issue)
#     --pilot PATH  pilot binary (default: build/pilot, else build-*/pilot)
#     --work DIR    scratch directory (default ${TMPDIR:-/tmp}/pilot-bench); the dataset is kept there
#                   and reused when it was generated with the same --actions
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
actions=100000
pilot=""
work=${TMPDIR:-/tmp}/pilot-bench
run_sqlite_utils=1
while (($# > 0)); do
  case $1 in
    --actions) actions=$2; shift 2 ;;
    --pilot) pilot=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --skip-sqlite-utils) run_sqlite_utils=0; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "bench-import: option inconnue « $1 »" >&2; exit 2 ;;
  esac
done
if [[ -z $pilot ]]; then
  for candidate in "$root/build/pilot" "$root"/build-*/pilot; do
    if [[ -x $candidate ]]; then pilot=$candidate; break; fi
  done
fi
[[ -x $pilot ]] || { echo "bench-import: binaire pilot introuvable (--pilot)" >&2; exit 2; }
for tool in sqlite3 /usr/bin/time /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "bench-import: $tool manquant" >&2; exit 2; }
done
if ((run_sqlite_utils)) && ! command -v sqlite-utils >/dev/null; then
  echo "bench-import: sqlite-utils manquant (apt-get install sqlite-utils), ignoré" >&2
  run_sqlite_utils=0
fi

mkdir -p "$work"
data="$work/data-$actions"
if [[ ! -f $data/conventions.txt ]]; then
  echo "== Génération de $actions actions (Conseil départemental - Nord, contrat unique)"
  rm -rf "$data"
  /usr/bin/python3 "$root/scripts/generate-dataset.py" --out "$data" --actions "$actions" --collectivite CD59 \
    --seed bench
fi
IFS='|' read -r collectivite type signed folder <"$data/conventions.txt"
files=("$data/$folder/actions.csv" "$data/$folder/budget.csv" "$data/$folder/indicateurs.csv")
bytes=$(cat "${files[@]}" | wc -c)
echo "Données : $actions actions, $((bytes / 1024 / 1024)) Mo de CSV (actions, lignes budgétaires, indicateurs)"

# measure NAME COMMAND...: appends "seconds peak_kb" of the command to $work/NAME.times.
measure() {
  local name=$1
  shift
  /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>&1 || {
    echo "bench-import: échec de $name :" >&2
    tail -20 "$work/$name.out" >&2
    exit 1
  }
  local elapsed peak cpu
  elapsed=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/$name.time")
  peak=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$name.time")
  cpu=$(awk -F': ' '/(User|System) time/ {s += $2} END {print s}' "$work/$name.time")
  # h:mm:ss or m:ss.ss to seconds
  elapsed=$(awk -v t="$elapsed" 'BEGIN { n = split(t, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }')
  echo "$elapsed $peak $cpu" >>"$work/$name.times"
}

# total NAME: "seconds peak_kb cpu_seconds" summed over the commands of NAME (peak: the largest).
total() {
  awk '{ s += $1; c += $3; if ($2 > m) m = $2 } END { printf "%.2f %d %.1f\n", s, m, c }' "$work/$1.times"
}

rm -f "$work"/*.times "$work"/floor.sqlite "$work"/sqlite-utils.sqlite "$work"/pilot.sqlite*

echo "== sqlite3 .import (plancher : tables simples, aucun contrôle)"
measure floor sqlite3 "$work/floor.sqlite" ".mode csv" ".separator ;" \
  ".import ${files[0]} actions" ".import ${files[1]} budget" ".import ${files[2]} indicateurs"

rows=$(sqlite3 "$work/floor.sqlite" \
  "SELECT (SELECT count(*) FROM actions) + (SELECT count(*) FROM budget) + (SELECT count(*) FROM indicateurs)")
echo "   $rows lignes de données"

if ((run_sqlite_utils)); then
  echo "== sqlite-utils insert --csv"
  for file in "${files[@]}"; do
    measure sqlite_utils sqlite-utils insert "$work/sqlite-utils.sqlite" "$(basename "$file" .csv)" "$file" --csv \
      --delimiter ";" --encoding utf-8-sig
  done
fi

echo "== pilot action import (contrôlé, une transaction)"
export PILOT_DB="$work/pilot.sqlite" PILOT_USER=bench
"$pilot" -q init >/dev/null
convention=$("$pilot" convention add --collectivite "$collectivite" --type "$type" --signed "$signed")
measure pilot "$pilot" action import "${files[@]}" --convention "$convention"
grep -q "créées" "$work/pilot.out" || { echo "bench-import: l'import n'a rien créé" >&2; exit 1; }
grep -E "^(Lignes lues|Actions|Import)" "$work/pilot.out" | sed 's/^/   /'

read -r floor_s floor_kb floor_cpu < <(total floor)
read -r pilot_s pilot_kb pilot_cpu < <(total pilot)
echo
printf '%-28s %10s %10s %10s %12s\n' "outil" "secondes" "CPU (s)" "× plancher" "mémoire max"
printf '%-28s %10s %10s %10s %9d Mo\n' "sqlite3 .import" "$floor_s" "$floor_cpu" "1.00" $((floor_kb / 1024))
if ((run_sqlite_utils)); then
  read -r su_s su_kb su_cpu < <(total sqlite_utils)
  printf '%-28s %10s %10s %10s %9d Mo\n' "sqlite-utils insert --csv" "$su_s" "$su_cpu" \
    "$(awk -v a="$su_s" -v b="$floor_s" 'BEGIN { printf "%.2f", a / b }')" $((su_kb / 1024))
fi
printf '%-28s %10s %10s %10s %9d Mo\n' "pilot action import" "$pilot_s" "$pilot_cpu" \
  "$(awk -v a="$pilot_s" -v b="$floor_s" 'BEGIN { printf "%.2f", a / b }')" $((pilot_kb / 1024))
echo "(CPU : utilisateur + système, tous fils d'exécution ; pilot écrit sur un second fil pendant qu'il contrôle.)"
if ((run_sqlite_utils)); then
  echo "pilot est $(awk -v a="$su_s" -v b="$pilot_s" 'BEGIN { printf "%.1f", a / b }') fois plus rapide que sqlite-utils"
fi
echo "Débit pilot : $(awk -v r="$rows" -v s="$pilot_s" 'BEGIN { printf "%d", r / s }') lignes/s ; $(awk -v r="$actions" -v s="$pilot_s" 'BEGIN { printf "%d", r / s }') actions/s"
echo "Objectifs du ticket : ≤ 2× le plancher, ≥ 10× plus rapide que sqlite-utils, < 100 Mo de mémoire."
