#include <doctest/doctest.h>

#include <fstream>

#include "store/database.hpp"
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
    }
    auto again = store::Database::init(file);
    REQUIRE(again);
    CHECK_FALSE(again->second.created);
    CHECK(again->second.from_version == again->second.to_version);
    CHECK(store::Database::open(file, store::Access::read_only).has_value());
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
