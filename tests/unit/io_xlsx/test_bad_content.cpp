// Worksheet content that cannot be read: malformed or hostile XML, bad cell values, limits.
// Each must give a clear Error naming the file (and the cell), never a crash or a hang.
#include <doctest/doctest.h>

#include <filesystem>
#include <limits>

#include "xlsx_test_support.hpp"

using namespace pilot::io::xlsx;
using pilot::ErrorKind;
using xlsx_test::open_error;
using xlsx_test::Package;
using xlsx_test::read_sheet;
using xlsx_test::ScratchDir;
using xlsx_test::sheet_xml;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string one_sheet(const ScratchDir& scratch, const std::string& rows, const std::string& name = "Feuil1",
                      const std::string& shared_strings = {}) {
  Package package;
  package.sheets = {{name, sheet_xml(rows)}};
  package.shared_strings = shared_strings;
  const std::string path = scratch.file("book.xlsx");
  xlsx_test::write_package(path, package.parts());
  return path;
}

const std::string k_doctype_sheet =
    "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY lol \"lol\">"
    "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
    "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">"
    "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
    "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
    "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
    "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
    "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
    "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
    "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>"
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>";

}  // namespace

TEST_SUITE("io::xlsx::bad_content") {
  TEST_CASE("malformed worksheet XML") {
    ScratchDir scratch;
    SUBCASE("mismatched tag, reported with its line after the good rows") {
      Package package;
      package.sheets = {{"Feuil1",
                         "<worksheet><sheetData>\n<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>\n"
                         "<row r=\"2\"><c r=\"A2\"><v>2</v></row>\n</sheetData></worksheet>"}};
      const std::string path = scratch.file("xml.xlsx");
      xlsx_test::write_package(path, package.parts());
      const auto result = read_sheet(path, "Feuil1");
      CHECK(result.rows.size() == 1);
      CHECK(result.error == "ERROR: " + path +
                                " : XML mal formé dans la partie « xl/worksheets/sheet1.xml », "
                                "ligne 3, colonne 32 : mismatched tag");
    }
    SUBCASE("a sheet cut short") {
      Package package;
      package.sheets = {{"Feuil1", "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\">"}};
      const std::string path = scratch.file("court.xlsx");
      xlsx_test::write_package(path, package.parts());
      const auto result = read_sheet(path, "Feuil1");
      CHECK(result.rows.size() == 1);
      CHECK(contains(result.error, "XML mal formé dans la partie « xl/worksheets/sheet1.xml »"));
    }
    SUBCASE("not XML at all") {
      Package package;
      package.sheets = {{"Feuil1", std::string("\x00\x01\x02garbage", 10)}};
      const std::string path = scratch.file("binaire.xlsx");
      xlsx_test::write_package(path, package.parts());
      CHECK(contains(read_sheet(path, "Feuil1").error, "XML mal formé"));
    }
    SUBCASE("an empty part") {
      Package package;
      package.sheets = {{"Feuil1", ""}};
      const std::string path = scratch.file("partie_vide.xlsx");
      xlsx_test::write_package(path, package.parts());
      CHECK(contains(read_sheet(path, "Feuil1").error, "ligne 1, colonne 1 : no element found"));
    }
    SUBCASE("an error is sticky") {
      Package package;
      package.sheets = {{"Feuil1", "<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row><oops></sheetData>"}};
      const std::string path = scratch.file("collant.xlsx");
      xlsx_test::write_package(path, package.parts());
      auto workbook = Workbook::open(path);
      REQUIRE(workbook.has_value());
      auto reader = workbook->open_sheet("Feuil1");
      REQUIRE(reader.has_value());
      CHECK(reader->next().has_value());
      const auto first = reader->next();
      REQUIRE_FALSE(first.has_value());
      const auto second = reader->next();
      REQUIRE_FALSE(second.has_value());
      CHECK(second.error().message == first.error().message);
    }
    SUBCASE("deep nesting") {
      std::string deep;
      for (int i = 0; i < 100000; ++i) {
        deep += "<x>";
      }
      for (int i = 0; i < 100000; ++i) {
        deep += "</x>";
      }
      const std::string path = one_sheet(scratch, "<row r=\"1\"><c r=\"A1\"><v>1</v>" + deep + "</c></row>");
      const auto result = read_sheet(path, "Feuil1");
      CHECK(result.error.empty());
      CHECK(result.rows.size() == 1);
    }
  }

  TEST_CASE("hostile XML: DOCTYPE and entity expansion are refused") {
    ScratchDir scratch;
    SUBCASE("billion laughs in a worksheet") {
      Package package;
      package.sheets = {{"Feuil1", k_doctype_sheet}};
      const std::string path = scratch.file("rires.xlsx");
      xlsx_test::write_package(path, package.parts());
      CHECK(read_sheet(path, "Feuil1").error ==
            "ERROR: " + path +
                " : déclaration DOCTYPE refusée dans la partie « xl/worksheets/sheet1.xml » "
                "(un classeur xlsx n'en contient jamais)");
    }
    SUBCASE("external entity in the workbook part") {
      Package package;
      package.sheets = {{"Feuil1", sheet_xml("")}};
      auto parts = package.parts();
      parts["xl/workbook.xml"] =
          "<?xml version=\"1.0\"?><!DOCTYPE workbook [<!ENTITY xxe SYSTEM "
          "\"file:///etc/passwd\">]><workbook><sheets><sheet name=\"&xxe;\"/></sheets></workbook>";
      const std::string path = scratch.file("xxe.xlsx");
      xlsx_test::write_package(path, parts);
      CHECK(open_error(path).message == path +
                                            " : déclaration DOCTYPE refusée dans la partie « xl/workbook.xml » "
                                            "(un classeur xlsx n'en contient jamais)");
    }
    SUBCASE("undeclared entity") {
      const std::string path =
          one_sheet(scratch, "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&nbsp;</t></is></c></row>");
      CHECK(contains(read_sheet(path, "Feuil1").error, "undefined entity"));
    }
  }

  TEST_CASE("cell values that cannot be read") {
    ScratchDir scratch;
    const auto error_of = [&](const std::string& cell, const std::string& shared = {}) {
      return read_sheet(one_sheet(scratch, "<row r=\"14\">" + cell + "</row>", "Lignes budgétaires", shared),
                        "Lignes budgétaires")
          .error;
    };
    const std::string prefix = "ERROR: " + scratch.file("book.xlsx") + " : ";
    CHECK(error_of("<c r=\"C14\" t=\"s\"><v>5</v></c>", xlsx_test::shared_strings_xml({"a", "b"})) ==
          prefix + "'Lignes budgétaires'!C14 : chaîne partagée n° 5 inexistante (le classeur en compte 2)");
    CHECK(error_of("<c r=\"C14\" t=\"s\"><v>0</v></c>") ==
          prefix + "'Lignes budgétaires'!C14 : chaîne partagée n° 0 inexistante (le classeur en compte 0)");
    CHECK(error_of("<c r=\"C14\" t=\"s\"><v>-1</v></c>", xlsx_test::shared_strings_xml({"a"})) ==
          prefix + "'Lignes budgétaires'!C14 : indice de chaîne partagée invalide « -1 »");
    CHECK(error_of("<c r=\"B14\"><v>12,5</v></c>") ==
          prefix + "'Lignes budgétaires'!B14 : valeur numérique invalide « 12,5 »");
    CHECK(error_of("<c r=\"B14\"><v>nan</v></c>") ==
          prefix + "'Lignes budgétaires'!B14 : valeur numérique invalide « nan »");
    CHECK(error_of("<c r=\"B14\" t=\"b\"><v>oui</v></c>") ==
          prefix + "'Lignes budgétaires'!B14 : valeur booléenne invalide « oui »");
    CHECK(error_of("<c r=\"B14\" t=\"d\"><v>31/02/2024</v></c>") ==
          prefix + "'Lignes budgétaires'!B14 : date invalide « 31/02/2024 »");
    CHECK(error_of("<c r=\"B14\" t=\"x\"><v>1</v></c>") ==
          prefix + "'Lignes budgétaires'!B14 : type de cellule inconnu « x »");
    CHECK(error_of("<c r=\"14B\"><v>1</v></c>") ==
          prefix + "référence de cellule invalide « 14B » à la ligne 14 de la feuille « Lignes budgétaires »");
    CHECK(read_sheet(one_sheet(scratch, "<row r=\"abc\"><c><v>1</v></c></row>"), "Feuil1").error ==
          prefix + "numéro de ligne invalide « abc »");
    CHECK(read_sheet(one_sheet(scratch, "<row r=\"0\"><c><v>1</v></c></row>"), "Feuil1").error ==
          prefix + "numéro de ligne invalide « 0 »");
  }

  TEST_CASE("limits") {
    ScratchDir scratch;
    SUBCASE("rows") {
      Limits limits;
      limits.max_rows = 3;
      const std::string path =
          one_sheet(scratch, "<row r=\"1\"><c><v>1</v></c></row><row r=\"4\"><c><v>4</v></c></row>", "Actions");
      const auto result = read_sheet(path, "Actions", limits);
      CHECK(result.rows.size() == 1);
      CHECK(result.error == "ERROR: " + path + " : la feuille « Actions » dépasse 3 lignes");
      const auto excel =
          read_sheet(one_sheet(scratch, "<row r=\"1048577\"><c><v>1</v></c></row>", "Actions"), "Actions");
      CHECK(excel.error == "ERROR: " + path + " : la feuille « Actions » dépasse 1 048 576 lignes");
      const auto huge =
          read_sheet(one_sheet(scratch, "<row r=\"99999999999999999999\"><c><v>1</v></c></row>", "Actions"), "Actions");
      CHECK(huge.error == "ERROR: " + path + " : numéro de ligne invalide « 99999999999999999999 »");
    }
    SUBCASE("columns") {
      Limits limits;
      limits.max_columns = 5;
      const std::string path =
          one_sheet(scratch, "<row r=\"3\"><c r=\"E3\"><v>1</v></c><c r=\"F3\"><v>2</v></c></row>", "Actions");
      CHECK(read_sheet(path, "Actions", limits).error ==
            "ERROR: " + path + " : la feuille « Actions » dépasse 5 colonnes (cellule Actions!F3)");
      const auto excel =
          read_sheet(one_sheet(scratch, "<row r=\"3\"><c r=\"XFE3\"><v>1</v></c></row>", "Actions"), "Actions");
      CHECK(excel.error ==
            "ERROR: " + path + " : la feuille « Actions » dépasse 16 384 colonnes (cellule Actions!XFE3)");
      const auto unpositioned =
          read_sheet(one_sheet(scratch, "<row r=\"3\"><c r=\"E3\"><v>1</v></c><c><v>2</v></c></row>", "Actions"),
                     "Actions", limits);
      CHECK(contains(unpositioned.error, "dépasse 5 colonnes (cellule Actions!F3)"));
    }
    SUBCASE("cell size") {
      Limits limits;
      limits.max_cell_bytes = 10;
      const std::string path =
          one_sheet(scratch,
                    "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>0123456789</t></is></c>"
                    "<c r=\"B2\" t=\"inlineStr\"><is><r><t>012345</t></r><r><t>6789A</t></r></is></c></row>",
                    "Actions");
      CHECK(read_sheet(path, "Actions", limits).error ==
            "ERROR: " + path + " : Actions!B2 : la cellule dépasse 10 octets");
      const auto value = read_sheet(
          one_sheet(scratch, "<row r=\"2\"><c r=\"C2\"><v>12345678901</v></c></row>", "Actions"), "Actions", limits);
      CHECK(value.error == "ERROR: " + path + " : Actions!C2 : la cellule dépasse 10 octets");
      const auto shared =
          read_sheet(one_sheet(scratch, "", "Actions", xlsx_test::shared_strings_xml({"court", "beaucoup trop long"})),
                     "Actions", limits);
      CHECK(shared.error == "ERROR: " + path + " : la chaîne partagée n° 1 dépasse 10 octets");
    }
    SUBCASE("shared strings total") {
      Limits limits;
      limits.max_shared_strings_bytes = 1024;
      std::vector<std::string> items;
      for (int i = 0; i < 200; ++i) {
        items.push_back("chaîne n° " + std::to_string(i));
      }
      const std::string path = one_sheet(scratch, "", "Actions", xlsx_test::shared_strings_xml(items));
      CHECK(open_error(path, limits).message == path + " : les chaînes partagées du classeur dépassent 1 Kio");
      CHECK(Workbook::open(path).has_value());
    }
    SUBCASE("zip bomb: a sheet that decompresses past max_part_bytes") {
      std::string rows;
      for (int r = 1; r <= 40000; ++r) {
        rows += "<row><c><v>0</v></c></row>";  // identical rows: 1 Mio that deflates to a few Kio
      }
      const std::string path = one_sheet(scratch, rows, "Actions");
      CHECK(std::filesystem::file_size(path) < 10'000);
      Limits limits;
      limits.max_part_bytes = 256 * 1024;
      auto workbook = Workbook::open(path, limits);
      REQUIRE(workbook.has_value());
      const auto reader = workbook->open_sheet("Actions");
      REQUIRE_FALSE(reader.has_value());
      CHECK(reader.error().message == path +
                                          " : la partie « xl/worksheets/sheet1.xml » dépasse 256 Kio une fois "
                                          "décompressée (archive piégée ou classeur trop gros)");
      limits.max_part_bytes = 2 << 20;
      CHECK(read_sheet(path, "Actions", limits).rows.size() == 40000);
      limits.max_part_bytes = std::numeric_limits<std::uint64_t>::max();
      CHECK(read_sheet(path, "Actions", limits).rows.size() == 40000);
    }
    SUBCASE("zip bomb in the shared strings") {
      std::vector<std::string> items(20000, "toujours la même chaîne");
      const std::string path = one_sheet(scratch, "", "Actions", xlsx_test::shared_strings_xml(items));
      Limits limits;
      limits.max_part_bytes = 64 * 1024;
      CHECK(contains(open_error(path, limits).message, "la partie « xl/sharedStrings.xml » dépasse 64 Kio"));
    }
  }
}
