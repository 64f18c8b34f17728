#include "campaign/owed.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "campaign/calendar.hpp"
#include "util/text.hpp"

namespace pilot::campaign {
namespace {

// Validated by the collectivité: its own validation is in force, alone or with the State's.
bool validated_by_collectivite(domain::ActionStatus status) {
  return status == domain::ActionStatus::validee_collectivite || status == domain::ActionStatus::double_validee;
}

bool must_sign(const forms::Campaign& campaign, domain::CollectiviteType type) {
  return std::find(campaign.collectivite_types.begin(), campaign.collectivite_types.end(), type) !=
         campaign.collectivite_types.end();
}

OwedItem action_item(OwedKind kind, const ConventionFacts& convention, const ActionFacts& action, std::string detail,
                     const util::Date& deadline) {
  return OwedItem{kind, convention.id, action.id, action.reference, action.title, std::move(detail), deadline};
}

// Initial entry of a convention: it has actions, and the collectivité validated each of them.
void owed_for_entry(const ConventionFacts& convention, int year, const util::Date& deadline,
                    std::vector<OwedItem>& items, std::int64_t& concerned) {
  bool any = false;
  for (const auto& action : convention.actions) {
    if (action.dropped_year && *action.dropped_year <= year) {
      continue;
    }
    any = true;
    ++concerned;
    if (!validated_by_collectivite(action.status)) {
      items.push_back(action_item(OwedKind::validation_awaited, convention, action,
                                  fmt::format("statut « {} »", domain::to_label(action.status)), deadline));
    }
  }
  if (!any) {
    items.push_back(
        OwedItem{OwedKind::no_action, convention.id, 0, "", "", "aucune action saisie dans la convention", deadline});
  }
}

void owed_for_bilan(const ConventionFacts& convention, int year, const util::Date& deadline,
                    std::vector<OwedItem>& items, std::int64_t& concerned) {
  for (const auto& action : convention.actions) {
    if (!action_live_in(action, year)) {
      continue;
    }
    ++concerned;
    if (action.bilan == BilanState::missing) {
      items.push_back(
          action_item(OwedKind::bilan_missing, convention, action, fmt::format("bilan {} non saisi", year), deadline));
    } else if (action.bilan == BilanState::incomplete) {
      items.push_back(action_item(
          OwedKind::bilan_incomplete, convention, action,
          fmt::format("bilan {} incomplet : manque {}", year, util::join(action.bilan_lacks, ", ")), deadline));
    }
  }
}

void owed_for_update(const ConventionFacts& convention, int year, const util::Date& deadline,
                     std::vector<OwedItem>& items, std::int64_t& concerned) {
  if (convention.period.start.year >= year) {
    // Its first year: the « update » is its initial entry.
    owed_for_entry(convention, year, deadline, items, concerned);
    return;
  }
  if (!convention.revision_open) {
    items.push_back(OwedItem{OwedKind::revision_to_open, convention.id, 0, "", "",
                             fmt::format("mise à jour {} non ouverte (pilot update open --convention {} --year {})",
                                         year, convention.id, year),
                             deadline});
    for (const auto& action : convention.actions) {
      concerned += action_live_in(action, year) ? 1 : 0;
    }
    return;
  }
  for (const auto& action : convention.actions) {
    if (action.dropped_year && *action.dropped_year <= year) {
      continue;
    }
    ++concerned;
    if (!validated_by_collectivite(action.status)) {
      items.push_back(action_item(OwedKind::validation_awaited, convention, action,
                                  fmt::format("avenant {} : statut « {} »", year, domain::to_label(action.status)),
                                  deadline));
    }
  }
}

}  // namespace

bool action_live_in(const ActionFacts& action, int year) {
  if (action.dropped_year && *action.dropped_year <= year) {
    return false;
  }
  return !action.first_planned_year || *action.first_planned_year <= year;
}

std::vector<CollectiviteDue> compute_due(const forms::Campaign& campaign, const std::vector<CollectiviteFacts>& facts,
                                         const util::Date& today) {
  std::vector<CollectiviteDue> out;
  for (const auto& collectivite : facts) {
    std::vector<const ConventionFacts*> concerned;
    for (const auto& convention : collectivite.conventions) {
      if (concerns(campaign, convention.type, convention.period)) {
        concerned.push_back(&convention);
      }
    }
    const bool entry = campaign.kind == forms::CampaignKind::saisie_initiale;
    if (concerned.empty() && !(entry && must_sign(campaign, collectivite.type))) {
      continue;
    }
    CollectiviteDue due;
    due.collectivite_id = collectivite.id;
    due.code = collectivite.code;
    due.name = collectivite.name;
    if (concerned.empty()) {
      std::vector<std::string> types;
      for (const auto type : campaign.convention_types) {
        types.emplace_back(domain::to_short_label(type));
      }
      due.items.push_back(OwedItem{
          OwedKind::convention_missing, 0, 0, "", "",
          fmt::format("aucune convention {} couvrant {} n'est saisie", util::join(types, " ou "), campaign.year),
          campaign.closes});
    }
    for (const auto* convention : concerned) {
      due.conventions.push_back(ConventionRef{convention->id, convention->type, convention->period});
      const util::Date deadline = deadline_for(campaign, convention->period);
      switch (campaign.kind) {
        case forms::CampaignKind::saisie_initiale:
          owed_for_entry(*convention, campaign.year, deadline, due.items, due.actions_concerned);
          break;
        case forms::CampaignKind::bilan:
          owed_for_bilan(*convention, campaign.year, deadline, due.items, due.actions_concerned);
          break;
        case forms::CampaignKind::mise_a_jour:
          owed_for_update(*convention, campaign.year, deadline, due.items, due.actions_concerned);
          break;
      }
    }
    due.deadline = campaign.closes;
    for (const auto& item : due.items) {
      due.deadline = std::min(due.deadline, item.deadline);
    }
    due.days_left = days_between(today, due.deadline);
    out.push_back(std::move(due));
  }
  return out;
}

}  // namespace pilot::campaign
