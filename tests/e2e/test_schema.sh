#!/usr/bin/env bash
# Issue « YAML form schemas »: schema list/show/check on the shipped forms and on broken files.
source "$(dirname "$0")/lib.sh"

run schema list
expect_status 0 "schema list"
for form in convention action-cls-departement action-cls-metropole action-cie bilan; do
  expect_out_contains "$form"
done

run schema list --format json
expect_status 0 "schema list json"
count=$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
expect_equal "$count" "5" "forms listed"

run schema show action-cie
expect_status 0 "schema show"
expect_out_contains "volet"
expect_out_contains "Champ(s) d'action publique"

run schema show action-cei
expect_status 1 "unknown form"
expect_err_contains "vouliez-vous dire « action-cie »"

run schema check "$PILOT_SCHEMAS"/forms/*.yaml
expect_status 0 "shipped forms are sound"
expect_out_contains "aucun problème"

# Broken files: a clear message with file:line, exit 1, never a crash or a hang.
for broken in "$PILOT_SOURCE"/tests/data/forms/*.yaml; do
  run schema check "$broken"
  expect_status 1 "schema check $(basename "$broken")"
  expect_err_contains "$(basename "$broken")"
done

printf 'id: x\nversion: 1\ntitle: "non fermé\n' >"$SCRATCH/syntaxe.yaml"
run schema check "$SCRATCH/syntaxe.yaml"
expect_status 1 "syntax error"
expect_err_contains "syntaxe.yaml:"

run schema check "$SCRATCH/absent.yaml"
expect_status 1 "missing file"
expect_err_contains "introuvable"

run schema --help
expect_status 0 "help"
