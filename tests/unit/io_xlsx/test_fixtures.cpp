// Workbooks saved by real writers: openpyxl (inline strings, absolute targets), LibreOffice
// (shared strings, relative targets, computed formulas) and libxlsxwriter (rich text, formula
// results, chartsheets, constant-memory mode).
#include <doctest/doctest.h>

#include <xlsxwriter.h>

#include <cmath>
#include <tuple>

#include "xlsx_test_support.hpp"

using namespace pilot::io::xlsx;
using xlsx_test::fixture;
using xlsx_test::read_sheet;

namespace {

using Ymd = std::tuple<int, int, int>;

void check_text(const Cell& cell, const std::string& text) {
  CHECK(cell.type == CellType::text);
  CHECK(cell.text == text);
}

void check_number(const Cell& cell, double number, bool is_date) {
  CHECK(cell.type == CellType::number);
  CHECK(cell.number == doctest::Approx(number));
  CHECK(cell.is_date == is_date);
}

// Both fixtures hold the same workbook (the LibreOffice one is the openpyxl one re-saved).
void check_actions(const std::string& path, bool formulas_computed) {
  const auto sheet = read_sheet(path, "Actions");
  REQUIRE(sheet.error.empty());
  REQUIRE(sheet.rows.size() == 6);
  std::vector<std::uint32_t> numbers;
  for (const auto& row : sheet.rows) {
    numbers.push_back(row.number);
  }
  CHECK(numbers == std::vector<std::uint32_t>{1, 2, 3, 4, 6, 8});  // 5 empty, 12 only styled

  const Row& header = sheet.rows[0];
  REQUIRE(header.cells.size() == 8);
  check_text(header.cells[0], "Intitulé");
  check_text(header.cells[7], "Contrôle");

  const Row& first = sheet.rows[1];
  REQUIRE(first.cells.size() == 8);
  check_text(first.cells[0], "Accompagnement RSA");
  check_number(first.cells[1], 2560000.5, false);
  CHECK(first.cells[1].text == "2560000.5");
  check_text(first.cells[2], "08000");        // a number stored as text stays text
  check_number(first.cells[3], 45471, true);  // built-in format 14
  CHECK(serial_to_ymd(first.cells[3].number, false) == Ymd{2024, 6, 28});
  check_number(first.cells[4], 46752, true);  // custom dd/mm/yyyy
  CHECK(serial_to_ymd(first.cells[4].number, false) == Ymd{2027, 12, 31});
  CHECK(first.cells[5].type == CellType::boolean);
  CHECK(first.cells[5].text == "TRUE");
  CHECK(first.cells[5].number == 1);
  check_number(first.cells[6], 0.25, false);  // 0.00% is not a date
  CHECK(first.cells[7].type == CellType::error);
  CHECK(first.cells[7].text == "#N/A");

  const Row& second = sheet.rows[2];
  REQUIRE(second.cells.size() == 8);
  check_text(second.cells[0], "Ligne 1\nLigne 2");
  check_number(second.cells[1], -3, false);
  check_text(second.cells[2], "2 560 000,00");
  CHECK(serial_to_ymd(second.cells[3].number, false) == Ymd{1900, 2, 28});
  CHECK(serial_to_ymd(second.cells[4].number, false) == Ymd{2024, 2, 29});
  CHECK(second.cells[5].type == CellType::boolean);
  CHECK(second.cells[5].text == "FALSE");
  CHECK(second.cells[5].number == 0);
  CHECK(second.cells[7].text == "#DIV/0!");

  const Row& gaps = sheet.rows[3];  // A, C and F only
  REQUIRE(gaps.cells.size() == 6);
  check_text(gaps.cells[0], "trou");
  CHECK(gaps.cells[1].type == CellType::empty);
  check_number(gaps.cells[2], 3, false);
  CHECK(gaps.cells[3].type == CellType::empty);
  CHECK(gaps.cells[4].type == CellType::empty);
  CHECK(gaps.cells[5].type == CellType::boolean);

  const Row& formats = sheet.rows[4];
  REQUIRE(formats.cells.size() == 4);
  if (formulas_computed) {
    check_number(formats.cells[0], 5120001, false);
  } else {
    // openpyxl stores no cached result: the cell is an error that names the formula.
    CHECK(formats.cells[0].type == CellType::error);
    CHECK(formats.cells[0].text.starts_with("="));
  }
  check_number(formats.cells[1], 14.5 / 24, true);  // hh:mm
  check_number(formats.cells[2], 1234.5, false);    // #,##0.00 "€"
  check_number(formats.cells[3], 45000, true);      // [$-40C]d mmmm yyyy

  const Row& merged = sheet.rows[5];  // A8:C8 merged: the value is in A8 only
  REQUIRE(merged.cells.size() == 1);
  check_text(merged.cells[0], "fusion");
}

void check_lines(const std::string& path) {
  const auto sheet = read_sheet(path, "Lignes budgétaires");
  REQUIRE(sheet.error.empty());
  REQUIRE(sheet.rows.size() == 3);
  CHECK(sheet.rows[0].number == 3);
  check_text(sheet.rows[1].cells[0], "  espace  ");  // xml:space="preserve"
  check_number(sheet.rows[1].cells[1], 12.75, false);
  check_text(sheet.rows[2].cells[0], "Équipe d'été");
  check_number(sheet.rows[2].cells[1], 0, false);
}

}  // namespace

