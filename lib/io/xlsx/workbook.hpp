// pilot::io::xlsx — a streaming reader for Excel workbooks (.xlsx), the format in which the
// services exchange their tables of conventions, actions and budgets.
//
// Workbook::open reads the package once (sheet list, shared strings, styles, date system);
// open_sheet then streams one worksheet's rows in constant memory. Every failure — not a
// zip, a password-protected or .xls file, truncated or malformed parts, zip bombs, hostile
// XML, limits exceeded — is returned as an Error whose French message names the file and,
// where it applies, the sheet and cell ("budget.xlsx : Actions!C14 : ..."). The reader never
// interprets cells beyond their stored type: numbers stored as text stay text, dates stay
// serial numbers flagged is_date (see serial_to_ymd), formulas give their cached result.
// Merged cells need no special care: the value sits in the range's top-left cell.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/xlsx/cell.hpp"
#include "io/xlsx/limits.hpp"
#include "io/xlsx/sheet_info.hpp"
#include "io/xlsx/sheet_reader.hpp"
#include "util/error.hpp"

namespace pilot::io::xlsx {

struct WorkbookData;

class Workbook {
 public:
  // Errors: kind io when the file is missing or unreadable; kind data when it is empty, an OLE
  // file (password-protected workbook or .xls), not a zip, a truncated zip, a zip without a
  // workbook, an .xlsb or .ods file, or when a package part is malformed or over a limit.
  static Result<Workbook> open(const std::string& path, Limits limits = {});

  [[nodiscard]] std::vector<std::string> sheet_names() const;  // in workbook order
  [[nodiscard]] const std::vector<SheetInfo>& sheets() const;  // with part, kind, visibility

  // Streams the named sheet (exact name, else the ASCII case-insensitive match, as Excel
  // treats names). Errors: kind not_found listing the sheets when no sheet has that name;
  // kind data when the sheet is a chart, its part is missing, or the archive cannot be reread.
  Result<SheetReader> open_sheet(std::string_view name);

  [[nodiscard]] const std::string& path() const;
  [[nodiscard]] bool date1904() const;  // workbookPr date1904: serials count from 1904-01-01
  [[nodiscard]] const Limits& limits() const;
  [[nodiscard]] std::size_t shared_string_count() const;

 private:
  explicit Workbook(std::shared_ptr<const WorkbookData> data) : m_data(std::move(data)) {}

  std::shared_ptr<const WorkbookData> m_data;
};

}  // namespace pilot::io::xlsx
