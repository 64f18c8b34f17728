// Streams the rows of one worksheet, one <row> element at a time.
//
// The worksheet XML is never held in memory: expat is fed 64 KiB chunks from the archive and
// suspended after each row that holds a value, so memory stays constant whatever the number of
// rows. Merged cells need no handling: Excel stores the value in the top-left cell only, and
// the other cells of the range read as empty.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "io/xlsx/cell.hpp"
#include "io/xlsx/sheet_info.hpp"
#include "util/error.hpp"

namespace pilot::io::xlsx {

struct WorkbookData;

class SheetReader {
 public:
  SheetReader(SheetReader&&) noexcept;
  SheetReader& operator=(SheetReader&&) noexcept;
  ~SheetReader();

  // The next row holding at least one non-empty cell; std::nullopt once the sheet is done.
  // Errors (kind data): malformed or truncated XML, a corrupt or oversized part, a cell
  // reference or value that cannot be read, a limit exceeded. An error is sticky: later calls
  // return it again.
  Result<std::optional<Row>> next();

  [[nodiscard]] const std::string& sheet_name() const;
  [[nodiscard]] const std::string& path() const;  // the workbook file
  [[nodiscard]] bool date1904() const;            // for serial_to_ymd on this sheet's dates
  // cell_reference(sheet_name(), column, row): "Actions!C14".
  [[nodiscard]] std::string reference(std::size_t zero_based_column, std::uint32_t row) const;

 private:
  friend class Workbook;
  class Impl;

  // Errors: the sheet is not a worksheet, its part is missing, the archive cannot be reopened.
  static Result<SheetReader> open(std::shared_ptr<const WorkbookData> data, const SheetInfo& sheet);
  explicit SheetReader(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> m_impl;
};

}  // namespace pilot::io::xlsx
