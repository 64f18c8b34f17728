#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <string>

#include "store/action_queue.hpp"
#include "store/action_store.hpp"
#include "store/audit_store.hpp"
#include "store/import_store.hpp"
#include "store_test_support.hpp"
#include "util/sha256.hpp"

using namespace pilot;

namespace {

std::int64_t add_convention(store::Database& database) {
  auto& db = database.connection();
  db.exec(
      "INSERT INTO conventions (collectivite_id, type, signed_on, start_on, end_on, form_id, form_version, created_at, "
      "updated_at) SELECT min(id), 'cls', '2024-06-20', '2024-01-01', '2027-12-31', 'convention-cls', 1, 'x', 'x' "
      "FROM collectivites");
  return db.getLastInsertRowid();
}

// An action with every kind of answer, « extra » columns, and more indicators than one batch holds.
domain::Action sample_action(std::int64_t convention_id, const std::string& reference) {
  domain::Action action;
  action.convention_id = convention_id;
  action.reference = reference;
  action.title = "Épicerie \"solidaire\"\nà Lille";
  action.form_id = "action-cls-departement";
  action.form_version = 1;
  action.answers["axe"] = std::string("axe_1");
  action.answers["champs"] = std::vector<std::string>{"insertion", "logement", "sante"};
  action.answers["beneficiaires_attendus"] = std::int64_t{40};
  action.answers["taux"] = 12.5;
  action.answers["date_debut"] = util::Date{2024, 3, 14};
  action.answers["qpv"] = true;
  for (int year = 2024; year <= 2027; ++year) {
    action.budget.push_back({year,
                             domain::FinancerType::etat,
                             "",
                             "fonctionnement",
                             2'350'000,
                             std::nullopt,
                             false,
                             {{"objet", "Crédits " + std::to_string(year)}}});
    action.budget.push_back({year, domain::FinancerType::collectivite, "CD", "", 2'350'000, 0.5, false, {}});
  }
  for (int i = 0; i < 40; ++i) {
    domain::Indicator indicator{i == 0 ? domain::IndicatorKind::national : domain::IndicatorKind::local,
                                i == 0 ? "MOB_PERSONNES_PLATEFORME" : "",
                                "Indicateur " + std::to_string(i),
                                "nombre",
                                i % 2 == 0 ? std::optional<double>(100) : std::nullopt,
                                {},
                                {}};
    for (const int year : {2024, 2025, 2026}) {
      indicator.years.push_back({year, 100.0 + year - 2024 + i, std::nullopt, year == 2024 ? "révisée" : ""});
    }
    action.indicators.push_back(std::move(indicator));
  }
  return action;
}

std::string single_text(SQLite::Database& db, const std::string& sql) {
  SQLite::Statement query(db, sql);
  REQUIRE(query.executeStep());
  return query.getColumn(0).getString();
}

std::int64_t single_int(SQLite::Database& db, const std::string& sql) {
  SQLite::Statement query(db, sql);
  REQUIRE(query.executeStep());
  return query.getColumn(0).getInt64();
}

}  // namespace

