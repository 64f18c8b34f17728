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

// Restores what the audit entry `entry` (an action's deletion) keeps, in a transaction committed only
// when the restore succeeds.
Result<void> restore_entry(store::Database& database, std::int64_t entry) {
  const auto deletion = store::audit_entry(database, entry);
  REQUIRE(deletion);
  const auto old_value = util::Json::parse(deletion->old_value);
  REQUIRE(old_value);
  store::WriteTransaction transaction(database, test::test_actor("restore"));
  auto restored = store::restore_snapshot(transaction.connection(), *old_value->find("snapshot"));
  if (restored) {
    transaction.commit();
  }
  return restored;
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

std::string single_text(SQLite::Database& db, const std::string& sql) {
  SQLite::Statement query(db, sql);
  REQUIRE(query.executeStep());
  return query.getColumn(0).getString();
}

// An action's content as its hash covers it, and the hash recorded.
std::string content_of(SQLite::Database& db, std::int64_t action_id) {
  const auto stored = store::load_action(db, action_id);
  REQUIRE(stored);
  return store::action_content_json(stored->action, stored->answers).dump() + " " + stored->action.content_hash;
}

// A bilan's number and content.
std::string bilan_of(SQLite::Database& db, std::int64_t action_id) {
  const auto bilan = store::load_bilan(db, action_id, 2024);
  REQUIRE(bilan);
  return store::bilan_content_json(*bilan).dump();
}

std::vector<std::int64_t> ids_of(SQLite::Database& db, const std::string& table, std::int64_t action_id) {
  SQLite::Statement query(db, fmt::format("SELECT id FROM {} WHERE action_id = ? ORDER BY id", table));
  query.bind(1, action_id);
  std::vector<std::int64_t> ids;
  while (query.executeStep()) {
    ids.push_back(query.getColumn(0).getInt64());
  }
  return ids;
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

TEST_SUITE("store::SnapshotRestorer") {
  TEST_CASE("the keys of restored answers are listed in answer_keys") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "p.sqlite");
    auto& db = database.connection();
    const auto convention = add_convention(database, "Conseil départemental - Nord");
    const auto deleted = insert_action(database, small_action(convention, "A-1"));
    const std::string keys = single_text(db, "SELECT group_concat(field_key, ' ') FROM answer_keys");
    REQUIRE_FALSE(keys.empty());
    const std::int64_t entry = delete_action(database, deleted);
    // As in a base whose answers under these keys were all deleted before answer_keys existed.
    db.exec("DELETE FROM answer_keys");
    REQUIRE(restore_entry(database, entry));
    CHECK(single_text(db, "SELECT group_concat(field_key, ' ') FROM answer_keys") == keys);
  }

  TEST_CASE("a restore gives new ids to the child rows taken since; content, hash and bilan stay the same") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "p.sqlite");
    auto& db = database.connection();
    const auto convention = add_convention(database, "Conseil départemental - Nord");
    const auto deleted = insert_action(database, small_action(convention, "A-1"));
    {
      store::WriteTransaction transaction(database, test::test_actor("validate"));
      store::Validation validation;
      validation.action_id = deleted;
      validation.side = domain::Side::collectivite;
      validation.user = "testeur";
      validation.at = "2026-11-22T10:00:00Z";
      validation.form_id = "action-cls-departement";
      validation.form_version = 1;
      validation.content_hash = single_text(db, fmt::format("SELECT content_hash FROM actions WHERE id = {}", deleted));
      store::record_validation(transaction, validation);
      transaction.commit();
    }
    const auto bilan_number = save_bilan(database, sample_bilan(deleted, "A-1"));
    const auto content_before = content_of(db, deleted);
    const auto bilan_before = bilan_of(db, deleted);
    const auto budget_ids = ids_of(db, "budget_lines", deleted);
    const auto indicator_ids = ids_of(db, "indicators", deleted);
    const std::int64_t entry = delete_action(database, deleted);

    // A new action takes the freed ids of budget lines, indicators, validations; its bilan those of
    // the expenses and realised indicators.
    const auto other = insert_action(database, small_action(convention, "A-2", 7000));
    CHECK(ids_of(db, "budget_lines", other) == budget_ids);
    CHECK(ids_of(db, "indicators", other) == indicator_ids);
    {
      store::WriteTransaction transaction(database, test::test_actor("validate"));
      store::Validation validation;
      validation.action_id = other;
      validation.user = "testeur";
      validation.content_hash = single_text(db, fmt::format("SELECT content_hash FROM actions WHERE id = {}", other));
      store::record_validation(transaction, validation);
      transaction.commit();
    }
    bool number_taken = false;
    SUBCASE("the bilan's number is free") {
      CHECK(save_bilan(database, sample_bilan(other, "A-2")) != bilan_number);
    }
    SUBCASE("the bilan's number was given again (a database from before numbers were kept)") {
      number_taken = true;
      db.exec(
          fmt::format("INSERT INTO bilans (id, action_id, year, form_id, form_version, created_at, updated_at) "
                      "VALUES ({}, {}, 2024, 'bilan-cls', 1, 'x', 'x')",
                      bilan_number, other));
    }
    const auto other_before = content_of(db, other);
    const auto other_bilan_before = bilan_of(db, other);

    {
      auto restored = restore_entry(database, entry);
      REQUIRE_MESSAGE(restored, (restored ? "" : restored.error().message));
    }
    CHECK(content_of(db, deleted) == content_before);
    CHECK(bilan_of(db, deleted) == bilan_before);
    CHECK(content_of(db, other) == other_before);
    CHECK(bilan_of(db, other) == other_bilan_before);
    const auto bilan_id = single_int(db, fmt::format("SELECT id FROM bilans WHERE action_id = {}", deleted));
    CHECK((bilan_id == bilan_number) == !number_taken);
    const auto restored_budget = ids_of(db, "budget_lines", deleted);
    REQUIRE(restored_budget.size() == budget_ids.size());
    CHECK(restored_budget.front() > budget_ids.back());  // renumbered past the largest, in order
    CHECK(single_int(db, fmt::format("SELECT count(*) FROM indicator_values v JOIN indicators i ON i.id = "
                                     "v.indicator_id WHERE i.action_id = {}",
                                     deleted)) == 6);
    const auto validations = store::active_validations(db, deleted);
    REQUIRE(validations.size() == 1);
    CHECK(validations.front().content_hash == single_text(db, fmt::format("SELECT content_hash FROM actions "
                                                                          "WHERE id = {}",
                                                                          deleted)));
    check_sound(database);
  }

  TEST_CASE("ids that are free are kept") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "p.sqlite");
    auto& db = database.connection();
    const auto convention = add_convention(database, "Conseil départemental - Nord");
    const auto first = insert_action(database, small_action(convention, "A-1"));
    const auto second = insert_action(database, small_action(convention, "A-2"));
    const auto budget_ids = ids_of(db, "budget_lines", first);
    const auto indicator_ids = ids_of(db, "indicators", first);
    const std::int64_t entry = delete_action(database, first);
    (void)second;
    REQUIRE(restore_entry(database, entry));
    CHECK(ids_of(db, "budget_lines", first) == budget_ids);
    CHECK(ids_of(db, "indicators", first) == indicator_ids);
    check_sound(database);
  }

  TEST_CASE("a restore refuses to take the number of an action that exists") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "p.sqlite");
    const auto convention = add_convention(database, "Conseil départemental - Nord");
    const auto id = insert_action(database, small_action(convention, "A-1"));
    const std::int64_t entry = delete_action(database, id);
    // As a database from before numbers were kept may have it: another action under the same number.
    {
      store::WriteTransaction transaction(database, test::test_actor("action import"));
      store::ActionWriter writer(transaction);
      writer.insert(small_action(convention, "A-2"), id);
      transaction.commit();
    }
    auto refused = restore_entry(database, entry);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind == ErrorKind::conflict);
    CHECK(refused.error().message == fmt::format("restauration impossible : l'action n° {} existe déjà", id));
  }

  TEST_CASE("a restore names the action that took the reference since") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "p.sqlite");
    const auto convention = add_convention(database, "Conseil départemental - Nord");
    const auto id = insert_action(database, small_action(convention, "A-1"));
    const std::int64_t entry = delete_action(database, id);
    const auto again = insert_action(database, small_action(convention, "A-1"));  // re-imported
    auto refused = restore_entry(database, entry);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind == ErrorKind::conflict);
    CHECK(refused.error().message ==
          fmt::format("restauration impossible : la référence « A-1 » de la convention n° {} est reprise par "
                      "l'action n° {} ; supprimez cette action ou changez sa référence (pilot action edit), puis "
                      "restaurez",
                      convention, again));
  }
}
