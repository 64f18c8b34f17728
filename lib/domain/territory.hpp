// Territories: régions, départements and the collectivités that sign conventions, plus the
// lookup rules users rely on (exact name, code, unambiguous accent-insensitive prefix).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace pilot::domain {

enum class CollectiviteType { departement, metropole };

std::string_view to_code(CollectiviteType type);   // "departement" / "metropole"
std::string_view to_label(CollectiviteType type);  // "Département" / "Métropole"
Result<CollectiviteType> parse_collectivite_type(std::string_view text);

struct Region {
  std::string code;
  std::string name;
};

struct Departement {
  std::string code;  // INSEE: "59", "2A", "974"
  std::string name;
  std::optional<std::string> region_code;  // none for Saint-Pierre-et-Miquelon, Saint-Martin
  bool overseas = false;
};

struct Collectivite {
  std::int64_t id = 0;
  std::string code;  // "CD59", "MET-AMIENS"
  std::string name;  // as users write it: « Conseil départemental - Nord »
  CollectiviteType type = CollectiviteType::departement;
  std::string departement_code;
  std::vector<std::string> aliases;
  std::vector<std::string> covered_departements;  // beyond departement_code (the CEA covers 68)
  bool special_status = false;
};

struct TerritoryReference {
  std::vector<Region> regions;
  std::vector<Departement> departements;
  std::vector<Collectivite> collectivites;
};

// Finds a collectivité by exact name, code ("CD59"), département code ("59": its conseil
// départemental), name or alias ignoring case and accents, or an unambiguous prefix of a name.
// An unknown or ambiguous query fails (kind not_found) listing the closest names.
Result<const Collectivite*> find_collectivite(const std::vector<Collectivite>& collectivites, std::string_view query);

// Finds a région by code or name, a département by INSEE code or name (same tolerance).
Result<const Region*> find_region(const std::vector<Region>& regions, std::string_view query);
Result<const Departement*> find_departement(const std::vector<Departement>& departements, std::string_view query);

}  // namespace pilot::domain
