// Scope filters as users type them (--region, --departement, --collectivite, --type),
// resolved against the territorial reference into a store::Scope.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/scope.hpp"

namespace pilot::service {

struct ScopeOptions {
  std::vector<std::string> regions;        // code or name
  std::vector<std::string> departements;   // INSEE code or name
  std::vector<std::string> collectivites;  // name, alias, code
  std::vector<std::string> types;          // cls | cie | unique
  std::optional<std::int64_t> convention_id;
};

// Fails (not_found / usage) naming the first value that matches nothing, with suggestions.
Result<store::Scope> resolve_scope(store::Database& database, const ScopeOptions& options);

// "national", or « région Hauts-de-France ; département 59 ... »: what a report says it covers.
std::string describe_scope(store::Database& database, const ScopeOptions& options);

}  // namespace pilot::service
