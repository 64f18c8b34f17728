// Writing Excel workbooks (.xlsx): a small RAII layer over libxlsxwriter for exports, import
// templates and error workbooks.
//
// A WorkbookWriter owns one lxw_workbook; add_sheet() gives SheetWriter handles that stay valid
// while the workbook lives. Cells are written with typed calls (text, number, date, formula)
// and a CellFormat: either one of the standard Styles (French money « 2 560 000,00 € », dates
// JJ/MM/AAAA, bold header...) or a format built from a FormatSpec. Sheets get frozen headers,
// autofilters, column widths, data validation (lists, numbers, dates, text length) and cell
// comments. Nothing is written to disk before close(); a writer destroyed without close()
// leaves no file behind.
//
// constant_memory mode (exports of a million rows) keeps one row in memory per sheet: rows of a
// sheet must then be written in increasing order, and a cell once left cannot be rewritten.
//
// Errors are kind io (the file cannot be created or written) or kind data (a limit of Excel:
// 1 048 576 rows, 16 384 columns, 31-character sheet names, 255-character validation lists...);
// messages are in French and name the file and the cell (« export.xlsx : Actions!C14 : ... »).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/date.hpp"
#include "util/error.hpp"

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace pilot::io::xlsx {

// Excel's own limits.
inline constexpr std::uint32_t k_max_rows = 1'048'576;
inline constexpr std::uint16_t k_max_columns = 16'384;
inline constexpr std::size_t k_max_cell_chars = 32'767;  // longer text is cut (see truncated_cells)
inline constexpr std::size_t k_max_sheet_name_chars = 31;

struct WriterOptions {
  // Rows are flushed as soon as the next row starts: flat memory for any size, rows in order.
  bool constant_memory = false;
  // Where libxlsxwriter keeps its temporary files ("" = the system's temp directory).
  std::filesystem::path tmpdir;
  // ZIP64 extensions, needed when a sheet's XML exceeds 4 GB.
  bool zip64 = false;
};

// Document properties shown by Excel (File > Info). `created` fixes the creation time stored
// in the file (seconds since the epoch; 0 = now), so the same data gives the same properties.
struct DocumentProperties {
  std::string title;
  std::string subject;
  std::string author;
  std::string company;
  std::string comments;
  std::int64_t created = 0;
};

// The formats every workbook offers without building them.
enum class Style {
  text,          // default, no format
  wrapped_text,  // text wrapped, aligned to the top
  bold,
  title,            // bold, larger: a heading above a table
  header,           // bold, wrapped, shaded, bottom border: the header row of a table
  integer,          // 0
  grouped_integer,  // # ##0
  decimal,          // # ##0,00
  money,            // # ##0,00 €
  percent_points,   // 12,5 % for the value 12.5 (percent points, not Excel's 0.125)
  date,             // JJ/MM/AAAA
  datetime,         // JJ/MM/AAAA hh:mm
  unlocked,         // editable cell of a protected sheet (import templates)
};

enum class HorizontalAlign { general, left, center, right };

// A custom format; equal specs share one format in the workbook.
struct FormatSpec {
  std::string number_format;  // Excel code, US syntax ("#,##0.00 \"€\"", "dd/mm/yyyy"); "" = General
  bool bold = false;
  bool italic = false;
  bool wrap = false;
  bool vertical_top = false;
  bool locked = true;  // only matters on a protected sheet
  bool border_bottom = false;
  bool border = false;                      // thin border on all sides
  std::optional<std::uint32_t> font_color;  // 0xRRGGBB
  std::optional<std::uint32_t> background;  // 0xRRGGBB, solid fill
  std::optional<double> font_size;
  HorizontalAlign align = HorizontalAlign::general;

  auto operator<=>(const FormatSpec&) const = default;
};

// Handle to a format of one workbook; the default one means "no format".
class CellFormat {
 public:
  CellFormat() = default;

 private:
  friend class WorkbookWriter;
  friend class SheetWriter;
  friend struct WorkbookState;
  explicit CellFormat(lxw_format* format) : m_format(format) {}
  lxw_format* m_format = nullptr;
};

// Zero-based, inclusive cell range.
struct CellRange {
  std::uint32_t first_row = 0;
  std::uint16_t first_column = 0;
  std::uint32_t last_row = 0;
  std::uint16_t last_column = 0;
};

// "$A$2:$A$40" (absolute), "A2:A40" otherwise; with a sheet name, "'Listes'!$A$2:$A$40".
std::string range_reference(std::string_view sheet, const CellRange& range, bool absolute = true);

// A data validation rule: what a cell accepts, what Excel says when the user types something
// else. Build one with the static helpers, then adjust the messages.
struct Validation {
  enum class Kind { list, list_range, whole_number, decimal, date, text_length };
  enum class ErrorStyle { stop, warning, information };

  Kind kind = Kind::list;
  std::vector<std::string> values;  // list: the choices, shown in order in a drop-down
  std::string source;               // list_range: "='Listes'!$A$2:$A$40"
  std::optional<double> minimum;    // whole_number, decimal, text_length
  std::optional<double> maximum;
  std::optional<util::Date> first_date;  // date
  std::optional<util::Date> last_date;
  bool allow_blank = true;
  bool dropdown = true;
  std::string input_title;    // shown when the cell is selected; ≤ 32 characters
  std::string input_message;  // ≤ 255 characters
  std::string error_title;    // ≤ 32 characters
  std::string error_message;  // ≤ 255 characters
  ErrorStyle error_style = ErrorStyle::stop;

  // A drop-down of the given values. Excel refuses lists whose values, joined by commas, exceed
  // 255 characters, or values holding a comma: use list_from_range for those (add_validation
  // fails with a message saying so).
  static Validation list(std::vector<std::string> values);
  // A drop-down of the cells of a range, usually on a (hidden) sheet of lists.
  static Validation list_from_range(std::string source);
  // Numbers between the bounds (either may be absent).
  static Validation whole_number(std::optional<double> minimum, std::optional<double> maximum);
  static Validation decimal(std::optional<double> minimum, std::optional<double> maximum);
  static Validation date_between(std::optional<util::Date> first, std::optional<util::Date> last);
  static Validation max_length(std::size_t characters);
};

struct CommentOptions {
  std::string author;
  bool visible = false;     // shown without hovering
  std::uint16_t width = 0;  // pixels, 0 = Excel's default
  std::uint16_t height = 0;
};

struct WorkbookState;

// One worksheet of a WorkbookWriter; a non-owning handle valid while the workbook lives.
// Rows and columns are zero-based.
class SheetWriter {
 public:
  [[nodiscard]] const std::string& name() const { return m_name; }

  // Text is written as text, never as a formula; characters beyond k_max_cell_chars are cut
  // (with « […] » appended) and counted in WorkbookWriter::truncated_cells().
  Result<void> write_text(std::uint32_t row, std::uint16_t column, std::string_view text, CellFormat format = {});
  Result<void> write_number(std::uint32_t row, std::uint16_t column, double value, CellFormat format = {});
  // A real date (Excel serial number) with the Style::date format unless another is given.
  Result<void> write_date(std::uint32_t row, std::uint16_t column, const util::Date& date, CellFormat format = {});
  // A date and time of day (hours, minutes, seconds) with Style::datetime unless another is given.
  Result<void> write_datetime(std::uint32_t row, std::uint16_t column, const util::Date& date, int hour, int minute,
                              int second, CellFormat format = {});
  Result<void> write_boolean(std::uint32_t row, std::uint16_t column, bool value, CellFormat format = {});
  // A formula ("=SUM(C2:C40)"); `cached` is the value shown before Excel recalculates.
  Result<void> write_formula(std::uint32_t row, std::uint16_t column, std::string_view formula, CellFormat format = {},
                             double cached = 0);
  // An empty cell carrying a format (e.g. an unlocked input cell of a template).
  Result<void> write_blank(std::uint32_t row, std::uint16_t column, CellFormat format);
  // Writes the texts from `column` on, all with one format (a header row).
  Result<void> write_row_texts(std::uint32_t row, std::uint16_t column, const std::vector<std::string>& texts,
                               CellFormat format = {});

  // Width in characters of Excel's default font; a format applies to the column's empty cells.
  Result<void> set_column_width(std::uint16_t first, std::uint16_t last, double width, CellFormat format = {},
                                bool hidden = false);
  Result<void> set_row_height(std::uint32_t row, double height, CellFormat format = {});
  // Keeps the first `rows` rows and `columns` columns visible when scrolling.
  void freeze(std::uint32_t rows, std::uint16_t columns = 0);
  Result<void> autofilter(const CellRange& range);
  Result<void> add_validation(const CellRange& range, const Validation& validation);
  // A note attached to a cell (shown on hover); in constant_memory mode, write it before leaving
  // the cell's row.
  Result<void> add_comment(std::uint32_t row, std::uint16_t column, std::string_view text,
                           const CommentOptions& options = {});
  // Protects the sheet (cells stay editable where their format is Style::unlocked).
  void protect();
  void hide();
  void activate();
  void set_landscape();
  void set_tab_color(std::uint32_t rgb);

 private:
  friend class WorkbookWriter;
  SheetWriter(WorkbookState& workbook, lxw_worksheet* sheet, std::string name)
      : m_workbook(&workbook), m_sheet(sheet), m_name(std::move(name)) {}
  Result<void> check(int lxw_error, std::uint32_t row, std::uint16_t column) const;
  // check() for a cell: a cell written is remembered, for WorkbookWriter::close's read-back.
  Result<void> cell_written(int lxw_error, std::uint32_t row, std::uint16_t column);
  [[nodiscard]] const std::string& workbook_name() const;
  const char* c_string(std::string_view text);
  [[nodiscard]] lxw_format* resolve(CellFormat format, Style fallback) const;

  WorkbookState* m_workbook;
  lxw_worksheet* m_sheet;
  std::string m_name;
  std::string m_scratch;                         // NUL-terminated copy of the text being written
  std::optional<std::uint32_t> m_last_cell_row;  // the highest row holding a cell
};

class WorkbookWriter {
 public:
  // Checks that `path` can be created (kind io otherwise) and starts an empty workbook.
  static Result<WorkbookWriter> create(const std::filesystem::path& path, const WriterOptions& options = {});

  WorkbookWriter(WorkbookWriter&& other) noexcept;
  WorkbookWriter& operator=(WorkbookWriter&& other) noexcept;
  WorkbookWriter(const WorkbookWriter&) = delete;
  WorkbookWriter& operator=(const WorkbookWriter&) = delete;
  // Without close(), discards the workbook: no file is left at `path`.
  ~WorkbookWriter();

  // Adds a sheet at the end. Fails (kind data) when the name is empty, longer than 31
  // characters, holds one of []:*?/\ , starts or ends with an apostrophe, or is already used
  // (case-insensitively, as Excel compares them). See sheet_name() to build a valid one.
  Result<SheetWriter*> add_sheet(std::string_view name);
  // A valid, unused sheet name close to `wanted`: forbidden characters replaced, cut to 31
  // characters at a UTF-8 boundary, « (2) », « (3) »... appended when taken.
  [[nodiscard]] std::string sheet_name(std::string_view wanted) const;
  [[nodiscard]] SheetWriter* find_sheet(std::string_view name) const;

  [[nodiscard]] CellFormat format(Style style) const;
  CellFormat add_format(const FormatSpec& spec);

  Result<void> set_properties(const DocumentProperties& properties);

  // Writes the file. Fails (kind io) naming the path when it cannot be written.
  Result<void> close();

  [[nodiscard]] const std::filesystem::path& path() const;
  [[nodiscard]] bool constant_memory() const;
  [[nodiscard]] std::size_t truncated_cells() const;

 private:
  explicit WorkbookWriter(std::unique_ptr<WorkbookState> state);

  // On the heap so that sheets and libxlsxwriter keep valid pointers when the writer moves.
  std::unique_ptr<WorkbookState> m_state;
};

}  // namespace pilot::io::xlsx
