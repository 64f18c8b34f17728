#include "store/snapshot.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <vector>

namespace pilot::store {
namespace {

// Parent tables first: restore inserts in this order.
constexpr std::array<std::string_view, 13> k_tables = {
    "conventions",    "revisions",        "actions",     "action_answers", "budget_lines",
    "indicators",     "indicator_values", "validations", "bilans",         "bilan_answers",
    "bilan_expenses", "bilan_indicators", "reminder_log"};

util::Json rows_of(SQLite::Statement& query, std::int64_t id) {
  util::Json rows = util::Json::array();
  query.reset();
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
  query.reset();
  return rows;
}

util::Json rows_of(SQLite::Database& db, const std::string& sql, std::int64_t id) {
  SQLite::Statement query(db, sql);
  return rows_of(query, id);
}

// By table, the query of an actions' snapshot rows, the actions being those of `action_condition`.
std::vector<std::pair<std::string_view, std::string>> action_queries(const std::string& action_condition) {
  const std::string actions = "SELECT id FROM actions WHERE " + action_condition;
  const std::string bilans = "SELECT id FROM bilans WHERE action_id IN (" + actions + ")";
  return {
      {"actions", "SELECT * FROM actions WHERE " + action_condition},
      {"action_answers", "SELECT * FROM action_answers WHERE action_id IN (" + actions + ")"},
      {"budget_lines", "SELECT * FROM budget_lines WHERE action_id IN (" + actions + ")"},
      {"indicators", "SELECT * FROM indicators WHERE action_id IN (" + actions + ")"},
      {"indicator_values",
       "SELECT * FROM indicator_values WHERE indicator_id IN (SELECT id FROM indicators WHERE action_id IN (" +
           actions + "))"},
      {"validations", "SELECT * FROM validations WHERE action_id IN (" + actions + ")"},
      {"bilans", "SELECT * FROM bilans WHERE action_id IN (" + actions + ")"},
      {"bilan_answers", "SELECT * FROM bilan_answers WHERE bilan_id IN (" + bilans + ")"},
      {"bilan_expenses", "SELECT * FROM bilan_expenses WHERE bilan_id IN (" + bilans + ")"},
      {"bilan_indicators", "SELECT * FROM bilan_indicators WHERE bilan_id IN (" + bilans + ")"},
  };
}

}  // namespace

util::Json snapshot_convention(SQLite::Database& db, std::int64_t convention_id) {
  util::Json snapshot = util::Json::object();
  snapshot.set("conventions", rows_of(db, "SELECT * FROM conventions WHERE id = ?", convention_id));
  snapshot.set("revisions", rows_of(db, "SELECT * FROM revisions WHERE convention_id = ?", convention_id));
  for (const auto& [table, sql] : action_queries("convention_id = ?")) {
    snapshot.set(std::string(table), rows_of(db, sql, convention_id));
  }
  return snapshot;
}

ActionSnapshotter::ActionSnapshotter(SQLite::Database& db) {
  for (auto& [table, sql] : action_queries("id = ?")) {
    m_queries.emplace_back(table, std::make_unique<SQLite::Statement>(db, sql));
  }
}

ActionSnapshotter::~ActionSnapshotter() = default;

util::Json ActionSnapshotter::take(std::int64_t action_id) {
  util::Json snapshot = util::Json::object();
  for (auto& [table, query] : m_queries) {
    snapshot.set(std::string(table), rows_of(*query, action_id));
  }
  return snapshot;
}

util::Json snapshot_action(SQLite::Database& db, std::int64_t action_id) {
  return ActionSnapshotter(db).take(action_id);
}

namespace {

// Numbers users see: a restore keeps them (store/numbering.hpp never gives them again).
bool keeps_number(std::string_view table) {
  return table == "conventions" || table == "actions";
}

std::optional<std::int64_t> integer_of(const util::Json& row, std::string_view column) {
  const util::Json* value = row.find(column);
  if (value == nullptr || !value->is_integer()) {
    return std::nullopt;
  }
  return value->as_integer();
}

using IdMap = std::map<std::int64_t, std::int64_t>;

}  // namespace

// What restore needs of a table, read once from the schema: the columns it has today (a snapshot may
// predate a migration), whether its rows have an id of their own (INTEGER PRIMARY KEY), the columns
// referencing another snapshotted table; and its statements.
struct SnapshotRestorer::Table {
  std::string name;
  std::set<std::string, std::less<>> columns;
  bool has_id = false;
  std::vector<std::pair<std::string, std::string>> parents;  // column → table of k_tables
  std::unique_ptr<SQLite::Statement> id_taken;
  std::unique_ptr<SQLite::Statement> last_id;
  std::map<std::string, std::unique_ptr<SQLite::Statement>, std::less<>> inserts;  // by column list

