// Private to service/campaigns*.cpp: what each collectivité in scope owes one campaign, from the database.
#pragma once

#include <vector>

#include "campaign/owed.hpp"
#include "forms/campaign_file.hpp"
#include "forms/catalog.hpp"
#include "store/database.hpp"
#include "store/scope.hpp"

namespace pilot::service::campaigns_detail {

// Gathers the facts (conventions covering the campaign's year, their actions, bilans and revisions) for
// the collectivités in scope and computes what each owes, ordered by collectivité name.
Result<std::vector<campaign::CollectiviteDue>> dues_for(store::Database& database, const forms::Catalog& catalog,
                                                        const forms::Campaign& campaign, const store::Scope& scope,
                                                        const util::Date& today);

}  // namespace pilot::service::campaigns_detail
