// Private to lib/io/xlsx: reading a workbook back once libxlsxwriter has written it.
//
// libxlsxwriter writes every part, and in constant-memory mode every row, to temporary files that it
// then copies into the zip, and it does not check those writes: when the temporary folder or the disk
// fills up (or a file-size limit is hit) it still reports success, with sheets cut short or parts
// empty. The read-back finds that: every XML part must end with its root element's closing tag, and
// every sheet must hold the last row a cell was written to.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace pilot::io::xlsx {

struct WrittenSheet {
  std::string name;
  std::optional<std::uint32_t> last_cell_row;  // zero-based; none for a sheet without cells
};

// `sheets` in the order they were added (libxlsxwriter names their parts sheet1.xml, sheet2.xml…).
// The error names `display_name` and what is missing.
Result<void> check_written_package(const std::filesystem::path& path, const std::string& display_name,
                                   const std::vector<WrittenSheet>& sheets);

}  // namespace pilot::io::xlsx