  bool taken(std::int64_t id) {
    id_taken->reset();
    id_taken->bind(1, id);
    const bool found = id_taken->executeStep();
    id_taken->reset();
    return found;
  }

  // The rows that keep or change their ids together: those of one parent (one action's budget lines,
  // one bilan's expenses), or all of them.
  [[nodiscard]] std::vector<std::vector<const util::Json*>> groups(const util::Json::Array& rows) const {
    std::vector<std::vector<const util::Json*>> out;
    std::map<std::optional<std::int64_t>, std::size_t> index;
    const bool by_parent = has_id && !keeps_number(name) && !parents.empty();
    for (const util::Json& row : rows) {
      const auto key = by_parent ? integer_of(row, parents.front().first) : std::nullopt;
      const auto [at, added] = index.try_emplace(key, out.size());
      if (added) {
        out.emplace_back();
      }
      out[at->second].push_back(&row);
    }
    return out;
  }

  // The ids of a group, decided before it is inserted: kept when all are free, else new ones past the
  // largest, given in the order of the old ones (an action's content lists its budget lines and
  // indicators by id: its hash must not change).
  Result<void> place(const std::vector<const util::Json*>& group, IdMap& renumbered) {
    std::vector<std::int64_t> ids;
    for (const util::Json* row : group) {
      if (const auto id = integer_of(*row, "id")) {
        ids.push_back(*id);
      }
    }
    const auto first_taken = std::ranges::find_if(ids, [this](std::int64_t id) { return taken(id); });
    if (first_taken == ids.end()) {
      return {};
    }
    if (keeps_number(name)) {
      return fail(ErrorKind::conflict, fmt::format("restauration impossible : {} n° {} existe déjà",
                                                   name == "actions" ? "l'action" : "la convention", *first_taken));
    }
    std::ranges::sort(ids);
    last_id->reset();
    last_id->executeStep();
    std::int64_t next = last_id->getColumn(0).getInt64() + 1;
    last_id->reset();
    for (const std::int64_t id : ids) {
      renumbered[id] = next++;
    }
    return {};
  }
};

SnapshotRestorer::SnapshotRestorer(SQLite::Database& db) : m_db(db) {}

SnapshotRestorer::~SnapshotRestorer() = default;

SnapshotRestorer::Table& SnapshotRestorer::table(std::string_view name) {
  if (const auto found = m_tables.find(name); found != m_tables.end()) {
    return *found->second;
  }
  auto table = std::make_unique<Table>();
  table->name = std::string(name);
  SQLite::Statement info(m_db, fmt::format("PRAGMA table_info({})", name));
  while (info.executeStep()) {
    const std::string column = info.getColumn(1).getString();
    if (column == "id" && info.getColumn(2).getString() == "INTEGER" && info.getColumn(5).getInt() == 1) {
      table->has_id = true;
    }
    table->columns.insert(column);
  }
  SQLite::Statement keys(m_db, fmt::format("PRAGMA foreign_key_list({})", name));
  while (keys.executeStep()) {
    const std::string parent = keys.getColumn(2).getString();
    if (std::ranges::find(k_tables, parent) != k_tables.end()) {
      table->parents.emplace_back(keys.getColumn(3).getString(), parent);
    }
  }
  if (table->has_id) {
    table->id_taken = std::make_unique<SQLite::Statement>(m_db, fmt::format("SELECT 1 FROM {} WHERE id = ?", name));
    table->last_id =
        std::make_unique<SQLite::Statement>(m_db, fmt::format("SELECT coalesce(max(id), 0) FROM {}", name));
  }
  return *m_tables.emplace(std::string(name), std::move(table)).first->second;
}

Result<void> SnapshotRestorer::insert(Table& table, const util::Json& row, const Renumbered& renumbered) {
  // The row's own id and its references to rows of this snapshot that took a new id.
  auto new_id = [&](const std::string& column, const util::Json& value) -> std::optional<std::int64_t> {
    std::string_view target;
    if (column == "id" && table.has_id) {
      target = table.name;
    } else if (const auto parent =
                   std::ranges::find(table.parents, column, &std::pair<std::string, std::string>::first);
               parent != table.parents.end()) {
      target = parent->second;
    }
    const auto ids = target.empty() ? renumbered.end() : renumbered.find(target);
    if (ids == renumbered.end() || !value.is_integer()) {
      return std::nullopt;
    }
    const auto to = ids->second.find(value.as_integer());
    return to == ids->second.end() ? std::nullopt : std::optional(to->second);
  };
  m_columns.clear();
  m_column_list.clear();
  for (const auto& [column, value] : row.as_object()) {
    if (table.columns.contains(column)) {
      m_column_list += (m_columns.empty() ? "" : ", ") + column;
      m_columns.emplace_back(&column, &value);
    }
  }
  auto& insert = table.inserts[m_column_list];
  if (!insert) {
    std::string placeholders;
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
      placeholders += i == 0 ? "?" : ", ?";
    }
    insert = std::make_unique<SQLite::Statement>(
        m_db, fmt::format("INSERT INTO {} ({}) VALUES ({})", table.name, m_column_list, placeholders));
  }
  insert->reset();
  for (std::size_t i = 0; i < m_columns.size(); ++i) {
    const auto& [column, value] = m_columns[i];
    const int index = static_cast<int>(i + 1);
    if (const auto id = new_id(*column, *value)) {
      insert->bind(index, *id);
    } else if (value->is_integer()) {
      insert->bind(index, static_cast<std::int64_t>(value->as_integer()));
    } else if (value->is_number()) {
      insert->bind(index, value->as_number());
    } else if (value->is_string()) {
      insert->bind(index, value->as_string());
    } else {
      insert->bind(index);  // null
    }
  }
  try {
    insert->exec();
  } catch (const SQLite::Exception& error) {
    if (error.getErrorCode() == SQLITE_CONSTRAINT) {
      return fail(ErrorKind::conflict, conflict_message(table.name, row, error.what()));
    }
    throw;
  }
  return {};
}

