#!/usr/bin/env bash
# Issue « campaign calendar and cron reminders »: campaign list/status, contacts, and `pilot remind` on a
# fixed --today with a fake sendmail that records what it receives: headers and body checked, the send log
# stops duplicates, --resend forces, --plan sends nothing, --days-before stages, exit codes for scripts.
source "$(dirname "$0")/lib.sh"
data="$PILOT_SOURCE/tests/data/bilans"

run init
run convention add --collectivite "Conseil départemental - Pas-de-Calais" --type cls --signed 15/04/2024
run convention add --collectivite "Conseil départemental - Somme" --type unique --signed 01/06/2024
run action import "$data/actions.csv" "$data/budget.csv" "$data/indicateurs.csv" --convention 1
expect_status 0 "actions of the Pas-de-Calais"
run action import "$data/actions.csv" "$data/budget.csv" "$data/indicateurs.csv" --convention 2 --form CLS
expect_status 0 "actions of the Somme"
export PILOT_TODAY=2026-03-01
run bilan set 1 --year 2025 --set commence=oui --set deploiement=conforme --set terminee=non --set permanente=oui \
  --depense "financeur=État;montant=50 000" --depense "financeur=Département;montant=50 000" \
  --indicateur "code=RSA_NOUVEAUX_ENTRANTS;realise=118" --indicateur "libelle=Familles accompagnées;realise=47"
expect_status 0 "one complete bilan"
run bilan set 2 --year 2025 --set commence=non
expect_status 0 "one incomplete bilan"
unset PILOT_TODAY

# A sendmail that records its arguments and each message it is given, one file per call.
mkdir -p "$SCRATCH/outbox"
cat >"$SCRATCH/fake-sendmail" <<'EOF'
#!/bin/sh
dir=$(dirname "$0")/outbox
n=$(($(ls "$dir" | grep -c '\.eml$') + 1))
echo "$@" >"$dir/$n.args"
cat >"$dir/$n.eml"
EOF
chmod +x "$SCRATCH/fake-sendmail"
sent_count() { find "$SCRATCH/outbox" -name '*.eml' | wc -l; }

# --- calendar ---------------------------------------------------------------------------------------------
run campaign list --today 2026-06-18
expect_status 0 "campaign list"
expect_out_contains "bilan-cls-2025   Bilan des CLS 2025"
expect_out_contains "14 campagnes, 2 ouvertes le 18/06/2026"
run campaign list --format json --today 2025-02-01
expect_equal "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print([c["id"] for c in json.load(sys.stdin) if c["etat"] == "Ouverte"])')" \
  "['saisie-cls-2024']" "open on 01/02/2025"
run campaign status bilan-cls-2025 --today 2026-06-18
expect_status 0 "campaign status"
expect_out_contains "Du 01/01/2026 au 30/06/2026 — Ouverte le 18/06/2026"
expect_out_contains "2 collectivités concernées, 0 à jour, 2 avec 5 éléments dus"
expect_out_contains "Conseil départemental - Pas-de-Calais  n° 1 (CLS)"
run campaign status bilan-cls-2025 --today 2026-06-18 --detail --format csv --csv-dialect rfc4180 --departement 62
expect_status 0 "campaign status detail csv"
expect_out_contains "bilan-cls-2025,Conseil départemental - Pas-de-Calais,1,2,FA-2,"
expect_out_contains "Bilan incomplet"
expect_out_contains ",2026-06-30,12,"
run campaign status bilan-cls-2052
expect_status 1 "unknown campaign"
expect_err_contains "campagne inconnue « bilan-cls-2052 » ; vouliez-vous dire « bilan-cls-2025 »"
printf 'campagnes:\n  - {id: x, type: relance, libelle: X, conventions: [cls], annee: 2025, ouverture: 2026-01-01, cloture: 2026-06-30}\n' >"$SCRATCH/faux.yaml"
run campaign list --calendar "$SCRATCH/faux.yaml"
expect_status 1 "broken calendar"
expect_err_contains "faux.yaml:2:19: « type » : « relance » inconnu"

