// Campaigns and facts built in code, for the calendar and owed-items tests.
#pragma once

#include <string>
#include <vector>

#include "campaign/owed.hpp"
#include "forms/campaign_file.hpp"

namespace pilot::test {

inline forms::Campaign make_campaign(forms::CampaignKind kind, int year, util::Date opens, util::Date closes,
                                     std::vector<domain::ConventionType> types = {domain::ConventionType::cls,
                                                                                  domain::ConventionType::unique}) {
  forms::Campaign campaign;
  campaign.id = std::string(forms::to_code(kind)) + "-" + std::to_string(year);
  campaign.kind = kind;
  campaign.label = "Campagne " + std::to_string(year);
  campaign.convention_types = std::move(types);
  campaign.collectivite_types = {domain::CollectiviteType::departement, domain::CollectiviteType::metropole};
  campaign.year = year;
  campaign.opens = opens;
  campaign.closes = closes;
  return campaign;
}

inline campaign::ActionFacts make_action(std::int64_t id, std::string reference,
                                         domain::ActionStatus status = domain::ActionStatus::double_validee,
                                         campaign::BilanState bilan = campaign::BilanState::missing) {
  campaign::ActionFacts action;
  action.id = id;
  action.reference = std::move(reference);
  action.title = "Action " + action.reference;
  action.status = status;
  action.bilan = bilan;
  action.first_planned_year = 2024;
  return action;
}

inline campaign::ConventionFacts make_convention(std::int64_t id, std::vector<campaign::ActionFacts> actions,
                                                 domain::ConventionType type = domain::ConventionType::cls,
                                                 domain::Period period = {{2024, 1, 1}, {2027, 12, 31}}) {
  return campaign::ConventionFacts{id, type, period, false, std::move(actions)};
}

inline campaign::CollectiviteFacts make_collectivite(
    std::int64_t id, std::string name, std::vector<campaign::ConventionFacts> conventions,
    domain::CollectiviteType type = domain::CollectiviteType::departement) {
  return campaign::CollectiviteFacts{id, "C" + std::to_string(id), std::move(name), type, std::move(conventions)};
}

}  // namespace pilot::test