TEST_SUITE("store::ActionWriter") {
  TEST_CASE("insert stores the content, hashes what the audit entry records, and reads back the same") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "pilot.sqlite");
    const std::int64_t convention = add_convention(database);
    const domain::Action action = sample_action(convention, "CLS-01");
    std::int64_t id = 0;
    {
      store::WriteTransaction transaction(database, test::test_actor("action import"));
      store::ActionWriter writer(transaction);
      id = writer.insert(action);
      CHECK(writer.insert(sample_action(convention, "CLS-02")) == id + 1);
      transaction.commit();
    }
    auto& db = database.connection();
    const auto answers = store::encode_answers(action.answers);
    const util::Json content = store::action_content_json(action, answers);
    CHECK(single_text(db, "SELECT content_hash FROM actions WHERE id = " + std::to_string(id)) ==
          util::sha256_hex(content.dump()));
    util::Json expected = util::Json::object();
    expected.set("convention", convention).set("empreinte", util::sha256_hex(content.dump()));
    CHECK(single_text(db, "SELECT new_value FROM audit_log WHERE entity = 'action' AND entity_id = " +
                              std::to_string(id)) == expected.dump());
    CHECK(single_int(db, "SELECT count(*) FROM audit_log WHERE entity = 'action' AND old_value IS NULL") == 2);

    const auto stored = store::load_action(db, id);
    REQUIRE(stored);
    // What `pilot check` recomputes from the rows matches what was stored.
    CHECK(store::action_content_hash(stored->action, stored->answers) ==
          single_text(db, "SELECT content_hash FROM actions WHERE id = " + std::to_string(id)));
    CHECK(stored->answers.size() == answers.size());
    CHECK(stored->action.budget.size() == 8);
    CHECK(stored->action.budget[0].extra == action.budget[0].extra);
    REQUIRE(stored->action.indicators.size() == 40);
    CHECK(stored->action.indicators[39].label == "Indicateur 39");
    CHECK(stored->action.indicators[0].years.size() == 3);
    CHECK(stored->action.indicators[0].years[0].year == 2024);
    CHECK(stored->action.indicators[0].years[0].comment == "révisée");
    // Indicator ids follow each other across the two actions, as SQLite numbers rows.
    CHECK(single_int(db, "SELECT max(id) - min(id) + 1 FROM indicators") == 80);
    CHECK(single_int(db, "SELECT count(*) FROM indicator_values") == 240);
    CHECK(single_int(db, "SELECT count(*) FROM action_answers WHERE field_key = 'champs'") == 6);
    CHECK_FALSE(store::verify_audit_chain(database).first_broken_id.has_value());
    CHECK(database.integrity_problems().empty());
  }

  TEST_CASE("replace rewrites the children and records old and new content") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "pilot.sqlite");
    const std::int64_t convention = add_convention(database);
    domain::Action action = sample_action(convention, "CLS-01");
    store::WriteTransaction transaction(database, test::test_actor("action import"));
    store::ActionWriter writer(transaction);
    const std::int64_t id = writer.insert(action);
    const auto before = store::load_action(transaction.connection(), id);
    REQUIRE(before);
    action.indicators.resize(2);
    action.budget.resize(1);
    writer.replace(id, action, *before);
    transaction.commit();
    auto& db = database.connection();
    CHECK(single_int(db, "SELECT count(*) FROM indicators") == 2);
    CHECK(single_int(db, "SELECT count(*) FROM indicator_values") == 6);
    CHECK(single_int(db, "SELECT count(*) FROM budget_lines") == 1);
    CHECK(single_text(db, "SELECT new_value FROM audit_log WHERE operation = 'update'") ==
          store::action_content_json(action, store::encode_answers(action.answers)).dump());
    CHECK(single_text(db, "SELECT old_value FROM audit_log WHERE operation = 'update'") ==
          store::action_content_json(before->action, before->answers).dump());
    CHECK_FALSE(store::verify_audit_chain(database).first_broken_id.has_value());
  }

  TEST_CASE("the content text written directly is the content JSON's dump, byte for byte") {
    domain::Action action = sample_action(1, "CLS-\"01\"\t");
    // Edge cases of the JSON form: no value, NaN, a repeated extra key (Json::set keeps its first
    // place, the last value), a multiple choice of one option, control and non-ASCII characters.
    action.answers["vide"] = std::vector<std::string>{"seul"};
    action.answers["note"] = std::string("ligne 1\nligne 2 \x01 « é »");
    action.budget[1].etp = std::numeric_limits<double>::quiet_NaN();
    action.budget[2].extra = {{"objet", "a"}, {"autre", "b"}, {"objet", "c"}};
    action.indicators[3].years[0].target = std::nullopt;
    action.indicators[3].years[1].target = 0.1 + 0.2;
    action.indicators[4].extra = {{"source", "DREETS"}};
    const auto answers = store::encode_answers(action.answers);
    CHECK(store::action_content_text(action, answers) == store::action_content_json(action, answers).dump());
    domain::Action empty;
    CHECK(store::action_content_text(empty, {}) == store::action_content_json(empty, {}).dump());
  }

  TEST_CASE("insert audit text is the convention and the content hash") {
    CHECK(store::action_insert_audit_text(7, "ab12") == R"({"convention":7,"empreinte":"ab12"})");
  }

  TEST_CASE("history gives an insert's content back, read where it is proven by the hash") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "pilot.sqlite");
    const std::int64_t convention = add_convention(database);
    domain::Action action = sample_action(convention, "CLS-01");
    const std::string created = store::action_content_json(action, store::encode_answers(action.answers)).dump();
    std::int64_t id = 0;
    std::int64_t untouched = 0;
    {
      store::WriteTransaction transaction(database, test::test_actor("action import"));
      store::ActionWriter writer(transaction);
      id = writer.insert(action);
      untouched = writer.insert(sample_action(convention, "CLS-02"));
      transaction.commit();
    }
    auto insert_value = [&](std::int64_t action_id) {
      const auto entries = store::action_history(database, action_id);
      REQUIRE_FALSE(entries.empty());
      CHECK(entries.front().operation == "insert");
      auto value = util::Json::parse(entries.front().new_value);
      REQUIRE(value);
      return *value;
    };
    // Never changed: the action itself.
    util::Json value = insert_value(id);
    REQUIRE(value.find("contenu") != nullptr);
    CHECK(value.find("contenu")->dump() == created);
    CHECK(value.find("contenu_lu_dans")->as_string() == "action enregistrée");

    // Changed since: the update's « avant », not today's content.
    {
      store::WriteTransaction transaction(database, test::test_actor("action edit"));
      store::ActionWriter writer(transaction);
      const auto before = store::load_action(transaction.connection(), id);
      REQUIRE(before);
      action.title = "Autre intitulé";
      writer.replace(id, action, *before);
      transaction.commit();
    }
    value = insert_value(id);
    REQUIRE(value.find("contenu") != nullptr);
    CHECK(value.find("contenu")->dump() == created);
    const std::string update_id =
        std::to_string(single_int(database.connection(), "SELECT id FROM audit_log WHERE operation = 'update'"));
    CHECK(value.find("contenu_lu_dans")->as_string() == "entrée n° " + update_id + " (avant)");

    // Changed outside pilot: nothing matches the hash, the entry keeps only the hash.
    database.connection().exec("UPDATE actions SET title = 'Modifié' WHERE id = " + std::to_string(untouched));
    value = insert_value(untouched);
    CHECK(value.find("contenu") == nullptr);
    CHECK(value.find("empreinte") != nullptr);
    // The convention's history completes the same entries; the chain is untouched by the reading.
    const auto whole = store::convention_history(database, convention);
    CHECK(std::count_if(whole.begin(), whole.end(), [](const store::AuditEntry& entry) {
            return entry.operation == "insert" && entry.new_value.find(R"("contenu":)") != std::string::npos;
          }) == 1);  // CLS-01's, not CLS-02's
    CHECK_FALSE(store::verify_audit_chain(database).first_broken_id.has_value());
  }
}

