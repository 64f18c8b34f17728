// service::edit_convention: what an edit may change, and that an edit changing nothing writes nothing.
#include <doctest/doctest.h>

#include "service/actions.hpp"
#include "service/conventions.hpp"
#include "service_test_support.hpp"

using namespace pilot;

namespace {

std::size_t history_size(test::ServiceFixture& fixture) {
  service::HistoryOptions options;
  options.limit = 1000;
  auto entries = service::history(fixture.context, options);
  REQUIRE(entries);
  return entries->size();
}

}  // namespace

TEST_SUITE("service::conventions") {
  TEST_CASE("an edit that changes nothing writes nothing") {
    test::ServiceFixture fixture;
    const auto id = fixture.add_convention("Conseil départemental - Pas-de-Calais", "cls", "15/04/2024");
    const std::size_t before = history_size(fixture);
    service::EditConventionOptions options;
    auto update = service::edit_convention(fixture.context, id, options);
    REQUIRE(update);
    CHECK_FALSE(update->changed);
    options.signed_on = "15/04/2024";  // its current value
    update = service::edit_convention(fixture.context, id, options);
    REQUIRE(update);
    CHECK_FALSE(update->changed);
    CHECK(history_size(fixture) == before);
    options.reference = "CLS-62";
    update = service::edit_convention(fixture.context, id, options);
    REQUIRE(update);
    CHECK(update->changed);
    CHECK(update->convention.reference == "CLS-62");
    CHECK(history_size(fixture) == before + 1);
  }

  TEST_CASE("a period that would leave out recorded years is refused") {
    test::ServiceFixture fixture;
    const auto id = fixture.add_convention("Conseil départemental - Pas-de-Calais", "cls", "15/04/2024");
    fixture.add_complete_cls_action(id, "FA-1");  // budget lines for 2024
    const std::size_t before = history_size(fixture);
    service::EditConventionOptions options;
    options.start = "01/01/2025";
    auto refused = service::edit_convention(fixture.context, id, options);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind == ErrorKind::data);
    CHECK(refused.error().message ==
          "la période du 01/01/2025 au 31/12/2027 laisserait de côté des données enregistrées : lignes budgétaires "
          "2024 (1 action) ; modifiez ou supprimez-les d'abord");
    CHECK(history_size(fixture) == before);
    // Shortening the end keeps 2024: accepted.
    options.start.reset();
    options.end = "31/12/2026";
    auto shortened = service::edit_convention(fixture.context, id, options);
    REQUIRE_MESSAGE(shortened, (shortened ? "" : shortened.error().message));
    CHECK(shortened->changed);
  }
}
