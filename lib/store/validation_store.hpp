// The double validation: who validated which content of an action, from which side, and
// when a validation was revoked (reopened, or the content changed under it).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/action.hpp"
#include "store/database.hpp"

namespace pilot::store {

struct Validation {
  std::int64_t id = 0;
  std::int64_t action_id = 0;
  domain::Side side = domain::Side::collectivite;
  std::string user;
  std::string at;
  std::string form_id;
  int form_version = 0;
  std::string content_hash;
  std::string comment;
  std::optional<std::string> revoked_at;
  std::optional<std::string> revoked_by;
  std::optional<std::string> revoked_why;
};

// Validations of an action that are still in force (not revoked), oldest first.
std::vector<Validation> active_validations(SQLite::Database& db, std::int64_t action_id);
// Every validation ever recorded for an action (history), oldest first.
std::vector<Validation> all_validations(SQLite::Database& db, std::int64_t action_id);

std::int64_t record_validation(WriteTransaction& transaction, const Validation& validation);

// Revokes the validations in force (all sides, or one side) with a reason; returns how many.
std::size_t revoke_validations(WriteTransaction& transaction, std::int64_t action_id, std::optional<domain::Side> side,
                               const std::string& reason);

// The status the validations in force give: none → brouillon, one side → validée par ce côté,
// both → double validée.
domain::ActionStatus status_from_validations(const std::vector<Validation>& active);

}  // namespace pilot::store
