#include "store/audit_store.hpp"

#include <fmt/format.h>

#include "store/action_store.hpp"
#include "util/json.hpp"
#include "util/sha256.hpp"

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

// The content an action was created with, when its insert entry keeps only the hash
// (action_insert_audit_text): taken from the action's next change in the trail (an update's
// « avant », a deletion's « contenu ») or, when it never changed, from the action itself; given only
// if its hash is the recorded one, with where it was read. Nothing when no text matches (the action
// was changed outside pilot: `pilot check` reports it).
// Statements prepared once for all the entries of a history.
struct ContentSources {
  explicit ContentSources(SQLite::Database& db)
      : next(db,
             "SELECT id, operation, old_value FROM audit_log WHERE entity = 'action' AND entity_id = ? "
             "AND id > ? AND operation IN ('update', 'delete') ORDER BY id LIMIT 1"),
        actions(db) {}

  SQLite::Statement next;
  ActionLoader actions;
};

std::optional<std::pair<std::string, std::string>> created_content(ContentSources& sources, const AuditEntry& insert,
                                                                   const std::string& hash) {
  SQLite::Statement& next = sources.next;
  next.reset();
  next.bind(1, *insert.entity_id);
  next.bind(2, insert.id);
  std::string text;
  std::string origin;
  if (next.executeStep()) {
    const std::string operation = next.getColumn(1).getString();
    text = next.getColumn(2).getString();
    if (operation == "delete") {
      auto snapshot = util::Json::parse(text);
      const util::Json* content = snapshot ? snapshot->find("contenu") : nullptr;
      text = content != nullptr ? content->dump() : std::string();
    }
    origin =
        fmt::format("entrée n° {} ({})", next.getColumn(0).getInt64(), operation == "delete" ? "suppression" : "avant");
  } else if (const auto stored = sources.actions.load(*insert.entity_id)) {
    text = action_content_text(stored->action, stored->answers);
    origin = "action enregistrée";
  }
  if (text.empty() || util::sha256_hex(text) != hash) {
    return std::nullopt;
  }
  return std::pair{std::move(text), std::move(origin)};
}

void complete_insert_contents(Database& database, std::vector<AuditEntry>& entries) {
  std::optional<ContentSources> sources;
  for (auto& entry : entries) {
    if (entry.entity != "action" || entry.operation != "insert" || !entry.entity_id ||
        entry.new_value.find(R"("empreinte":)") == std::string::npos) {
      continue;
    }
    auto value = util::Json::parse(entry.new_value);
    const util::Json* hash = value ? value->find("empreinte") : nullptr;
    if (hash == nullptr || value->find("contenu") != nullptr || !hash->is_string()) {
      continue;
    }
    if (!sources) {
      sources.emplace(database.connection());
    }
    if (auto content = created_content(*sources, entry, hash->as_string())) {
      // The content before the hash: a summarised history line shows the start of the value.
      const util::Json* convention = value->find("convention");
      entry.new_value = R"({"convention":)" + (convention != nullptr ? convention->dump() : std::string("null")) +
                        R"(,"contenu":)" + content->first + R"(,"contenu_lu_dans":)" +
                        util::Json(content->second).dump() + R"(,"empreinte":)" + hash->dump() + "}";
    }
  }
}

std::vector<AuditEntry> read_entries(Database& database, SQLite::Statement& query) {
  std::vector<AuditEntry> entries;
  while (query.executeStep()) {
    entries.push_back(read_entry(query));
  }
  complete_insert_contents(database, entries);
  return entries;
}

}  // namespace

std::vector<AuditEntry> action_history(Database& database, std::int64_t action_id) {
  // Every bilan entry records the bilan's action in its values (a bilan number may be reused once
  // its action was deleted, so the number alone would not do).
  SQLite::Statement query(database.connection(),
                          std::string(k_columns) +
                              "WHERE (entity = 'action' AND entity_id = ?1) OR (entity = 'bilan' AND "
                              "json_extract(coalesce(new_value, old_value), '$.action') = ?1) ORDER BY id");
  query.bind(1, action_id);
  return read_entries(database, query);
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
  return read_entries(database, query);
}

std::vector<AuditEntry> recent_history(Database& database, std::size_t limit) {
  SQLite::Statement query(
      database.connection(),
      std::string(k_columns) + "WHERE id > (SELECT coalesce(max(id), 0) FROM audit_log) - ? ORDER BY id");
  query.bind(1, static_cast<std::int64_t>(limit));
  return read_entries(database, query);
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

std::optional<AuditEntry> audit_entry(Database& database, std::int64_t id) {
  SQLite::Statement query(database.connection(), std::string(k_columns) + "WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) {
    return std::nullopt;
  }
  return read_entry(query);
}

ChainReport verify_audit_chain(Database& database) {
  ChainReport report;
  SQLite::Statement query(database.connection(), std::string(k_columns) + "ORDER BY id");
  std::string previous;
  std::int64_t last_id = 0;
  while (query.executeStep()) {
    const AuditEntry entry = read_entry(query);
    last_id = entry.id;
    const std::string prev_hash = query.getColumn(9).getString();
    const std::string hash = query.getColumn(10).getString();
    ++report.entries;
    if (prev_hash != previous) {
      report.first_broken_id = entry.id;
      report.problem = fmt::format(
          "historique rompu à l'entrée n° {} : elle ne suit pas l'entrée précédente "
          "(entrée supprimée ou insérée)",
          entry.id);
      return report;
    }
    const std::string expected = audit_entry_hash(prev_hash, entry.at, entry.user, entry.command, entry.entity,
                                                  entry.entity_id, entry.operation, entry.old_value, entry.new_value);
    if (expected != hash) {
      report.first_broken_id = entry.id;
      report.problem = fmt::format(
          "historique altéré à l'entrée n° {} ({} {} n° {} du {}) : son contenu ne "
          "correspond plus à son empreinte",
          entry.id, entry.operation, entry.entity, entry.entity_id ? std::to_string(*entry.entity_id) : "-", entry.at);
      return report;
    }
    previous = hash;
  }
  // Entries cut from the end leave a sound chain: the last one must be the last pilot wrote. (A base
  // written before pilot kept this has no head until its next write.)
  SQLite::Statement head(database.connection(), "SELECT value FROM meta WHERE key = 'audit_head'");
  if (head.executeStep() && head.getColumn(0).getString() != previous) {
    report.truncated = true;
    report.problem = fmt::format(
        "historique tronqué : sa dernière entrée (n° {}) n'est pas la dernière que pilot a écrite ; des entrées "
        "ont été supprimées à la fin",
        last_id);
  }
  return report;
}

}  // namespace pilot::store
