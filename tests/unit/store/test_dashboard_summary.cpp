// The dashboard's stored summaries: a change made by any write path between two dashboards shows in
// the second one (a stale summary would be a bug), incremental refreshes give the same figures as a
// recomputation from scratch, and a read-only file still gets a correct dashboard.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "../report/test_dashboard_dataset.hpp"
#include "dashboard_test_support.hpp"
#include "store/bilan_store.hpp"
#include "store/campaign_store.hpp"
#include "store/dashboard_store.hpp"

using namespace pilot;
using store::Figure;
using test::answer;
using test::answer_actions;

namespace {

store::DashboardQuery query_of(store::StatusFilter status = store::StatusFilter::all,
                               std::optional<int> year = std::nullopt) {
  store::DashboardQuery query;
  query.scope.departement_codes = {"80"};
  query.status = status;
  query.year = year;
  query.bilan_year = 2025;
  query.cls_forms = {"action-cls-departement", "action-cls-metropole"};
  query.cie_forms = {"action-cie"};
  query.answer_fields = {"publics", "public_specifique", "qpv", "zone_rurale"};
  query.type_fields = {"nature"};
  query.family_fields = {"axe", "volet", "type_action"};
  query.budget_fields = {"axe", "volet", "champs"};
  return query;
}

std::string text(const Figure& figure) {
  return fmt::format("{}/{}", figure.scope, figure.national);
}

// Every figure of the facts, in order: two facts print the same iff they hold the same figures.
std::string dump(const store::DashboardFacts& facts) {
  std::string out;
  for (const auto& t : facts.conventions) {
    out += fmt::format("C {} {}\n", domain::to_code(t.type), text(t.conventions));
  }
  for (const auto& t : facts.actions) {
    out += fmt::format("A {} {} {} {}\n", domain::to_code(t.convention_type), store::index_of(t.family),
                       domain::to_code(t.status), text(t.actions));
  }
  for (const auto& t : facts.answers) {
    out += fmt::format("R {}={} {} {} €{} €{}", t.field_key, t.value, text(t.actions), text(t.answering), text(t.cents),
                       text(t.answering_cents));
    for (std::size_t i = 0; i < 3; ++i) {
      out += fmt::format(" {} {} €{}", text(t.actions_by_convention_type[i]), text(t.actions_by_family[i]),
                         text(t.cents_by_family[i]));
    }
    out += '\n';
  }
  for (const auto& t : facts.budgets) {
    out += fmt::format("B {} {} {}\n", store::index_of(t.family), domain::to_code(t.financer), text(t.cents));
  }
  for (const auto& t : facts.bilans) {
    out += fmt::format("L {} {} {}\n", domain::to_code(t.convention_type), text(t.expected), text(t.with_bilan));
  }
  for (const auto& t : facts.execution) {
    out += fmt::format("E {} {} {}\n", domain::to_code(t.financer), text(t.planned_cents), text(t.realised_cents));
  }
  for (const auto& t : facts.indicators) {
    out += fmt::format("I {} {} {} {}\n", domain::to_code(t.kind), text(t.with_target), text(t.with_realised),
                       text(t.reached));
  }
  return out;
}

// The same query on summaries recomputed from scratch (and stored again).
std::string from_scratch(store::Database& database, const store::DashboardQuery& query) {
  database.connection().exec("DELETE FROM dashboard_fresh");
  return dump(store::query_dashboard(database, query));
}

// Axe answers are tallied by action family (the CLS charts).
Figure axe_actions(const store::DashboardFacts& facts, std::string_view value) {
  const auto* tally = answer(facts, "axe", value);
  return tally == nullptr ? Figure{} : tally->actions_by_family[store::index_of(store::ActionFamily::cls)];
}

Figure double_validated(const store::DashboardFacts& facts) {
  Figure total;
  for (const auto& tally : facts.actions) {
    if (tally.status == domain::ActionStatus::double_validee) {
      total += tally.actions;
    }
  }
  return total;
}

Figure live_actions(const store::DashboardFacts& facts) {
  Figure total;
  for (const auto& tally : facts.actions) {
    total += tally.actions;
  }
  return total;
}

Figure budget(const store::DashboardFacts& facts) {
  Figure total;
  for (const auto& tally : facts.budgets) {
    total += tally.cents;
  }
  return total;
}

std::int64_t stored_rows(store::Database& database, const char* table) {
  SQLite::Statement count(database.connection(), fmt::format("SELECT count(*) FROM main.{}", table));
  count.executeStep();
  return count.getColumn(0).getInt64();
}

struct Fixture {
  test::ScratchDirectory scratch;
  std::filesystem::path file = scratch.path() / "dashboard.sqlite";
  store::Database database = test::make_database(file);
  test::DashboardDataset data = test::fill_dashboard_dataset(database);

