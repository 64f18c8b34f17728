#include <doctest/doctest.h>
#include <fmt/format.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/group_sums.hpp"

using namespace pilot;

namespace {

// Every row of a table, in a canonical order, as text: two tables compare equal when they hold
// the same rows with the same values and types.
std::vector<std::string> rows_of(SQLite::Database& db, const std::string& table) {
  SQLite::Statement query(db, fmt::format("SELECT * FROM {}", table));
  std::vector<std::string> out;
  while (query.executeStep()) {
    std::string row;
    for (int i = 0; i < query.getColumnCount(); ++i) {
      const auto column = query.getColumn(i);
      row += fmt::format("{}:{}|", column.getType(), column.isNull() ? "NULL" : column.getString());
    }
    out.push_back(row);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void fill_random(SQLite::Database& db, unsigned seed) {
  db.exec("CREATE TABLE t (g INTEGER NOT NULL, k1 TEXT, k2 INTEGER, v1 INTEGER, v2 REAL, v3 INTEGER)");
  std::mt19937 random(seed);
  SQLite::Statement insert(db, "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)");
  const std::vector<std::string> texts = {"", "a", "A", "é", "e", "a b", std::string("a\0b", 3), "axe_1"};
  for (int i = 0; i < 3000; ++i) {
    insert.reset();
    insert.bind(1, static_cast<int>(random() % 3));
    if (random() % 7 == 0) {
      insert.bind(2);
    } else {
      const auto& text = texts[random() % texts.size()];
      insert.bind(2, text);  // text of its full length, NUL included
    }
    if (random() % 5 == 0) {
      insert.bind(3);
    } else {
      insert.bind(3, static_cast<int>(2020 + random() % 6));
    }
    if (random() % 4 == 0) {
      insert.bind(4);
    } else {
      insert.bind(4, static_cast<std::int64_t>(random() % 1'000'000'000) * 1000);
    }
    if (random() % 3 == 0) {
      insert.bind(5);
    } else {
      insert.bind(5, static_cast<double>(random() % 1000) / 8.0);
    }
    insert.bind(6);  // never a value: the sum stays NULL
    insert.exec();
  }
}

}  // namespace

TEST_CASE("GroupSums gives the groups and sums of SQLite's GROUP BY … sum()") {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  fill_random(db, 20261123);
  db.exec("CREATE TABLE expected (g INTEGER, k1, k2, n, s1, s2, s3, s4)");
  db.exec("CREATE TABLE actual (g INTEGER, k1, k2, n, s1, s2, s3, s4)");
  // s4 mixes integer and real values: the sum becomes real, as SQLite's does.
  db.exec(
      "INSERT INTO expected SELECT g, k1, k2, count(*), sum(v1), sum(v2), sum(v3), sum(CASE WHEN k2 = 2021 THEN v2 "
      "ELSE v1 END) FROM t WHERE g = 1 GROUP BY k1, k2");

  store::GroupSums sums(db, "SELECT k1, k2, 1, v1, v2, v3, CASE WHEN k2 = 2021 THEN v2 ELSE v1 END FROM t WHERE g = ?1",
                        2, 5);
  sums.run(1);
  SQLite::Statement insert(db, "INSERT INTO actual VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  insert.bind(1, 1);
  sums.insert_each(insert, 2);

  const auto expected = rows_of(db, "expected");
  CHECK(expected.size() > 20);
  CHECK(sums.size() == expected.size());
  CHECK(rows_of(db, "actual") == expected);

  SUBCASE("running again forgets the previous groups") {
    sums.run(2);
    db.exec("DELETE FROM expected; DELETE FROM actual");
    db.exec(
        "INSERT INTO expected SELECT g, k1, k2, count(*), sum(v1), sum(v2), sum(v3), sum(CASE WHEN k2 = 2021 THEN v2 "
        "ELSE v1 END) FROM t WHERE g = 2 GROUP BY k1, k2");
    insert.reset();
    insert.bind(1, 2);
    sums.insert_each(insert, 2);
    CHECK(rows_of(db, "actual") == rows_of(db, "expected"));
  }
  SUBCASE("no row, no group") {
    sums.run(99);
    CHECK(sums.size() == 0);
  }
}

TEST_CASE("GroupSums refuses an integer sum that overflows, as SQLite's sum() does") {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("CREATE TABLE t (k TEXT, v INTEGER)");
  db.exec("INSERT INTO t VALUES ('a', 9223372036854775807), ('a', 1)");
  CHECK_THROWS_AS(db.exec("SELECT sum(v) FROM t"), SQLite::Exception);
  store::GroupSums sums(db, "SELECT k, v FROM t", 1, 1);
  CHECK_THROWS_AS(sums.run(0), std::overflow_error);
}

TEST_CASE("GroupSums reports a query SQLite cannot prepare") {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  CHECK_THROWS_AS(store::GroupSums(db, "SELECT k FROM missing", 1, 0), SQLite::Exception);
}
