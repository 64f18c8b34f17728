// Campaigns, what collectivités owe them, contacts and reminders as tables, text and JSON.
#pragma once

#include <string>
#include <vector>

#include "forms/campaign_file.hpp"
#include "report/table.hpp"
#include "store/campaign_store.hpp"

namespace pilot::report {

// Id, Campagne, Type, Conventions, Année, Ouverture, Clôture, État (`states[i]` is the label of the i-th
// campaign's state on the day the listing is made).
Table campaigns_table(const std::vector<forms::Campaign>& campaigns, const std::vector<std::string>& states);

// One row per collectivité: Collectivité, Conventions, Actions concernées, one column per kind of item the
// campaign can owe, Échéance, Jours restants, Situation (« À jour » or « N éléments dus »).
Table campaign_dues_table(forms::CampaignKind kind, const std::vector<store::CollectiviteDue>& dues);

// One row per owed item: Campagne, Collectivité, Convention, Action, Référence, Intitulé, Élément, Détail,
// Échéance, Jours restants, Destinataires (`recipients[i]` for `dues[i]`, joined by « ; »; may be empty).
Table owed_items_table(const std::string& campaign_id, const std::vector<store::CollectiviteDue>& dues,
                       const std::vector<std::vector<std::string>>& recipients = {});

// Header lines of `campaign status`: the campaign, its dates and state, how many collectivités are up to date.
std::string campaign_heading(const forms::Campaign& campaign, const std::string& state, const util::Date& today,
                             const std::vector<store::CollectiviteDue>& dues, const std::string& scope);

// N°, Collectivité, Nom, Adresse, Rôle.
Table contacts_table(const std::vector<store::Contact>& contacts);

// A reminder for people: « === collectivité — campagne === », the recipients (or « aucun contact »),
// the subject and the body.
std::string reminder_block(const std::string& collectivite, const std::string& campaign_label,
                           const std::vector<std::string>& recipients, const std::string& subject,
                           const std::string& body);

// A reminder for scripts: campaign, collectivité, deadline, days left, recipients, subject, items.
util::Json reminder_json(const std::string& campaign_id, const store::CollectiviteDue& due,
                         const std::vector<std::string>& recipients, const std::string& subject);

}  // namespace pilot::report