  store::StoredAction action(const std::string& ref) {
    auto stored = store::load_action(database.connection(), data.actions.at(ref));
    REQUIRE(stored);
    return *stored;
  }
};

constexpr std::int64_t k_euro = 100;

}  // namespace

TEST_SUITE("store::dashboard summaries") {
  TEST_CASE("the first dashboard stores every convention, the next ones reuse them") {
    Fixture fixture;
    const auto first = store::query_dashboard(fixture.database, query_of());
    CHECK(first.summaries_stored == 4);
    CHECK(first.summaries_computed == 0);
    CHECK(stored_rows(fixture.database, "dashboard_fresh") == 4);
    CHECK(stored_rows(fixture.database, "dashboard_answers") > 0);
    const auto second = store::query_dashboard(fixture.database, query_of());
    CHECK(second.summaries_stored == 0);
    CHECK(second.summaries_computed == 0);
    CHECK(dump(second) == dump(first));
    // Other filters are answered from the same summaries.
    const auto filtered = store::query_dashboard(fixture.database, query_of(store::StatusFilter::double_validee, 2024));
    CHECK(filtered.summaries_stored == 0);
    CHECK(dump(filtered) == from_scratch(fixture.database, query_of(store::StatusFilter::double_validee, 2024)));
  }

  TEST_CASE("an action edited through ActionWriter::replace shows in the next dashboard") {
    Fixture fixture;
    const auto before = store::query_dashboard(fixture.database, query_of());
    CHECK(axe_actions(before, "axe_2") == Figure{1, 1});
    {
      store::WriteTransaction transaction(fixture.database, test::test_actor("action edit"));
      store::ActionWriter writer(transaction);
      const auto stored = fixture.action("a1");
      auto changed = stored.action;
      changed.answers["axe"] = std::string("axe_2");
      changed.budget.push_back(test::dataset_detail::line(2026, domain::FinancerType::etat, 1'000));
      writer.replace(stored.action.id, changed, stored);
      transaction.commit();
    }
    const auto after = store::query_dashboard(fixture.database, query_of());
    CHECK(after.summaries_stored == 1);  // Amiens only
    CHECK(axe_actions(after, "axe_2") == Figure{2, 2});
    CHECK(axe_actions(after, "axe_1").national == axe_actions(before, "axe_1").national - 1);
    CHECK(budget(after).national == budget(before).national + 1'000 * k_euro);
    CHECK(dump(after) == from_scratch(fixture.database, query_of()));
  }

  TEST_CASE("validation, drop, deletion and restore of actions show in the next dashboard") {
    Fixture fixture;
    const auto dv = query_of(store::StatusFilter::double_validee);
    const auto before = store::query_dashboard(fixture.database, dv);
    SUBCASE("validation") {
      {
        store::WriteTransaction transaction(fixture.database, test::test_actor("validate"));
        store::set_action_status(transaction, fixture.data.actions.at("a2"), domain::ActionStatus::double_validee,
                                 "test");
        transaction.commit();
      }
      const auto after = store::query_dashboard(fixture.database, dv);
      CHECK(double_validated(after).scope == double_validated(before).scope + 1);
      CHECK(dump(after) == from_scratch(fixture.database, dv));
    }
    SUBCASE("drop") {
      {
        store::WriteTransaction transaction(fixture.database, test::test_actor("update drop"));
        store::set_dropped_year(transaction, fixture.data.actions.at("s1"), 2024, "test");
        transaction.commit();
      }
      const auto after = store::query_dashboard(fixture.database, dv);
      CHECK(live_actions(after).national == live_actions(before).national - 1);
      // Dropped in 2024: its 2024 lines are no longer counted (lines before the drop year only).
      CHECK(budget(after).national == budget(before).national - 80'000 * k_euro);
      CHECK(dump(after) == from_scratch(fixture.database, dv));
    }
    SUBCASE("deletion") {
      {
        store::WriteTransaction transaction(fixture.database, test::test_actor("action delete"));
        store::delete_action(transaction, fixture.action("n1"));
        transaction.commit();
      }
      const auto after = store::query_dashboard(fixture.database, dv);
      CHECK(live_actions(after).national == live_actions(before).national - 1);
      CHECK(axe_actions(after, "axe_1").national == axe_actions(before, "axe_1").national - 1);
      CHECK(dump(after) == from_scratch(fixture.database, dv));
    }
  }

  TEST_CASE("a bilan entered or changed shows in the next dashboard") {
    Fixture fixture;
    const auto before = store::query_dashboard(fixture.database, query_of());
    auto with_bilan = [](const store::DashboardFacts& facts) {
      Figure total;
      for (const auto& tally : facts.bilans) {
        total += tally.with_bilan;
      }
      return total;
    };
    store::Bilan bilan;
    bilan.action_id = fixture.data.actions.at("s1");
    bilan.year = 2025;
    bilan.form_id = "bilan";
    bilan.form_version = 1;
    bilan.expenses.push_back(
        {domain::FinancerType::etat, "", "", "Permanences", 3'000 * k_euro, std::nullopt, false, {}});
    {
      store::WriteTransaction transaction(fixture.database, test::test_actor("bilan set"));
      store::BilanWriter writer(transaction);
      writer.save(bilan, std::nullopt);
      transaction.commit();
    }
    const auto after = store::query_dashboard(fixture.database, query_of());
    CHECK(with_bilan(after).scope == with_bilan(before).scope + 1);
    CHECK(after.execution[0].realised_cents.scope == before.execution[0].realised_cents.scope + 3'000 * k_euro);
    CHECK(dump(after) == from_scratch(fixture.database, query_of()));

    // Changing the bilan rewrites its expenses only: the bilan row's update is what marks it.
    bilan.expenses[0].amount_cents = 4'000 * k_euro;
    {
      store::WriteTransaction transaction(fixture.database, test::test_actor("bilan set"));
      store::BilanWriter writer(transaction);
      writer.save(bilan, store::load_bilan(fixture.database.connection(), bilan.action_id, 2025));
      transaction.commit();
    }
    const auto changed = store::query_dashboard(fixture.database, query_of());
    CHECK(changed.summaries_stored == 1);
    CHECK(changed.execution[0].realised_cents.scope == before.execution[0].realised_cents.scope + 4'000 * k_euro);
  }

  TEST_CASE("a child row changed in place outside pilot marks its convention") {
    Fixture fixture;
    const auto before = store::query_dashboard(fixture.database, query_of());
    fixture.database.connection().exec(
        fmt::format("UPDATE budget_lines SET amount_cents = amount_cents + 100 WHERE action_id = {}",
                    fixture.data.actions.at("p1")));
    const auto after = store::query_dashboard(fixture.database, query_of());
    CHECK(after.summaries_stored == 1);
    CHECK(budget(after).national == budget(before).national + 200);
  }

  TEST_CASE("a read-only connection gets a correct dashboard and nothing is stored") {
    // A write-protected file opens read-only: SQLite then refuses writes exactly as here (tests run
    // as root, whom file modes do not stop; tests/e2e/test_dashboard.sh uses another user).
    Fixture fixture;
    const auto query = query_of();
    const auto stored = store::query_dashboard(fixture.database, query);
    // A change after the summaries were stored: the read-only view must compute Amiens again.
    {
      store::WriteTransaction transaction(fixture.database, test::test_actor("validate"));
      store::set_action_status(transaction, fixture.data.actions.at("a2"), domain::ActionStatus::double_validee,
                               "test");
      transaction.commit();
    }
    auto database = store::Database::open(fixture.file, store::Access::read_only);
    REQUIRE(database);
    SUBCASE("one convention changed") {
      const auto facts = store::query_dashboard(*database, query);
      CHECK(facts.summaries_stored == 0);
      CHECK(facts.summaries_computed == 1);
      CHECK(stored_rows(*database, "dashboard_fresh") == 3);
      // No temporary table is left behind: a second view computes again, with the same result.
      const auto again = store::query_dashboard(*database, query);
      CHECK(again.summaries_computed == 1);
      CHECK(dump(again) == dump(facts));
      CHECK(dump(facts) != dump(stored));
      CHECK(dump(facts) == from_scratch(fixture.database, query));
    }
    SUBCASE("a field never summarised") {
      auto wider = query;
      wider.answer_fields.push_back("intitule");
      const auto facts = store::query_dashboard(*database, wider);
      CHECK(facts.summaries_computed == 4);
      CHECK(answer_actions(facts, "intitule", "Action de test") == Figure{6, 12});  // n4 dropped
      CHECK(dump(facts) == from_scratch(fixture.database, wider));
    }
  }

  TEST_CASE("inside a caller's transaction nothing is stored") {
    Fixture fixture;
    fixture.database.connection().exec("BEGIN");
    const auto facts = store::query_dashboard(fixture.database, query_of());
    CHECK(facts.summaries_computed == 4);
    CHECK(stored_rows(fixture.database, "dashboard_fresh") == 0);
    fixture.database.connection().exec("COMMIT");
    CHECK(dump(facts) == from_scratch(fixture.database, query_of()));
  }
}
