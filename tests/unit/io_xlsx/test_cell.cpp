// Tests of the value helpers: column letters, references, Excel dates, date formats, escapes.
#include <doctest/doctest.h>

#include <limits>
#include <tuple>

#include "io/xlsx/cell.hpp"
#include "io/xlsx/format.hpp"
#include "io/xlsx/number_format.hpp"
#include "io/xlsx/package.hpp"
#include "io/xlsx/xml_parser.hpp"

using namespace pilot::io::xlsx;

TEST_SUITE("io::xlsx::cell") {
  TEST_CASE("column letters") {
    CHECK(column_letters(0) == "A");
    CHECK(column_letters(25) == "Z");
    CHECK(column_letters(26) == "AA");
    CHECK(column_letters(51) == "AZ");
    CHECK(column_letters(52) == "BA");
    CHECK(column_letters(701) == "ZZ");
    CHECK(column_letters(702) == "AAA");
    CHECK(column_letters(16383) == "XFD");
  }

  TEST_CASE("parse column") {
    CHECK(parse_column("A1") == 0u);
    CHECK(parse_column("C14") == 2u);
    CHECK(parse_column("xfd1048576") == 16383u);
    CHECK(parse_column("AA3") == 26u);
    for (std::size_t column : {0u, 25u, 26u, 701u, 702u, 16383u}) {
      CHECK(parse_column(column_letters(column) + "7") == column);
    }
    CHECK_FALSE(parse_column("").has_value());
    CHECK_FALSE(parse_column("A").has_value());
    CHECK_FALSE(parse_column("14").has_value());
    CHECK_FALSE(parse_column("1A").has_value());
    CHECK_FALSE(parse_column("A1B").has_value());
    CHECK_FALSE(parse_column("A-1").has_value());
    CHECK_FALSE(parse_column("ABCDEFGHIJ1").has_value());
  }

  TEST_CASE("cell reference") {
    CHECK(cell_reference("Actions", 2, 14) == "Actions!C14");
    CHECK(cell_reference("Lignes budgétaires", 2, 14) == "'Lignes budgétaires'!C14");
    CHECK(cell_reference("Données", 0, 1) == "Données!A1");
    CHECK(cell_reference("Budget_2024", 27, 3) == "Budget_2024!AB3");
    CHECK(cell_reference("2024", 0, 1) == "'2024'!A1");
    CHECK(cell_reference("A1", 0, 1) == "'A1'!A1");
    CHECK(cell_reference("CIE-volet 2", 1, 2) == "'CIE-volet 2'!B2");
    CHECK(cell_reference("L'équipe", 0, 5) == "'L''équipe'!A5");
    CHECK(cell_reference("", 3, 9) == "D9");
  }

  TEST_CASE("row cell accessor past the end") {
    Row row;
    row.cells.push_back(Cell{CellType::text, "x", 0, false});
    CHECK(row.cell(0).text == "x");
    CHECK(row.cell(5).type == CellType::empty);
  }

  TEST_CASE("serial dates in the 1900 system") {
    using Ymd = std::tuple<int, int, int>;
    CHECK(serial_to_ymd(1, false) == Ymd{1900, 1, 1});
    CHECK(serial_to_ymd(59, false) == Ymd{1900, 2, 28});
    CHECK(serial_to_ymd(60, false) == Ymd{1900, 2, 29});  // Lotus bug, kept by Excel
    CHECK(serial_to_ymd(61, false) == Ymd{1900, 3, 1});
    CHECK(serial_to_ymd(45471, false) == Ymd{2024, 6, 28});
    CHECK(serial_to_ymd(45471.75, false) == Ymd{2024, 6, 28});  // the time is dropped
    CHECK(serial_to_ymd(45351, false) == Ymd{2024, 2, 29});
    CHECK(serial_to_ymd(2958465, false) == Ymd{9999, 12, 31});
    CHECK_FALSE(serial_to_ymd(2958466, false).has_value());
    CHECK_FALSE(serial_to_ymd(0.5, false).has_value());
    CHECK_FALSE(serial_to_ymd(-1, false).has_value());
    CHECK_FALSE(serial_to_ymd(std::numeric_limits<double>::quiet_NaN(), false).has_value());
    CHECK_FALSE(serial_to_ymd(std::numeric_limits<double>::infinity(), false).has_value());
    CHECK_FALSE(serial_to_ymd(1e300, false).has_value());
  }

  TEST_CASE("serial dates in the 1904 system") {
    using Ymd = std::tuple<int, int, int>;
    CHECK(serial_to_ymd(0, true) == Ymd{1904, 1, 1});
    CHECK(serial_to_ymd(44009, true) == Ymd{2024, 6, 28});  // 45471 - 1462
    CHECK(serial_to_ymd(2957003, true) == Ymd{9999, 12, 31});
    CHECK_FALSE(serial_to_ymd(2957004, true).has_value());
    CHECK_FALSE(serial_to_ymd(-0.5, true).has_value());
  }

  TEST_CASE("calendar dates to serials and back") {
    CHECK(ymd_to_serial(1900, 1, 1, false) == 1.0);
    CHECK(ymd_to_serial(1900, 2, 28, false) == 59.0);
    CHECK(ymd_to_serial(1900, 2, 29, false) == 60.0);
    CHECK(ymd_to_serial(1900, 3, 1, false) == 61.0);
    CHECK(ymd_to_serial(2024, 6, 28, false) == 45471.0);
    CHECK(ymd_to_serial(2024, 6, 28, true) == 44009.0);
    CHECK(ymd_to_serial(1904, 1, 1, true) == 0.0);
    CHECK_FALSE(ymd_to_serial(1899, 12, 31, false).has_value());
    CHECK_FALSE(ymd_to_serial(1903, 12, 31, true).has_value());
    CHECK_FALSE(ymd_to_serial(2024, 2, 30, false).has_value());
    CHECK_FALSE(ymd_to_serial(2023, 2, 29, false).has_value());
    CHECK_FALSE(ymd_to_serial(10000, 1, 1, false).has_value());
    CHECK_FALSE(ymd_to_serial(2024, 13, 1, false).has_value());
    for (int serial = 1; serial < 80000; serial += 7) {
      const auto ymd = serial_to_ymd(serial, false);
      REQUIRE(ymd.has_value());
      const auto [y, m, d] = *ymd;
      CHECK(ymd_to_serial(y, m, d, false) == static_cast<double>(serial));
    }
  }

  TEST_CASE("ISO dates of cells typed d") {
    CHECK(iso_to_serial("2024-06-28", false) == 45471.0);
    CHECK(iso_to_serial("2024-06-28T12:00:00", false) == 45471.5);
    CHECK(iso_to_serial("2024-06-28T18:00:00Z", false) == 45471.75);
    CHECK(iso_to_serial("2024-06-28T06:00:00.000", false) == 45471.25);
    CHECK(iso_to_serial("2024-06-28", true) == 44009.0);
    CHECK(iso_to_serial("12:00:00", false) == 0.5);
    CHECK(iso_to_serial("06:00", false) == 0.25);
    CHECK_FALSE(iso_to_serial("28/06/2024", false).has_value());
    CHECK_FALSE(iso_to_serial("2024-02-30", false).has_value());
    CHECK_FALSE(iso_to_serial("2024-06-28X", false).has_value());
    CHECK_FALSE(iso_to_serial("2024-06-28T25:00:00", false).has_value());
    CHECK_FALSE(iso_to_serial("2024-06-28T12:00:00+02:00", false).has_value());
    CHECK_FALSE(iso_to_serial("", false).has_value());
  }
}

