// Reading the audit trail: history of a record, the last deletion to restore, and the
// verification of the hash chain (`pilot check`).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace pilot::store {

struct AuditEntry {
  std::int64_t id = 0;
  std::string at;
  std::string user;
  std::string command;
  std::string entity;
  std::optional<std::int64_t> entity_id;
  std::string operation;
  std::string old_value;  // JSON text, empty when none
  std::string new_value;
};

// Entries about one action and its bilans, oldest first.
std::vector<AuditEntry> action_history(Database& database, std::int64_t action_id);
// Entries about one convention and every action that ever belonged to it, oldest first.
std::vector<AuditEntry> convention_history(Database& database, std::int64_t convention_id);
// The latest entries of the whole trail, newest last.
std::vector<AuditEntry> recent_history(Database& database, std::size_t limit);

// The latest deletion of a record, if it is still deleted (no later restore).
std::optional<AuditEntry> last_deletion(Database& database, std::string_view entity, std::int64_t id);
// One entry by its number.
std::optional<AuditEntry> audit_entry(Database& database, std::int64_t id);

struct ChainReport {
  std::int64_t entries = 0;
  std::optional<std::int64_t> first_broken_id;  // first entry whose hash or link does not match
  bool truncated = false;                       // entries were removed from the end
  std::string problem;                          // French, when broken or truncated

  [[nodiscard]] bool sound() const { return !first_broken_id && !truncated; }
};

// Recomputes every hash in order (streaming); names the first entry that was altered, removed
// (a gap in the links) or inserted, and says when the last entry is not the last pilot wrote.
ChainReport verify_audit_chain(Database& database);

}  // namespace pilot::store
