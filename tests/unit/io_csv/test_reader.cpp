// Dialects, encodings, quoting and line bookkeeping of io::csv::Reader, on in-memory input.
#include <doctest/doctest.h>

#include "csv_test_support.hpp"
#include "io/csv/reader.hpp"

using namespace pilot::io::csv;
using namespace pilot::io::csv::test;

TEST_SUITE("io::csv::Reader") {
  TEST_CASE("separator detection") {
    SUBCASE("semicolon") {
      auto read = read_string("a;b;c\n1;2;3\n");
      CHECK(read.dialect.separator == ';');
      CHECK(render(read.rows) == "[a][b][c]\n[1][2][3]");
    }
    SUBCASE("comma") {
      auto read = read_string("a,b,c\n1,2,3\n");
      CHECK(read.dialect.separator == ',');
      CHECK(render(read.rows) == "[a][b][c]\n[1][2][3]");
    }
    SUBCASE("tab") {
      auto read = read_string("a\tb\tc\n1\t2,5\t3\n");
      CHECK(read.dialect.separator == '\t');
      CHECK(render(read.rows) == "[a][b][c]\n[1][2,5][3]");
    }
    SUBCASE("the most frequent wins") {
      CHECK(read_string("a,b;c,d\n").dialect.separator == ',');
      CHECK(read_string("a;b\tc;d\n").dialect.separator == ';');
      CHECK(read_string("a\tb\tc,d\n").dialect.separator == '\t');
    }
    SUBCASE("ties prefer semicolon, then comma, then tab") {
      CHECK(read_string("a;b,c\n").dialect.separator == ';');
      CHECK(read_string("a\tb;c\n").dialect.separator == ';');
      CHECK(read_string("a\tb,c\n").dialect.separator == ',');
    }
    SUBCASE("separators inside quotes do not count") {
      auto read = read_string("\"a;b;c\",d,e\n1,2,3\n");
      CHECK(read.dialect.separator == ',');
      CHECK(render(read.rows) == "[a;b;c][d][e]\n[1][2][3]");
    }
    SUBCASE("a title line above the header does not decide") {
      CHECK(read_string("Fiches actions, CLS Nord\na;b;c\n1;2;3\n").dialect.separator == ';');
      CHECK(read_string("Liste des fiches\na,b,c\n1,2,3\n").dialect.separator == ',');
      CHECK(read_string("Fiches; CLS Nord\n\na,b,c\n1,2,3\n4,5,6\n").dialect.separator == ',');
    }
    SUBCASE("commas inside unquoted descriptions do not decide") {
      CHECK(read_string("a;b;c\n1;x, y, z, w;3\n2;u, v, w, x;4\n").dialect.separator == ';');
    }
    SUBCASE("a quoted newline in the header does not end the header") {
      CHECK(read_string("\"a\nb,c,d\";e;f\n").dialect.separator == ';');
    }
    SUBCASE("leading empty lines are skipped for detection") {
      CHECK(read_string("\r\n\r\na,b\n").dialect.separator == ',');
    }
    SUBCASE("no candidate at all: one column, separator ';'") {
      auto read = read_string("Nom\nDupont Jean\n");
      CHECK(read.dialect.separator == ';');
      CHECK(render(read.rows) == "[Nom]\n[Dupont Jean]");
    }
    SUBCASE("empty input") {
      auto read = read_string("");
      CHECK(read.dialect.separator == ';');
      CHECK(read.rows.empty());
      CHECK_FALSE(read.error);
    }
    SUBCASE("forced separator overrides detection") {
      auto read = read_string("a;b,c\n1;2,3\n", {}, ',');
      CHECK(read.dialect.separator == ',');
      CHECK(render(read.rows) == "[a;b][c]\n[1;2][3]");
    }
    SUBCASE("forced separator '|'") {
      CHECK(render(read_string("a|b\n", {}, '|').rows) == "[a][b]");
    }
    SUBCASE("a quote, CR, LF or NUL cannot be forced") {
      for (char bad : {'"', '\r', '\n', '\0'}) {
        auto reader = Reader::from_string("a\n", "t.csv", {}, bad);
        REQUIRE_FALSE(reader);
        CHECK(reader.error().kind == pilot::ErrorKind::usage);
        CHECK(reader.error().message ==
              "séparateur impossible pour un CSV : le guillemet, le retour à la ligne et l'octet nul sont réservés");
      }
    }
  }

  TEST_CASE("encodings") {
    SUBCASE("UTF-8 without BOM") {
      auto read = read_string("Intitulé;Montant\nÉcole maternelle;2 560 000,00 €\n");
      CHECK(read.dialect.encoding == Encoding::utf8);
      CHECK(render(read.rows) == "[Intitulé][Montant]\n[École maternelle][2 560 000,00 €]");
    }
    SUBCASE("UTF-8 BOM is stripped") {
      auto read = read_string("\xEF\xBB\xBFNom;Prénom\r\nDupont;Zoé\r\n");
      CHECK(read.dialect.encoding == Encoding::utf8_bom);
      REQUIRE(read.rows.size() == 2);
      CHECK(read.rows[0].fields[0] == "Nom");
      CHECK(render(read.rows) == "[Nom][Prénom]\n[Dupont][Zoé]");
    }
    SUBCASE("Windows-1252 is decoded to UTF-8") {
      // é à ç € ’ œ « » NBSP in Windows-1252: E9 E0 E7 80 92 9C AB BB A0.
      auto read = read_string(
          "Libell\xE9;Montant\r\n\xAB l\x92\xE9"
          "cole \xE0 fa\xE7"
          "ade \xBB;2\xA0"
          "560,00 \x80\r\n"
          "\x9C"
          "uvre;0\r\n");
      CHECK(read.dialect.encoding == Encoding::windows1252);
      CHECK_FALSE(read.error);
      CHECK(render(read.rows) == "[Libellé][Montant]\n[« l’école à façade »][2\u00A0560,00 €]\n[œuvre][0]");
    }
    SUBCASE("pure ASCII reads as UTF-8") {
      CHECK(read_string("a;b\n").dialect.encoding == Encoding::utf8);
    }
    SUBCASE("Windows-1252 bytes that happen to follow a lead byte are still Windows-1252") {
      // "É" then "t": C9 54 is not UTF-8, so the file is Windows-1252 from its first non-ASCII byte.
      auto read = read_string("\xC9t\xE9;x\n");
      CHECK(read.dialect.encoding == Encoding::windows1252);
      CHECK(render(read.rows) == "[Été][x]");
    }
  }

  TEST_CASE("line endings") {
    SUBCASE("CRLF") {
      auto read = read_string("a;b\r\n1;2\r\n3;4\r\n");
      CHECK(render(read.rows) == "[a][b]\n[1][2]\n[3][4]");
      CHECK(positions(read.rows) == "1/1 2/2 3/3");
    }
    SUBCASE("LF") {
      auto read = read_string("a;b\n1;2\n3;4\n");
      CHECK(render(read.rows) == "[a][b]\n[1][2]\n[3][4]");
      CHECK(positions(read.rows) == "1/1 2/2 3/3");
    }
    SUBCASE("lone CR (old Mac Excel)") {
      auto read = read_string("a;b\r1;2\r3;4\r");
      CHECK(render(read.rows) == "[a][b]\n[1][2]\n[3][4]");
      CHECK(positions(read.rows) == "1/1 2/2 3/3");
    }
    SUBCASE("mixed endings in one file") {
      auto read = read_string("a\r\nb\nc\rd\n");
      CHECK(render(read.rows) == "[a]\n[b]\n[c]\n[d]");
      CHECK(positions(read.rows) == "1/1 2/2 3/3 4/4");
    }
    SUBCASE("no newline after the last record") {
      auto read = read_string("a;b\r\n1;2");
      CHECK(render(read.rows) == "[a][b]\n[1][2]");
      CHECK(positions(read.rows) == "1/1 2/2");
    }
    SUBCASE("no newline after a last record ending with a separator") {
      CHECK(render(read_string("a;b\n1;").rows) == "[a][b]\n[1][]");
    }
    SUBCASE("no newline after a last quoted field") {
      CHECK(render(read_string("a;b\n1;\"x;y\"").rows) == "[a][b]\n[1][x;y]");
    }
  }

  TEST_CASE("quoting") {
    SUBCASE("embedded separators") {
      CHECK(render(read_string("a;b\n\"1;2\";\"3\"\n").rows) == "[a][b]\n[1;2][3]");
    }
    SUBCASE("doubled quotes") {
      CHECK(render(read_string("a;b\n\"il a dit \"\"oui\"\"\";\"\"\"\"\n").rows) == "[a][b]\n[il a dit \"oui\"][\"]");
    }
    SUBCASE("an empty quoted field") {
      CHECK(render(read_string("a;\"\";b\n").rows) == "[a][][b]");
    }
    SUBCASE("LF inside quotes, and the physical line of the next record") {
      auto read = read_string("id;texte\n1;\"ligne 1\nligne 2\nligne 3\"\n2;fin\n");
      CHECK(render(read.rows) == "[id][texte]\n[1][ligne 1\\nligne 2\\nligne 3]\n[2][fin]");
      CHECK(positions(read.rows) == "1/1 2/2 5/3");
    }
    SUBCASE("CRLF inside quotes is kept and counts one line") {
      auto read = read_string("id;texte\r\n1;\"a\r\nb\"\r\n2;c\r\n");
      CHECK(render(read.rows) == "[id][texte]\n[1][a\\r\\nb]\n[2][c]");
      CHECK(positions(read.rows) == "1/1 2/2 4/3");
    }
    SUBCASE("lone CR inside quotes") {
      auto read = read_string("id;texte\r1;\"a\rb\"\r2;c\r");
      CHECK(render(read.rows) == "[id][texte]\n[1][a\\rb]\n[2][c]");
      CHECK(positions(read.rows) == "1/1 2/2 4/3");
    }
    SUBCASE("a field made only of a quoted newline") {
      CHECK(render(read_string("\"\n\";x\n").rows) == "[\\n][x]");
    }
    SUBCASE("a quote inside an unquoted field is literal, as Excel writes it") {
      CHECK(render(read_string("a;b\n12\" écran;ab\"c\"\n").rows) == "[a][b]\n[12\" écran][ab\"c\"]");
    }
    SUBCASE("spaces around an unquoted field are kept") {
      CHECK(render(read_string(" a ; b \n").rows) == "[ a ][ b ]");
    }
    SUBCASE("a space before a quote makes the quote literal") {
      CHECK(render(read_string("a, \"b\"\n").rows) == "[a][ \"b\"]");
    }
  }

  TEST_CASE("empty fields and empty lines") {
    SUBCASE("empty fields") {
      CHECK(render(read_string("a;;c;\n;;;\n").rows) == "[a][][c][]\n[][][][]");
    }
    SUBCASE("a line of only separators is a row of empty fields") {
      auto read = read_string("a;b;c\n;;\n1;2;3\n");
      CHECK(render(read.rows) == "[a][b][c]\n[][][]\n[1][2][3]");
      CHECK(positions(read.rows) == "1/1 2/2 3/3");
    }
    SUBCASE("trailing empty lines are dropped") {
      auto read = read_string("a;b\r\n1;2\r\n\r\n\r\n\r\n");
      CHECK(render(read.rows) == "[a][b]\n[1][2]");
      CHECK_FALSE(read.error);
    }
    SUBCASE("trailing empty lines with LF and lone CR") {
      CHECK(render(read_string("a\n\n\n").rows) == "[a]");
      CHECK(render(read_string("a\r\r\r").rows) == "[a]");
    }
    SUBCASE("an empty line between records is one empty field, lines still counted") {
      auto read = read_string("a;b\n\n\n1;2\n");
      CHECK(render(read.rows) == "[a][b]\n[]\n[]\n[1][2]");
      CHECK(positions(read.rows) == "1/1 2/2 3/3 4/4");
    }
    SUBCASE("input of empty lines only has no record") {
      auto read = read_string("\r\n\n\r");
      CHECK(read.rows.empty());
      CHECK_FALSE(read.error);
    }
    SUBCASE("a line of spaces is content") {
      CHECK(render(read_string("a\n \nb\n").rows) == "[a]\n[ ]\n[b]");
    }
  }

  TEST_CASE("reader state") {
    SUBCASE("next() keeps returning nullopt at the end") {
      auto reader = Reader::from_string("a\n", "t.csv");
      REQUIRE(reader);
      CHECK(reader->next().value().has_value());
      CHECK_FALSE(reader->next().value().has_value());
      CHECK_FALSE(reader->next().value().has_value());
    }
    SUBCASE("display name") {
      auto reader = Reader::from_string("a\n", "actions.csv");
      REQUIRE(reader);
      CHECK(reader->display_name() == "actions.csv");
    }
    SUBCASE("a reader can be moved") {
      auto reader = Reader::from_string("a;b\n1;2\n", "t.csv");
      REQUIRE(reader);
      CHECK(reader->next().value()->fields.size() == 2);
      Reader moved = std::move(*reader);
      auto row = moved.next();
      REQUIRE(row);
      REQUIRE(*row);
      CHECK((*row)->fields == std::vector<std::string>{"1", "2"});
      CHECK((*row)->record == 2);
    }
  }
}