TEST_SUITE("io::xlsx::number_format") {
  TEST_CASE("built-in date formats") {
    for (std::uint32_t id = 14; id <= 22; ++id) {
      CHECK(is_builtin_date_format(id));
    }
    for (std::uint32_t id = 45; id <= 47; ++id) {
      CHECK(is_builtin_date_format(id));
    }
    for (std::uint32_t id : {0u, 1u, 2u, 9u, 10u, 13u, 23u, 44u, 48u, 49u, 164u}) {
      CHECK_FALSE(is_builtin_date_format(id));
    }
  }

  TEST_CASE("custom date formats") {
    CHECK(is_date_format_code("dd/mm/yyyy"));
    CHECK(is_date_format_code("yyyy-mm-dd"));
    CHECK(is_date_format_code("DD/MM/YYYY"));
    CHECK(is_date_format_code("hh:mm"));
    CHECK(is_date_format_code("[h]:mm:ss"));
    CHECK(is_date_format_code("[$-40C]d mmmm yyyy"));
    CHECK(is_date_format_code("[$-40C]d\\ mmmm\\ yyyy"));  // as LibreOffice writes it
    CHECK(is_date_format_code("\"le \"dd/mm/yyyy"));
    CHECK(is_date_format_code("[Red]dd/mm/yyyy;@"));
  }

  TEST_CASE("custom formats that are not dates") {
    CHECK_FALSE(is_date_format_code("General"));
    CHECK_FALSE(is_date_format_code("0.00%"));
    CHECK_FALSE(is_date_format_code("#,##0.00 \"€\""));
    CHECK_FALSE(is_date_format_code("#,##0.00\" €\""));
    CHECK_FALSE(is_date_format_code("0 \"jours\""));
    CHECK_FALSE(is_date_format_code("[Red]#,##0;[Blue]-#,##0"));
    CHECK_FALSE(is_date_format_code("#,##0 [$€-40C]"));
    CHECK_FALSE(is_date_format_code("0.0\\h"));  // escaped h is a literal
    CHECK_FALSE(is_date_format_code("_-* #,##0_-;-* #,##0_-"));
    CHECK_FALSE(is_date_format_code("@"));
    CHECK_FALSE(is_date_format_code(""));
    CHECK_FALSE(is_date_format_code("\"unterminated dd"));
  }
}

