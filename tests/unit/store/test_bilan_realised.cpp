#include <doctest/doctest.h>

#include "store/bilan_store.hpp"

using namespace pilot;

namespace {

domain::Action planned() {
  domain::Action action;
  domain::Indicator served{domain::IndicatorKind::local, "", "Familles servies", "nombre", std::nullopt, {}, {}};
  served.years = {{2024, 100.0, std::nullopt, "plan 2024"}, {2026, 250.0, std::nullopt, ""}};
  domain::Indicator entrants{domain::IndicatorKind::national, "RSA_NOUVEAUX_ENTRANTS", "", "", std::nullopt, {}, {}};
  entrants.years = {{2025, 120.0, 90.0, "saisi au plan"}};
  action.indicators = {served, entrants};
  return action;
}

}  // namespace

TEST_SUITE("store::apply_bilan_realised") {
  TEST_CASE("a bilan's value wins over the plan's; its comment only when it has one") {
    domain::Action action = planned();
    store::apply_bilan_realised(action, {{1, 2025, 118.0, "", 7}, {0, 2024, 95.0, "Tournées réduites", 5}});
    CHECK(action.indicators[1].years[0].realised == 118.0);
    CHECK(action.indicators[1].years[0].target == 120.0);
    CHECK(action.indicators[1].years[0].comment == "saisi au plan");
    CHECK(action.indicators[0].years[0].realised == 95.0);
    CHECK(action.indicators[0].years[0].comment == "Tournées réduites");
    CHECK_FALSE(action.indicators[0].years[1].realised);
  }

  TEST_CASE("a year only a bilan speaks of is added in year order, with no target") {
    domain::Action action = planned();
    store::apply_bilan_realised(action, {{0, 2025, 180.0, "", 9}});
    REQUIRE(action.indicators[0].years.size() == 3);
    CHECK(action.indicators[0].years[0].year == 2024);
    CHECK(action.indicators[0].years[1].year == 2025);
    CHECK_FALSE(action.indicators[0].years[1].target);
    CHECK(action.indicators[0].years[1].realised == 180.0);
    CHECK(action.indicators[0].years[2].year == 2026);
  }

  TEST_CASE("one value per indicator and year (the first bilan's); an unknown position is ignored") {
    domain::Action action = planned();
    store::apply_bilan_realised(action,
                                {{0, 2024, 95.0, "", 5}, {0, 2024, 60.0, "autre bilan", 8}, {2, 2024, 1.0, "", 9}});
    CHECK(action.indicators[0].years[0].realised == 95.0);
    CHECK(action.indicators[0].years[0].comment == "plan 2024");
    CHECK(action.indicators.size() == 2);
  }
}
