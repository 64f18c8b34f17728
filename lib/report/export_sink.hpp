// The last stage of an export: a table described once (columns with their French label, stable
// key, type, question and unit) and streamed row by row into a sink — a CSV file (French Excel or
// RFC 4180 dialect) or a sheet of an XLSX workbook. Producers never format numbers or dates:
// cells stay typed (report::Cell) and each sink writes them the way its readers expect.
//
// Both sinks neutralise spreadsheet formulas in text (a leading apostrophe before = + - @ TAB CR,
// io::csv::neutralize_formula) while real numbers, negative ones included, stay numbers.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "io/csv/writer.hpp"
#include "io/xlsx/writer.hpp"
#include "report/table.hpp"

namespace pilot::report {

enum class ColumnType { text, integer, decimal, money, percent, date, yes_no };
std::string_view to_label(ColumnType type);  // « texte », « montant (€) », ...

// Who reads the file decides how choices and yes/no answers are written: people get French labels
// (« Action renforcée », « Oui ») and headers; machines get the stored codes (« renforcee »,
// « oui ») and snake_case keys.
enum class Audience { people, machines };

struct ExportColumn {
  std::string key;    // stable machine header: form field key, "budget_2024_etat"...
  std::string label;  // French header
  ColumnType type = ColumnType::text;
  std::string definition;  // the question asked, or how the value is computed
  std::string unit;
  std::string values;  // for choice columns: « code = libellé ; ... »
};

struct ExportTable {
  std::string key;    // conventions, actions, budgets, indicateurs, bilans, validations
  std::string title;  // sheet name and heading: « Actions »
  std::string description;
  std::vector<ExportColumn> columns;
};

// What a producer hands back once its table is written.
struct ExportResult {
  ExportTable table;
  std::int64_t rows = 0;
};

class RowSink {
 public:
  virtual ~RowSink() = default;
  [[nodiscard]] virtual Audience audience() const = 0;
  // Writes the header. A sink takes one table at a time; the XLSX sink takes several in turn.
  virtual Result<void> begin(const ExportTable& table) = 0;
  // One row, as many cells as the table has columns.
  virtual Result<void> write(const std::vector<Cell>& cells) = 0;
  virtual Result<void> end() = 0;
};

// One CSV file (or standard output for "-"). fr: ';', BOM, decimal comma, JJ/MM/AAAA, French
// headers, labels; rfc4180: ',', ISO dates, decimal point, keys as headers, codes.
class CsvSink final : public RowSink {
 public:
  static Result<std::unique_ptr<CsvSink>> open(const std::string& path, io::csv::Flavor flavor);
  [[nodiscard]] Audience audience() const override;
  Result<void> begin(const ExportTable& table) override;
  Result<void> write(const std::vector<Cell>& cells) override;
  // Closes the file; fails (io) when it could not be written completely.
  Result<void> end() override;

 private:
  CsvSink(io::csv::Writer writer, io::csv::Flavor flavor) : m_writer(std::move(writer)), m_flavor(flavor) {}
  io::csv::Writer m_writer;
  io::csv::Flavor m_flavor;
  std::vector<std::string> m_fields;
};

// One sheet per table in a workbook: French headers in a frozen, filtered first row, money with
// the euro format, real dates, column widths from the header and the first rows. A table longer
// than Excel's 1 048 576 rows continues on « Actions (2) », « Actions (3) »... with its header.
class XlsxSink final : public RowSink {
 public:
  // `max_rows` (header included) is Excel's limit; tests lower it to see a table continue.
  explicit XlsxSink(io::xlsx::WorkbookWriter& workbook, std::uint32_t max_rows = io::xlsx::k_max_rows)
      : m_workbook(workbook), m_max_rows(max_rows) {}
  [[nodiscard]] Audience audience() const override { return Audience::people; }
  Result<void> begin(const ExportTable& table) override;
  Result<void> write(const std::vector<Cell>& cells) override;
  Result<void> end() override;

  // Sheets each table went to, in order (several when it overflowed).
  [[nodiscard]] const std::vector<std::pair<std::string, std::vector<std::string>>>& sheets() const { return m_sheets; }

 private:
  Result<void> open_sheet();
  Result<void> finish_sheet();

  io::xlsx::WorkbookWriter& m_workbook;
  std::uint32_t m_max_rows;
  const ExportTable* m_table = nullptr;
  io::xlsx::SheetWriter* m_sheet = nullptr;
  std::uint32_t m_row = 0;  // next row to write in the current sheet
  std::vector<double> m_widths;
  std::vector<io::xlsx::CellFormat> m_formats;  // per column
  std::vector<std::pair<std::string, std::vector<std::string>>> m_sheets;
  std::int64_t m_rows_seen = 0;
  std::string m_text;
};

// The « Définitions » sheet: for each table and column, the header, key, question, type and unit.
Result<void> write_definitions_sheet(io::xlsx::WorkbookWriter& workbook, const std::vector<ExportTable>& tables);

// The columns as JSON (for the manifest beside a CSV file).
util::Json columns_json(const ExportTable& table);

}  // namespace pilot::report
