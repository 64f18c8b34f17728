// Conventions in the database: create, read (with action counts and budget totals), list
// within a scope, edit, delete with a restorable snapshot in the audit trail.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/convention.hpp"
#include "store/database.hpp"
#include "store/scope.hpp"

namespace pilot::store {

struct DocumentContent {
  std::string file_name;
  std::string bytes;
  std::string sha256;
};

struct NewConvention {
  std::int64_t collectivite_id = 0;
  domain::ConventionType type = domain::ConventionType::cls;
  util::Date signed_on;
  domain::Period period;
  std::string reference;
  std::optional<DocumentContent> document;
  std::string form_id;
  int form_version = 0;
};

// Fails (conflict) when the same collectivité already has a convention of that type and period.
Result<std::int64_t> insert_convention(WriteTransaction& transaction, const NewConvention& convention);

std::optional<domain::Convention> find_convention(Database& database, std::int64_t id);
std::vector<domain::Convention> list_conventions(Database& database, const Scope& scope);

struct ConventionChanges {
  std::optional<util::Date> signed_on;
  std::optional<util::Date> start;
  std::optional<util::Date> end;
  std::optional<std::string> reference;
  std::optional<DocumentContent> document;
};

struct ConventionUpdate {
  domain::Convention convention;  // as it is now
  bool changed = false;           // false: the changes were its current values; nothing written
};

// Fails (not_found) for an unknown id; (data) when the new period ends before it starts, or would
// leave out years that budget lines, indicator targets, bilans or yearly updates are recorded for.
Result<ConventionUpdate> update_convention(WriteTransaction& transaction, std::int64_t id,
                                           const ConventionChanges& changes);

struct DeleteReport {
  std::int64_t actions_deleted = 0;
};

enum class Cascade { yes, no };

// Deletes a convention (and with Cascade::yes its actions); the audit entry holds a full
// snapshot (convention, document, actions and all their rows) so `pilot restore` can bring it
// back. Fails (conflict) when it has actions and cascade is no.
Result<DeleteReport> delete_convention(WriteTransaction& transaction, std::int64_t id, Cascade cascade);

// The stored signed document of a convention, if any.
std::optional<DocumentContent> read_document(Database& database, std::int64_t convention_id);

util::Json convention_to_json(const domain::Convention& convention);

}  // namespace pilot::store
