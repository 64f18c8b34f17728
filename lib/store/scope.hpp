// Territorial scope and filters shared by listings, exports and dashboards: one mechanism
// reproduces the profiles of the web tool (national, régional, départemental, collectivité).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/action.hpp"
#include "domain/convention.hpp"

namespace pilot::store {

// Empty vectors mean "no restriction". Codes are already resolved (région "32", département
// "59", collectivité ids); the service layer turns what users type into codes.
struct Scope {
  std::vector<std::string> region_codes;
  std::vector<std::string> departement_codes;
  std::vector<std::int64_t> collectivite_ids;
  std::vector<domain::ConventionType> convention_types;
  std::optional<std::int64_t> convention_id;

  [[nodiscard]] bool is_national() const {
    return region_codes.empty() && departement_codes.empty() && collectivite_ids.empty() && convention_types.empty() &&
           !convention_id;
  }
};

// A WHERE fragment on a conventions table aliased `conv` ("1" when unrestricted) and the
// values to bind to its '?' placeholders, in order.
struct SqlFilter {
  std::string condition = "1";
  std::vector<std::string> text_values;  // bound as text, in order of appearance
};

SqlFilter scope_filter(const Scope& scope);

}  // namespace pilot::store
