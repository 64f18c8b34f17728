// io::csv::Writer and neutralize_formula: exact bytes written, quoting, round trips through the
// Reader, and write failures (/dev/full).
#include <doctest/doctest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "csv_test_support.hpp"
#include "io/csv/reader.hpp"
#include "io/csv/writer.hpp"

using namespace pilot::io::csv;
using namespace pilot::io::csv::test;

namespace {

// A per-process scratch directory, removed when the test case ends.
struct Scratch {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("pilot-io-csv-" + std::to_string(::getpid()));
  Scratch() { std::filesystem::create_directories(dir); }
  ~Scratch() { std::filesystem::remove_all(dir); }
  [[nodiscard]] std::string path(const std::string& name) const { return (dir / name).string(); }
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string write_rows(const std::string& path, Flavor flavor, const std::vector<std::vector<std::string>>& rows) {
  auto writer = Writer::open(path, flavor);
  REQUIRE(writer);
  for (const auto& row : rows) {
    REQUIRE(writer->write_row(row));
  }
  REQUIRE(writer->close());
  return slurp(path);
}

}  // namespace

TEST_SUITE("io::csv::Writer") {
  TEST_CASE("flavors") {
    Scratch scratch;
    SUBCASE("fr: BOM, ';', CRLF") {
      CHECK(write_rows(scratch.path("fr.csv"), Flavor::fr, {{"Intitulé", "Montant"}, {"École", "2 560 000,00 €"}}) ==
            "\xEF\xBB\xBFIntitulé;Montant\r\nÉcole;2 560 000,00 €\r\n");
    }
    SUBCASE("rfc4180: no BOM, ',', CRLF") {
      CHECK(write_rows(scratch.path("rfc.csv"), Flavor::rfc4180, {{"a", "b"}, {"1", "2"}}) == "a,b\r\n1,2\r\n");
    }
    SUBCASE("an empty file still gets its BOM in fr") {
      CHECK(write_rows(scratch.path("empty.csv"), Flavor::fr, {}) == "\xEF\xBB\xBF");
      CHECK(write_rows(scratch.path("empty2.csv"), Flavor::rfc4180, {}).empty());
    }
  }

  TEST_CASE("quoting") {
    Scratch scratch;
    auto fr = [&](const std::vector<std::string>& row) {
      return write_rows(scratch.path("q.csv"), Flavor::fr, {row}).substr(3);
    };
    auto rfc = [&](const std::vector<std::string>& row) {
      return write_rows(scratch.path("q.csv"), Flavor::rfc4180, {row});
    };
    SUBCASE("the separator of the flavor only") {
      CHECK(fr({"a;b", "1,5"}) == "\"a;b\";1,5\r\n");
      CHECK(rfc({"a;b", "1,5"}) == "a;b,\"1,5\"\r\n");
    }
    SUBCASE("quotes are doubled") {
      CHECK(fr({"il a dit \"oui\"", "\""}) == "\"il a dit \"\"oui\"\"\";\"\"\"\"\r\n");
    }
    SUBCASE("CR and LF") {
      CHECK(fr({"a\nb", "c\r\nd", "e\rf"}) == "\"a\nb\";\"c\r\nd\";\"e\rf\"\r\n");
    }
    SUBCASE("leading or trailing space or TAB") {
      CHECK(fr({" a", "b ", "\tc", "d\t", "e f"}) == "\" a\";\"b \";\"\tc\";\"d\t\";e f\r\n");
    }
    SUBCASE("empty fields are not quoted, except a lone one") {
      CHECK(fr({"", "x", ""}) == ";x;\r\n");
      CHECK(fr({""}) == "\"\"\r\n");
    }
    SUBCASE("a row without fields is an empty line") {
      CHECK(fr({}) == "\r\n");
    }
    SUBCASE("the string_view overload") {
      auto writer = Writer::open(scratch.path("sv.csv"), Flavor::rfc4180);
      REQUIRE(writer);
      std::vector<std::string_view> row = {"a", "b,c"};
      REQUIRE(writer->write_row(std::span<const std::string_view>(row)));
      REQUIRE(writer->close());
      CHECK(slurp(scratch.path("sv.csv")) == "a,\"b,c\"\r\n");
    }
  }

  TEST_CASE("round trip through the Reader") {
    Scratch scratch;
    std::vector<std::vector<std::string>> rows = {
        {"Intitulé", "Montant", "Note"},
        {"École « Jean-Jaurès »", "2\u00A0560\u00A0000,00\u00A0€", "ligne 1\r\nligne 2"},
        {"", "", ""},
        {"a;b,c", "\"quoted\"", " espace "},
        {"x", "", "\tcr\r"},
    };
    for (Flavor flavor : {Flavor::fr, Flavor::rfc4180}) {
      std::string path = scratch.path("round.csv");
      write_rows(path, flavor, rows);
      auto reader = Reader::open(path);
      REQUIRE(reader);
      auto read = read_all(*reader);
      REQUIRE_FALSE(read.error);
      CHECK(read.dialect.separator == (flavor == Flavor::fr ? ';' : ','));
      CHECK(read.dialect.encoding == (flavor == Flavor::fr ? Encoding::utf8_bom : Encoding::utf8));
      REQUIRE(read.rows.size() == rows.size());
      for (std::size_t i = 0; i < rows.size(); ++i) {
        CHECK(read.rows[i].fields == rows[i]);
      }
    }
  }

  TEST_CASE("a lone empty field as the last row survives a round trip") {
    Scratch scratch;
    std::string path = scratch.path("single.csv");
    write_rows(path, Flavor::fr, {{"Nom"}, {"a"}, {""}});
    auto reader = Reader::open(path);
    REQUIRE(reader);
    CHECK(render(read_all(*reader).rows) == "[Nom]\n[a]\n[]");
  }

  TEST_CASE("large output crosses the buffer many times") {
    Scratch scratch;
    std::string path = scratch.path("big.csv");
    auto writer = Writer::open(path, Flavor::fr);
    REQUIRE(writer);
    const std::size_t count = 50'000;
    std::size_t failed_rows = 0;
    for (std::size_t i = 0; i < count; ++i) {
      failed_rows +=
          writer->write_row({std::to_string(i), "Action n°" + std::to_string(i), "texte; avec séparateur"}) ? 0 : 1;
    }
    REQUIRE(failed_rows == 0);
    REQUIRE(writer->close());
    CHECK(std::filesystem::file_size(path) > 4 * k_writer_buffer_bytes);
    auto reader = Reader::open(path);
    REQUIRE(reader);
    auto read = read_all(*reader);
    REQUIRE_FALSE(read.error);
    REQUIRE(read.rows.size() == count);
    CHECK(read.rows[31'415].fields == std::vector<std::string>{"31415", "Action n°31415", "texte; avec séparateur"});
  }

  TEST_CASE("write failures") {
    SUBCASE("a file that cannot be created") {
      auto writer = Writer::open("/nonexistent/export.csv", Flavor::fr);
      REQUIRE_FALSE(writer);
      CHECK(writer.error().kind == pilot::ErrorKind::io);
      CHECK(writer.error().message ==
            "impossible de créer « /nonexistent/export.csv » : fichier ou dossier introuvable");
    }
    SUBCASE("disk full on close") {
      auto writer = Writer::open("/dev/full", Flavor::fr);
      REQUIRE(writer);
      REQUIRE(writer->write_row({"a", "b"}));
      auto closed = writer->close();
      REQUIRE_FALSE(closed);
      CHECK(closed.error().kind == pilot::ErrorKind::io);
      CHECK(closed.error().message == "erreur d'écriture dans « /dev/full » : disque plein");
    }
    SUBCASE("disk full while writing, then every call fails the same way") {
      auto writer = Writer::open("/dev/full", Flavor::rfc4180);
      REQUIRE(writer);
      Writer moved = std::move(*writer);
      pilot::Result<void> written;
      std::size_t rows = 0;
      while (written && rows < 100'000) {
        written = moved.write_row({std::string(100, 'x')});
        ++rows;
      }
      REQUIRE_FALSE(written);
      CHECK(rows * 102 >= k_writer_buffer_bytes);
      CHECK(written.error().message == "erreur d'écriture dans « /dev/full » : disque plein");
      CHECK(moved.write_row({"y"}).error().message == written.error().message);
      CHECK(moved.close().error().message == written.error().message);
    }
    SUBCASE("writing after close is a usage error") {
      Scratch scratch;
      auto writer = Writer::open(scratch.path("closed.csv"), Flavor::fr);
      REQUIRE(writer);
      REQUIRE(writer->close());
      CHECK(writer->close());
      auto late = writer->write_row({"x"});
      REQUIRE_FALSE(late);
      CHECK(late.error().kind == pilot::ErrorKind::usage);
      CHECK(late.error().message == "écriture dans « " + scratch.path("closed.csv") + " » après sa fermeture");
    }
  }
}

TEST_SUITE("io::csv::neutralize_formula") {
  TEST_CASE("formula-injection guard") {
    SUBCASE("formulas and commands get an apostrophe") {
      CHECK(neutralize_formula("=SUM(A1:A3)") == "'=SUM(A1:A3)");
      CHECK(neutralize_formula("=1+1") == "'=1+1");
      CHECK(neutralize_formula("@SUM(1)") == "'@SUM(1)");
      CHECK(neutralize_formula("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0");
      CHECK(neutralize_formula("-2+3") == "'-2+3");
      CHECK(neutralize_formula("\tx") == "'\tx");
      CHECK(neutralize_formula("\rx") == "'\rx");
    }
    SUBCASE("things that look numeric but are not plain numbers") {
      CHECK(neutralize_formula("+33 1 23 45 67 89") == "'+33 1 23 45 67 89");
      CHECK(neutralize_formula("-5 %") == "'-5 %");
      CHECK(neutralize_formula("-12,") == "'-12,");
      CHECK(neutralize_formula("-,5") == "'-,5");
      CHECK(neutralize_formula("-1,2,3") == "'-1,2,3");
      CHECK(neutralize_formula("-1e5") == "'-1e5");
      CHECK(neutralize_formula("-") == "'-");
      CHECK(neutralize_formula("+") == "'+");
    }
    SUBCASE("genuine numbers are left as is") {
      CHECK(neutralize_formula("-12,5") == "-12,5");
      CHECK(neutralize_formula("-12.5") == "-12.5");
      CHECK(neutralize_formula("+3") == "+3");
      CHECK(neutralize_formula("-0") == "-0");
    }
    SUBCASE("ordinary text is left as is") {
      CHECK(neutralize_formula("").empty());
      CHECK(neutralize_formula("École") == "École");
      CHECK(neutralize_formula("12 = 12") == "12 = 12");
      CHECK(neutralize_formula(" =1+1") == " =1+1");
      CHECK(neutralize_formula("'=déjà") == "'=déjà");
    }
  }
}
