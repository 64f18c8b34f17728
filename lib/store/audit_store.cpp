#include "store/audit_store.hpp"

#include <fmt/format.h>

namespace pilot::store {
namespace {

constexpr const char* k_columns =
    "SELECT id, at, user, command, entity, entity_id, operation, coalesce(old_value, ''), coalesce(new_value, ''), "
    "prev_hash, hash FROM audit_log ";

AuditEntry read_entry(SQLite::Statement& row) {
  AuditEntry entry;
  entry.id = row.getColumn(0).getInt64();
  entry.at = row.getColumn(1).getString();
  entry.user = row.getColumn(2).getString();
  entry.command = row.getColumn(3).getString();
  entry.entity = row.getColumn(4).getString();
  if (!row.getColumn(5).isNull()) {
    entry.entity_id = row.getColumn(5).getInt64();
  }
  entry.operation = row.getColumn(6).getString();
  entry.old_value = row.getColumn(7).getString();
  entry.new_value = row.getColumn(8).getString();
  return entry;
}

std::vector<AuditEntry> read_entries(SQLite::Statement& query) {
  std::vector<AuditEntry> entries;
  while (query.executeStep()) {
    entries.push_back(read_entry(query));
  }
  return entries;
}

}  // namespace

std::vector<AuditEntry> action_history(Database& database, std::int64_t action_id) {
  // Every bilan entry records the bilan's action in its values (a bilan number may be reused once
  // its action was deleted, so the number alone would not do).
  SQLite::Statement query(
      database.connection(),
      std::string(k_columns) +
          "WHERE (entity = 'action' AND entity_id = ?1) OR (entity = 'bilan' AND "
          "json_extract(coalesce(new_value, old_value), '$.action') = ?1) ORDER BY id");
  query.bind(1, action_id);
  return read_entries(query);
}

std::vector<AuditEntry> convention_history(Database& database, std::int64_t convention_id) {
  // An action's insert entry records its convention; that finds actions deleted since.
  SQLite::Statement query(
      database.connection(),
      std::string(k_columns) +
          "WHERE (entity = 'convention' AND entity_id = ?1) OR (entity = 'action' AND entity_id IN ("
          "SELECT entity_id FROM audit_log WHERE entity = 'action' AND operation = 'insert' "
          "AND json_extract(new_value, '$.convention') = ?1)) ORDER BY id");
  query.bind(1, convention_id);
  return read_entries(query);
}

std::vector<AuditEntry> recent_history(Database& database, std::size_t limit) {
  SQLite::Statement query(database.connection(),
                          std::string(k_columns) + "WHERE id > (SELECT coalesce(max(id), 0) FROM audit_log) - ? ORDER BY id");
  query.bind(1, static_cast<std::int64_t>(limit));
  return read_entries(query);
}

std::optional<AuditEntry> last_deletion(Database& database, std::string_view entity, std::int64_t id) {
  SQLite::Statement query(database.connection(),
                          std::string(k_columns) +
                              "WHERE entity = ? AND entity_id = ? AND operation IN ('delete', 'restore') "
                              "ORDER BY id DESC LIMIT 1");
  query.bind(1, std::string(entity));
  query.bind(2, id);
  if (!query.executeStep()) {
    return std::nullopt;
  }
  AuditEntry entry = read_entry(query);
  if (entry.operation != "delete") {
    return std::nullopt;
  }
  return entry;
}

ChainReport verify_audit_chain(Database& database) {
  ChainReport report;
  SQLite::Statement query(database.connection(), std::string(k_columns) + "ORDER BY id");
  std::string previous;
  while (query.executeStep()) {
    const AuditEntry entry = read_entry(query);
    const std::string prev_hash = query.getColumn(9).getString();
    const std::string hash = query.getColumn(10).getString();
    ++report.entries;
    if (prev_hash != previous) {
      report.first_broken_id = entry.id;
      report.problem = fmt::format("historique rompu à l'entrée n° {} : elle ne suit pas l'entrée précédente "
                                   "(entrée supprimée ou insérée)",
                                   entry.id);
      return report;
    }
    const std::string expected = audit_entry_hash(prev_hash, entry.at, entry.user, entry.command, entry.entity,
                                                  entry.entity_id, entry.operation, entry.old_value, entry.new_value);
    if (expected != hash) {
      report.first_broken_id = entry.id;
      report.problem = fmt::format("historique altéré à l'entrée n° {} ({} {} n° {} du {}) : son contenu ne "
                                   "correspond plus à son empreinte",
                                   entry.id, entry.operation, entry.entity,
                                   entry.entity_id ? std::to_string(*entry.entity_id) : "-", entry.at);
      return report;
    }
    previous = hash;
  }
  return report;
}

}  // namespace pilot::store