std::string SnapshotRestorer::conflict_message(const std::string& table, const util::Json& row,
                                               std::string_view sqlite_message) {
  // The common case: the action's reference was given again (imported) since its deletion.
  const util::Json* reference = row.find("reference");
  const util::Json* convention = row.find("convention_id");
  if (table == "actions" && reference != nullptr && reference->is_string() && convention != nullptr &&
      convention->is_integer()) {
    SQLite::Statement holder(m_db, "SELECT id FROM actions WHERE convention_id = ? AND reference = ?");
    holder.bind(1, static_cast<std::int64_t>(convention->as_integer()));
    holder.bind(2, reference->as_string());
    if (holder.executeStep()) {
      return fmt::format(
          "restauration impossible : la référence « {} » de la convention n° {} est reprise par l'action n° {} ; "
          "supprimez cette action ou changez sa référence (pilot action edit), puis restaurez",
          reference->as_string(), convention->as_integer(), holder.getColumn(0).getInt64());
    }
  }
  // Otherwise the columns SQLite names, without its English.
  constexpr std::string_view k_unique = "UNIQUE constraint failed: ";
  const std::size_t at = sqlite_message.find(k_unique);
  const std::string detail = at == std::string_view::npos
                                 ? std::string("contrainte de la base")
                                 : "mêmes valeurs de " + std::string(sqlite_message.substr(at + k_unique.size()));
  return fmt::format("restauration impossible : un enregistrement de « {} » occupe déjà la place ({})", table, detail);
}

Result<void> SnapshotRestorer::restore(const util::Json& snapshot) {
  Renumbered renumbered;
  for (const std::string_view name : k_tables) {
    const util::Json* rows = snapshot.find(name);
    if (rows == nullptr || !rows->is_array()) {
      continue;
    }
    Table& table = this->table(name);
    for (const auto& group : table.groups(rows->as_array())) {
      if (table.has_id) {
        if (auto placed = table.place(group, renumbered[table.name]); !placed) {
          return placed;
        }
      }
      for (const util::Json* row : group) {
        if (auto inserted = insert(table, *row, renumbered); !inserted) {
          return inserted;
        }
      }
    }
  }
  // The keys of restored answers join answer_keys, as ActionWriter's answers do (a snapshot taken
  // before answer_keys existed may hold a key no answer had left when it was made).
  if (const util::Json* answers = snapshot.find("action_answers"); answers != nullptr && answers->is_array()) {
    std::set<std::string> keys;
    for (const auto& row : answers->as_array()) {
      if (const util::Json* key = row.find("field_key"); key != nullptr && key->is_string()) {
        keys.insert(key->as_string());
      }
    }
    SQLite::Statement register_key(m_db, "INSERT OR IGNORE INTO answer_keys (field_key) VALUES (?)");
    for (const auto& key : keys) {
      register_key.reset();
      register_key.bind(1, key);
      register_key.exec();
    }
  }
  return {};
}

Result<void> restore_snapshot(SQLite::Database& db, const util::Json& snapshot) {
  return SnapshotRestorer(db).restore(snapshot);
}

}  // namespace pilot::store
