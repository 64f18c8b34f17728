#include "report/export_sink.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "util/number.hpp"
#include "util/text.hpp"

namespace pilot::report {
namespace {

// Widths are measured on the first rows only: later rows cannot change them in constant-memory
// mode, and a few hundred rows tell the usual width of a column.
constexpr std::int64_t k_width_sample_rows = 500;
constexpr double k_min_width = 8;
constexpr double k_max_width = 50;

io::xlsx::Style style_of(ColumnType type) {
  switch (type) {
    case ColumnType::integer: return io::xlsx::Style::integer;
    case ColumnType::decimal: return io::xlsx::Style::decimal;
    case ColumnType::money: return io::xlsx::Style::money;
    case ColumnType::percent: return io::xlsx::Style::percent_points;
    case ColumnType::date: return io::xlsx::Style::date;
    case ColumnType::text:
    case ColumnType::yes_no: break;
  }
  return io::xlsx::Style::text;
}

double initial_width(const ExportColumn& column) {
  // The header wraps: its longest word, not its whole length, sets the minimum.
  double longest_word = 0;
  for (const auto& word : util::split_list(column.label, " ")) {
    longest_word = std::max(longest_word, static_cast<double>(util::display_width(word)));
  }
  double width =
      std::max(longest_word + 2, std::min(static_cast<double>(util::display_width(column.label)) / 2 + 2, k_max_width));
  switch (column.type) {
    case ColumnType::money: width = std::max(width, 16.0); break;
    case ColumnType::date: width = std::max(width, 11.0); break;
    default: break;
  }
  return std::clamp(width, k_min_width, k_max_width);
}

double shown_width(const Cell& cell) {
  return std::visit(
      [](const auto& value) -> double {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return static_cast<double>(util::display_width(value)) + 1;
        } else if constexpr (std::is_same_v<T, Money>) {
          return static_cast<double>(util::format_money_fr(value.cents).size()) + 1;
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return static_cast<double>(std::to_string(value).size()) + 2;
        } else {
          return 0;
        }
      },
      cell);
}

}  // namespace

std::string_view to_label(ColumnType type) {
  switch (type) {
    case ColumnType::text: return "texte";
    case ColumnType::integer: return "nombre entier";
    case ColumnType::decimal: return "nombre décimal";
    case ColumnType::money: return "montant en euros";
    case ColumnType::percent: return "pourcentage (points)";
    case ColumnType::date: return "date";
    case ColumnType::yes_no: return "oui / non";
  }
  return "texte";
}

// --- CSV ------------------------------------------------------------------------------------

Result<std::unique_ptr<CsvSink>> CsvSink::open(const std::string& path, io::csv::Flavor flavor) {
  auto writer = io::csv::Writer::open(path, flavor);
  if (!writer) {
    return std::unexpected(writer.error());
  }
  return std::unique_ptr<CsvSink>(new CsvSink(std::move(*writer), flavor));
}

Audience CsvSink::audience() const {
  return m_flavor == io::csv::Flavor::fr ? Audience::people : Audience::machines;
}

Result<void> CsvSink::begin(const ExportTable& table) {
  m_fields.clear();
  for (const auto& column : table.columns) {
    m_fields.push_back(io::csv::neutralize_formula(m_flavor == io::csv::Flavor::fr ? column.label : column.key));
  }
  return m_writer.write_row(m_fields);
}

Result<void> CsvSink::write(const std::vector<Cell>& cells) {
  // csv_cells neutralises text and writes numbers and dates in the dialect's notation.
  return m_writer.write_row(csv_cells(cells, m_flavor));
}

Result<void> CsvSink::end() {
  return m_writer.close();
}

// --- XLSX -----------------------------------------------------------------------------------

Result<void> XlsxSink::open_sheet() {
  const std::size_t part = m_sheets.back().second.size();
  const std::string wanted = part == 0 ? m_table->title : fmt::format("{} ({})", m_table->title, part + 1);
  auto sheet = m_workbook.add_sheet(m_workbook.sheet_name(wanted));
  if (!sheet) {
    return std::unexpected(sheet.error());
  }
  m_sheet = *sheet;
  m_sheets.back().second.push_back(m_sheet->name());
  std::vector<std::string> labels;
  for (const auto& column : m_table->columns) {
    labels.push_back(io::csv::neutralize_formula(column.label));
  }
  if (auto written = m_sheet->write_row_texts(0, 0, labels, m_workbook.format(io::xlsx::Style::header)); !written) {
    return written;
  }
  m_sheet->freeze(1, 0);
  m_row = 1;
  return {};
}

Result<void> XlsxSink::begin(const ExportTable& table) {
  if (table.columns.size() > io::xlsx::k_max_columns) {
    return fail(ErrorKind::data, fmt::format("{} : {} colonnes, au-delà des {} qu'Excel accepte", table.title,
                                             table.columns.size(), io::xlsx::k_max_columns));
  }
  m_table = &table;
  m_sheets.emplace_back(table.key, std::vector<std::string>{});
  m_widths.clear();
  m_formats.clear();
  for (const auto& column : table.columns) {
    m_widths.push_back(initial_width(column));
    m_formats.push_back(m_workbook.format(style_of(column.type)));
  }
  m_rows_seen = 0;
  return open_sheet();
}

