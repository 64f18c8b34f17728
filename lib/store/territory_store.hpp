// Reference data in the database: régions, départements, collectivités (loaded at init).
#pragma once

#include "domain/territory.hpp"
#include "store/database.hpp"

namespace pilot::store {

struct TerritoryLoadReport {
  std::size_t regions = 0;
  std::size_t departements = 0;
  std::size_t collectivites_added = 0;
  std::size_t collectivites_updated = 0;
};

// Upserts the reference by code: ids of existing collectivités never change (conventions
// point at them); a collectivité that disappeared from the file is kept if referenced.
TerritoryLoadReport load_territories(WriteTransaction& transaction, const domain::TerritoryReference& reference);

// The whole reference as stored (a few hundred rows: callers look up in memory).
domain::TerritoryReference read_territories(Database& database);

}  // namespace pilot::store
