#!/usr/bin/env bash
# Imports the example action files into the four conventions of examples/conventions.txt, which
# scripts/demo.sh has just created (ids 1..4 in that order: 1 CA Amiens Métropole CLS, 2 Nord contrat
# unique, 3 Somme contrat unique, 4 Pas-de-Calais CLS), and prints what each import did.
#   examples/import-demo.sh PILOT_BINARY          (PILOT_DB names the database)
set -euo pipefail
pilot=$(realpath "${1:?usage: examples/import-demo.sh PILOT_BINARY}")
cd "$(dirname "${BASH_SOURCE[0]}")"
amiens=(actions-cls-metropole.csv budget-cls-metropole.csv indicateurs-cls-metropole.csv)

printf -- '-- CA Amiens Métropole : CSV enregistrés par Excel (Windows-1252, « ; »), simulation puis import\n'
"$pilot" action import "${amiens[@]}" --convention 1 --dry-run | tail -n 3
"$pilot" action import "${amiens[@]}" --convention 1

printf -- '\n-- Conseil départemental - Nord : classeur du contrat unique (actions CLS et CIE, budget, indicateurs)\n'
"$pilot" action import actions-contrat-unique.xlsx --convention 2

printf -- '\n-- Conseil départemental - Pas-de-Calais : CSV UTF-8\n'
"$pilot" action import actions-cls-departement.csv budget-cls-departement.csv indicateurs-cls-departement.csv \
  --convention 4

printf -- '\n-- Réimport du fichier d'\''Amiens avec --on-existing update : rien n'\''a changé\n'
"$pilot" action import "${amiens[@]}" --convention 1 --on-existing update | tail -n 2
