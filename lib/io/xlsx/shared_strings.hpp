// The workbook's shared-string table (xl/sharedStrings.xml), held compactly: one pool of text
// and one end offset per string, since large workbooks carry hundreds of thousands of strings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/xlsx/limits.hpp"
#include "io/xlsx/zip_archive.hpp"
#include "util/error.hpp"

namespace pilot::io::xlsx {

class SharedStrings {
 public:
  [[nodiscard]] std::size_t size() const { return m_ends.size(); }
  // Precondition: index < size().
  [[nodiscard]] std::string_view at(std::size_t index) const;
  [[nodiscard]] std::uint64_t bytes() const { return m_pool.size(); }
  void add(std::string_view text);
  void reserve(std::size_t count) { m_ends.reserve(count); }

 private:
  std::string m_pool;
  std::vector<std::uint64_t> m_ends;
};

// Reads the table: rich-text runs (<r><t>) concatenated, phonetic runs (<rPh>) ignored,
// xml:space honoured, _xHHHH_ escapes decoded.
// Errors: part unreadable or malformed, a string over limits.max_cell_bytes, the whole table
// over limits.max_shared_strings_bytes.
Result<SharedStrings> read_shared_strings(ZipArchive& archive, std::string_view part, const Limits& limits);

}  // namespace pilot::io::xlsx
