#include "report/campaign_tables.hpp"

#include <fmt/format.h>

#include "util/text.hpp"

namespace pilot::report {
namespace {

std::vector<store::OwedKind> kinds_of(forms::CampaignKind kind) {
  switch (kind) {
    case forms::CampaignKind::saisie_initiale:
      return {store::OwedKind::convention_missing, store::OwedKind::no_action, store::OwedKind::validation_awaited};
    case forms::CampaignKind::bilan: return {store::OwedKind::bilan_missing, store::OwedKind::bilan_incomplete};
    case forms::CampaignKind::mise_a_jour:
      return {store::OwedKind::revision_to_open, store::OwedKind::no_action, store::OwedKind::validation_awaited};
  }
  return {};
}

std::string types_text(const std::vector<domain::ConventionType>& types) {
  std::vector<std::string> labels;
  for (const auto type : types) {
    labels.emplace_back(domain::to_short_label(type));
  }
  return util::join(labels, ", ");
}

std::string situation(const store::CollectiviteDue& due) {
  if (!due.owes()) {
    return "À jour";
  }
  return fmt::format("{} élément{} {}", due.items.size(), due.items.size() > 1 ? "s" : "",
                     due.items.size() > 1 ? "dus" : "dû");
}

}  // namespace

Table campaigns_table(const std::vector<forms::Campaign>& campaigns, const std::vector<std::string>& states) {
  Table table;
  table.columns = {
      {"id", "Id"},       {"campagne", "Campagne"},   {"type", "Type"},       {"conventions", "Conventions"},
      {"annee", "Année"}, {"ouverture", "Ouverture"}, {"cloture", "Clôture"}, {"etat", "État"}};
  for (std::size_t i = 0; i < campaigns.size(); ++i) {
    const auto& campaign = campaigns[i];
    table.rows.push_back({campaign.id, campaign.label, std::string(forms::to_label(campaign.kind)),
                          types_text(campaign.convention_types), std::to_string(campaign.year), campaign.opens,
                          campaign.closes, i < states.size() ? states[i] : std::string()});
  }
  return table;
}

Table campaign_dues_table(forms::CampaignKind kind, const std::vector<store::CollectiviteDue>& dues) {
  Table table;
  table.columns = {{"collectivite", "Collectivité"}, {"conventions", "Conventions"}, {"actions", "Actions concernées"}};
  const auto kinds = kinds_of(kind);
  for (const auto owed : kinds) {
    table.columns.push_back({std::string(store::to_code(owed)), std::string(store::to_label(owed))});
  }
  table.columns.push_back({"echeance", "Échéance"});
  table.columns.push_back({"jours_restants", "Jours restants"});
  table.columns.push_back({"situation", "Situation"});
  for (const auto& due : dues) {
    std::vector<std::string> conventions;
    for (const auto& convention : due.conventions) {
      conventions.push_back(fmt::format("n° {} ({})", convention.id, domain::to_short_label(convention.type)));
    }
    std::vector<Cell> row = {due.name, conventions.empty() ? std::string("—") : util::join(conventions, ", "),
                             due.actions_concerned};
    for (const auto owed : kinds) {
      row.emplace_back(static_cast<std::int64_t>(due.count(owed)));
    }
    row.emplace_back(due.deadline);
    row.emplace_back(due.days_left);
    row.emplace_back(situation(due));
    table.rows.push_back(std::move(row));
  }
  return table;
}

Table owed_items_table(const std::string& campaign_id, const std::vector<store::CollectiviteDue>& dues,
                       const std::vector<std::vector<std::string>>& recipients) {
  Table table;
  table.columns = {{"campagne", "Campagne"},
                   {"collectivite", "Collectivité"},
                   {"convention", "Convention"},
                   {"action", "Action"},
                   {"reference", "Référence"},
                   {"intitule", "Intitulé"},
                   {"element", "Élément"},
                   {"detail", "Détail"},
                   {"echeance", "Échéance"},
                   {"jours_restants", "Jours restants"},
                   {"destinataires", "Destinataires"}};
  for (std::size_t i = 0; i < dues.size(); ++i) {
    const auto& due = dues[i];
    const std::string to = i < recipients.size() ? util::join(recipients[i], "; ") : std::string();
    for (const auto& item : due.items) {
      table.rows.push_back({campaign_id, due.name, item.convention_id == 0 ? Cell{} : Cell{item.convention_id},
                            item.action_id == 0 ? Cell{} : Cell{item.action_id}, item.reference, item.title,
                            std::string(store::to_label(item.kind)), item.detail, item.deadline,
                            item.deadline.days_since_epoch() - due.deadline.days_since_epoch() + due.days_left, to});
    }
  }
  return table;
}

std::string campaign_heading(const forms::Campaign& campaign, const std::string& state, const util::Date& today,
                             const std::vector<store::CollectiviteDue>& dues, const std::string& scope) {
  std::size_t owing = 0;
  std::size_t items = 0;
  for (const auto& due : dues) {
    owing += due.owes() ? 1 : 0;
    items += due.items.size();
  }
  std::string out = fmt::format("{} ({}) — {}, année {}, conventions {}\n", campaign.label, campaign.id,
                                forms::to_label(campaign.kind), campaign.year, types_text(campaign.convention_types));
  out +=
      fmt::format("Du {} au {} — {} le {}", campaign.opens.french(), campaign.closes.french(), state, today.french());
  out += campaign.months_after_end
             ? fmt::format(" — échéance par convention : fin de la convention + {} mois\n", *campaign.months_after_end)
             : std::string("\n");
  if (!campaign.note.empty()) {
    out += campaign.note + "\n";
  }
  out += fmt::format("Périmètre : {} — {} collectivité{} concernée{}, {} à jour, {} avec {} élément{} {}\n", scope,
                     dues.size(), dues.size() > 1 ? "s" : "", dues.size() > 1 ? "s" : "", dues.size() - owing, owing,
                     items, items > 1 ? "s" : "", items > 1 ? "dus" : "dû");
  return out;
}

Table contacts_table(const std::vector<store::Contact>& contacts) {
  Table table;
  table.columns = {
      {"id", "N°"}, {"collectivite", "Collectivité"}, {"nom", "Nom"}, {"email", "Adresse"}, {"role", "Rôle"}};
  for (const auto& contact : contacts) {
    table.rows.push_back({contact.id, contact.collectivite, contact.name, contact.email, contact.role});
  }
  return table;
}

std::string reminder_block(const std::string& collectivite, const std::string& campaign_label,
                           const std::vector<std::string>& recipients, const std::string& subject,
                           const std::string& body) {
  std::string out = fmt::format("=== {} — {} ===\n", collectivite, campaign_label);
  out += "À : " +
         (recipients.empty() ? std::string("(aucun contact : pilot contact add)") : util::join(recipients, ", ")) +
         "\n";
  out += "Objet : " + subject + "\n\n";
  out += body;
  return out + "\n";
}

util::Json reminder_json(const std::string& campaign_id, const store::CollectiviteDue& due,
                         const std::vector<std::string>& recipients, const std::string& subject) {
  util::Json json = util::Json::object();
  json.set("campagne", campaign_id)
      .set("collectivite", due.name)
      .set("code_collectivite", due.code)
      .set("echeance", due.deadline.iso())
      .set("jours_restants", due.days_left);
  util::Json to = util::Json::array();
  for (const auto& recipient : recipients) {
    to.push(recipient);
  }
  json.set("destinataires", to).set("objet", subject);
  util::Json items = util::Json::array();
  for (const auto& item : due.items) {
    util::Json entry = util::Json::object();
    entry.set("element", std::string(store::to_code(item.kind)))
        .set("convention", item.convention_id == 0 ? util::Json() : util::Json(item.convention_id))
        .set("action", item.action_id == 0 ? util::Json() : util::Json(item.action_id))
        .set("reference", item.reference)
        .set("intitule", item.title)
        .set("detail", item.detail)
        .set("echeance", item.deadline.iso());
    items.push(entry);
  }
  json.set("elements", items);
  return json;
}

}  // namespace pilot::report