TEST_SUITE("store::ActionInsertQueue") {
  TEST_CASE("actions queued are written on the second thread with the ids push announced") {
    REQUIRE(store::ActionInsertQueue::available());
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "pilot.sqlite");
    const std::int64_t convention = add_convention(database);
    std::vector<std::int64_t> ids;
    {
      store::WriteTransaction transaction(database, test::test_actor("action import"));
      {
        store::ActionWriter writer(transaction);
        ids.push_back(writer.insert(sample_action(convention, "CLS-000")));  // before the queue: id 1
      }
      store::ActionInsertQueue queue(transaction);
      for (int i = 1; i <= 150; ++i) {  // more than the queue holds at once
        ids.push_back(queue.push(sample_action(convention, fmt::format("CLS-{:03}", i))));
      }
      queue.drain();
      transaction.commit();
    }
    auto& db = database.connection();
    for (std::size_t i = 0; i < ids.size(); ++i) {
      CHECK(ids[i] == static_cast<std::int64_t>(i + 1));
    }
    CHECK(single_int(db, "SELECT count(*) FROM actions") == 151);
    CHECK(single_text(db, "SELECT reference FROM actions WHERE id = 151") == "CLS-150");
    CHECK(single_int(db, "SELECT count(*) FROM indicators") == 151 * 40);
    CHECK(single_int(db, "SELECT count(*) FROM indicator_values") == 151 * 120);
    // Each action's hash is the one its stored rows give, and the audit chain holds, in queue order.
    const auto stored = store::load_action(db, 77);
    REQUIRE(stored);
    CHECK(store::action_content_hash(stored->action, stored->answers) ==
          single_text(db, "SELECT content_hash FROM actions WHERE id = 77"));
    CHECK(single_int(db,
                     "SELECT count(*) FROM audit_log a JOIN audit_log b ON b.id = a.id + 1 "
                     "WHERE a.entity = 'action' AND b.entity = 'action' AND b.entity_id <> a.entity_id + 1") == 0);
    CHECK_FALSE(store::verify_audit_chain(database).first_broken_id.has_value());
    CHECK(database.integrity_problems().empty());
  }

  TEST_CASE("actions encoded by the caller, when the writer is behind, are written as the writer writes them") {
    // Everything an action leaves in the base, but the times of the audit trail.
    auto contents = [](SQLite::Database& db) {
      std::string text;
      for (const char* sql :
           {"SELECT id || reference || content_hash FROM actions ORDER BY id",
            "SELECT action_id || field_key || ord || coalesce(value_text, '-') || coalesce(value_num, '-') "
            "FROM action_answers ORDER BY 1",
            "SELECT id || action_id || year || financer_type || financer_name || nature || amount_cents || "
            "coalesce(etp, '-') || coalesce(extra, '-') || object FROM budget_lines ORDER BY id",
            "SELECT id || action_id || kind || code || label || coalesce(extra, '-') FROM indicators ORDER BY id",
            "SELECT indicator_id || year || target || comment FROM indicator_values ORDER BY 1",
            "SELECT entity_id || operation || new_value FROM audit_log ORDER BY id"}) {
        SQLite::Statement query(db, sql);
        while (query.executeStep()) {
          text += query.getColumn(0).getString() + '\n';
        }
      }
      return text;
    };
    auto write = [&](std::size_t caller_encodes_above) {
      test::ScratchDirectory scratch;
      auto database = test::make_database(scratch.path() / "pilot.sqlite");
      const std::int64_t convention = add_convention(database);
      {
        store::WriteTransaction transaction(database, test::test_actor("action import"));
        store::ActionInsertQueue queue(transaction, caller_encodes_above);
        for (int i = 0; i < 20; ++i) {
          queue.push(sample_action(convention, fmt::format("CLS-{:02}", i)));
        }
        queue.drain();
        transaction.commit();
      }
      CHECK_FALSE(store::verify_audit_chain(database).first_broken_id.has_value());
      return contents(database.connection());
    };
    const std::string by_writer = write(std::numeric_limits<std::size_t>::max());
    CHECK(by_writer.find("CLS-19") != std::string::npos);
    CHECK(write(0) == by_writer);
  }

  TEST_CASE("a failed insert is rethrown to the caller and nothing stays written") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "pilot.sqlite");
    const std::int64_t convention = add_convention(database);
    {
      store::WriteTransaction transaction(database, test::test_actor("action import"));
      store::ActionInsertQueue queue(transaction);
      queue.push(sample_action(convention, "CLS-01"));
      queue.push(sample_action(convention, "CLS-01"));  // UNIQUE (convention_id, reference)
      for (int i = 2; i < 10; ++i) {
        try {
          queue.push(sample_action(convention, fmt::format("CLS-{:02}", i)));
        } catch (const SQLite::Exception&) {
          break;  // the failure may already be known when pushing
        }
      }
      CHECK_THROWS_AS(queue.drain(), SQLite::Exception);
      CHECK_THROWS_AS(queue.push(sample_action(convention, "CLS-99")), SQLite::Exception);
    }  // no commit: rolled back
    CHECK(single_int(database.connection(), "SELECT count(*) FROM actions") == 0);
    CHECK(single_int(database.connection(), "SELECT count(*) FROM audit_log WHERE entity = 'action'") == 0);
  }

  TEST_CASE("a queue abandoned with actions pending stops without writing them") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "pilot.sqlite");
    const std::int64_t convention = add_convention(database);
    {
      store::WriteTransaction transaction(database, test::test_actor("action import"));
      store::ActionInsertQueue queue(transaction);
      for (int i = 0; i < 60; ++i) {
        queue.push(sample_action(convention, fmt::format("CLS-{:02}", i)));
      }
    }  // destroyed without drain, then rolled back
    CHECK(single_int(database.connection(), "SELECT count(*) FROM actions") == 0);
    CHECK(database.integrity_problems().empty());
  }
}

