// What the reader keeps of xl/styles.xml: for each cell format (cellXfs entry, the index in a
// cell's s attribute), whether its number format shows a date or time, or a percentage.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "io/xlsx/limits.hpp"
#include "io/xlsx/zip_archive.hpp"
#include "util/error.hpp"

namespace pilot::io::xlsx {

enum class NumberShown : std::uint8_t { plain, date, percent };

class Styles {
 public:
  Styles() = default;
  explicit Styles(std::vector<NumberShown> formats) : m_formats(std::move(formats)) {}

  // False for an index the stylesheet does not define, as Excel falls back to General.
  [[nodiscard]] bool is_date(std::size_t format_index) const { return shown(format_index) == NumberShown::date; }
  [[nodiscard]] bool is_percent(std::size_t format_index) const { return shown(format_index) == NumberShown::percent; }
  [[nodiscard]] std::size_t size() const { return m_formats.size(); }

 private:
  [[nodiscard]] NumberShown shown(std::size_t format_index) const {
    return format_index < m_formats.size() ? m_formats[format_index] : NumberShown::plain;
  }

  std::vector<NumberShown> m_formats;
};

// Reads cellXfs and the custom numFmts they refer to. A custom numFmt overrides the built-in
// format of the same id. Errors: part unreadable or malformed.
Result<Styles> read_styles(ZipArchive& archive, std::string_view part, const Limits& limits);

}  // namespace pilot::io::xlsx