Result<void> XlsxSink::write(const std::vector<Cell>& cells) {
  if (m_row >= m_max_rows) {
    if (auto finished = finish_sheet(); !finished) {
      return finished;
    }
    if (auto opened = open_sheet(); !opened) {
      return opened;
    }
  }
  const bool sample = m_rows_seen < k_width_sample_rows;
  for (std::size_t i = 0; i < cells.size() && i < m_formats.size(); ++i) {
    const auto column = static_cast<std::uint16_t>(i);
    const Cell& cell = cells[i];
    Result<void> written;
    if (const auto* text = std::get_if<std::string>(&cell)) {
      if (text->empty()) {
        continue;
      }
      const char first = text->front();
      if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
        m_text = io::csv::neutralize_formula(*text);
        written = m_sheet->write_text(m_row, column, m_text);
      } else {
        written = m_sheet->write_text(m_row, column, *text);
      }
    } else if (const auto* integer = std::get_if<std::int64_t>(&cell)) {
      written = m_sheet->write_number(m_row, column, static_cast<double>(*integer), m_formats[i]);
    } else if (const auto* number = std::get_if<double>(&cell)) {
      if (!std::isfinite(*number)) {
        continue;
      }
      written = m_sheet->write_number(m_row, column, *number, m_formats[i]);
    } else if (const auto* money = std::get_if<Money>(&cell)) {
      written = m_sheet->write_number(m_row, column, static_cast<double>(money->cents) / 100.0,
                                      m_workbook.format(io::xlsx::Style::money));
    } else if (const auto* percent = std::get_if<Percent>(&cell)) {
      if (!std::isfinite(percent->value)) {
        continue;
      }
      written =
          m_sheet->write_number(m_row, column, percent->value, m_workbook.format(io::xlsx::Style::percent_points));
    } else if (const auto* date = std::get_if<util::Date>(&cell)) {
      written = m_sheet->write_date(m_row, column, *date);
    } else {
      continue;
    }
    if (!written) {
      return written;
    }
    if (sample) {
      m_widths[i] = std::clamp(std::max(m_widths[i], shown_width(cell)), k_min_width, k_max_width);
    }
  }
  ++m_row;
  ++m_rows_seen;
  return {};
}

Result<void> XlsxSink::finish_sheet() {
  for (std::size_t i = 0; i < m_widths.size(); ++i) {
    const auto column = static_cast<std::uint16_t>(i);
    if (auto set = m_sheet->set_column_width(column, column, m_widths[i]); !set) {
      return set;
    }
  }
  if (m_table->columns.empty()) {
    return {};
  }
  return m_sheet->autofilter(
      {0, 0, m_row == 1 ? 1u : m_row - 1, static_cast<std::uint16_t>(m_table->columns.size() - 1)});
}

Result<void> XlsxSink::end() {
  auto finished = finish_sheet();
  m_table = nullptr;
  m_sheet = nullptr;
  return finished;
}

// --- Definitions ----------------------------------------------------------------------------

Result<void> write_definitions_sheet(io::xlsx::WorkbookWriter& workbook, const std::vector<ExportTable>& tables) {
  auto sheet = workbook.add_sheet(workbook.sheet_name("Définitions"));
  if (!sheet) {
    return std::unexpected(sheet.error());
  }
  auto& out = **sheet;
  const std::vector<std::string> header = {"Onglet", "Colonne", "Clé (CSV pour scripts)", "Question / définition",
                                           "Type",   "Unité",   "Valeurs possibles"};
  if (auto written = out.write_row_texts(0, 0, header, workbook.format(io::xlsx::Style::header)); !written) {
    return written;
  }
  out.freeze(1, 0);
  const auto wrapped = workbook.format(io::xlsx::Style::wrapped_text);
  std::uint32_t row = 1;
  for (const auto& table : tables) {
    for (const auto& column : table.columns) {
      const std::vector<std::string> cells = {
          table.title, column.label, column.key, column.definition, std::string(to_label(column.type)),
          column.unit, column.values};
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (cells[i].empty()) {
          continue;
        }
        const auto format = i == 3 || i == 6 ? wrapped : io::xlsx::CellFormat{};
        if (auto written =
                out.write_text(row, static_cast<std::uint16_t>(i), io::csv::neutralize_formula(cells[i]), format);
            !written) {
          return written;
        }
      }
      ++row;
    }
  }
  const double widths[] = {14, 36, 28, 60, 18, 10, 60};
  for (std::uint16_t i = 0; i < std::size(widths); ++i) {
    if (auto set = out.set_column_width(i, i, widths[i]); !set) {
      return set;
    }
  }
  return out.autofilter({0, 0, row == 1 ? 1u : row - 1, static_cast<std::uint16_t>(header.size() - 1)});
}

util::Json columns_json(const ExportTable& table) {
  util::Json columns = util::Json::array();
  for (const auto& column : table.columns) {
    util::Json entry = util::Json::object();
    entry.set("cle", column.key).set("libelle", column.label).set("type", std::string(to_label(column.type)));
    if (!column.definition.empty()) {
      entry.set("definition", column.definition);
    }
    if (!column.unit.empty()) {
      entry.set("unite", column.unit);
    }
    if (!column.values.empty()) {
      entry.set("valeurs", column.values);
    }
    columns.push(std::move(entry));
  }
  return columns;
}

}  // namespace pilot::report
