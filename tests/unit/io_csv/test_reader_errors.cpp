// Every error path of io::csv::Reader, with the exact text users read.
#include <doctest/doctest.h>

#include <filesystem>

#include "csv_test_support.hpp"
#include "io/csv/reader.hpp"

using namespace pilot::io::csv;
using namespace pilot::io::csv::test;

TEST_SUITE("io::csv::Reader") {
  TEST_CASE("malformed quoting") {
    SUBCASE("unbalanced quote at end of input names the line where the field started") {
      auto read = read_string("a;b\n1;2\n3;\"début\nsuite\nfin\n");
      CHECK(render(read.rows) == "[a][b]\n[1][2]");
      REQUIRE(read.error);
      CHECK(read.error->kind == pilot::ErrorKind::data);
      CHECK(read.error->message ==
            "t.csv:3:2: guillemet non fermé : le champ ouvert par un guillemet à la ligne 3 n'est jamais fermé");
    }
    SUBCASE("unbalanced quote on the last line without newline") {
      CHECK(error_text(read_string("a;b\n\"x")) ==
            "t.csv:2:1: guillemet non fermé : le champ ouvert par un guillemet à la ligne 2 n'est jamais fermé");
    }
    SUBCASE("text after a closing quote names line and column") {
      auto read = read_string("a;b;c\n1;\"ab\"c;3\n");
      CHECK(render(read.rows) == "[a][b][c]");
      CHECK(error_text(read) ==
            "t.csv:2:2: texte « c » après le guillemet fermant du champ « ab » ; dans un champ entre "
            "guillemets, un guillemet s'écrit \"\"");
    }
    SUBCASE("a space after a closing quote is text too") {
      CHECK(error_text(read_string("\"a\" ;b\n")) ==
            "t.csv:1:1: texte «   » après le guillemet fermant du champ « a » ; dans un champ entre "
            "guillemets, un guillemet s'écrit \"\"");
    }
    SUBCASE("the offending character is shown whole when it is not ASCII") {
      CHECK(error_text(read_string("x;\"a\"é\n")) ==
            "t.csv:1:2: texte « é » après le guillemet fermant du champ « a » ; dans un champ entre "
            "guillemets, un guillemet s'écrit \"\"");
    }
  }

  TEST_CASE("NUL bytes") {
    SUBCASE("in an unquoted field") {
      auto read = read_string(std::string("a;b\n1;x\0y\n", 10));
      CHECK(render(read.rows) == "[a][b]");
      CHECK(error_text(read) == "t.csv:2:2: octet nul (0x00) : ce fichier n'est pas un CSV texte");
    }
    SUBCASE("in a quoted field") {
      CHECK(error_text(read_string(std::string("a;\"b\n\0\"\n", 8))) ==
            "t.csv:2:2: octet nul (0x00) : ce fichier n'est pas un CSV texte");
    }
    SUBCASE("at the start of a line") {
      CHECK(error_text(read_string(std::string("a\n\0", 3))) ==
            "t.csv:2:1: octet nul (0x00) : ce fichier n'est pas un CSV texte");
    }
    SUBCASE("in a Windows-1252 file") {
      CHECK(error_text(read_string(std::string("\xE9t\xE9;\0\n", 6))) ==
            "t.csv:1:2: octet nul (0x00) : ce fichier n'est pas un CSV texte");
    }
  }

  TEST_CASE("limits") {
    Limits small;
    small.max_field_bytes = 8;
    small.max_fields = 3;
    small.max_record_bytes = 20;
    SUBCASE("a field at the limit is accepted") {
      CHECK(render(read_string("12345678;x\n", small).rows) == "[12345678][x]");
    }
    SUBCASE("an over-long field") {
      auto read = read_string("a\n123456789;x\n", small);
      CHECK(render(read.rows) == "[a]");
      CHECK(error_text(read) == "t.csv:2:1: champ de plus de 8 octets (limite 8)");
    }
    SUBCASE("an over-long quoted field suggests an unclosed quote") {
      CHECK(error_text(read_string("a;\"12\n34\n56\n78\n", small)) ==
            "t.csv:1:2: champ de plus de 8 octets (limite 8) ; le guillemet ouvert à la ligne 1 est-il bien "
            "fermé ?");
    }
    SUBCASE("the default limit is 1 MiB") {
      std::string big(Limits{}.max_field_bytes + 1, 'x');
      CHECK(error_text(read_string("a;" + big + "\n")) ==
            "t.csv:1:2: champ de plus de 1048576 octets (limite 1048576)");
    }
    SUBCASE("too many fields") {
      CHECK(render(read_string("a;b;c\n", small).rows) == "[a][b][c]");
      CHECK(error_text(read_string("a;b;c\n1;2;3;4\n", small)) ==
            "t.csv:2:4: plus de 3 champs dans l'enregistrement (limite 3) ; le séparateur « ; » est-il le bon ?");
    }
    SUBCASE("too many fields with a tab separator") {
      CHECK(error_text(read_string("a\tb\tc\td\n", small)) ==
            "t.csv:1:4: plus de 3 champs dans l'enregistrement (limite 3) ; le séparateur tabulation est-il le bon ?");
    }
    SUBCASE("an over-long record") {
      CHECK(error_text(read_string("x\n12345678;12345678;12345\n", small)) ==
            "t.csv:2:3: enregistrement de plus de 20 octets (limite 20)");
    }
  }

  TEST_CASE("encoding errors") {
    SUBCASE("a Windows-1252 byte after UTF-8 text in the same chunk") {
      auto read = read_string(
          "Intitulé;Montant\nÉcole;1\nCr\xE8"
          "che;2\n");
      CHECK(render(read.rows) == "[Intitulé][Montant]\n[École][1]");
      CHECK(error_text(read) ==
            "t.csv:3:1: encodage incohérent : octets non UTF-8 à la ligne 3 (octet 0xE8) ; enregistrez le fichier "
            "en UTF-8");
    }
    SUBCASE("a UTF-8 BOM file holding a Windows-1252 byte") {
      auto read = read_string(
          "\xEF\xBB\xBFnom;ville\nx;Orl\xE9"
          "ans\n");
      CHECK(read.dialect.encoding == Encoding::utf8_bom);
      CHECK(error_text(read) ==
            "t.csv:2:2: encodage incohérent : octets non UTF-8 à la ligne 2 (octet 0xE9) ; enregistrez le fichier "
            "en UTF-8");
    }
    SUBCASE("UTF-8 text after Windows-1252 text (two exports joined)") {
      auto read = read_string(
          "R\xE9"
          "f;Intitul\xE9\nM-1;Cr\xE8"
          "che\nM-2;Cr\xC3\xA8"
          "che\n");
      CHECK(read.dialect.encoding == Encoding::windows1252);
      CHECK(render(read.rows) == "[Réf][Intitulé]\n[M-1][Crèche]");
      CHECK(error_text(read) ==
            "t.csv:3:2: encodage incohérent : caractère « è » écrit en UTF-8 à la ligne 3 d'un fichier jusque-là en "
            "Windows-1252 (deux fichiers mis bout à bout ?) ; enregistrez le fichier en UTF-8");
    }
    SUBCASE("Windows-1252 text that merely looks like UTF-8 lead bytes is read") {
      // « É » (C9) then « ; » and « à » (E0) then a space are not UTF-8 sequences; C2 80 would be
      // a control character.
      auto read = read_string("\xC9t\xE9;\xE0 voir\nx;\xC2\x80\n");
      CHECK_FALSE(read.error);
      CHECK(render(read.rows) == "[Été][à voir]\n[x][Â€]");
    }
    SUBCASE("bytes undefined in Windows-1252") {
      for (unsigned char undefined : {0x81, 0x8D, 0x8F, 0x90, 0x9D}) {
        std::string data = "caf\xE9;x\nb;a";
        data += static_cast<char>(undefined);
        data += "\n";
        auto read = read_string(data);
        CHECK(render(read.rows) == "[café][x]");
        const char* hex = "0123456789ABCDEF";
        std::string byte = std::string("0x") + hex[undefined >> 4] + hex[undefined & 0xF];
        CHECK(error_text(read) == "t.csv:2:2: octet " + byte +
                                      " sans caractère en Windows-1252 à la ligne 2 ; enregistrez le fichier en UTF-8");
      }
    }
    SUBCASE("UTF-8 cut in the middle of a character at the end of the file") {
      CHECK(
          error_text(read_string("a;é\nb;\xC3")) ==
          "t.csv:2:2: le fichier se termine au milieu d'un caractère UTF-8 (octet 0xC3) ; le fichier est-il tronqué ?");
    }
  }

  TEST_CASE("files that cannot be read") {
    SUBCASE("missing file") {
      auto reader = Reader::open("/nonexistent/actions.csv");
      REQUIRE_FALSE(reader);
      CHECK(reader.error().kind == pilot::ErrorKind::io);
      CHECK(reader.error().message ==
            "impossible d'ouvrir « /nonexistent/actions.csv » : fichier ou dossier introuvable");
    }
    SUBCASE("a directory") {
      std::string dir = std::filesystem::temp_directory_path().string();
      auto reader = Reader::open(dir);
      REQUIRE_FALSE(reader);
      CHECK(reader.error().kind == pilot::ErrorKind::io);
      CHECK(reader.error().message == "erreur de lecture de « " + dir + " » : c'est un dossier, pas un fichier");
    }
  }

  TEST_CASE("errors are sticky") {
    auto reader = Reader::from_string("a\n\"b\"c\nd\n", "t.csv");
    REQUIRE(reader);
    CHECK(reader->next().value()->fields[0] == "a");
    auto first = reader->next();
    REQUIRE_FALSE(first);
    auto again = reader->next();
    REQUIRE_FALSE(again);
    CHECK(again.error().message == first.error().message);
  }
}