TEST_SUITE("store::DeferredIndexes") {
  TEST_CASE("drops only the indexes filled at random places, re-creates them as they were, rollback keeps them") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "pilot.sqlite");
    auto& db = database.connection();
    // No index of the schema is filled at random places any more (migration 7 dropped the last one):
    // one is made here, as a later migration could, next to the UNIQUE constraints that must stay.
    db.exec("CREATE INDEX indicators_by_label ON indicators(label)");
    const std::string definition = single_text(db, "SELECT sql FROM sqlite_schema WHERE name = 'indicators_by_label'");
    const std::int64_t indexes = single_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'");
    CHECK_FALSE(store::DeferredIndexes::worth_it(db, store::DeferredIndexes::k_min_actions - 1));
    CHECK(store::DeferredIndexes::worth_it(db, store::DeferredIndexes::k_min_actions));
    {
      store::WriteTransaction transaction(database, test::test_actor());
      store::DeferredIndexes deferred;
      deferred.drop(db);
      CHECK(deferred.names() == std::vector<std::string>{"indicators_by_label"});
      CHECK(single_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'indicators_by_label'") == 0);
      // Not committed: the rollback brings the index back.
    }
    CHECK(single_text(db, "SELECT sql FROM sqlite_schema WHERE name = 'indicators_by_label'") == definition);
    {
      store::WriteTransaction transaction(database, test::test_actor());
      store::DeferredIndexes deferred;
      deferred.drop(db);
      deferred.restore(db);
      transaction.commit();
    }
    CHECK(single_text(db, "SELECT sql FROM sqlite_schema WHERE name = 'indicators_by_label'") == definition);
    CHECK(single_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'") == indexes);
  }

  TEST_CASE("the schema's own indexes are all kept: unique, or filled at their right edge") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "pilot.sqlite");
    auto& db = database.connection();
    store::WriteTransaction transaction(database, test::test_actor());
    store::DeferredIndexes deferred;
    deferred.drop(db);
    CHECK(deferred.names().empty());
    CHECK(single_int(db,
                     "SELECT count(*) FROM sqlite_schema WHERE tbl_name = 'action_answers' AND type = 'index' "
                     "AND sql IS NOT NULL") == 0);
  }
}