TEST_SUITE("io::xlsx::fixtures") {
  TEST_CASE("openpyxl workbook: inline strings and absolute targets") {
    const std::string path = fixture("openpyxl_types.xlsx");
    auto workbook = Workbook::open(path);
    REQUIRE(workbook.has_value());
    CHECK(workbook->sheet_names() == std::vector<std::string>{"Actions", "Lignes budgétaires", "Cachée"});
    CHECK(workbook->sheets()[0].part == "xl/worksheets/sheet1.xml");
    CHECK_FALSE(workbook->sheets()[0].hidden);
    CHECK(workbook->sheets()[2].hidden);
    CHECK_FALSE(workbook->date1904());
    CHECK(workbook->shared_string_count() == 0);
    CHECK(workbook->path() == path);
    check_actions(path, false);
    check_lines(path);
    const auto hidden = read_sheet(path, "Cachée");
    REQUIRE(hidden.rows.size() == 1);
    CHECK(hidden.rows[0].cells[0].text == "secret");
  }

  TEST_CASE("LibreOffice workbook: shared strings and relative targets") {
    const std::string path = fixture("libreoffice_types.xlsx");
    auto workbook = Workbook::open(path);
    REQUIRE(workbook.has_value());
    CHECK(workbook->sheet_names() == std::vector<std::string>{"Actions", "Lignes budgétaires", "Cachée"});
    CHECK(workbook->sheets()[1].part == "xl/worksheets/sheet2.xml");
    CHECK(workbook->shared_string_count() == 18);
    check_actions(path, true);
    check_lines(path);
  }

  TEST_CASE("1904 date system") {
    const std::string path = fixture("openpyxl_1904.xlsx");
    auto workbook = Workbook::open(path);
    REQUIRE(workbook.has_value());
    CHECK(workbook->date1904());
    auto reader = workbook->open_sheet("Dates");
    REQUIRE(reader.has_value());
    CHECK(reader->date1904());
    auto first = reader->next();
    REQUIRE((first && *first));
    CHECK((*first)->cells[0].is_date);
    CHECK((*first)->cells[0].number == 44009);
    CHECK(serial_to_ymd((*first)->cells[0].number, reader->date1904()) == Ymd{2024, 6, 28});
    auto second = reader->next();
    REQUIRE((second && *second));
    CHECK(serial_to_ymd((*second)->cells[0].number, true) == Ymd{1904, 1, 1});
    auto end = reader->next();
    REQUIRE(end.has_value());
    CHECK_FALSE(end->has_value());
    auto again = reader->next();  // reading past the end stays at the end
    REQUIRE(again.has_value());
    CHECK_FALSE(again->has_value());
  }

  TEST_CASE("libxlsxwriter workbook: rich text, formula results, chartsheet") {
    xlsx_test::ScratchDir scratch;
    const std::string path = scratch.file("libxlsxwriter.xlsx");
    lxw_workbook* book = workbook_new(path.c_str());
    lxw_worksheet* sheet = workbook_add_worksheet(book, "Données 2024");
    lxw_format* bold = workbook_add_format(book);
    format_set_bold(bold);
    lxw_format* date = workbook_add_format(book);
    format_set_num_format(date, "dd/mm/yyyy");
    worksheet_write_string(sheet, 0, 0, "  espace", nullptr);
    worksheet_write_string(sheet, 0, 1, "ctl\x01x", nullptr);  // stored as ctl_x0001_x
    lxw_rich_string_tuple run1 = {bold, const_cast<char*>("Montant ")};
    lxw_rich_string_tuple run2 = {nullptr, const_cast<char*>("total")};
    lxw_rich_string_tuple* runs[] = {&run1, &run2, nullptr};
    worksheet_write_rich_string(sheet, 1, 0, runs, nullptr);
    worksheet_write_formula_str(sheet, 1, 1, "=\"o\"&\"k\"", nullptr, "ok");
    worksheet_write_formula_num(sheet, 1, 2, "=1+1", nullptr, 2);
    worksheet_write_boolean(sheet, 1, 3, 1, nullptr);
    lxw_datetime when = {2024, 6, 28, 0, 0, 0};
    worksheet_write_datetime(sheet, 1, 4, &when, date);
    worksheet_merge_range(sheet, 2, 0, 2, 2, "fusion", nullptr);
    worksheet_write_number(sheet, 9, 26, 42, nullptr);  // AA10
    lxw_chartsheet* chartsheet = workbook_add_chartsheet(book, "Graphique");
    lxw_chart* chart = workbook_add_chart(book, LXW_CHART_BAR);
    chart_add_series(chart, nullptr, "='Données 2024'!$C$2:$C$2");
    chartsheet_set_chart(chartsheet, chart);
    REQUIRE(workbook_close(book) == LXW_NO_ERROR);

    auto workbook = Workbook::open(path);
    REQUIRE(workbook.has_value());
    CHECK(workbook->sheet_names() == std::vector<std::string>{"Données 2024", "Graphique"});
    CHECK(workbook->sheets()[1].kind == SheetKind::chartsheet);

    const auto result = read_sheet(path, "Données 2024");
    REQUIRE(result.error.empty());
    REQUIRE(result.rows.size() == 4);
    check_text(result.rows[0].cells[0], "  espace");
    check_text(result.rows[0].cells[1], "ctl\x01x");
    check_text(result.rows[1].cells[0], "Montant total");  // runs concatenated
    check_text(result.rows[1].cells[1], "ok");             // t="str"
    check_number(result.rows[1].cells[2], 2, false);
    CHECK(result.rows[1].cells[3].type == CellType::boolean);
    check_number(result.rows[1].cells[4], 45471, true);
    CHECK(result.rows[2].cells.size() == 1);
    check_text(result.rows[2].cells[0], "fusion");
    CHECK(result.rows[3].number == 10);
    REQUIRE(result.rows[3].cells.size() == 27);
    check_number(result.rows[3].cells[26], 42, false);

    const auto chart_result = read_sheet(path, "Graphique");
    CHECK(chart_result.error ==
          "ERROR: " + path + " : la feuille « Graphique » est un graphique, pas un tableau de cellules");
  }

  TEST_CASE("libxlsxwriter constant-memory workbook: inline strings") {
    xlsx_test::ScratchDir scratch;
    const std::string path = scratch.file("constant.xlsx");
    lxw_workbook_options options = {LXW_TRUE, nullptr, LXW_FALSE};
    lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
    lxw_worksheet* sheet = workbook_add_worksheet(book, nullptr);
    for (lxw_row_t row = 0; row < 3000; ++row) {
      worksheet_write_string(sheet, row, 0, ("ligne " + std::to_string(row + 1)).c_str(), nullptr);
      worksheet_write_number(sheet, row, 1, row * 1.5, nullptr);
    }
    REQUIRE(workbook_close(book) == LXW_NO_ERROR);

    const auto result = read_sheet(path, "Sheet1");
    REQUIRE(result.error.empty());
    REQUIRE(result.rows.size() == 3000);
    CHECK(result.rows[2999].number == 3000);
    check_text(result.rows[2999].cells[0], "ligne 3000");
    check_number(result.rows[2999].cells[1], 2999 * 1.5, false);
  }
}