# --- contacts ---------------------------------------------------------------------------------------------
run contact add --collectivite 62 --email helene.dupre@pasdecalais.fr --name "Hélène Dupré" --role "référente CLS"
expect_status 0 "contact add"
# What the user reads is the name as typed, not the RFC 2047 encoding of the mail headers.
expect_out_contains "Contact n° 1 ajouté : Hélène Dupré <helene.dupre@pasdecalais.fr> (Conseil départemental - Pas-de-Calais)"
expect_out_lacks "=?UTF-8?"
run contact add --collectivite "Conseil départemental - Pas-de-Calais" --email cls@pasdecalais.fr
expect_status 0 "second contact"
before=$(db_fingerprint)
run contact add --collectivite 62 --email HELENE.DUPRE@pasdecalais.fr
expect_status 1 "same address, other case"
expect_err_contains "est déjà un contact de Conseil départemental - Pas-de-Calais"
run contact add --collectivite 62 --email "helene dupre@pasdecalais.fr"
expect_status 1 "invalid address"
expect_err_contains "adresse électronique invalide"
run contact add --collectivite "Atlantide" --email a@b.fr
expect_status 1 "unknown collectivité"
expect_unchanged "$before" "refused contacts"
run contact list --format csv --csv-dialect rfc4180
expect_status 0 "contact list"
expect_out_contains "2,Conseil départemental - Pas-de-Calais,,cls@pasdecalais.fr,"
expect_out_contains "1,Conseil départemental - Pas-de-Calais,Hélène Dupré,helene.dupre@pasdecalais.fr,référente CLS"

# --- remind without sending: every format -----------------------------------------------------------------
run remind --today 2026-06-18 --departement 62
expect_status 0 "remind text"
expect_out_contains "=== Conseil départemental - Pas-de-Calais — Bilan des CLS 2025 ==="
expect_out_contains "Échéance : 30/06/2026 (dans 12 jours)."
expect_out_contains "FA-2 « Équipes mobiles d'aller-vers dans le bassin minier » (action n° 2) : bilan 2025 incomplet : manque"
expect_out_contains "FA-3 « Épicerie solidaire itinérante » (action n° 3) : bilan 2025 non saisi"
expect_out_contains "À : cls@pasdecalais.fr, Hélène Dupré <helene.dupre@pasdecalais.fr>"
run remind --today 2026-06-18 --format json
expect_status 0 "remind json"
expect_out_contains '"Hélène Dupré <helene.dupre@pasdecalais.fr>"'
expect_out_lacks "=?UTF-8?"
expect_equal "$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d), d[0]["jours_restants"], len(d[0]["destinataires"]), d[1]["destinataires"], [e["element"] for e in d[0]["elements"]])')" \
  "2 12 2 [] ['bilan_incomplet', 'bilan_manquant']" "remind json content"
run remind --today 2026-06-18 --format csv --csv-dialect rfc4180 --departement 62
expect_status 0 "remind csv"
expect_out_contains "campagne,collectivite,convention,action,reference,intitule,element,detail,echeance,jours_restants,destinataires"
expect_equal "$(printf '%s\n' "$OUT" | wc -l)" "3" "one csv row per owed item"
run remind --today 2026-06-18 --format mail --departement 62 --from pilot@prefecture.gouv.fr
expect_status 0 "remind mail"
expect_equal "$(printf '%s\n' "$OUT" | grep -c '^From pilot@prefecture.gouv.fr ')" "2" "one message per contact in the mbox"
run remind --today 2026-06-18 --format mail
expect_status 0 "remind mail with a collectivité without contact"
expect_err_contains "Conseil départemental - Somme doit encore 3 éléments pour « Bilan des CLS 2025 » mais n'a aucun contact"
expect_equal "$(sent_count)" "0" "nothing sent without --sendmail"
expect_equal "$(sql 'SELECT count(*) FROM reminder_log')" "0" "nothing recorded without --sendmail"

# --- remind with sendmail ----------------------------------------------------------------------------------
run remind --today 2026-06-18 --departement 62 --sendmail "$SCRATCH/fake-sendmail" --plan
expect_status 0 "plan"
expect_out_contains "à envoyer : cls@pasdecalais.fr — Conseil départemental - Pas-de-Calais — bilan-cls-2025 (échéance 30/06/2026)"
expect_equal "$(sent_count)" "0" "--plan sends nothing"
expect_equal "$(sql 'SELECT count(*) FROM reminder_log')" "0" "--plan records nothing"

# Killed half-way (here by the sending program itself, when given the second message): the first
# message, handed over, is recorded, so the next run would not send it again. On a copy of the base.
cat >"$SCRATCH/killing-sendmail" <<'EOF'
#!/bin/sh
cat >/dev/null
if [ -e "$(dirname "$0")/handed-once" ]; then kill -9 "$PPID"; sleep 5; fi
touch "$(dirname "$0")/handed-once"
EOF
chmod +x "$SCRATCH/killing-sendmail"
sqlite3 "$PILOT_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$PILOT_DB" "$SCRATCH/killed.sqlite"
PILOT_DB="$SCRATCH/killed.sqlite" run remind --today 2026-06-18 --sendmail "$SCRATCH/killing-sendmail"
expect_equal "$STATUS" "137" "remind killed while handing over the second message"
expect_equal "$(sqlite3 "$SCRATCH/killed.sqlite" 'SELECT count(*) FROM reminder_log')" "1" \
  "the message handed over before the kill is recorded"
