// Streaming speed on a large sheet; skipped by default, nothing asserted on timing. Run:
//   test_io_xlsx --no-skip -tc="benchmark: write*"   (200 000 rows x 10 columns, libxlsxwriter)
//   /usr/bin/time -v test_io_xlsx --no-skip -tc="benchmark: stream*"
// The file is $PILOT_XLSX_BENCH, else /tmp/pilot_xlsx_bench.xlsx.
#include <doctest/doctest.h>

#include <xlsxwriter.h>

#include <chrono>
#include <cstdlib>
#include <iostream>

#include "io/xlsx/workbook.hpp"

namespace {

constexpr int k_rows = 200'000;

std::string bench_path() {
  const char* path = std::getenv("PILOT_XLSX_BENCH");
  return path != nullptr ? path : "/tmp/pilot_xlsx_bench.xlsx";
}

}  // namespace

TEST_SUITE("io::xlsx::benchmark") {
  TEST_CASE("benchmark: write a 200 000-row sheet" * doctest::skip()) {
    const std::string path = bench_path();
    lxw_workbook* book = workbook_new(path.c_str());
    lxw_worksheet* sheet = workbook_add_worksheet(book, "Actions");
    lxw_format* date = workbook_add_format(book);
    format_set_num_format(date, "dd/mm/yyyy");
    const char* axes[] = {"Axe 1 : enfance", "Axe 2 : emploi", "Axe 3 : accès aux droits", "Axe 4 : transition"};
    worksheet_write_string(sheet, 0, 0, "Intitulé", nullptr);
    for (lxw_row_t row = 1; row <= k_rows; ++row) {
      worksheet_write_string(sheet, row, 0, ("Action n° " + std::to_string(row % 5000)).c_str(), nullptr);
      worksheet_write_string(sheet, row, 1, axes[row % 4], nullptr);
      worksheet_write_number(sheet, row, 2, row * 12.5, nullptr);
      worksheet_write_number(sheet, row, 3, row % 97, nullptr);
      worksheet_write_number(sheet, row, 4, 45000 + row % 1500, date);
      worksheet_write_boolean(sheet, row, 5, row % 2, nullptr);
      worksheet_write_number(sheet, row, 6, 0.5 * row, nullptr);
      worksheet_write_string(sheet, row, 7, row % 3 == 0 ? "nouvelle" : "renforcée", nullptr);
      worksheet_write_number(sheet, row, 8, 1234567.89, nullptr);
      worksheet_write_number(sheet, row, 9, row, nullptr);
    }
    REQUIRE(workbook_close(book) == LXW_NO_ERROR);
  }

  TEST_CASE("benchmark: stream the 200 000-row sheet" * doctest::skip()) {
    const auto start = std::chrono::steady_clock::now();
    auto workbook = pilot::io::xlsx::Workbook::open(bench_path());
    REQUIRE(workbook.has_value());
    auto reader = workbook->open_sheet("Actions");
    REQUIRE(reader.has_value());
    std::size_t rows = 0;
    std::size_t cells = 0;
    double checksum = 0;
    for (;;) {
      auto row = reader->next();
      REQUIRE(row.has_value());
      if (!*row) {
        break;
      }
      ++rows;
      cells += (*row)->cells.size();
      checksum += (*row)->cell(9).number;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "xlsx streaming: " << rows << " rows, " << cells << " cells in " << seconds
              << " s = " << static_cast<long>(rows / seconds) << " rows/s (checksum " << checksum << ")\n";
    CHECK(rows == k_rows + 1);
  }
}
