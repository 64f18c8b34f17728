#include <doctest/doctest.h>

#include <fstream>

#include <fmt/format.h>

#include "store/database.hpp"
#include "store/migrations.hpp"
#include "store_test_support.hpp"

using namespace pilot;

TEST_SUITE("store::Database") {
  TEST_CASE("init creates a WAL pilot database at the latest schema, and is idempotent") {
    test::ScratchDirectory scratch;
    const auto file = scratch.path() / "pilot.sqlite";
    {
      auto opened = store::Database::init(file);
      REQUIRE(opened);
      CHECK(opened->second.created);
      CHECK(opened->second.from_version == 0);
      CHECK(opened->second.to_version == store::Database::latest_schema_version());
      SQLite::Statement mode(opened->first.connection(), "PRAGMA journal_mode");
      mode.executeStep();
      CHECK(mode.getColumn(0).getString() == "wal");
      SQLite::Statement keys(opened->first.connection(), "PRAGMA foreign_keys");
      keys.executeStep();
      CHECK(keys.getColumn(0).getInt() == 1);
      SQLite::Statement page(opened->first.connection(), "PRAGMA page_size");
      page.executeStep();
      CHECK(page.getColumn(0).getInt() == store::Database::k_page_size);
    }
    auto again = store::Database::init(file);
    REQUIRE(again);
    CHECK_FALSE(again->second.created);
    CHECK(again->second.from_version == again->second.to_version);
    CHECK(store::Database::open(file, store::Access::read_only).has_value());
  }

  TEST_CASE(
      "migrations 4 to 7 upgrade a schema-3 base: same rules without IN lists, objects in the key, answer keys, rows "
      "kept") {
    test::ScratchDirectory scratch;
    const auto file = scratch.path() / "old.sqlite";
    {
      // A base as pilot left it at schema 3, with an action in it.
      SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      raw.exec("PRAGMA journal_mode = WAL");
      raw.exec("PRAGMA foreign_keys = ON");
      for (std::size_t version = 0; version < 3; ++version) {
        raw.exec(std::string(store::migrations()[version]));
      }
      raw.exec(fmt::format("PRAGMA application_id = {}", store::k_application_id));
      raw.exec("PRAGMA user_version = 3");
      raw.exec(
          "INSERT INTO regions (code, name) VALUES ('32', 'Hauts-de-France');"
          "INSERT INTO departements (code, name, region_code) VALUES ('59', 'Nord', '32');"
          "INSERT INTO collectivites (id, code, name, type, departement_code) VALUES (1, 'CD59', 'CD Nord', "
          "'departement', '59');"
          "INSERT INTO conventions (id, collectivite_id, type, signed_on, start_on, end_on, form_id, form_version, "
          "created_at, updated_at) "
          "VALUES (1, 1, 'cls', '2024-06-28', '2024-01-01', '2027-12-31', 'convention', 1, 'x', 'x');"
          "INSERT INTO actions (id, convention_id, reference, title, form_id, form_version, status, created_at, "
          "updated_at) VALUES (1, 1, 'A-1', 'Action', 'cls', 1, 'validee_etat', 'x', 'x');"
          "INSERT INTO budget_lines (action_id, year, financer_type, amount_cents) VALUES (1, 2024, 'autre', 100);"
          "INSERT INTO budget_lines (action_id, year, financer_type, nature, amount_cents, extra) "
          "VALUES (1, 2025, 'etat', 'v3', 200, '{\"objet\":\"Référents\"}');"
          "INSERT INTO indicators (action_id, kind, label) VALUES (1, 'impact', 'Personnes');"
          "INSERT INTO action_answers (action_id, field_key, ord, value_text) VALUES (1, 'axe', 0, 'axe_2'), "
          "(1, 'publics', 0, 'jeunes'), (1, 'publics', 1, 'familles'), (1, 'ancien_champ', 0, 'texte');");
    }
    CHECK_FALSE(store::Database::open(file, store::Access::read_write).has_value());  // asks for `pilot init`
    // `pilot backup` copies it as it is, the step before `pilot init`.
    auto older = store::Database::open(file, store::Access::read_only, store::SchemaAge::current_or_older);
    REQUIRE(older);
    CHECK(older->schema_version() == 3);
    auto upgraded = store::Database::init(file);
    REQUIRE(upgraded);
    CHECK(upgraded->second.from_version == 3);
    auto& db = upgraded->first.connection();
    {
      // An older base keeps the page size it was created with (WAL forbids a change).
      SQLite::Statement page(db, "PRAGMA page_size");
      REQUIRE(page.executeStep());
      CHECK(page.getColumn(0).getInt() == 4096);
    }
    CHECK(upgraded->first.integrity_problems().empty());
    SQLite::Statement lists(db,
                            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
                            "(sql LIKE '%(status IN (%' OR sql LIKE '%(financer_type IN (%' OR sql LIKE '%(kind IN (%' "
                            "OR sql LIKE '%(type IN (''cls''%')");
    REQUIRE(lists.executeStep());
    CHECK(lists.getColumn(0).getInt() == 0);
    SQLite::Statement index(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'indicators_by_action'");
    REQUIRE(index.executeStep());
    CHECK(index.getColumn(0).getInt() == 0);
    SQLite::Statement kept(db, "SELECT status FROM actions WHERE id = 1");
    REQUIRE(kept.executeStep());
    CHECK(kept.getColumn(0).getString() == "validee_etat");
    // The rewritten constraints refuse what the old ones refused, and accept what they accepted.
    CHECK_THROWS(db.exec("UPDATE actions SET status = 'validee' WHERE id = 1"));
    CHECK_THROWS(
        db.exec("INSERT INTO budget_lines (action_id, year, financer_type, amount_cents) "
                "VALUES (1, 2025, 'region', 1)"));
    CHECK_THROWS(db.exec("INSERT INTO indicators (action_id, kind, label) VALUES (1, 'autre', 'X')"));
    CHECK_THROWS(db.exec("UPDATE conventions SET type = 'contrat' WHERE id = 1"));
    CHECK_NOTHROW(db.exec("UPDATE actions SET status = 'double_validee' WHERE id = 1"));
    CHECK_NOTHROW(
        db.exec("INSERT INTO budget_lines (action_id, year, financer_type, amount_cents) "
                "VALUES (1, 2025, 'collectivite', 1)"));
    CHECK_NOTHROW(db.exec("INSERT INTO indicators (action_id, kind, label) VALUES (1, 'national', 'X')"));
    // 5: the object of a budget line (from its other answers) is part of its key.
    SQLite::Statement objects(
        db, "SELECT group_concat(id || ':' || object, ' ') FROM budget_lines WHERE id <= 2 ORDER BY id");
    REQUIRE(objects.executeStep());
    CHECK(objects.getColumn(0).getString() == "1: 2:Référents");
    CHECK_NOTHROW(
        db.exec("INSERT INTO budget_lines (action_id, year, financer_type, nature, amount_cents, object) "
                "VALUES (1, 2025, 'etat', 'v3', 300, 'Formation')"));
    CHECK_THROWS(
        db.exec("INSERT INTO budget_lines (action_id, year, financer_type, nature, amount_cents, object) "
                "VALUES (1, 2025, 'etat', 'v3', 300, 'Référents')"));
    SQLite::Statement trigger(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'dashboard_stale_budget_update'");
    REQUIRE(trigger.executeStep());
    CHECK(trigger.getColumn(0).getInt() == 1);
    // 7: the keys answered are listed in answer_keys, and answers have no index by key any more.
    SQLite::Statement keys(db,
                           "SELECT group_concat(field_key, ' ') FROM (SELECT field_key FROM answer_keys ORDER BY 1)");
    REQUIRE(keys.executeStep());
    CHECK(keys.getColumn(0).getString() == "ancien_champ axe publics");
    SQLite::Statement answer_indexes(
        db,
        "SELECT count(*) FROM sqlite_schema WHERE tbl_name = 'action_answers' AND type = 'index' AND sql IS NOT NULL");
    REQUIRE(answer_indexes.executeStep());
    CHECK(answer_indexes.getColumn(0).getInt() == 0);
    // 8: a budget line may have no amount; the amounts stored keep their value.
    CHECK_NOTHROW(
        db.exec("INSERT INTO budget_lines (action_id, year, financer_type, nature, etp, object) "
                "VALUES (1, 2026, 'etat', 'v3', 1.5, '')"));
    SQLite::Statement amounts(db, "SELECT group_concat(coalesce(amount_cents, 'NULL'), ' ') FROM budget_lines");
    REQUIRE(amounts.executeStep());
    CHECK(amounts.getColumn(0).getString() == "100 200 1 300 NULL");
    CHECK(upgraded->first.integrity_problems().empty());
    // Another connection, opened before, sees the new schema: the cookie changed.
    CHECK(store::Database::open(file, store::Access::read_write).has_value());
  }

  TEST_CASE("open refuses what is not a usable pilot database, naming the file") {
    test::ScratchDirectory scratch;
    SUBCASE("missing file") {
      auto opened = store::Database::open(scratch.path() / "absent.sqlite", store::Access::read_write);
      REQUIRE_FALSE(opened);
      CHECK(opened.error().kind == ErrorKind::storage);
      CHECK(opened.error().message.find("base introuvable") != std::string::npos);
    }
    SUBCASE("not SQLite") {
      const auto file = scratch.path() / "notes.txt";
      std::ofstream(file) << "ceci n'est pas une base de données, mais un texte assez long pour SQLite\n"
                          << std::string(200, 'x');
      auto opened = store::Database::open(file, store::Access::read_write);
      REQUIRE_FALSE(opened);
      CHECK(opened.error().message ==
            "« " + file.string() + " » n'est pas une base pilot (ce n'est pas un fichier SQLite)");
    }
    SUBCASE("SQLite but someone else's") {
      const auto file = scratch.path() / "other.sqlite";
      {
        SQLite::Database other(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        other.exec("CREATE TABLE t (x)");
      }
      auto opened = store::Database::open(file, store::Access::read_write);
      REQUIRE_FALSE(opened);
      CHECK(opened.error().message == "« " + file.string() + " » est un fichier SQLite mais pas une base pilot");
      CHECK_FALSE(store::Database::init(file).has_value());
    }
    SUBCASE("made by a newer pilot") {
      const auto file = scratch.path() / "newer.sqlite";
      REQUIRE(store::Database::init(file));
      {
        SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA user_version = 999");
      }
      auto opened = store::Database::open(file, store::Access::read_write);
      REQUIRE_FALSE(opened);
      CHECK(opened.error().message.find("version plus récente de pilot (schéma 999") != std::string::npos);
    }
    SUBCASE("empty SQLite file needs init") {
      const auto file = scratch.path() / "empty.sqlite";
      std::ofstream(file).close();
      auto opened = store::Database::open(file, store::Access::read_write);
      REQUIRE_FALSE(opened);
      CHECK(opened.error().message.find("créez-la avec « pilot init »") != std::string::npos);
    }
  }

  TEST_CASE("write transactions are all or nothing and chain the audit trail") {
    test::ScratchDirectory scratch;
    auto database = store::Database::init(scratch.path() / "p.sqlite");
    REQUIRE(database);
    auto& db = database->first;
    {
      store::WriteTransaction transaction(db, test::test_actor());
      transaction.audit("essai", 1, "insert", util::Json(), util::Json("a"));
      // no commit: rolled back
    }
    SQLite::Statement count(db.connection(), "SELECT count(*) FROM audit_log");
    count.executeStep();
    CHECK(count.getColumn(0).getInt() == 0);
    count.reset();
    {
      store::WriteTransaction transaction(db, test::test_actor());
      transaction.audit("essai", 1, "insert", util::Json(), util::Json("a"));
      transaction.audit("essai", 1, "update", util::Json("a"), util::Json("b"));
      transaction.commit();
    }
    SQLite::Statement rows(db.connection(),
                           "SELECT at, user, command, entity, entity_id, operation, coalesce(old_value, ''), "
                           "coalesce(new_value, ''), prev_hash, hash FROM audit_log ORDER BY id");
    std::string previous;
    int entries = 0;
    while (rows.executeStep()) {
      CHECK(rows.getColumn(8).getString() == previous);
      const std::string expected = store::audit_entry_hash(
          previous, rows.getColumn(0).getString(), rows.getColumn(1).getString(), rows.getColumn(2).getString(),
          rows.getColumn(3).getString(), rows.getColumn(4).getInt64(), rows.getColumn(5).getString(),
          rows.getColumn(6).getString(), rows.getColumn(7).getString());
      CHECK(rows.getColumn(9).getString() == expected);
      previous = expected;
      ++entries;
    }
    CHECK(entries == 2);
    CHECK(db.data_timestamp() == "2026-11-22T10:00:00Z");
  }
}
