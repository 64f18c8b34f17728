#include <doctest/doctest.h>
#include <fmt/format.h>

#include "domain/territory.hpp"
#include "store/action_queue.hpp"
#include "store/action_store.hpp"
#include "store/audit_store.hpp"
#include "store/bilan_store.hpp"
#include "store/convention_store.hpp"
#include "store/snapshot.hpp"
#include "store/validation_store.hpp"
#include "store_test_support.hpp"

using namespace pilot;

namespace {

std::int64_t add_convention(store::Database& database, std::string_view collectivite) {
  const auto reference = store::read_territories(database);
  auto found = domain::find_collectivite(reference.collectivites, collectivite);
  REQUIRE(found);
  const util::Date signed_on{2024, 6, 20};
  store::WriteTransaction transaction(database, test::test_actor("convention add"));
  auto id = store::insert_convention(
      transaction, {(*found)->id, domain::ConventionType::cls, signed_on,
                    domain::default_period(domain::ConventionType::cls, signed_on), "", std::nullopt, "convention", 1});
  REQUIRE(id);
  transaction.commit();
  return *id;
}

// An action with budget lines, indicators and their yearly values: rows with ids of their own.
domain::Action small_action(std::int64_t convention_id, const std::string& reference, std::int64_t amount = 1000) {
  domain::Action action;
  action.convention_id = convention_id;
  action.reference = reference;
  action.title = "Action " + reference;
  action.form_id = "action-cls-departement";
  action.form_version = 1;
  action.answers["axe"] = std::string("axe_1");
  action.answers["champs"] = std::vector<std::string>{"insertion", "logement"};
  for (const int year : {2024, 2025}) {
    action.budget.push_back({year, domain::FinancerType::etat, "", "fonctionnement", amount, std::nullopt, false, {}});
    action.budget.push_back({year, domain::FinancerType::collectivite, "CD", "", amount, 0.5, false, {}});
  }
  for (int i = 0; i < 3; ++i) {
    domain::Indicator indicator{domain::IndicatorKind::local,
                                "",
                                fmt::format("Indicateur {} de {}", i, reference),
                                "nombre",
                                std::nullopt,
                                {},
                                {}};
    for (const int year : {2024, 2025}) {
      indicator.years.push_back({year, 10.0 * (i + 1) + year - 2024, std::nullopt, ""});
    }
    action.indicators.push_back(std::move(indicator));
  }
  return action;
}

std::int64_t insert_action(store::Database& database, const domain::Action& action) {
  store::WriteTransaction transaction(database, test::test_actor("action import"));
  store::ActionWriter writer(transaction);
  const std::int64_t id = writer.insert(action);
  transaction.commit();
  return id;
}

std::int64_t delete_action(store::Database& database, std::int64_t id) {
  store::WriteTransaction transaction(database, test::test_actor("action delete"));
  const auto stored = store::load_action(transaction.connection(), id);
  REQUIRE(stored);
  const std::int64_t entry = store::delete_action(transaction, *stored);
  transaction.commit();
  return entry;
}

store::Bilan sample_bilan(std::int64_t action_id, const std::string& note) {
  store::Bilan bilan;
  bilan.action_id = action_id;
  bilan.year = 2024;
  bilan.form_id = "bilan-cls";
  bilan.form_version = 1;
  bilan.answers.push_back({"commentaire", 0, note, std::nullopt});
  bilan.answers.push_back({"beneficiaires", 0, std::nullopt, 12.0});
  bilan.expenses.push_back({domain::FinancerType::etat, "", "fonctionnement", "Crédits", 900, std::nullopt, false, {}});
  bilan.expenses.push_back({domain::FinancerType::collectivite, "CD", "", "", 800, 0.5, false, {}});
  bilan.indicators.push_back(
      {domain::IndicatorKind::local, "", "Indicateur 0 de " + note, "nombre", 10.0, 9.0, "presque", {}});
  return bilan;
}

std::int64_t save_bilan(store::Database& database, const store::Bilan& bilan) {
  store::WriteTransaction transaction(database, test::test_actor("bilan set"));
  store::BilanWriter writer(transaction);
  const std::int64_t id = writer.save(bilan, std::nullopt);
  transaction.commit();
  return id;
}

std::int64_t single_int(SQLite::Database& db, const std::string& sql) {
  SQLite::Statement query(db, sql);
  REQUIRE(query.executeStep());
  return query.getColumn(0).getInt64();
}

// What `pilot check` verifies of the store: SQLite integrity and foreign keys, the audit chain,
// and each action's content against its recorded hash.
void check_sound(store::Database& database) {
  CHECK(database.integrity_problems().empty());
  CHECK_FALSE(store::verify_audit_chain(database).first_broken_id.has_value());
  auto& db = database.connection();
  for (const std::int64_t id : store::all_action_ids(db)) {
    const auto stored = store::load_action(db, id);
    REQUIRE(stored);
    CHECK_MESSAGE(store::action_content_hash(stored->action, stored->answers) == stored->action.content_hash,
                  "action n° ", id);
  }
}

}  // namespace

