#include "store/snapshot.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <array>
#include <set>

namespace pilot::store {
namespace {

// Parent tables first: restore inserts in this order.
constexpr std::array<std::string_view, 13> k_tables = {
    "conventions",    "revisions",        "actions",     "action_answers", "budget_lines",
    "indicators",     "indicator_values", "validations", "bilans",         "bilan_answers",
    "bilan_expenses", "bilan_indicators", "reminder_log"};

util::Json rows_of(SQLite::Database& db, const std::string& sql, std::int64_t id) {
  util::Json rows = util::Json::array();
  SQLite::Statement query(db, sql);
  query.bind(1, static_cast<std::int64_t>(id));
  while (query.executeStep()) {
    util::Json row = util::Json::object();
    for (int i = 0; i < query.getColumnCount(); ++i) {
      const SQLite::Column column = query.getColumn(i);
      util::Json value;
      switch (column.getType()) {
        case SQLITE_INTEGER: value = util::Json(static_cast<std::int64_t>(column.getInt64())); break;
        case SQLITE_FLOAT: value = util::Json(column.getDouble()); break;
        case SQLITE_TEXT: value = util::Json(column.getString()); break;
        default: break;  // NULL (no BLOB column is snapshotted: documents are never deleted)
      }
      row.set(column.getName(), value);
    }
    rows.push(std::move(row));
  }
  return rows;
}

util::Json snapshot_actions_where(SQLite::Database& db, const std::string& action_condition, std::int64_t id,
                                  util::Json snapshot) {
  const std::string actions = "SELECT id FROM actions WHERE " + action_condition;
  snapshot.set("actions", rows_of(db, "SELECT * FROM actions WHERE " + action_condition, id));
  snapshot.set("action_answers", rows_of(db, "SELECT * FROM action_answers WHERE action_id IN (" + actions + ")", id));
  snapshot.set("budget_lines", rows_of(db, "SELECT * FROM budget_lines WHERE action_id IN (" + actions + ")", id));
  snapshot.set("indicators", rows_of(db, "SELECT * FROM indicators WHERE action_id IN (" + actions + ")", id));
  snapshot.set("indicator_values",
               rows_of(db,
                       "SELECT * FROM indicator_values WHERE indicator_id IN (SELECT id FROM indicators WHERE "
                       "action_id IN (" +
                           actions + "))",
                       id));
  snapshot.set("validations", rows_of(db, "SELECT * FROM validations WHERE action_id IN (" + actions + ")", id));
  snapshot.set("bilans", rows_of(db, "SELECT * FROM bilans WHERE action_id IN (" + actions + ")", id));
  const std::string bilans = "SELECT id FROM bilans WHERE action_id IN (" + actions + ")";
  snapshot.set("bilan_answers", rows_of(db, "SELECT * FROM bilan_answers WHERE bilan_id IN (" + bilans + ")", id));
  snapshot.set("bilan_expenses", rows_of(db, "SELECT * FROM bilan_expenses WHERE bilan_id IN (" + bilans + ")", id));
  snapshot.set("bilan_indicators",
               rows_of(db, "SELECT * FROM bilan_indicators WHERE bilan_id IN (" + bilans + ")", id));
  return snapshot;
}

}  // namespace

util::Json snapshot_convention(SQLite::Database& db, std::int64_t convention_id) {
  util::Json snapshot = util::Json::object();
  snapshot.set("conventions", rows_of(db, "SELECT * FROM conventions WHERE id = ?", convention_id));
  snapshot.set("revisions", rows_of(db, "SELECT * FROM revisions WHERE convention_id = ?", convention_id));
  return snapshot_actions_where(db, "convention_id = ?", convention_id, std::move(snapshot));
}

util::Json snapshot_action(SQLite::Database& db, std::int64_t action_id) {
  return snapshot_actions_where(db, "id = ?", action_id, util::Json::object());
}

Result<void> restore_snapshot(SQLite::Database& db, const util::Json& snapshot) {
  for (const std::string_view table : k_tables) {
    const util::Json* rows = snapshot.find(table);
    if (rows == nullptr || !rows->is_array()) {
      continue;
    }
    // Only columns the table has today are restored (a snapshot may predate a migration).
    std::set<std::string> known_columns;
    SQLite::Statement info(db, fmt::format("PRAGMA table_info({})", table));
    while (info.executeStep()) {
      known_columns.insert(info.getColumn(1).getString());
    }
    for (const util::Json& row : rows->as_array()) {
      std::vector<std::string> columns;
      std::vector<const util::Json*> values;
      for (const auto& [column, value] : row.as_object()) {
        if (known_columns.contains(column)) {
          columns.push_back(column);
          values.push_back(&value);
        }
      }
      std::string placeholders;
      std::string column_list;
      for (std::size_t i = 0; i < columns.size(); ++i) {
        column_list += (i == 0 ? "" : ", ") + columns[i];
        placeholders += i == 0 ? "?" : ", ?";
      }
      SQLite::Statement insert(db, fmt::format("INSERT INTO {} ({}) VALUES ({})", table, column_list, placeholders));
      for (std::size_t i = 0; i < values.size(); ++i) {
        const util::Json& value = *values[i];
        const int index = static_cast<int>(i + 1);
        if (value.is_null()) {
          insert.bind(index);
        } else if (value.is_integer()) {
          insert.bind(index, static_cast<std::int64_t>(value.as_integer()));
        } else if (value.is_number()) {
          insert.bind(index, value.as_number());
        } else if (value.is_string()) {
          insert.bind(index, value.as_string());
        }
      }
      try {
        insert.exec();
      } catch (const SQLite::Exception& error) {
        if (error.getErrorCode() == SQLITE_CONSTRAINT) {
          return fail(ErrorKind::conflict,
                      fmt::format("restauration impossible : un enregistrement de « {} » occupe déjà la place ({})",
                                  table, error.what()));
        }
        throw;
      }
    }
  }
  return {};
}

}  // namespace pilot::store
