// Full snapshots of a convention or an action (every row of every table that hangs off it),
// kept in the audit trail when something is deleted, and put back by `pilot restore`.
#pragma once

#include <cstdint>

#include "store/database.hpp"
#include "util/json.hpp"

namespace pilot::store {

// {"conventions": [...], "actions": [...], "action_answers": [...], ...}: one array of row
// objects per table, column name → value, in an order that restore can insert.
util::Json snapshot_convention(SQLite::Database& db, std::int64_t convention_id);
util::Json snapshot_action(SQLite::Database& db, std::int64_t action_id);

// Re-inserts every row of a snapshot with its original ids. Fails (conflict) when a row with
// the same key exists again (e.g. a new action took the same reference).
Result<void> restore_snapshot(SQLite::Database& db, const util::Json& snapshot);

}  // namespace pilot::store
