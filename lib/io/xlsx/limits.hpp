// Bounds the XLSX reader enforces so that a hostile or broken workbook fails with a clear
// message instead of exhausting memory (zip bombs, runaway shared-string tables).
#pragma once

#include <cstddef>
#include <cstdint>

namespace pilot::io::xlsx {

struct Limits {
  std::uint64_t max_part_bytes = 512ull << 20;            // decompressed size of one XML part
  std::uint64_t max_shared_strings_bytes = 128ull << 20;  // text held for the shared strings
  std::uint32_t max_rows = 1'048'576;                     // Excel's own limit
  std::uint32_t max_columns = 16'384;                     // Excel's own limit (XFD)
  std::size_t max_cell_bytes = 1 << 20;                   // text of one cell or shared string
};

}  // namespace pilot::io::xlsx
