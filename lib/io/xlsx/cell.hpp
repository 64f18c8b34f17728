// Values read from a worksheet, and the small helpers that name and date them.
//
// A Cell keeps the text exactly as the workbook stores it next to the decoded value, so that
// callers can report the offending value verbatim (« 2 560 000,00 ») and decide themselves
// whether a number stored as text is acceptable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace pilot::io::xlsx {

enum class CellType { empty, text, number, boolean, error };

struct Cell {
  CellType type = CellType::empty;
  // Text as stored: the shared or inline string, the number's original text ("2560000.5"),
  // TRUE/FALSE for booleans, the error code (#N/A) for errors, « = » and the formula for an error
  // that is a formula never computed (a workbook written by a library, not saved by Excel).
  std::string text;
  double number = 0;        // for number (and 0/1 for boolean)
  bool is_date = false;     // number whose cell style is a date or time format
  bool is_percent = false;  // number whose cell style is a percentage: 12 % is stored as 0.12
};

struct Row {
  std::uint32_t number = 0;  // 1-based Excel row number
  std::vector<Cell> cells;   // index 0 = column A; trailing empty cells trimmed

  // The cell of a zero-based column, or an empty cell past the end of the row.
  [[nodiscard]] const Cell& cell(std::size_t column) const;
};

// 0 → "A", 25 → "Z", 26 → "AA", 16383 → "XFD".
std::string column_letters(std::size_t zero_based_column);

// "Actions!C14"; names that Excel would quote are quoted: "'Lignes budgétaires'!C14".
// An empty sheet name gives the bare cell ("C14").
std::string cell_reference(std::string_view sheet, std::size_t zero_based_column, std::uint32_t row);

// Zero-based column of a reference such as "C14" or "xfd3"; nullopt unless it is letters then
// digits. The row part is checked for shape only.
std::optional<std::size_t> parse_column(std::string_view reference);

// Calendar date {year, month, day} of an Excel serial date; the time of day is dropped.
// In the 1900 system serial 1 is 1900-01-01 and serial 60 is the fictitious 1900-02-29 that
// Excel keeps for Lotus compatibility; in the 1904 system serial 0 is 1904-01-01.
// nullopt for serials before day 1 (1900) or day 0 (1904), after 9999-12-31, or not finite.
std::optional<std::tuple<int, int, int>> serial_to_ymd(double serial, bool date1904);

// Inverse of serial_to_ymd for whole days: nullopt for dates the system cannot represent.
std::optional<double> ymd_to_serial(int year, int month, int day, bool date1904);

// Serial of an ISO 8601 date-time as stored in cells of type "d": "2024-06-28",
// "2024-06-28T14:30:00", "2024-06-28T14:30:00.5Z", or a time alone ("14:30:00") as a fraction
// of a day. nullopt for anything else or a date the system cannot represent.
std::optional<double> iso_to_serial(std::string_view text, bool date1904);

}  // namespace pilot::io::xlsx
