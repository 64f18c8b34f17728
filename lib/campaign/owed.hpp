// What each collectivité still owes a campaign, computed from facts the service layer gathers (its
// conventions, their actions with status, dropped year and bilan state, the revisions opened):
//   saisie initiale  a convention to enter, a convention without actions, actions awaiting the
//                    collectivité's validation;
//   bilan            actions of year N-1 without a bilan, or with an incomplete one (and what it lacks);
//   mise à jour      the year-N revision to open, actions awaiting the collectivité's validation.
// An action dropped before the year, or planned only for later years, owes nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/action.hpp"
#include "domain/convention.hpp"
#include "forms/campaign_file.hpp"
#include "store/bilan_store.hpp"
#include "store/campaign_store.hpp"
#include "util/date.hpp"

namespace pilot::campaign {

// The value types (also rendered by lib/report) live in lib/store.
using store::BilanState;
using store::CollectiviteDue;
using store::ConventionRef;
using store::OwedItem;
using store::OwedKind;

struct ActionFacts {
  std::int64_t id = 0;
  std::string reference;
  std::string title;
  domain::ActionStatus status = domain::ActionStatus::brouillon;
  std::optional<int> dropped_year;         // no longer carried out from that year on
  std::optional<int> first_planned_year;   // earliest year of its budget or targets; none = unknown
  BilanState bilan = BilanState::missing;  // for the campaign's year (bilan campaigns)
  std::vector<std::string> bilan_lacks;    // what an incomplete bilan lacks, in French
};

struct ConventionFacts {
  std::int64_t id = 0;
  domain::ConventionType type = domain::ConventionType::cls;
  domain::Period period;
  bool revision_open = false;  // the revision of the campaign's year is opened (mise à jour)
  std::vector<ActionFacts> actions;
};

struct CollectiviteFacts {
  std::int64_t id = 0;
  std::string code;
  std::string name;
  domain::CollectiviteType type = domain::CollectiviteType::departement;
  std::vector<ConventionFacts> conventions;  // those the campaign concerns
};

// One entry per collectivité the campaign concerns, in the order given. Collectivités of a saisie
// initiale are all those passed whose type must sign; for the other campaigns, those with a concerned
// convention.
std::vector<CollectiviteDue> compute_due(const forms::Campaign& campaign, const std::vector<CollectiviteFacts>& facts,
                                         const util::Date& today);

// Whether an action is carried out in `year`: not dropped by then and planned from that year or before.
[[nodiscard]] bool action_live_in(const ActionFacts& action, int year);

}  // namespace pilot::campaign
