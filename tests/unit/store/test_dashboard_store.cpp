// store::query_dashboard on the hand-checked dataset (tests/unit/report/test_dashboard_dataset.hpp):
// each tally in the scope (département 80: Amiens Métropole and the Somme) and nationally.
#include <doctest/doctest.h>

#include <functional>

#include "../report/test_dashboard_dataset.hpp"
#include "dashboard_test_support.hpp"
#include "store/dashboard_store.hpp"

using namespace pilot;
using store::Figure;
using test::answer;
using test::answer_actions;

namespace doctest {
template <>
struct StringMaker<Figure> {
  static String convert(const Figure& figure) {
    return ("{scope " + std::to_string(figure.scope) + ", national " + std::to_string(figure.national) + "}").c_str();
  }
};
}  // namespace doctest

namespace {

constexpr std::int64_t k_euro = 100;

store::DashboardQuery base_query() {
  store::DashboardQuery query;
  query.bilan_year = 2025;
  query.cls_forms = {"action-cls-departement", "action-cls-metropole"};
  query.cie_forms = {"action-cie"};
  query.answer_fields = {"publics", "public_specifique", "qpv", "zone_rurale"};
  query.type_fields = {"nature"};
  query.family_fields = {"axe", "volet", "type_action"};
  query.budget_fields = {"axe", "volet", "champs"};
  return query;
}

store::DashboardQuery somme_query() {
  auto query = base_query();
  query.scope.departement_codes = {"80"};
  return query;
}

Figure actions_where(const store::DashboardFacts& facts, const std::function<bool(const store::ActionTally&)>& keep) {
  Figure total;
  for (const auto& tally : facts.actions) {
    if (keep(tally)) {
      total += tally.actions;
    }
  }
  return total;
}

Figure budget_of(const store::DashboardFacts& facts, std::optional<store::ActionFamily> family,
                 std::optional<domain::FinancerType> financer) {
  Figure total;
  for (const auto& tally : facts.budgets) {
    if ((!family || tally.family == *family) && (!financer || tally.financer == *financer)) {
      total += tally.cents;
    }
  }
  return total;
}

struct Fixture {
  test::ScratchDirectory scratch;
  store::Database database = test::make_database(scratch.path() / "dashboard.sqlite");
  test::DashboardDataset data = test::fill_dashboard_dataset(database);
};

}  // namespace

