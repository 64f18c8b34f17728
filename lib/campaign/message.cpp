#include "campaign/message.hpp"

#include <fmt/format.h>

#include <map>

#include "campaign/calendar.hpp"
#include "util/sha256.hpp"

namespace pilot::campaign {
namespace {

std::string plural(std::size_t count, std::string_view singular, std::string_view plural_form) {
  return fmt::format("{} {}", count, count > 1 ? plural_form : singular);
}

std::string item_line(const OwedItem& item) {
  if (item.action_id != 0) {
    return fmt::format("  - {} « {} » (action n° {}) : {}\n", item.reference, item.title, item.action_id, item.detail);
  }
  return fmt::format("  - {} : {}\n", to_label(item.kind), item.detail);
}

std::string summary(const CollectiviteDue& due) {
  std::vector<std::string> parts;
  auto add = [&](OwedKind kind, std::string_view one, std::string_view many) {
    if (const std::size_t count = due.count(kind); count > 0) {
      parts.push_back(plural(count, one, many));
    }
  };
  add(OwedKind::convention_missing, "convention à saisir", "conventions à saisir");
  add(OwedKind::no_action, "convention sans action", "conventions sans action");
  add(OwedKind::revision_to_open, "mise à jour à ouvrir", "mises à jour à ouvrir");
  add(OwedKind::bilan_missing, "bilan non saisi", "bilans non saisis");
  add(OwedKind::bilan_incomplete, "bilan incomplet", "bilans incomplets");
  add(OwedKind::validation_awaited, "action à valider", "actions à valider");
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    text += i == 0 ? "" : (i + 1 == parts.size() ? " et " : ", ");
    text += parts[i];
  }
  return text;
}

std::string campaign_sentence(const forms::Campaign& campaign) {
  switch (campaign.kind) {
    case forms::CampaignKind::saisie_initiale:
      return fmt::format("saisie initiale des conventions couvrant {}", campaign.year);
    case forms::CampaignKind::bilan: return fmt::format("bilan de l'année {}", campaign.year);
    case forms::CampaignKind::mise_a_jour: return fmt::format("mise à jour (avenant) de l'année {}", campaign.year);
  }
  return "";
}

std::string how_to(const forms::Campaign& campaign, const CollectiviteDue& due) {
  std::string text = "Pour compléter :\n";
  if (due.count(OwedKind::convention_missing) > 0) {
    text += "  pilot convention add --collectivite « " + due.name + " » --type TYPE --signed JJ/MM/AAAA\n";
  }
  if (due.count(OwedKind::no_action) > 0) {
    text += "  pilot action import FICHIER --convention N\n";
  }
  if (due.count(OwedKind::revision_to_open) > 0) {
    text += fmt::format("  pilot update open --convention N --year {}\n", campaign.year);
  }
  if (due.count(OwedKind::bilan_missing) + due.count(OwedKind::bilan_incomplete) > 0) {
    text += fmt::format("  pilot bilan import FICHIER --year {} --convention N\n", campaign.year);
    text += fmt::format("  pilot bilan set ACTION --year {} --set champ=valeur\n", campaign.year);
  }
  if (due.count(OwedKind::validation_awaited) > 0) {
    text += "  pilot validate --as collectivite ACTION...\n";
  }
  return text;
}

}  // namespace

ReminderText reminder_text(const forms::Campaign& campaign, const CollectiviteDue& due, const util::Date& today) {
  ReminderText text;
  text.subject = fmt::format("[pilot] {} : {} — échéance {}", campaign.label, due.name, due.deadline.french());
  std::string& body = text.body;
  body += "Bonjour,\n\n";
  body += fmt::format("Campagne « {} » ({}), ouverte du {} au {}.\n", campaign.label, campaign_sentence(campaign),
                      campaign.opens.french(), campaign.closes.french());
  body +=
      fmt::format("Échéance : {} ({}).\n\n", due.deadline.french(), days_left_text(days_between(today, due.deadline)));
  body += fmt::format("{} doit encore compléter : {}.\n", due.name, summary(due));
  std::map<std::int64_t, std::vector<const OwedItem*>> by_convention;
  for (const auto& item : due.items) {
    by_convention[item.convention_id].push_back(&item);
  }
  if (auto orphans = by_convention.find(0); orphans != by_convention.end()) {
    body += "\n";
    for (const auto* item : orphans->second) {
      body += item_line(*item);
    }
  }
  for (const auto& convention : due.conventions) {
    auto items = by_convention.find(convention.id);
    if (items == by_convention.end()) {
      continue;
    }
    body += fmt::format("\nConvention n° {} — {} du {} au {}", convention.id, domain::to_short_label(convention.type),
                        convention.period.start.french(), convention.period.end.french());
    const util::Date deadline = items->second.front()->deadline;
    body += deadline != due.deadline ? fmt::format(" (échéance {})\n", deadline.french()) : std::string("\n");
    for (const auto* item : items->second) {
      body += item_line(*item);
    }
  }
  body += "\n" + how_to(campaign, due);
  body += fmt::format("\n-- \nMessage envoyé automatiquement par pilot (campagne {}, {} au {}).\n", campaign.id,
                      due.code, today.french());
  return text;
}

std::string reminder_digest(const forms::Campaign& campaign, const CollectiviteDue& due, const std::string& stage) {
  return util::sha256_hex(fmt::format("{}\n{}\n{}\n{}", campaign.id, due.collectivite_id, due.deadline.iso(), stage));
}

}  // namespace pilot::campaign
