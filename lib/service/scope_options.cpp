#include "service/scope_options.hpp"

#include <fmt/format.h>

#include "store/convention_store.hpp"
#include "store/territory_store.hpp"
#include "util/text.hpp"

namespace pilot::service {

Result<store::Scope> resolve_scope(store::Database& database, const ScopeOptions& options) {
  store::Scope scope;
  if (options.convention_id && !store::find_convention(database, *options.convention_id)) {
    // An empty listing would read as « nothing to do » to a script: say the number is wrong.
    return fail(ErrorKind::not_found,
                fmt::format("convention n° {} introuvable (voir « pilot convention list »)", *options.convention_id));
  }
  scope.convention_id = options.convention_id;
  if (options.regions.empty() && options.departements.empty() && options.collectivites.empty()) {
    for (const auto& type : options.types) {
      auto parsed = domain::parse_convention_type(type);
      if (!parsed) {
        return std::unexpected(Error{ErrorKind::usage, parsed.error().message});
      }
      scope.convention_types.push_back(*parsed);
    }
    return scope;
  }
  const auto reference = store::read_territories(database);
  for (const auto& region : options.regions) {
    auto found = domain::find_region(reference.regions, region);
    if (!found) {
      return std::unexpected(found.error());
    }
    scope.region_codes.push_back((*found)->code);
  }
  for (const auto& departement : options.departements) {
    auto found = domain::find_departement(reference.departements, departement);
    if (!found) {
      return std::unexpected(found.error());
    }
    scope.departement_codes.push_back((*found)->code);
  }
  for (const auto& collectivite : options.collectivites) {
    auto found = domain::find_collectivite(reference.collectivites, collectivite);
    if (!found) {
      return std::unexpected(found.error());
    }
    scope.collectivite_ids.push_back((*found)->id);
  }
  for (const auto& type : options.types) {
    auto parsed = domain::parse_convention_type(type);
    if (!parsed) {
      return std::unexpected(Error{ErrorKind::usage, parsed.error().message});
    }
    scope.convention_types.push_back(*parsed);
  }
  return scope;
}

std::string describe_scope(store::Database& database, const ScopeOptions& options) {
  std::vector<std::string> parts;
  const bool territorial = !options.regions.empty() || !options.departements.empty() || !options.collectivites.empty();
  const auto reference = territorial ? store::read_territories(database) : domain::TerritoryReference{};
  for (const auto& region : options.regions) {
    auto found = domain::find_region(reference.regions, region);
    parts.push_back("région " + (found ? (*found)->name : region));
  }
  for (const auto& departement : options.departements) {
    auto found = domain::find_departement(reference.departements, departement);
    parts.push_back("département " + (found ? (*found)->code + " " + (*found)->name : departement));
  }
  for (const auto& collectivite : options.collectivites) {
    auto found = domain::find_collectivite(reference.collectivites, collectivite);
    parts.push_back(found ? (*found)->name : collectivite);
  }
  for (const auto& type : options.types) {
    auto parsed = domain::parse_convention_type(type);
    parts.push_back("type " + std::string(parsed ? domain::to_short_label(*parsed) : type));
  }
  if (options.convention_id) {
    parts.push_back("convention n° " + std::to_string(*options.convention_id));
  }
  return parts.empty() ? "national" : util::join(parts, " ; ");
}

}  // namespace pilot::service
