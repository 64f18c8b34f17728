#!/bin/sh
# Relances des campagnes de saisie, lancées par cron (voir examples/crontab et « man pilot-remind »).
#
# Toutes les heures, chaque collectivité qui doit encore quelque chose à une campagne ouverte reçoit, à chacun de
# ses contacts (pilot contact add), une relance à l'ouverture de la campagne, puis à 15 jours et à 3 jours de
# l'échéance. Le journal des envois, dans la base, garantit qu'une relance ne part qu'une fois par palier et par
# adresse : lancer ce script toutes les heures n'envoie rien deux fois.
#
# Codes de retour (ceux de pilot remind) : 0 rien à envoyer ou envoi fait ; 1 erreur (base, calendrier, programme
# d'envoi : ce qui est parti reste inscrit, le reste partira au lancement suivant) ; 2 erreur d'utilisation.
# Avec -q, pilot ne dit rien quand tout va bien : cron n'envoie de courriel à l'administrateur qu'en cas d'erreur.
set -eu

: "${PILOT_DB:?PILOT_DB doit désigner la base pilot}"
export PILOT_DB
PILOT=${PILOT:-pilot}
SENDMAIL=${SENDMAIL:-/usr/sbin/sendmail}
PILOT_MAIL_FROM=${PILOT_MAIL_FROM:-pilot@$(hostname -f 2>/dev/null || hostname)}
export PILOT_MAIL_FROM

status=0
# Palier « ouverture », puis J-15 et J-3 : trois relances distinctes au plus par campagne et par adresse.
"$PILOT" -q remind --open --sendmail "$SENDMAIL" || status=$?
"$PILOT" -q remind --open --days-before 15 --sendmail "$SENDMAIL" || status=$?
"$PILOT" -q remind --open --days-before 3 --sendmail "$SENDMAIL" || status=$?
exit "$status"
