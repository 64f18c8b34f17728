// What the reader keeps of xl/styles.xml: for each cell format (cellXfs entry, the index in a
// cell's s attribute), whether its number format shows a date or time.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "io/xlsx/limits.hpp"
#include "io/xlsx/zip_archive.hpp"
#include "util/error.hpp"

namespace pilot::io::xlsx {

class Styles {
 public:
  Styles() = default;
  explicit Styles(std::vector<bool> date_formats) : m_date_formats(std::move(date_formats)) {}

  // False for an index the stylesheet does not define, as Excel falls back to General.
  [[nodiscard]] bool is_date(std::size_t format_index) const {
    return format_index < m_date_formats.size() && m_date_formats[format_index];
  }
  [[nodiscard]] std::size_t size() const { return m_date_formats.size(); }

 private:
  std::vector<bool> m_date_formats;
};

// Reads cellXfs and the custom numFmts they refer to. A custom numFmt overrides the built-in
// format of the same id. Errors: part unreadable or malformed.
Result<Styles> read_styles(ZipArchive& archive, std::string_view part, const Limits& limits);

}  // namespace pilot::io::xlsx
