// The --errors report of an import as a workbook: one sheet per source holding the rows read with
// their original values (numbers stay numbers, dates dates), an « Erreurs à corriger » column, and a
// highlight plus a comment on each bad cell. The importer ignores that column, so the data officer
// corrects the cells in place and imports the workbook again as is.
#include <fmt/format.h>

#include <charconv>
#include <map>
#include <optional>

#include "io/xlsx/writer.hpp"
#include "report/import_report_detail.hpp"
#include "util/date.hpp"
#include "util/text.hpp"

namespace pilot::report::detail {
namespace {

constexpr double k_errors_width = 60;
constexpr double k_column_width = 20;

struct Formats {
  io::xlsx::CellFormat header;
  io::xlsx::CellFormat bad;  // a cell with an error
  io::xlsx::CellFormat bad_date;
  io::xlsx::CellFormat warned;  // a cell with a warning only
  io::xlsx::CellFormat warned_date;
  io::xlsx::CellFormat errors;  // the errors column of a rejected row
  io::xlsx::CellFormat notes;   // the errors column of a row with warnings only
  io::xlsx::CellFormat date;
  io::xlsx::CellFormat percent;  // a number the source showed as a percentage
  io::xlsx::CellFormat bad_percent;
  io::xlsx::CellFormat warned_percent;
};

Formats make_formats(io::xlsx::WorkbookWriter& workbook) {
  Formats formats;
  formats.header = workbook.format(io::xlsx::Style::header);
  formats.date = workbook.format(io::xlsx::Style::date);
  io::xlsx::FormatSpec bad;
  bad.background = 0xFFC7CE;
  bad.font_color = 0x9C0006;
  formats.bad = workbook.add_format(bad);
  bad.number_format = "dd/mm/yyyy";
  formats.bad_date = workbook.add_format(bad);
  bad.number_format = "0.00%";
  formats.bad_percent = workbook.add_format(bad);
  io::xlsx::FormatSpec warned;
  warned.background = 0xFFEB9C;
  warned.font_color = 0x9C5700;
  formats.warned = workbook.add_format(warned);
  warned.number_format = "dd/mm/yyyy";
  formats.warned_date = workbook.add_format(warned);
  warned.number_format = "0.00%";
  formats.warned_percent = workbook.add_format(warned);
  io::xlsx::FormatSpec percent;
  percent.number_format = "0.00%";
  formats.percent = workbook.add_format(percent);
  io::xlsx::FormatSpec errors;
  errors.wrap = true;
  errors.vertical_top = true;
  errors.font_color = 0x9C0006;
  errors.bold = true;
  formats.errors = workbook.add_format(errors);
  errors.bold = false;
  errors.font_color = 0x9C5700;
  formats.notes = workbook.add_format(errors);
  return formats;
}

std::optional<double> number_of(const std::string& text) {
  double value = 0;
  const auto [end, code] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (code != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

Result<void> write_cell(io::xlsx::SheetWriter& sheet, std::uint32_t row, std::uint16_t column,
                        const store::RawCell& cell, const ImportSourceInfo& source, io::xlsx::CellFormat format,
                        io::xlsx::CellFormat date_format, io::xlsx::CellFormat percent_format, bool marked) {
  switch (cell.kind) {
    case store::CellKind::empty: return marked ? sheet.write_blank(row, column, format) : Result<void>{};
    case store::CellKind::number:
      if (const auto number = number_of(cell.text)) {
        return sheet.write_number(row, column, *number, format);
      }
      break;
    case store::CellKind::percent:
      if (const auto number = number_of(cell.text)) {
        return sheet.write_number(row, column, *number, percent_format);
      }
      break;
    case store::CellKind::date:
      if (const auto serial = number_of(cell.text)) {
        if (auto date = util::date_from_excel_serial(*serial, source.date1904)) {
          return sheet.write_date(row, column, *date, date_format);
        }
        // A date the 1900 system cannot show: keep the serial number, as the source did.
        return sheet.write_number(row, column, *serial, format);
      }
      break;
    case store::CellKind::boolean: return sheet.write_boolean(row, column, cell.text == "1", format);
    case store::CellKind::text:
    case store::CellKind::error: break;
  }
  return sheet.write_text(row, column, cell.text, format);
}

Result<void> write_source(io::xlsx::WorkbookWriter& workbook, const Formats& formats, store::ImportStaging& staging,
                          const ImportSourceInfo& source, int index) {
  std::string wanted = source.sheet;
  if (wanted.empty()) {
    wanted = std::filesystem::path(source.file).stem().string();
    if (source.file == "-" || wanted.empty()) {
      wanted = source.kind;
    }
  }
  auto sheet_result = workbook.add_sheet(workbook.sheet_name(wanted));
  if (!sheet_result) {
    return std::unexpected(sheet_result.error());
  }
  io::xlsx::SheetWriter& sheet = **sheet_result;
  std::vector<std::string> header{std::string(k_errors_column)};
  header.insert(header.end(), source.headers.begin(), source.headers.end());
  if (header.size() > io::xlsx::k_max_columns) {
    header.resize(io::xlsx::k_max_columns);
  }
  const auto columns = static_cast<std::uint16_t>(header.size());
  if (auto width = sheet.set_column_width(0, 0, k_errors_width); !width) {
    return width;
  }
  if (columns > 1) {
    if (auto width = sheet.set_column_width(1, static_cast<std::uint16_t>(columns - 1), k_column_width); !width) {
      return width;
    }
  }
  if (auto written = sheet.write_row_texts(0, 0, header, formats.header); !written) {
    return written;
  }
  // Problems of the header (unknown, duplicate or missing columns) go on the header row.
  std::vector<std::string> file_notes;
  for (const auto& problem : staging.problems_without_row(index)) {
    const std::string note = fmt::format("[{}] {}", problem.code, problem.message);
    if (problem.column > 0 && static_cast<std::size_t>(problem.column) < columns) {
      const auto column = static_cast<std::uint16_t>(problem.column);
      if (auto marked = sheet.write_text(0, column, header[column], problem.warning ? formats.warned : formats.bad);
          !marked) {
        return marked;
      }
      io::xlsx::CommentOptions options;
      options.author = "pilot";
      options.width = 320;
      if (auto noted = sheet.add_comment(0, column, note, options); !noted) {
        return noted;
      }
    } else {
      file_notes.push_back(note);
    }
  }
  if (!file_notes.empty()) {
    io::xlsx::CommentOptions options;
    options.author = "pilot";
    options.width = 400;
    if (auto noted = sheet.add_comment(0, 0, util::join(file_notes, "\n"), options); !noted) {
      return noted;
    }
  }
  sheet.freeze(1, 1);
  std::uint32_t out_row = 0;
  auto cursor = staging.rows_of_source(index);
  store::StagedRow row;
  while (cursor.next(row)) {
    if (++out_row >= io::xlsx::k_max_rows) {
      return fail(ErrorKind::data,
                  fmt::format("« {} » a trop de lignes pour un classeur Excel ({} au plus) : demandez le rapport en "
                              "CSV (--errors rapport.csv)",
                              source.file, io::xlsx::k_max_rows - 1));
    }
    const auto problems = staging.problems_of_row(row.id);
    std::vector<std::string> lines;
    std::map<int, std::pair<bool, std::vector<std::string>>> by_column;  // column → (error?, messages)
    bool any_error = false;
    for (const auto& problem : problems) {
      lines.push_back(fmt::format("[{}] {}", problem.code, problem.message));
      any_error = any_error || !problem.warning;
      if (problem.column > 0) {
        auto& entry = by_column[problem.column];
        entry.first = entry.first || !problem.warning;
        entry.second.push_back(fmt::format("[{}] {}", problem.code, problem.message));
      }
    }
    if (row.rejected && !any_error) {
      lines.insert(lines.begin(), "Action rejetée : voir les erreurs de ses autres lignes");
      any_error = true;
    }
    if (!lines.empty()) {
      if (auto written =
              sheet.write_text(out_row, 0, util::join(lines, "\n"), any_error ? formats.errors : formats.notes);
          !written) {
        return written;
      }
    }
    std::size_t last = row.cells.size();
    if (!by_column.empty()) {
      last = std::max(last, static_cast<std::size_t>(by_column.rbegin()->first));
    }
    for (std::size_t c = 0; c < last && c + 1 < columns; ++c) {
      const auto marked = by_column.find(static_cast<int>(c + 1));
      static const store::RawCell k_empty;
      const store::RawCell& cell = c < row.cells.size() ? row.cells[c] : k_empty;
      io::xlsx::CellFormat format;
      io::xlsx::CellFormat date_format = formats.date;
      io::xlsx::CellFormat percent_format = formats.percent;
      if (marked != by_column.end()) {
        format = marked->second.first ? formats.bad : formats.warned;
        date_format = marked->second.first ? formats.bad_date : formats.warned_date;
        percent_format = marked->second.first ? formats.bad_percent : formats.warned_percent;
      }
      const auto column = static_cast<std::uint16_t>(c + 1);
      if (auto written = write_cell(sheet, out_row, column, cell, source, format, date_format, percent_format,
                                    marked != by_column.end());
          !written) {
        return written;
      }
      if (marked != by_column.end()) {
        io::xlsx::CommentOptions options;
        options.author = "pilot";
        options.width = 320;
        if (auto noted = sheet.add_comment(out_row, column, util::join(marked->second.second, "\n"), options); !noted) {
          return noted;
        }
      }
    }
  }
  return sheet.autofilter(io::xlsx::CellRange{0, 0, out_row, static_cast<std::uint16_t>(columns - 1)});
}

}  // namespace

Result<void> write_xlsx_report(const std::filesystem::path& path, store::ImportStaging& staging,
                               const std::vector<ImportSourceInfo>& sources) {
  io::xlsx::WriterOptions options;
  options.constant_memory = true;
  auto workbook = io::xlsx::WorkbookWriter::create(path, options);
  if (!workbook) {
    return std::unexpected(workbook.error());
  }
  const Formats formats = make_formats(*workbook);
  bool any = false;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    if (!sources[i].recognised) {
      continue;
    }
    any = true;
    if (auto written = write_source(*workbook, formats, staging, sources[i], static_cast<int>(i)); !written) {
      return written;
    }
  }
  if (!any) {
    // Nothing was recognised: still give a workbook listing the problems' messages.
    auto sheet = workbook->add_sheet("Problèmes");
    if (!sheet) {
      return std::unexpected(sheet.error());
    }
    (void)(*sheet)->write_row_texts(0, 0, {"Emplacement", "Code", "Message"}, formats.header);
    std::uint32_t row = 0;
    Result<void> status;
    staging.for_each_problem([&](const store::StagedProblem& problem) {
      const auto fields = problem_fields(sources, problem);
      ++row;
      status = (*sheet)->write_row_texts(row, 0, {fields.file, problem.code, problem.message});
      return status.has_value();
    });
    if (!status) {
      return status;
    }
  }
  return workbook->close();
}

}  // namespace pilot::report::detail
