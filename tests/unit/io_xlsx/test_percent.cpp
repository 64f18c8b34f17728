#include <doctest/doctest.h>
#include <xlsxwriter.h>

#include "io/xlsx/number_format.hpp"
#include "xlsx_test_support.hpp"

using namespace pilot::io::xlsx;

TEST_SUITE("io::xlsx percentages") {
  TEST_CASE("format codes that scale the number by 100") {
    CHECK(is_builtin_percent_format(9));
    CHECK(is_builtin_percent_format(10));
    CHECK_FALSE(is_builtin_percent_format(0));
    CHECK_FALSE(is_builtin_percent_format(14));
    CHECK(is_percent_format_code("0%"));
    CHECK(is_percent_format_code("0.0 %"));
    CHECK(is_percent_format_code("[Red]-0.00%"));
    CHECK_FALSE(is_percent_format_code("0 \"%\""));
    CHECK_FALSE(is_percent_format_code("0\\%"));
    CHECK_FALSE(is_percent_format_code("#,##0.00 \"€\""));
    CHECK_FALSE(is_percent_format_code("General"));
  }

  TEST_CASE("a cell shown as a percentage is flagged, its number left as stored") {
    xlsx_test::ScratchDir scratch;
    const std::string path = scratch.file("pourcentages.xlsx");
    lxw_workbook* book = workbook_new(path.c_str());
    lxw_worksheet* sheet = workbook_add_worksheet(book, "Indicateurs");
    lxw_format* custom = workbook_add_format(book);
    format_set_num_format(custom, "0.0 %");
    lxw_format* builtin = workbook_add_format(book);
    format_set_num_format_index(builtin, 9);
    lxw_format* quoted = workbook_add_format(book);
    format_set_num_format(quoted, "0 \"%\"");
    lxw_format* date = workbook_add_format(book);
    format_set_num_format(date, "dd/mm/yyyy");
    worksheet_write_number(sheet, 0, 0, 0.125, custom);
    worksheet_write_number(sheet, 0, 1, 0.12, builtin);
    worksheet_write_number(sheet, 0, 2, 12, quoted);
    worksheet_write_number(sheet, 0, 3, 12, nullptr);
    worksheet_write_number(sheet, 0, 4, 45471, date);
    REQUIRE(workbook_close(book) == LXW_NO_ERROR);

    const auto result = xlsx_test::read_sheet(path, "Indicateurs");
    REQUIRE(result.error.empty());
    REQUIRE(result.rows.size() == 1);
    const auto& cells = result.rows[0].cells;
    REQUIRE(cells.size() == 5);
    CHECK(cells[0].is_percent);
    CHECK(cells[0].number == doctest::Approx(0.125));
    CHECK(cells[0].text == "0.125");
    CHECK(cells[1].is_percent);
    CHECK_FALSE(cells[2].is_percent);
    CHECK_FALSE(cells[3].is_percent);
    CHECK_FALSE(cells[4].is_percent);
    CHECK(cells[4].is_date);
  }
}