expect_equal "$(sqlite3 "$SCRATCH/killed.sqlite" 'PRAGMA integrity_check')" "ok" "base intact after the kill"

run -q remind --today 2026-06-18 --sendmail "$SCRATCH/fake-sendmail" --from pilot@prefecture.gouv.fr
expect_status 0 "send"
expect_equal "$OUT" "" "quiet run prints nothing"
expect_equal "$ERR" "" "quiet run warns about nothing"
expect_equal "$(sent_count)" "2" "two messages, one per contact"
expect_equal "$(cat "$SCRATCH/outbox/1.args")" "-t -i" "sendmail arguments"
expect_equal "$(sql 'SELECT count(*) FROM reminder_log')" "2" "send log"
expect_equal "$(sql "SELECT count(*) FROM audit_log WHERE entity = 'relance'")" "2" "sends are audited"

# What the fake sendmail received, read by Python's mail parser.
check_message() {
  python3 - "$1" <<'EOF'
import email, email.policy, sys
raw = open(sys.argv[1], 'rb').read()
message = email.message_from_bytes(raw, policy=email.policy.default)
for line in raw.split(b'\n\n', 1)[0].split(b'\n'):
    assert len(line) <= 78 and all(b < 128 for b in line), line
body = message.get_content()
print(message['From'])
print(message['To'])
print(message['Subject'])
print(message['Date'][:4], message['Message-ID'][-20:], message['MIME-Version'], message.get_content_type(),
      message.get_content_charset(), message['Content-Transfer-Encoding'], message['X-Pilot-Campaign'])
print('FA-2 « Équipes mobiles' in body, 'FA-3 « Épicerie solidaire itinérante » (action n° 3) : bilan 2025 non saisi' in body,
      'Échéance : 30/06/2026 (dans 12 jours).' in body)
EOF
}
message=$(check_message "$SCRATCH/outbox/2.eml")
expect_equal "$(sed -n 1p <<<"$message")" "pilot <pilot@prefecture.gouv.fr>" "From"
expect_equal "$(sed -n 2p <<<"$message")" "Hélène Dupré <helene.dupre@pasdecalais.fr>" "To, RFC 2047 name decoded"
expect_equal "$(sed -n 3p <<<"$message")" "[pilot] Bilan des CLS 2025 : Conseil départemental - Pas-de-Calais — échéance 30/06/2026" "Subject decoded"
expect_equal "$(sed -n 4p <<<"$message")" "$(date -u +%a,) @prefecture.gouv.fr> 1.0 text/plain utf-8 quoted-printable bilan-cls-2025" "MIME headers"
expect_equal "$(sed -n 5p <<<"$message")" "True True True" "body"
expect_equal "$(check_message "$SCRATCH/outbox/1.eml" | sed -n 2p)" "cls@pasdecalais.fr" "second recipient"

# Cron runs it again within the hour: nothing new, no output.
run remind --today 2026-06-18 --sendmail "$SCRATCH/fake-sendmail" --departement 62
expect_status 0 "second run"
expect_equal "$OUT" "" "second run prints nothing"
expect_equal "$(sent_count)" "2" "the send log stops duplicates"
run remind --today 2026-06-18 --departement 62 --sendmail "$SCRATCH/fake-sendmail" --plan
expect_equal "$OUT" "" "nothing left to plan"

run remind --today 2026-06-18 --sendmail "$SCRATCH/fake-sendmail" --departement 62 --resend
expect_status 0 "resend"
expect_out_contains "envoyée : helene.dupre@pasdecalais.fr — Conseil départemental - Pas-de-Calais — bilan-cls-2025 (échéance 30/06/2026)"
expect_equal "$(sent_count)" "4" "--resend forces"
expect_equal "$(sql 'SELECT count(*) FROM reminder_log')" "2" "a resend updates the log"

# Stages: too far from the deadline, nothing; a new stage is a new reminder.
run remind --today 2026-06-18 --sendmail "$SCRATCH/fake-sendmail" --departement 62 --days-before 7
expect_status 0 "J-7, 12 days before"
expect_equal "$OUT" "" "not yet"
run remind --today 2026-06-25 --sendmail "$SCRATCH/fake-sendmail" --departement 62 --days-before 7
expect_status 0 "J-7, 5 days before"
expect_equal "$(sent_count)" "6" "new stage sent"
run remind --today 2026-06-26 --sendmail "$SCRATCH/fake-sendmail" --departement 62 --days-before 7
expect_equal "$(sent_count)" "6" "same stage not sent again the next day"