TEST_SUITE("io::xlsx::text") {
  TEST_CASE("escapes of characters XML cannot carry") {
    CHECK(decode_escapes("plain") == "plain");
    CHECK(decode_escapes("a_x000D_b") == "a\rb");
    CHECK(decode_escapes("_x000D__x000A_") == "\r\n");
    CHECK(decode_escapes("_x0001_") == "\x01");
    CHECK(decode_escapes("_x00E9_t_x00e9_") == "été");
    CHECK(decode_escapes("_x005F_x000D_") == "_x000D_");            // an escaped underscore keeps the literal
    CHECK(decode_escapes("_xD83D__xDE00_") == "\xF0\x9F\x98\x80");  // surrogate pair
    CHECK(decode_escapes("_xD83D_") == "\xEF\xBF\xBD");
    CHECK(decode_escapes("_x12_") == "_x12_");
    CHECK(decode_escapes("_xZZZZ_") == "_xZZZZ_");
    CHECK(decode_escapes("_x000D") == "_x000D");
  }

  TEST_CASE("XML white space trimming") {
    CHECK(trim_xml_space("  a b \n") == "a b");
    CHECK(trim_xml_space("\ta") == "a");
    CHECK(trim_xml_space("   ") == "   ");
    CHECK(trim_xml_space("") == "");
  }

  TEST_CASE("French counts and sizes") {
    CHECK(format_count(0) == "0");
    CHECK(format_count(999) == "999");
    CHECK(format_count(1000) == "1 000");
    CHECK(format_count(1048576) == "1 048 576");
    CHECK(format_bytes(512ull << 20) == "512 Mio");
    CHECK(format_bytes(1 << 20) == "1 Mio");
    CHECK(format_bytes(64 * 1024) == "64 Kio");
    CHECK(format_bytes(1000) == "1 000 octets");
    CHECK(format_bytes(1) == "1 octet");
    CHECK(format_bytes(2ull << 30) == "2 Gio");
  }

  TEST_CASE("guillemets cut long values on a character boundary") {
    CHECK(guillemets("31/02/2024") == "« 31/02/2024 »");
    const std::string long_value = std::string(59, 'a') + "éé";
    CHECK(guillemets(long_value) == "« " + std::string(59, 'a') + "… »");
  }

  TEST_CASE("relationship targets") {
    CHECK(resolve_target("xl/workbook.xml", "worksheets/sheet1.xml") == "xl/worksheets/sheet1.xml");
    CHECK(resolve_target("xl/workbook.xml", "/xl/worksheets/sheet1.xml") == "xl/worksheets/sheet1.xml");
    CHECK(resolve_target("xl/workbook.xml", "./worksheets/../styles.xml") == "xl/styles.xml");
    CHECK(resolve_target("xl/workbook.xml", "../customXml/item1.xml") == "customXml/item1.xml");
    CHECK(resolve_target("", "xl/workbook.xml") == "xl/workbook.xml");
    CHECK(resolve_target("xl/workbook.xml", "../../../etc/passwd") == "etc/passwd");
    CHECK(normalize_part_name("/XL/Workbook.xml") == "xl/workbook.xml");
    CHECK(normalize_part_name("xl\\worksheets\\sheet1.xml") == "xl/worksheets/sheet1.xml");
  }
}
