// Hand-written packages: the variations real writers produce that the fixtures do not cover
// (cells without references, prefixed elements, rich and phonetic runs, escapes, ISO dates).
#include <doctest/doctest.h>

#include "xlsx_test_support.hpp"

using namespace pilot::io::xlsx;
using xlsx_test::Package;
using xlsx_test::read_sheet;
using xlsx_test::ScratchDir;
using xlsx_test::sheet_xml;

namespace {

std::string write(const ScratchDir& scratch, const Package& package, const std::string& name = "book.xlsx") {
  const std::string path = scratch.file(name);
  xlsx_test::write_package(path, package.parts());
  return path;
}

std::vector<std::string> texts(const Row& row) {
  std::vector<std::string> result;
  for (const auto& cell : row.cells) {
    result.push_back(cell.text);
  }
  return result;
}

}  // namespace

TEST_SUITE("io::xlsx::package") {
  TEST_CASE("inline strings: runs, phonetic runs, white space and escapes") {
    ScratchDir scratch;
    Package package;
    package.sheets = {
        {"Feuil1",
         sheet_xml("<row r=\"1\">"
                   "<c r=\"A1\" t=\"inlineStr\"><is><t>simple</t></is></c>"
                   "<c r=\"B1\" t=\"inlineStr\"><is><r><rPr><b/></rPr><t xml:space=\"preserve\">Montant </t></r>"
                   "<r><t>total</t></r><rPh sb=\"0\" eb=\"1\"><t>ふりがな</t></rPh></is></c>"
                   "<c r=\"C1\" t=\"inlineStr\"><is><t>  rogné  </t></is></c>"
                   "<c r=\"D1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">  gardé  </t></is></c>"
                   "<c r=\"E1\" t=\"inlineStr\"><is><t>ligne_x000D_\nsuite</t></is></c>"
                   "<c r=\"F1\" t=\"inlineStr\"><is><t>a &amp; b &lt; c</t></is></c>"
                   "<c r=\"G1\" t=\"inlineStr\"><v>dans v</v></c>"
                   "</row>")}};
    const auto result = read_sheet(write(scratch, package), "Feuil1");
    REQUIRE(result.error.empty());
    REQUIRE(result.rows.size() == 1);
    CHECK(texts(result.rows[0]) == std::vector<std::string>{"simple", "Montant total", "rogné", "  gardé  ",
                                                            "ligne\r\nsuite", "a & b < c", "dans v"});
  }

  TEST_CASE("shared strings: runs, phonetic runs, white space, escapes, empty items") {
    ScratchDir scratch;
    Package package;
    package.shared_strings =
        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" uniqueCount=\"999999999\">"
        "<si><t>zéro</t></si>"
        "<si><r><t>un </t></r><r><rPr><i/></rPr><t xml:space=\"preserve\"> deux</t></r>"
        "<rPh><t>ignoré</t></rPh><phoneticPr fontId=\"1\"/></si>"
        "<si><t>\n  trois  \n</t></si>"
        "<si><t>_x0009_tab_x005F_x0009_</t></si>"
        "<si><t/></si>"
        "<si><t> </t></si>"
        "</sst>";
    package.sheets = {
        {"Feuil1", sheet_xml("<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" t=\"s\"><v>1</v></c>"
                             "<c r=\"C2\" t=\"s\"><v> 2 </v></c><c r=\"D2\" t=\"s\"><v>3</v></c>"
                             "<c r=\"E2\" t=\"s\"><v>4</v></c><c r=\"F2\" t=\"s\"><v>5</v></c></row>"
                             "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>4</v></c><c r=\"B3\" t=\"s\"/></row>")}};
    const std::string path = write(scratch, package);
    auto workbook = Workbook::open(path);
    REQUIRE(workbook.has_value());
    CHECK(workbook->shared_string_count() == 6);
    const auto result = read_sheet(path, "Feuil1");
    REQUIRE(result.error.empty());
    REQUIRE(result.rows.size() == 1);  // row 3 holds only an empty string and a cell with no value
    CHECK(result.rows[0].number == 2);
    REQUIRE(result.rows[0].cells.size() == 6);
    // Without xml:space="preserve" each run loses its outer white space, as in Excel.
    CHECK(texts(result.rows[0]) == std::vector<std::string>{"zéro", "un deux", "trois", "\ttab_x0009_", "", " "});
    CHECK(result.rows[0].cells[4].type == CellType::empty);  // an empty string reads as empty
    CHECK(result.rows[0].cells[5].type == CellType::text);   // white space alone is kept
  }

  TEST_CASE("rows and cells without r attributes take the next position") {
    ScratchDir scratch;
    Package package;
    package.sheets = {{"Feuil1", sheet_xml("<row><c t=\"inlineStr\"><is><t>a</t></is></c><c><v>1</v></c></row>"
                                           "<row><c r=\"C2\"><v>3</v></c><c><v>4</v></c></row>"
                                           "<row r=\"7\"><c><v>7</v></c></row>"
                                           "<row><c r=\"B8\"/><c><v>8</v></c></row>")}};
    const auto result = read_sheet(write(scratch, package), "Feuil1");
    REQUIRE(result.error.empty());
    REQUIRE(result.rows.size() == 4);
    CHECK(result.rows[0].number == 1);
    CHECK(texts(result.rows[0]) == std::vector<std::string>{"a", "1"});
    CHECK(result.rows[1].number == 2);
    CHECK(texts(result.rows[1]) == std::vector<std::string>{"", "", "3", "4"});
    CHECK(result.rows[2].number == 7);
    CHECK(result.rows[3].number == 8);
    CHECK(texts(result.rows[3]) == std::vector<std::string>{"", "", "8"});
  }

  TEST_CASE("prefixed elements, as the Open XML SDK writes them") {
    ScratchDir scratch;
    Package package;
    package.sheets = {{"Feuil1",
                       "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                       "<x:sheetData><x:row x:r=\"1\"><x:c r=\"B1\" t=\"inlineStr\"><x:is><x:t>préfixé</x:t></x:is>"
                       "</x:c><x:c r=\"C1\"><x:v>2.5</x:v></x:c></x:row></x:sheetData></x:worksheet>"}};
    const auto result = read_sheet(write(scratch, package), "Feuil1");
    REQUIRE(result.error.empty());
    REQUIRE(result.rows.size() == 1);
    CHECK(texts(result.rows[0]) == std::vector<std::string>{"", "préfixé", "2.5"});
  }

  TEST_CASE("numbers, formulas, ISO dates and empty values") {
    ScratchDir scratch;
    Package package;
    package.workbook_pr = "<workbookPr date1904=\"true\"/>";
    package.sheets = {
        {"Feuil1",
         sheet_xml(
             "<row r=\"1\"><c r=\"A1\"><v>1E-3</v></c><c r=\"B1\" t=\"n\"><v> 42 </v></c><c r=\"C1\"><v>-0.5</v></c>"
             "<c r=\"D1\"><f>SUM(A1:C1)</f><v>41.501</v></c><c r=\"E1\" t=\"str\"><f>\"\"</f><v></v></c>"
             "<c r=\"F1\" t=\"d\"><v>2024-06-28T12:00:00</v></c><c r=\"G1\" t=\"b\"><v>true</v></c>"
             "<c r=\"H1\" t=\"e\"><v>#REF!</v></c><c r=\"I1\" t=\"str\"><v>a_x000A_b</v></c></row>")}};
    const auto result = read_sheet(write(scratch, package), "Feuil1");
    REQUIRE(result.error.empty());
    REQUIRE(result.rows.size() == 1);
    const Row& row = result.rows[0];
    REQUIRE(row.cells.size() == 9);
    CHECK(row.cells[0].number == doctest::Approx(0.001));
    CHECK(row.cells[0].text == "1E-3");
    CHECK(row.cells[1].number == 42);
    CHECK(row.cells[1].text == "42");
    CHECK(row.cells[2].number == -0.5);
    CHECK(row.cells[3].number == doctest::Approx(41.501));
    CHECK(row.cells[4].type == CellType::empty);
    CHECK(row.cells[5].type == CellType::number);
    CHECK(row.cells[5].is_date);
    CHECK(row.cells[5].number == 44009.5);  // 1904 system
    CHECK(row.cells[5].text == "2024-06-28T12:00:00");
    CHECK(row.cells[6].type == CellType::boolean);
    CHECK(row.cells[6].text == "TRUE");
    CHECK(row.cells[7].type == CellType::error);
    CHECK(row.cells[7].text == "#REF!");
    CHECK(row.cells[8].text == "a\nb");
  }

  TEST_CASE("a value merged over several rows belongs to each row that holds other values") {
    ScratchDir scratch;
    Package package;
    const std::string is = "t=\"inlineStr\"";
    auto text = [&](const std::string& ref, const std::string& value) {
      return "<c r=\"" + ref + "\" " + is + "><is><t>" + value + "</t></is></c>";
    };
    // A1:A2 « Référence » over a two-row header; A3:A5 « T-1 » over three budget lines, row 5
    // holding nothing else; B1:C1 merged across columns (the value stays in B1); D3:D4 empty.
    std::string sheet =
        sheet_xml("<row r=\"1\">" + text("A1", "Référence") + text("B1", "Budget") + "</row>" + "<row r=\"2\">" +
                  text("B2", "Année") + text("C2", "Montant") + "</row>" + "<row r=\"3\">" + text("A3", "T-1") +
                  "<c r=\"B3\"><v>2024</v></c><c r=\"C3\"><v>100</v></c></row>" +
                  "<row r=\"4\"><c r=\"A4\" s=\"0\"/><c r=\"B4\"><v>2025</v></c><c r=\"C4\"><v>200</v></c></row>" +
                  "<row r=\"5\"><c r=\"A5\" s=\"0\"/></row>");
    const std::string merges =
        "<mergeCells count=\"4\"><mergeCell ref=\"A1:A2\"/><mergeCell ref=\"A3:A5\"/>"
        "<mergeCell ref=\"B1:C1\"/><mergeCell ref=\"D3:D4\"/></mergeCells>";
    sheet.insert(sheet.find("</worksheet>"), merges);
    package.sheets = {{"Feuil1", sheet}};
    const auto result = read_sheet(write(scratch, package), "Feuil1");
    REQUIRE(result.error.empty());
    REQUIRE(result.rows.size() == 4);
    CHECK(result.rows[0].cells.size() == 2);
    CHECK(result.rows[1].cells[0].text == "Référence");
    CHECK(result.rows[1].cells[1].text == "Année");
    CHECK(result.rows[2].cells[0].text == "T-1");
    CHECK(result.rows[3].number == 4);
    CHECK(result.rows[3].cells[0].text == "T-1");
    CHECK(result.rows[3].cells[1].number == 2025);
    CHECK(result.rows[3].cells.size() == 3);
  }

  TEST_CASE("formulas never computed are not read as empty cells") {
    // openpyxl writes `<f>` with an empty `<v>`; other writers leave `<v>` out. A formula that
    // computed an empty string (type « str », empty value) is empty.
    ScratchDir scratch;
    Package package;
    package.sheets = {
        {"Feuil1", sheet_xml("<row r=\"1\"><c r=\"A1\"><f>B1*2</f><v></v></c><c r=\"B1\"><f> SUM(C1:C3) </f></c>"
                             "<c r=\"C1\" t=\"str\"><f>\"\"</f><v></v></c><c r=\"D1\"><f t=\"shared\" si=\"0\"/></c>"
                             "<c r=\"E1\"><f>1+1</f><v>2</v></c></row>")}};
    const auto result = read_sheet(write(scratch, package), "Feuil1");
    REQUIRE(result.error.empty());
    REQUIRE(result.rows.size() == 1);
    const Row& row = result.rows[0];
    REQUIRE(row.cells.size() == 5);
    CHECK(row.cells[0].type == CellType::error);
    CHECK(row.cells[0].text == "=B1*2");
    CHECK(row.cells[1].type == CellType::error);
    CHECK(row.cells[1].text == "=SUM(C1:C3)");
    CHECK(row.cells[2].type == CellType::empty);
    CHECK(row.cells[3].type == CellType::error);
    CHECK(row.cells[3].text == "=");
    CHECK(row.cells[4].type == CellType::number);
    CHECK(row.cells[4].number == 2);
  }

  TEST_CASE("styles: cellXfs index, custom formats overriding built-in ids") {
    ScratchDir scratch;
    Package package;
    package.styles =
        "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<numFmts><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/><numFmt numFmtId=\"165\" "
        "formatCode=\"#,##0.00&quot; €&quot;\"/><numFmt numFmtId=\"14\" formatCode=\"0.00\"/></numFmts>"
        "<cellStyleXfs><xf numFmtId=\"22\"/></cellStyleXfs>"
        "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"14\"/>"
        "<xf numFmtId=\"22\"/><xf/><xf numFmtId=\"47\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>";
    package.sheets = {
        {"Feuil1",
         sheet_xml(
             "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\" s=\"1\"><v>2</v></c><c r=\"C1\" s=\"2\"><v>3</v></c>"
             "<c r=\"D1\" s=\"3\"><v>4</v></c><c r=\"E1\" s=\"4\"><v>5</v></c><c r=\"F1\" s=\"5\"><v>6</v></c>"
             "<c r=\"G1\" s=\"6\"><v>7</v></c><c r=\"H1\" s=\"99\"><v>8</v></c><c r=\"I1\" s=\"x\"><v>9</v></c>"
             "<c r=\"J1\" s=\"1\" t=\"inlineStr\"><is><t>texte</t></is></c></row>")}};
    const auto result = read_sheet(write(scratch, package), "Feuil1");
    REQUIRE(result.error.empty());
    const Row& row = result.rows.at(0);
    std::vector<bool> dates;
    for (const auto& cell : row.cells) {
      dates.push_back(cell.is_date);
    }
    CHECK(dates == std::vector<bool>{false, true, false, false, true, false, true, false, false, false});
  }

  TEST_CASE("a package with neither content types nor root relationships still reads") {
    ScratchDir scratch;
    Package package;
    package.sheets = {{"Feuil1", sheet_xml("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")}};
    auto parts = package.parts();
    parts.erase("[Content_Types].xml");
    parts.erase("_rels/.rels");
    const std::string path = scratch.file("bare.xlsx");
    xlsx_test::write_package(path, parts);
    const auto result = read_sheet(path, "Feuil1");
    REQUIRE(result.error.empty());
    CHECK(result.rows.size() == 1);
  }

  TEST_CASE("absolute targets, upper-case and backslash entry names") {
    ScratchDir scratch;
    Package package;
    package.sheets = {{"Feuil1", sheet_xml("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")}};
    auto parts = package.parts();
    const std::string rels = parts["xl/_rels/workbook.xml.rels"];
    parts["xl/_rels/workbook.xml.rels"] =
        rels.substr(0, rels.find("worksheets/")) + "/xl/worksheets/" + rels.substr(rels.find("worksheets/") + 11);
    parts["XL\\Worksheets\\Sheet1.xml"] = parts["xl/worksheets/sheet1.xml"];
    parts.erase("xl/worksheets/sheet1.xml");
    const std::string path = scratch.file("odd.xlsx");
    xlsx_test::write_package(path, parts);
    auto workbook = Workbook::open(path);
    REQUIRE(workbook.has_value());
    CHECK(workbook->sheets()[0].part == "xl/worksheets/sheet1.xml");
    const auto result = read_sheet(path, "Feuil1");
    REQUIRE(result.error.empty());
    CHECK(result.rows.size() == 1);
  }

  TEST_CASE("a UTF-16 worksheet part") {
    ScratchDir scratch;
    Package package;
    const std::string utf8 =
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/"
        "spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>été</t></is>"
        "</c></row></sheetData></worksheet>";
    std::string utf16 = "\xFF\xFE";
    for (std::size_t i = 0; i < utf8.size(); ++i) {
      const auto byte = static_cast<unsigned char>(utf8[i]);
      if (byte == 0xC3) {  // é: the only non-ASCII character here
        utf16 += '\xE9';
        ++i;
      } else {
        utf16 += static_cast<char>(byte);
      }
      utf16 += '\0';
    }
    package.sheets = {{"Feuil1", utf16}};
    const auto result = read_sheet(write(scratch, package), "Feuil1");
    REQUIRE(result.error.empty());
    REQUIRE(result.rows.size() == 1);
    CHECK(result.rows[0].cells[0].text == "été");
  }

  TEST_CASE("rows larger than a chunk and many rows per chunk") {
    ScratchDir scratch;
    std::string rows = "<row r=\"1\">";
    for (std::size_t column = 0; column < 9000; ++column) {
      rows += "<c r=\"" + column_letters(column) + "1\"><v>" + std::to_string(column) + "</v></c>";
    }
    rows += "</row>";
    for (int r = 2; r <= 20000; ++r) {
      rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) + "\"><v>" + std::to_string(r) +
              "</v></c></row>";
    }
    Package package;
    package.sheets = {{"Feuil1", sheet_xml(rows)}};
    const auto result = read_sheet(write(scratch, package), "Feuil1");
    REQUIRE(result.error.empty());
    REQUIRE(result.rows.size() == 20000);
    REQUIRE(result.rows[0].cells.size() == 9000);
    CHECK(result.rows[0].cells[8999].number == 8999);
    for (std::size_t i = 1; i < result.rows.size(); ++i) {
      if (result.rows[i].number != i + 1 || result.rows[i].cells.at(0).number != static_cast<double>(i + 1)) {
        FAIL("row " << i + 1 << " out of sequence");
      }
    }
  }

  TEST_CASE("sheet lookup: exact, then case-insensitive, else the list of sheets") {
    ScratchDir scratch;
    Package package;
    package.sheets = {{"Actions", sheet_xml("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")},
                      {"ACTIONS 2", sheet_xml("<row r=\"1\"><c r=\"A1\"><v>2</v></c></row>")},
                      {"Lignes budgétaires", sheet_xml("<row r=\"1\"><c r=\"A1\"><v>3</v></c></row>")}};
    const std::string path = write(scratch, package);
    CHECK(read_sheet(path, "actions").rows.at(0).cells.at(0).number == 1);
    CHECK(read_sheet(path, "Actions 2").rows.at(0).cells.at(0).number == 2);
    CHECK(read_sheet(path, "Lignes budgétaires").rows.at(0).cells.at(0).number == 3);
    const auto missing = read_sheet(path, "Budget");
    CHECK(missing.kind == pilot::ErrorKind::not_found);
    CHECK(missing.error == "ERROR: " + path +
                               " : pas de feuille « Budget » dans le classeur (feuilles : « Actions », "
                               "« ACTIONS 2 », « Lignes budgétaires »)");
  }

  TEST_CASE("readers are independent and outlive their workbook") {
    ScratchDir scratch;
    Package package;
    package.sheets = {
        {"Un", sheet_xml("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</v></c></row>")},
        {"Deux",
         sheet_xml("<row r=\"1\"><c r=\"A1\"><v>10</v></c></row><row r=\"2\"><c r=\"A2\"><v>20</v></c></row>")}};
    const std::string path = write(scratch, package);
    std::optional<SheetReader> one;
    std::optional<SheetReader> two;
    {
      auto workbook = Workbook::open(path);
      REQUIRE(workbook.has_value());
      auto a = workbook->open_sheet("Un");
      auto b = workbook->open_sheet("Deux");
      REQUIRE((a && b));
      one.emplace(std::move(*a));
      two.emplace(std::move(*b));
    }
    CHECK(one->next()->value().cells[0].number == 1);
    CHECK(two->next()->value().cells[0].number == 10);
    CHECK(one->next()->value().cells[0].number == 2);
    CHECK(two->next()->value().cells[0].number == 20);
    CHECK_FALSE(one->next()->has_value());
    CHECK(one->sheet_name() == "Un");
    CHECK(two->reference(2, 14) == "Deux!C14");
    CHECK(two->path() == path);
  }
}