# A campaign that is closed, or nothing owed: no output, exit 0.
run remind --today 2026-06-18 --campaign bilan-cls-2024
expect_status 0 "closed campaign"
expect_equal "$OUT$ERR" "" "closed campaign says nothing"
export PILOT_TODAY=2026-06-18
run bilan set 2 --year 2025 --set commence=oui --set deploiement=conforme --set terminee=non --set permanente=oui \
  --depense "financeur=État;montant=30 000" --depense "financeur=Département;montant=30 000" \
  --indicateur "libelle=Personnes rencontrées;realise=580"
expect_status 0 "FA-2 completed"
run bilan set 3 --year 2025 --set commence=non --set permanente=non
expect_status 0 "FA-3 completed"
unset PILOT_TODAY
run remind --today 2026-06-18 --departement 62 --resend
expect_status 0 "nothing owed"
expect_equal "$OUT$ERR" "" "nothing owed, nothing said"
# Programs asking for JSON or CSV get an empty list, not an empty output.
run remind --today 2026-06-18 --departement 62 --resend --format json
expect_status 0 "nothing owed, json"
expect_equal "$OUT" "[]" "nothing owed: an empty JSON list"
run remind --today 2026-06-18 --departement 62 --resend --format csv --csv-dialect rfc4180
expect_status 0 "nothing owed, csv"
expect_equal "$(printf "%s" "$OUT" | tr -d "\r")" "campagne,collectivite,convention,action,reference,intitule,element,detail,echeance,jours_restants,destinataires" \
  "nothing owed: the CSV header alone"

# --- errors: exit codes 1 and 2 ----------------------------------------------------------------------------
printf '#!/bin/sh\ncat >/dev/null\necho "relais refusé" >&2\nexit 75\n' >"$SCRATCH/broken-sendmail"
chmod +x "$SCRATCH/broken-sendmail"
before=$(db_fingerprint)
run remind --today 2026-06-18 --departement 80 --sendmail "$SCRATCH/broken-sendmail"
expect_status 0 "nobody to send to in the Somme (no contact)"
run contact add --collectivite 80 --email rsa@somme.fr
before=$(db_fingerprint)
run remind --today 2026-06-18 --departement 80 --sendmail "$SCRATCH/broken-sendmail"
expect_status 1 "sendmail fails"
expect_err_contains "relance de Conseil départemental - Somme (bilan-cls-2025) à rsa@somme.fr : sendmail"
expect_err_contains "a échoué (code de retour 75) : relais refusé"
expect_unchanged "$before" "a failed delivery is not recorded"
run remind --sendmail "$SCRATCH/absent"
expect_status 2 "missing sendmail"
expect_err_contains "programme introuvable"
run remind --plan
expect_status 2 "--plan without --sendmail"
run remind --format xml
expect_status 2 "unknown format"
run remind --campaign inconnue
expect_status 1 "unknown campaign"
run remind --campaign bilan-cls-2025 --open
expect_status 2 "--campaign and --open"
run remind --today 31/02/2026
expect_status 2 "impossible date"
run remind --days-before -2 --today 2026-06-18
expect_status 2 "negative --days-before"
run remind --from "pas une adresse" --today 2026-06-18
expect_status 2 "bad sender"

run contact remove --collectivite 62 --email CLS@pasdecalais.fr
expect_status 0 "remove by address"
run contact remove 1
expect_status 0 "remove by id"
run contact remove 1
expect_status 1 "already removed"
expect_equal "$(sql "SELECT count(*) FROM audit_log WHERE entity = 'contact' AND operation = 'delete'")" "2" "removals audited"

# The cron script of examples/: three stages on the first run two days before the deadline, then nothing.
export PILOT_TODAY=2026-06-28
before_cron=$(sent_count)
PILOT="$PILOT_BIN" SENDMAIL="$SCRATCH/fake-sendmail" PILOT_MAIL_FROM=pilot@ddets.gouv.fr \
  sh "$PILOT_SOURCE/examples/remind-cron.sh" >"$SCRATCH/cron.out" 2>&1
cron_status=$?
checks=$((checks + 1))
[[ $cron_status == 0 ]] || fail "remind-cron.sh failed ($cron_status): $(cat "$SCRATCH/cron.out")"
expect_equal "$(cat "$SCRATCH/cron.out")" "" "the cron script is silent when all is well"
expect_equal "$(($(sent_count) - before_cron))" "3" "opening, J-15 and J-3 reminders to the Somme's contact"
PILOT="$PILOT_BIN" SENDMAIL="$SCRATCH/fake-sendmail" sh "$PILOT_SOURCE/examples/remind-cron.sh"
expect_equal "$(($(sent_count) - before_cron))" "3" "the next hour sends nothing"
unset PILOT_TODAY

for command in "campaign" "campaign list" "campaign status" "remind" "contact" "contact add" "contact list" "contact remove"; do
  # shellcheck disable=SC2086
  run $command --help
  expect_status 0 "help of $command"
  expect_out_contains "Utilisation"
done
