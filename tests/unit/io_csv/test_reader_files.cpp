// io::csv::Reader on real files as French Excel, LibreOffice and scripts write them
// (tests/data/io_csv/), read through Reader::open.
#include <doctest/doctest.h>

#include "csv_test_support.hpp"
#include "io/csv/reader.hpp"

using namespace pilot::io::csv;
using namespace pilot::io::csv::test;

namespace {

std::string fixture(const std::string& name) {
  return std::string(PILOT_TEST_DATA) + "/io_csv/" + name;
}

ReadAll read_file(const std::string& path) {
  auto reader = Reader::open(path);
  REQUIRE(reader);
  CHECK(reader->display_name() == path);
  return read_all(*reader);
}

}  // namespace

TEST_SUITE("io::csv::Reader") {
  TEST_CASE("fixture files") {
    SUBCASE("French Excel « CSV (séparateur : point-virgule) »: Windows-1252, ';', CRLF") {
      auto read = read_file(fixture("excel_fr_cp1252.csv"));
      REQUIRE_FALSE(read.error);
      CHECK(read.dialect.separator == ';');
      CHECK(read.dialect.encoding == Encoding::windows1252);
      CHECK(render(read.rows) ==
            "[Intitulé de l'action][Axe][Montant prévu][Date de début][Commentaire]\n"
            "[Rénovation de l’école Jean-Jaurès][1][2\u00A0560\u00A0000,00\u00A0€][01/09/2024][Phase 1 ; études]\n"
            "[Accès aux droits – maraudes][3][45 000,00 €][15/01/2025][Partenaires : « Restos du cœur »\\r\\net CCAS]\n"
            "[Œuvres sociales][2][-1\u00A0250,50\u00A0€][][]\n"
            "[Référent \"parcours\"][4][0,00\u00A0€][31/12/2027][]\n"
            "[][][][][]");
      CHECK(positions(read.rows) == "1/1 2/2 3/3 5/4 6/5 7/6");
    }
    SUBCASE("French Excel « CSV UTF-8 »: BOM, ';', CRLF, narrow no-break spaces") {
      auto read = read_file(fixture("excel_fr_utf8_bom.csv"));
      REQUIRE_FALSE(read.error);
      CHECK(read.dialect.separator == ';');
      CHECK(read.dialect.encoding == Encoding::utf8_bom);
      CHECK(render(read.rows) ==
            "[Collectivité][Montant][Seuil][Commentaire]\n"
            "[Métropole de Lyon][2\u202F560\u202F000,00\u00A0€][≥ 50 %][Axe 1 ; axe 2]\n"
            "[Collectivité de Corse][12,5][][Ligne 1\\r\\nLigne 2]");
      CHECK(positions(read.rows) == "1/1 2/2 3/3");
    }
    SUBCASE("French Excel « Texte Unicode (*.txt) »: UTF-16LE with BOM, TAB, CRLF") {
      // Written from UTF-8 text by: iconv -f UTF-8 -t UTF-16LE, with the bytes FF FE in front.
      auto read = read_file(fixture("excel_fr_unicode.txt"));
      REQUIRE_FALSE(read.error);
      CHECK(read.dialect.separator == '\t');
      CHECK(read.dialect.encoding == Encoding::utf16le);
      CHECK(render(read.rows) ==
            "[Intitulé de l’action][Axe][Montant prévu][Date de début][Commentaire]\n"
            "[Rénovation de l’école Jean-Jaurès][1][2\u202F560\u202F000,00\u00A0€][01/09/2024][Phase 1 ; études]\n"
            "[Accès aux droits – maraudes][3][45 000,00 €][15/01/2025][Partenaires : « Restos du cœur »\\net CCAS]\n"
            "[Œuvres sociales 😀][2][-1\u00A0250,50\u00A0€][][]");
      CHECK(positions(read.rows) == "1/1 2/2 3/3 5/4");
    }
    SUBCASE("LibreOffice: UTF-8, ',', LF, decimal commas in quotes") {
      auto read = read_file(fixture("libreoffice_utf8_comma.csv"));
      REQUIRE_FALSE(read.error);
      CHECK(read.dialect.separator == ',');
      CHECK(read.dialect.encoding == Encoding::utf8);
      CHECK(render(read.rows) ==
            "[Collectivité][Département][Montant][Taux][Note]\n"
            "[Métropole de Lyon][69][1234567,89][12.5][Dit : \"prioritaire\", à suivre]\n"
            "[Conseil départemental de l’Ain][01][2 560 000,00 €][][]\n"
            "[Collectivité européenne d'Alsace][67][0][3,5][Deux\\nlignes]");
      CHECK(positions(read.rows) == "1/1 2/2 3/3 4/4");
    }
    SUBCASE("script output: UTF-8, TAB, LF") {
      auto read = read_file(fixture("script_utf8_tab.tsv"));
      REQUIRE_FALSE(read.error);
      CHECK(read.dialect.separator == '\t');
      CHECK(render(read.rows) ==
            "[code][libellé][valeur]\n"
            "[CLS-01][Prévenir la pauvreté dès l'enfance][1,5]\n"
            "[CLS-02][Accès\taux droits][]");
    }
    SUBCASE("errors name the path as given") {
      auto reader = Reader::open(fixture("excel_fr_cp1252.csv"), Limits{.max_field_bytes = 10});
      REQUIRE(reader);
      auto read = read_all(*reader);
      CHECK(error_text(read) == fixture("excel_fr_cp1252.csv") + ":1:1: champ de plus de 10 octets (limite 10)");
    }
  }
}
