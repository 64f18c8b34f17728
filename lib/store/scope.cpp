#include "store/scope.hpp"

#include "util/text.hpp"

namespace pilot::store {
namespace {

std::string placeholders(std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    out += i == 0 ? "?" : ", ?";
  }
  return out;
}

}  // namespace

SqlFilter scope_filter(const Scope& scope) {
  SqlFilter filter;
  std::vector<std::string> conditions;
  if (!scope.region_codes.empty()) {
    conditions.push_back(
        "conv.collectivite_id IN (SELECT cd.collectivite_id FROM collectivite_departements cd JOIN departements d "
        "ON d.code = cd.departement_code WHERE d.region_code IN (" +
        placeholders(scope.region_codes.size()) + "))");
    filter.text_values.insert(filter.text_values.end(), scope.region_codes.begin(), scope.region_codes.end());
  }
  if (!scope.departement_codes.empty()) {
    conditions.push_back(
        "conv.collectivite_id IN (SELECT collectivite_id FROM collectivite_departements WHERE departement_code IN (" +
        placeholders(scope.departement_codes.size()) + "))");
    filter.text_values.insert(filter.text_values.end(), scope.departement_codes.begin(), scope.departement_codes.end());
  }
  if (!scope.collectivite_ids.empty()) {
    conditions.push_back("conv.collectivite_id IN (" + placeholders(scope.collectivite_ids.size()) + ")");
    for (const auto id : scope.collectivite_ids) {
      filter.text_values.push_back(std::to_string(id));
    }
  }
  if (!scope.convention_types.empty()) {
    conditions.push_back("conv.type IN (" + placeholders(scope.convention_types.size()) + ")");
    for (const auto type : scope.convention_types) {
      filter.text_values.emplace_back(domain::to_code(type));
    }
  }
  if (scope.convention_id) {
    conditions.push_back("conv.id = ?");
    filter.text_values.push_back(std::to_string(*scope.convention_id));
  }
  if (!conditions.empty()) {
    filter.condition = "(" + util::join(conditions, ") AND (") + ")";
  }
  return filter;
}

}  // namespace pilot::store
