// io::csv::ReadAhead gives exactly what Reader::next gives, in order, across many batches, with the
// reader's error at the place it happens, and can be dropped half-way.
#include <doctest/doctest.h>

#include <string>

#include "csv_test_support.hpp"
#include "io/csv/read_ahead.hpp"

using namespace pilot::io::csv;
using namespace pilot::io::csv::test;

namespace {

// Every row of `data` through a ReadAhead started after `skip` rows read directly.
ReadAll read_ahead(std::string data, std::size_t skip = 0) {
  ReadAll result;
  auto reader = Reader::from_string(std::move(data), "t.csv");
  REQUIRE(reader);
  for (std::size_t i = 0; i < skip; ++i) {
    auto row = reader->next();
    REQUIRE(row);
    REQUIRE(*row);
    result.rows.push_back(std::move(**row));
  }
  ReadAhead ahead(std::move(*reader));
  for (;;) {
    auto row = ahead.next();
    if (!row) {
      result.error = row.error();
      // The same error again, as Reader::next does.
      auto again = ahead.next();
      REQUIRE_FALSE(again);
      CHECK(again.error().message == result.error->message);
      break;
    }
    if (!*row) {
      CHECK_FALSE(ahead.next().value().has_value());  // the end stays the end
      break;
    }
    result.rows.push_back(std::move(**row));
  }
  return result;
}

// `rows` rows of a few fields, some quoted over several lines, some long (batches end by bytes).
std::string many_rows(std::size_t rows) {
  std::string data = "ref;texte;montant\n";
  for (std::size_t i = 1; i <= rows; ++i) {
    data += "A-" + std::to_string(i) + ';';
    if (i % 97 == 0) {
      data += "\"deux\nlignes ; " + std::to_string(i) + "\"";
    } else if (i % 1001 == 0) {
      data += std::string(300'000, 'x');
    } else {
      data += "texte " + std::to_string(i);
    }
    data += ";" + std::to_string(i) + ",50\n";
  }
  return data;
}

}  // namespace

TEST_SUITE("io::csv::ReadAhead") {
  TEST_CASE("the same rows as the reader, across many batches") {
    const std::string data = many_rows(5000);
    const ReadAll direct = read_string(data);
    REQUIRE_FALSE(direct.error);
    REQUIRE(direct.rows.size() == 5001);
    for (const std::size_t skip : {0, 1, 7}) {
      CAPTURE(skip);
      const ReadAll ahead = read_ahead(data, skip);
      CHECK_FALSE(ahead.error);
      REQUIRE(ahead.rows.size() == direct.rows.size());
      bool same = true;
      for (std::size_t i = 0; i < direct.rows.size() && same; ++i) {
        same = ahead.rows[i].fields == direct.rows[i].fields && ahead.rows[i].line == direct.rows[i].line &&
               ahead.rows[i].record == direct.rows[i].record;
        CHECK_MESSAGE(same, "row " << i);
      }
    }
  }

  TEST_CASE("an empty rest of file") {
    const ReadAll ahead = read_ahead("a;b\n", 1);
    CHECK_FALSE(ahead.error);
    CHECK(ahead.rows.size() == 1);
  }

  TEST_CASE("the reader's error comes after the rows before it") {
    std::string data = many_rows(3000);
    data += "X;\"jamais fermé\n";
    const ReadAll direct = read_string(data);
    REQUIRE(direct.error);
    const ReadAll ahead = read_ahead(data, 1);
    REQUIRE(ahead.error);
    CHECK(ahead.error->message == direct.error->message);
    CHECK(ahead.error->kind == direct.error->kind);
    CHECK(ahead.rows.size() == direct.rows.size());
  }

  TEST_CASE("dropped before the end: the reading thread stops") {
    auto reader = Reader::from_string(many_rows(20000), "t.csv");
    REQUIRE(reader);
    ReadAhead ahead(std::move(*reader));
    auto first = ahead.next();
    REQUIRE(first);
    REQUIRE(*first);
    CHECK((*first)->fields.front() == "ref");
    // The destructor joins a thread blocked on a full queue.
  }
}
