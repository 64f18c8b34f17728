// Actions with a plan over several years (budget and indicator targets for 2024 and 2025), bilans
// entered through the real service, and direct reads of what is stored, for the bilan, update and
// campaign tests.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "service/actions.hpp"
#include "service/bilans.hpp"
#include "service_test_support.hpp"
#include "store/bilan_store.hpp"

namespace pilot::test {

inline std::int64_t add_planned_action(ServiceFixture& fixture, std::int64_t convention_id,
                                       const std::string& reference) {
  std::vector<std::map<std::string, std::string>> budget;
  std::vector<std::map<std::string, std::string>> indicators;
  for (const char* year : {"2024", "2025", "2026"}) {
    budget.push_back({{"annee", year}, {"financeur", "État"}, {"montant", "50 000,00"}});
    budget.push_back({{"annee", year}, {"financeur", "Collectivité"}, {"montant", "50 000,00"}});
  }
  const std::vector<std::pair<std::string, std::string>> targets = {{"2024", "100"}, {"2025", "120"}, {"2026", "130"}};
  for (const auto& [year, target] : targets) {
    indicators.push_back({{"type_indicateur", "national"},
                          {"code", "RSA_NOUVEAUX_ENTRANTS"},
                          {"unite", "nombre"},
                          {"annee", year},
                          {"cible", target}});
    indicators.push_back({{"type_indicateur", "local"},
                          {"libelle", "Familles accompagnées"},
                          {"unite", "nombre"},
                          {"annee", year},
                          {"cible", "40"}});
  }
  return fixture.add_action(convention_id, "action-cls-departement",
                            {{"reference", reference},
                             {"intitule", "Accompagnement renforcé des familles monoparentales"},
                             {"axe", "axe_1"},
                             {"nature", "nouvelle"},
                             {"type_action", fixture.first_code("action-cls-departement", "type_action")},
                             {"champs", fixture.first_code("action-cls-departement", "champs")},
                             {"publics", fixture.first_code("action-cls-departement", "publics")},
                             {"public_specifique", "non"},
                             {"qpv", "oui"},
                             {"zone_rurale", "non"},
                             {"date_debut", "01/09/2024"}},
                            budget, indicators);
}

inline service::BilanSetResult set_bilan(ServiceFixture& fixture, std::int64_t action, int year,
                                         std::vector<service::FieldAssignment> sets,
                                         std::vector<std::string> expenses = {},
                                         std::vector<std::string> indicators = {}) {
  service::BilanSetOptions options;
  options.action_id = action;
  options.year = year;
  options.sets = std::move(sets);
  options.expenses = std::move(expenses);
  options.indicators = std::move(indicators);
  auto result = service::set_bilan(fixture.context, options);
  REQUIRE_MESSAGE(result, (result ? "" : result.error().message));
  return *result;
}

// A complete bilan for an action of add_planned_action: started, on schedule, expenses equal to the
// budget, every planned indicator at its target.
inline service::BilanSetResult set_complete_bilan(ServiceFixture& fixture, std::int64_t action, int year,
                                                  const std::string& entrants = "120") {
  return set_bilan(fixture, action, year,
                   {{"commence", "oui"}, {"deploiement", "Conforme"}, {"terminee", "non"}, {"permanente", "oui"}},
                   {"financeur=État;montant=50 000,00", "financeur=Collectivité;montant=50 000,00"},
                   {"code=RSA_NOUVEAUX_ENTRANTS;realise=" + entrants, "libelle=Familles accompagnées;realise=40"});
}

inline store::StoredAction stored_action(ServiceFixture& fixture, std::int64_t id) {
  auto database = store::Database::open(fixture.context.db_path, store::Access::read_only);
  REQUIRE(database);
  auto stored = store::load_action(database->connection(), id);
  REQUIRE(stored);
  return *stored;
}

inline std::optional<store::Bilan> stored_bilan(ServiceFixture& fixture, std::int64_t action, int year) {
  auto database = store::Database::open(fixture.context.db_path, store::Access::read_only);
  REQUIRE(database);
  return store::load_bilan(database->connection(), action, year);
}

inline std::string error_of(const Error& error) {
  return error.message;
}

}  // namespace pilot::test