TEST_SUITE("store::dashboard") {
  TEST_CASE("conventions and actions, in the scope and nationally") {
    Fixture fixture;
    const auto facts = store::query_dashboard(fixture.database, somme_query());
    CHECK(facts.territorial);
    std::map<domain::ConventionType, Figure> conventions;
    for (const auto& tally : facts.conventions) {
      conventions[tally.type] = tally.conventions;
    }
    CHECK(conventions[domain::ConventionType::cls] == Figure{1, 2});
    CHECK(conventions[domain::ConventionType::unique] == Figure{1, 2});
    CHECK(conventions[domain::ConventionType::cie] == Figure{0, 0});

    // Live actions: n4 was dropped in 2025.
    CHECK(actions_where(facts, [](const auto&) { return true; }) == Figure{6, 12});
    auto status_is = [&](domain::ActionStatus status) {
      return actions_where(facts, [status](const auto& t) { return t.status == status; });
    };
    CHECK(status_is(domain::ActionStatus::brouillon) == Figure{1, 3});
    CHECK(status_is(domain::ActionStatus::validee_collectivite) == Figure{1, 1});
    CHECK(status_is(domain::ActionStatus::validee_etat) == Figure{1, 1});
    CHECK(status_is(domain::ActionStatus::double_validee) == Figure{3, 7});
    auto family_is = [&](store::ActionFamily family) {
      return actions_where(facts, [family](const auto& t) { return t.family == family; });
    };
    CHECK(family_is(store::ActionFamily::cls) == Figure{4, 8});
    CHECK(family_is(store::ActionFamily::cie) == Figure{2, 3});
    CHECK(family_is(store::ActionFamily::unclassified) == Figure{0, 1});  // n5: unknown form in a contrat unique
  }

  TEST_CASE("a national query has no territorial restriction: both figures are equal") {
    Fixture fixture;
    const auto facts = store::query_dashboard(fixture.database, base_query());
    CHECK_FALSE(facts.territorial);
    CHECK(actions_where(facts, [](const auto&) { return true; }) == Figure{12, 12});
    CHECK(budget_of(facts, std::nullopt, std::nullopt) == Figure{705'000 * k_euro, 705'000 * k_euro});
  }

  TEST_CASE("answers: counts by value, by convention type and by family") {
    Fixture fixture;
    const auto facts = store::query_dashboard(fixture.database, somme_query());
    CHECK(answer_actions(facts, "publics", "beneficiaires_rsa") == Figure{2, 3});
    CHECK(answer_actions(facts, "publics", "jeunes") == Figure{2, 2});  // n4's « jeunes » is dropped
    CHECK(answer_actions(facts, "publics", "tout_public") == Figure{1, 2});
    Figure answering;
    for (const auto& tally : facts.answers) {
      if (tally.field_key == "publics") {
        answering += tally.answering;
      }
    }
    CHECK(answering == Figure{5, 10});  // s3 and n5 name no public
    CHECK(answer_actions(facts, "qpv", "oui") == Figure{2, 4});
    CHECK(answer_actions(facts, "qpv", "non") == Figure{4, 8});
    CHECK(answer_actions(facts, "public_specifique", "oui") == Figure{2, 4});
    CHECK(answer_actions(facts, "zone_rurale", "oui") == Figure{2, 3});
    CHECK(answer_actions(facts, "zone_rurale", "non") == Figure{4, 8});

    const auto* nouvelle = answer(facts, "nature", "nouvelle");
    REQUIRE(nouvelle != nullptr);
    CHECK(nouvelle->actions_by_convention_type[store::index_of(domain::ConventionType::cls)] == Figure{2, 3});
    CHECK(nouvelle->actions_by_convention_type[store::index_of(domain::ConventionType::unique)] == Figure{1, 3});
    CHECK(nouvelle->actions_by_convention_type[store::index_of(domain::ConventionType::cie)] == Figure{0, 0});

    const auto cls = store::index_of(store::ActionFamily::cls);
    const auto cie = store::index_of(store::ActionFamily::cie);
    const auto* axe_1 = answer(facts, "axe", "axe_1");
    REQUIRE(axe_1 != nullptr);
    CHECK(axe_1->actions_by_family[cls] == Figure{1, 3});
    const auto* volet_3 = answer(facts, "volet", "volet_3");
    REQUIRE(volet_3 != nullptr);
    CHECK(volet_3->actions_by_family[cie] == Figure{0, 1});
    const auto* aller_vers = answer(facts, "type_action", "aller_vers");
    REQUIRE(aller_vers != nullptr);
    CHECK(aller_vers->actions_by_family[cls] == Figure{2, 2});
    const auto* autre = answer(facts, "type_action", "autre");
    REQUIRE(autre != nullptr);
    CHECK(autre->actions_by_family[store::index_of(store::ActionFamily::unclassified)] == Figure{0, 1});
  }

  TEST_CASE("budgets: « Pour info » lines never count, a dropped action keeps its earlier years") {
    Fixture fixture;
    const auto facts = store::query_dashboard(fixture.database, somme_query());
    using domain::FinancerType;
    CHECK(budget_of(facts, std::nullopt, std::nullopt) == Figure{278'000 * k_euro, 705'000 * k_euro});
    CHECK(budget_of(facts, std::nullopt, FinancerType::etat) == Figure{125'000 * k_euro, 342'000 * k_euro});
    CHECK(budget_of(facts, std::nullopt, FinancerType::collectivite) == Figure{143'000 * k_euro, 348'000 * k_euro});
    CHECK(budget_of(facts, std::nullopt, FinancerType::autre) == Figure{10'000 * k_euro, 15'000 * k_euro});
    CHECK(budget_of(facts, store::ActionFamily::cls, std::nullopt) == Figure{176'000 * k_euro, 502'000 * k_euro});
    CHECK(budget_of(facts, store::ActionFamily::cie, std::nullopt) == Figure{102'000 * k_euro, 202'000 * k_euro});
    CHECK(budget_of(facts, store::ActionFamily::unclassified, std::nullopt) == Figure{0, 1'000 * k_euro});

    const auto cls = store::index_of(store::ActionFamily::cls);
    const auto* axe_1 = answer(facts, "axe", "axe_1");
    REQUIRE(axe_1 != nullptr);
    // a1 30k in the scope; nationally a1 30k + n1 200k + n4 6k (its 2024 line) + p2 30k.
    CHECK(axe_1->cents_by_family[cls] == Figure{30'000 * k_euro, 266'000 * k_euro});
    const auto* insertion = answer(facts, "champs", "insertion_professionnelle");
    REQUIRE(insertion != nullptr);
    CHECK(insertion->cents == Figure{140'000 * k_euro, 240'000 * k_euro});
    const auto* jeunesse = answer(facts, "champs", "jeunesse");
    REQUIRE(jeunesse != nullptr);
    CHECK(jeunesse->cents == Figure{30'000 * k_euro, 36'000 * k_euro});
    Figure answering;
    Figure per_champ;
    for (const auto& tally : facts.answers) {
      if (tally.field_key == "champs") {
        answering += tally.answering_cents;
        per_champ += tally.cents;
      }
    }
    // Each action once: all but s3 (12k) and n5 (1k), which name no champ.
    CHECK(answering == Figure{266'000 * k_euro, 692'000 * k_euro});
    // Once per champ: a1, s1, n2 and p2 name two.
    CHECK(per_champ ==
          Figure{(266'000 + 30'000 + 80'000) * k_euro, (692'000 + 30'000 + 80'000 + 100'000 + 30'000) * k_euro});
  }

  TEST_CASE("status filter: one side's validation still counts as a draft") {
    Fixture fixture;
    auto query = somme_query();
    query.status = store::StatusFilter::double_validee;
    auto facts = store::query_dashboard(fixture.database, query);
    const auto cls = store::index_of(store::ActionFamily::cls);
    CHECK(answer(facts, "axe", "axe_1")->actions_by_family[cls] == Figure{1, 2});
    CHECK(answer(facts, "axe", "axe_3")->actions_by_family[cls] == Figure{1, 2});
    CHECK(answer(facts, "axe", "axe_2") == nullptr);
    CHECK(budget_of(facts, store::ActionFamily::cls, std::nullopt) == Figure{110'000 * k_euro, 406'000 * k_euro});

    query.status = store::StatusFilter::brouillon;
    facts = store::query_dashboard(fixture.database, query);
    CHECK(answer_actions(facts, "qpv", "oui") == Figure{1, 1});  // a2 (the others in QPV are double-validated)
    CHECK(budget_of(facts, std::nullopt, std::nullopt) ==
          Figure{(50'000 + 16'000 + 12'000) * k_euro, (50'000 + 16'000 + 12'000 + 100'000 + 30'000) * k_euro});
  }

  TEST_CASE("year: budget lines of that year, actions live that year, its bilans") {
    Fixture fixture;
    auto query = somme_query();
    query.year = 2024;
    query.bilan_year = 2024;
    const auto facts = store::query_dashboard(fixture.database, query);
    CHECK(actions_where(facts, [](const auto&) { return true; }) == Figure{6, 13});  // n4 still live in 2024
    CHECK(budget_of(facts, std::nullopt, std::nullopt) == Figure{240'000 * k_euro, 597'000 * k_euro});
    REQUIRE(!facts.bilans.empty());
    Figure expected;
    Figure done;
    for (const auto& tally : facts.bilans) {
      expected += tally.expected;
      done += tally.with_bilan;
    }
    CHECK(expected == Figure{6, 13});
    CHECK(done == Figure{1, 1});  // s2
  }

  TEST_CASE("bilans, execution and indicators of the bilan year") {
    Fixture fixture;
    const auto facts = store::query_dashboard(fixture.database, somme_query());
    Figure expected;
    Figure done;
    for (const auto& tally : facts.bilans) {
      expected += tally.expected;
      done += tally.with_bilan;
    }
    CHECK(expected == Figure{6, 12});
    CHECK(done == Figure{1, 3});  // a1, n3, p2

    REQUIRE(facts.execution.size() == 3);
    CHECK(facts.execution[0].financer == domain::FinancerType::etat);
    CHECK(facts.execution[0].planned_cents == Figure{5'000 * k_euro, 40'000 * k_euro});
    CHECK(facts.execution[0].realised_cents == Figure{4'000 * k_euro, 24'000 * k_euro});
    CHECK(facts.execution[1].planned_cents == Figure{5'000 * k_euro, 35'000 * k_euro});
    CHECK(facts.execution[1].realised_cents == Figure{5'000 * k_euro, 15'000 * k_euro});
    CHECK(facts.execution[2].planned_cents == Figure{0, 5'000 * k_euro});
    CHECK(facts.execution[2].realised_cents == Figure{0, 5'000 * k_euro});  // the « Pour info » 9 999 € excluded

    REQUIRE(facts.indicators.size() == 3);
    const auto& national = facts.indicators[0];
    CHECK(national.kind == domain::IndicatorKind::national);
    CHECK(national.with_target == Figure{1, 2});
    CHECK(national.with_realised == Figure{1, 2});
    CHECK(national.reached == Figure{1, 2});  // 120 ≥ 100 and 20 ≥ 20
    const auto& local = facts.indicators[1];
    CHECK(local.with_target == Figure{2, 2});
    CHECK(local.with_realised == Figure{1, 1});  // a1's plan carries 8
    CHECK(local.reached == Figure{0, 0});
    const auto& impact = facts.indicators[2];
    CHECK(impact.with_target == Figure{0, 1});
    CHECK(impact.with_realised == Figure{0, 0});
  }

  TEST_CASE("types restrict both figures; a région scope; an empty base") {
    Fixture fixture;
    auto query = base_query();
    query.scope.convention_types = {domain::ConventionType::cls};
    query.scope.region_codes = {"32"};
    auto facts = store::query_dashboard(fixture.database, query);
    CHECK(facts.territorial);
    CHECK(actions_where(facts, [](const auto&) { return true; }) == Figure{5, 5});  // Amiens and Pas-de-Calais
    CHECK(budget_of(facts, std::nullopt, std::nullopt) == Figure{176'000 * k_euro, 176'000 * k_euro});

    query.scope.convention_types.clear();
    query.scope.region_codes = {"53"};  // Bretagne: nothing there
    facts = store::query_dashboard(fixture.database, query);
    CHECK(actions_where(facts, [](const auto&) { return true; }) == Figure{0, 12});
    CHECK(budget_of(facts, std::nullopt, std::nullopt) == Figure{0, 705'000 * k_euro});

    test::ScratchDirectory empty_dir;
    auto empty = test::make_database(empty_dir.path() / "empty.sqlite");
    facts = store::query_dashboard(empty, base_query());
    CHECK(facts.conventions.empty());
    CHECK(facts.actions.empty());
    CHECK(facts.answers.empty());
    REQUIRE(facts.execution.size() == 3);
    CHECK(facts.execution[0].planned_cents == Figure{0, 0});
  }

  TEST_CASE("status_matches follows the guide") {
    using domain::ActionStatus;
    using store::StatusFilter;
    CHECK(store::status_matches(StatusFilter::all, ActionStatus::validee_etat));
    CHECK(store::status_matches(StatusFilter::brouillon, ActionStatus::validee_etat));
    CHECK(store::status_matches(StatusFilter::brouillon, ActionStatus::validee_collectivite));
    CHECK_FALSE(store::status_matches(StatusFilter::brouillon, ActionStatus::double_validee));
    CHECK(store::status_matches(StatusFilter::double_validee, ActionStatus::double_validee));
    CHECK_FALSE(store::status_matches(StatusFilter::double_validee, ActionStatus::brouillon));
  }
}