TEST_SUITE("store::numbering") {
  TEST_CASE("a deleted convention's number is not given again, and the convention restores under it") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "p.sqlite");
    const auto nord = add_convention(database, "Conseil départemental - Nord");
    const auto somme = add_convention(database, "Conseil départemental - Somme");
    {
      store::WriteTransaction transaction(database, test::test_actor("convention delete"));
      REQUIRE(store::delete_convention(transaction, somme, store::Cascade::no));
      transaction.commit();
    }
    const auto pas_de_calais = add_convention(database, "Conseil départemental - Pas-de-Calais");
    CHECK(nord == 1);
    CHECK(somme == 2);
    CHECK(pas_de_calais == 3);  // SQLite would give 2 again: one past the largest row left
    const auto deletion = store::last_deletion(database, "convention", somme);
    REQUIRE(deletion);
    const auto old_value = util::Json::parse(deletion->old_value);
    REQUIRE(old_value);
    {
      store::WriteTransaction transaction(database, test::test_actor("restore"));
      REQUIRE(store::restore_snapshot(transaction.connection(), *old_value->find("snapshot")));
      transaction.commit();
    }
    const auto restored = store::find_convention(database, somme);
    REQUIRE(restored);
    CHECK(restored->collectivite_name == "Conseil départemental - Somme");
  }

  TEST_CASE("a deleted action's number is not given again, whichever way actions are written") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "p.sqlite");
    const auto convention = add_convention(database, "Conseil départemental - Nord");
    const auto first = insert_action(database, small_action(convention, "A-1"));
    const auto second = insert_action(database, small_action(convention, "A-2"));
    CHECK(second == first + 1);
    delete_action(database, second);  // the largest number: SQLite would give it again

    SUBCASE("one by one (ActionWriter)") {
      const auto third = insert_action(database, small_action(convention, "A-3"));
      CHECK(third == second + 1);
      delete_action(database, third);
      CHECK(insert_action(database, small_action(convention, "A-4")) == third + 1);
    }
    SUBCASE("on the import's writer thread (ActionInsertQueue)") {
      REQUIRE(store::ActionInsertQueue::available());
      std::vector<std::int64_t> ids;
      {
        store::WriteTransaction transaction(database, test::test_actor("action import"));
        store::ActionInsertQueue queue(transaction);
        for (int i = 3; i <= 5; ++i) {
          ids.push_back(queue.push(small_action(convention, fmt::format("A-{}", i))));
        }
        queue.drain();
        transaction.commit();
      }
      CHECK(ids == std::vector<std::int64_t>{second + 1, second + 2, second + 3});
      CHECK(single_int(database.connection(), fmt::format("SELECT count(*) FROM actions WHERE id IN ({}, {}, {})",
                                                          ids[0], ids[1], ids[2])) == 3);
    }
    CHECK(single_int(database.connection(), fmt::format("SELECT count(*) FROM actions WHERE id = {}", second)) == 0);
    check_sound(database);
  }

  TEST_CASE("a bilan's number is not given again once its action is deleted") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "p.sqlite");
    const auto convention = add_convention(database, "Conseil départemental - Nord");
    const auto first = insert_action(database, small_action(convention, "A-1"));
    const auto first_bilan = save_bilan(database, sample_bilan(first, "A-1"));
    delete_action(database, first);  // its bilan goes with it
    const auto second = insert_action(database, small_action(convention, "A-2"));
    CHECK(second == first + 1);
    CHECK(save_bilan(database, sample_bilan(second, "A-2")) == first_bilan + 1);
  }
}
