// Full snapshots of a convention or an action (every row of every table that hangs off it),
// kept in the audit trail when something is deleted, and put back by `pilot restore`.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/database.hpp"
#include "util/json.hpp"

namespace pilot::store {

// {"conventions": [...], "actions": [...], "action_answers": [...], ...}: one array of row
// objects per table, column name → value, in an order that restore can insert.
util::Json snapshot_convention(SQLite::Database& db, std::int64_t convention_id);
util::Json snapshot_action(SQLite::Database& db, std::int64_t action_id);

// The same for many actions, one after another (a convention's deletion takes one per action), with
// the statements prepared once.
class ActionSnapshotter {
 public:
  explicit ActionSnapshotter(SQLite::Database& db);
  ~ActionSnapshotter();
  ActionSnapshotter(const ActionSnapshotter&) = delete;
  ActionSnapshotter& operator=(const ActionSnapshotter&) = delete;

  util::Json take(std::int64_t action_id);

 private:
  std::vector<std::pair<std::string_view, std::unique_ptr<SQLite::Statement>>> m_queries;  // by table
};

// Puts snapshots back, one after another within one transaction (a convention, then each of its
// actions), with each statement prepared once for all of them.
class SnapshotRestorer {
 public:
  explicit SnapshotRestorer(SQLite::Database& db);
  ~SnapshotRestorer();
  SnapshotRestorer(const SnapshotRestorer&) = delete;
  SnapshotRestorer& operator=(const SnapshotRestorer&) = delete;

  // Re-inserts every row of a snapshot. Conventions and actions keep their numbers (never given
  // again: store/numbering.hpp); fails (conflict) when one is taken all the same, or when a row
  // clashes on another key (a new action took the same reference). The other rows (budget lines,
  // indicators, validations, bilans and theirs) keep their ids when all those of their parent's rows
  // are free, else take new ones past the largest, in the same order (an action's content lists its
  // budget lines and indicators by id, and its hash must not change), and the snapshot's references
  // to them follow (indicator values, a bilan's answers, expenses and indicators).
  Result<void> restore(const util::Json& snapshot);

 private:
  struct Table;
  // By table, old id → new id: the rows of the snapshot being restored that took a new id.
  using Renumbered = std::map<std::string, std::map<std::int64_t, std::int64_t>, std::less<>>;

  Table& table(std::string_view name);
  Result<void> insert(Table& table, const util::Json& row, const Renumbered& renumbered);
  // A French message for a row that cannot go back: for an action, which one holds its reference now.
  std::string conflict_message(const std::string& table, const util::Json& row, std::string_view sqlite_message);

  SQLite::Database& m_db;
  std::map<std::string, std::unique_ptr<Table>, std::less<>> m_tables;
  // Reused from row to row: the row's columns the table has, and their list.
  std::vector<std::pair<const std::string*, const util::Json*>> m_columns;
  std::string m_column_list;
};

// One snapshot restored by a SnapshotRestorer of its own.
Result<void> restore_snapshot(SQLite::Database& db, const util::Json& snapshot);

}  // namespace pilot::store
