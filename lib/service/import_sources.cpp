// Reading the inputs of an import: each CSV file (or standard input) and each sheet of each workbook is
// read once, in constant memory. The header row is searched among the first rows (titles above it are
// skipped), the record kind is told from the headers, and every data row is staged with its raw cells.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>

#include "io/csv/read_ahead.hpp"
#include "io/csv/reader.hpp"
#include "io/xlsx/workbook.hpp"
#include "service/import_detail.hpp"
#include "util/system_error.hpp"
#include "util/text.hpp"

namespace pilot::service::import_detail {
namespace {

// Title rows above the header: a template's heading, a merged banner over groups of columns.
constexpr std::size_t k_header_search_rows = 10;
constexpr std::size_t k_progress_every = 50'000;
// A header needs this many columns naming fields: one could be chance (« Commentaire »).
constexpr std::size_t k_min_header_score = 2;

struct BufferedRow {
  std::int64_t line = 0;
  std::vector<store::RawCell> cells;
};

std::vector<std::string> texts_of(const std::vector<store::RawCell>& cells) {
  std::vector<std::string> texts;
  texts.reserve(cells.size());
  for (const auto& cell : cells) {
    texts.push_back(cell.text);
  }
  return texts;
}

// Adds a source that could not be used, with the problem that says why.
void unusable(ImportRun& run, report::ImportSourceInfo info, std::int64_t line, int column, bool warning,
              std::string code, std::string message) {
  Source source;
  info.recognised = false;
  info.kind = "non reconnu";
  source.info = std::move(info);
  run.sources.push_back(std::move(source));
  run.ledger.add(Where{static_cast<int>(run.sources.size()) - 1, line, column, std::nullopt, {}}, warning,
                 std::move(code), "", "", std::move(message));
}

// « actions, Lignes budgétaires ou Indicateurs »: what the files of this import may hold.
std::string kinds_text(const ImportRun& run) {
  std::vector<std::string> labels;
  for (int kind = 0; kind < run.kinds.count(); ++kind) {
    labels.push_back(run.kinds.label(kind, run.forms));
  }
  std::string text;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    text += i == 0 ? "" : (i + 1 == labels.size() ? " ou " : ", ");
    text += labels[i];
  }
  return text;
}

std::string expected_headers(const ImportRun& run) {
  std::vector<std::string> labels;
  const forms::Form& form = *run.forms.forms.front();
  for (const char* key : {"reference", "intitule"}) {
    if (const auto* field = form.find_field(key)) {
      labels.push_back(field->label);
    }
  }
  for (const auto& group : form.groups) {
    if (!group.fields.empty()) {
      labels.push_back(group.fields.front().label);
    }
  }
  return util::quoted_list(labels, "ou");
}

// A header on two rows: group titles above (« Calendrier » merged over « Date de début » and « Date de
// fin »), the fields' labels below them, and the other columns' labels merged over both rows (the
// workbook reader gives them to each row). The upper row completed by the lower one, when each label
// the lower row adds names a field the upper row's cell did not; nothing otherwise (a data row).
std::optional<std::vector<std::string>> two_row_header(ImportRun& run, const std::vector<std::string>& upper,
                                                       const HeaderGuess& guess, const BufferedRow& lower,
                                                       std::string_view name) {
  std::vector<std::string> combined = upper;
  combined.resize(std::max(upper.size(), lower.cells.size()));
  std::size_t added = 0;
  for (std::size_t c = 0; c < lower.cells.size(); ++c) {
    const std::string_view label = util::trim(lower.cells[c].text);
    if (lower.cells[c].kind != store::CellKind::text || label.empty() || label == util::trim(combined[c])) {
      continue;
    }
    combined[c] = label;
    ++added;
  }
  if (added == 0) {
    return std::nullopt;
  }
  const HeaderGuess completed = guess_kind(run, combined, name);
  if (completed.kind != guess.kind || completed.score < guess.score + added) {
    return std::nullopt;
  }
  return combined;
}

// Finds the header among the buffered rows and binds it; returns the index of the header row (the
// lower one of a header on two rows), or nothing when no row looks like one.
std::optional<std::size_t> find_header(ImportRun& run, const std::vector<BufferedRow>& rows, std::string_view name,
                                       Source& source) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto headers = texts_of(rows[i].cells);
    const HeaderGuess guess = guess_kind(run, headers, name);
    if (guess.score >= k_min_header_score) {
      if (i + 1 < rows.size() && rows[i + 1].line == rows[i].line + 1) {
        if (auto combined = two_row_header(run, headers, guess, rows[i + 1], name)) {
          headers = std::move(*combined);
          ++i;
        }
      }
      source.kind = guess.kind;
      source.header_line = rows[i].line;
      source.info.headers = headers;
      source.info.kind = run.kinds.label(guess.kind, run.forms);
      source.info.recognised = true;
      return i;
    }
  }
  return std::nullopt;
}

// "name:14:3: message" (the CSV reader's errors) split into line, column and message.
void split_location(const std::string& text, const std::string& name, std::int64_t& line, int& column,
                    std::string& message) {
  message = text;
  if (!text.starts_with(name + ":")) {
    return;
  }
  const char* at = text.data() + name.size() + 1;
  const char* end = text.data() + text.size();
  std::int64_t parsed_line = 0;
  int parsed_column = 0;
  auto [after_line, line_error] = std::from_chars(at, end, parsed_line);
  if (line_error != std::errc() || after_line == end || *after_line != ':') {
    return;
  }
  auto [after_column, column_error] = std::from_chars(after_line + 1, end, parsed_column);
  if (column_error != std::errc() || after_column + 1 >= end || *after_column != ':') {
    return;
  }
  line = parsed_line;
  column = parsed_column;
  message = std::string(util::trim(std::string_view(after_column + 1, end)));
}

void read_csv(ImportRun& run, const std::string& file) {
  report::ImportSourceInfo info;
  info.file = file;
  auto reader = io::csv::Reader::open(file);
  if (!reader) {
    unusable(run, std::move(info), 0, 0, false, "E611", reader.error().message);
    return;
  }
  const std::string name = reader->display_name();
  std::vector<BufferedRow> buffered;
  auto report_read_error = [&](const Error& error, int source_index) {
    std::int64_t line = 0;
    int column = 0;
    std::string message;
    split_location(error.message, name, line, column, message);
    if (source_index < 0) {
      unusable(run, info, line, column, false, "E611", "fichier illisible : " + message);
    } else {
      run.ledger.add(Where{source_index, line, column, std::nullopt, {}}, false, "E611", "", "",
                     "fichier illisible : " + message);
    }
  };
  auto to_cells = [](io::csv::Row& row, std::vector<store::RawCell>& cells) {
    cells.resize(row.fields.size());
    for (std::size_t i = 0; i < row.fields.size(); ++i) {
      cells[i].kind = row.fields[i].empty() ? store::CellKind::empty : store::CellKind::text;
      cells[i].text.swap(row.fields[i]);
    }
  };
  while (buffered.size() < k_header_search_rows) {
    auto row = reader->next();
    if (!row) {
      report_read_error(row.error(), -1);
      return;
    }
    if (!*row) {
      break;
    }
    BufferedRow copy;
    copy.line = static_cast<std::int64_t>((*row)->line);
    to_cells(**row, copy.cells);
    if (std::all_of(copy.cells.begin(), copy.cells.end(), is_blank)) {
      continue;
    }
    buffered.push_back(std::move(copy));
  }
  Source source;
  source.info = info;
  source.info.separator = reader->dialect().separator;
  const auto header = find_header(run, buffered, std::filesystem::path(file).stem().string(), source);
  if (!header) {
    if (buffered.empty()) {
      unusable(run, std::move(source.info), 0, 0, true, "W615", "fichier vide : aucune ligne à importer");
    } else {
      unusable(run, std::move(source.info), buffered.front().line, 0, false, "E604",
               fmt::format("fichier non reconnu : aucune des {} premières lignes n'est une ligne d'en-tête ({} ; "
                           "colonnes attendues : {}…)",
                           k_header_search_rows, kinds_text(run), expected_headers(run)));
    }
    return;
  }
  run.sources.push_back(std::move(source));
  const int index = static_cast<int>(run.sources.size()) - 1;
  bind_source(run, index);
  for (std::size_t i = *header + 1; i < buffered.size(); ++i) {
    stage_row(run, index, buffered[i].line, buffered[i].cells);
  }
  // The rest of the file is read on a second thread while this one stages the rows.
  io::csv::ReadAhead rest(std::move(*reader));
  std::vector<store::RawCell> cells;
  for (;;) {
    auto row = rest.next();
    if (!row) {
      report_read_error(row.error(), index);
      return;
    }
    if (!*row) {
      break;
    }
    to_cells(**row, cells);
    stage_row(run, index, static_cast<std::int64_t>((*row)->line), cells);
    if (run.counts.rows_read % k_progress_every == 0) {
      run.progress("lecture", run.counts.rows_read, 0);
    }
  }
  if (run.sources[static_cast<std::size_t>(index)].rows == 0) {
    run.ledger.add(Where{index, 0, 0, std::nullopt, {}}, true, "W615", "", "",
                   "aucune ligne de données sous la ligne d'en-tête");
  }
}

void to_cells(const io::xlsx::Row& row, std::vector<store::RawCell>& cells) {
  cells.resize(row.cells.size());
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    const io::xlsx::Cell& cell = row.cells[i];
    store::RawCell& out = cells[i];
    out.text = cell.text;
    switch (cell.type) {
      case io::xlsx::CellType::empty: out.kind = store::CellKind::empty; break;
      case io::xlsx::CellType::text: out.kind = store::CellKind::text; break;
      case io::xlsx::CellType::number:
        out.kind = cell.is_date      ? store::CellKind::date
                   : cell.is_percent ? store::CellKind::percent
                                     : store::CellKind::number;
        break;
      case io::xlsx::CellType::boolean:
        out.kind = store::CellKind::boolean;
        out.text = cell.number != 0 ? "1" : "0";
        break;
      case io::xlsx::CellType::error: out.kind = store::CellKind::error; break;
    }
  }
}

// What table a hidden sheet holds (« Lignes budgétaires »...), if its first rows have a header.
std::optional<std::string> hidden_table_kind(ImportRun& run, io::xlsx::Workbook& workbook,
                                             const io::xlsx::SheetInfo& sheet) {
  auto reader = workbook.open_sheet(sheet.name);
  if (!reader) {
    return std::nullopt;
  }
  std::vector<store::RawCell> cells;
  for (std::size_t i = 0; i < k_header_search_rows; ++i) {
    auto row = reader->next();
    if (!row || !*row) {
      break;
    }
    to_cells(**row, cells);
    const auto headers = texts_of(cells);
    const HeaderGuess guess = guess_kind(run, headers, sheet.name);
    // A template's hidden lists (« Axes du Pacte », « Publics visés »...) look like an actions
    // header but have no reference column.
    if (guess.score >= k_min_header_score && has_reference_column(run, guess.kind, headers)) {
      return run.kinds.label(guess.kind, run.forms);
    }
  }
  return std::nullopt;
}

// Returns true when the sheet held a recognised table.
bool read_sheet(ImportRun& run, const std::string& file, io::xlsx::Workbook& workbook, const io::xlsx::SheetInfo& sheet,
                bool named) {
  report::ImportSourceInfo info;
  info.file = file;
  info.sheet = sheet.name;
  info.date1904 = workbook.date1904();
  auto reader = workbook.open_sheet(sheet.name);
  if (!reader) {
    unusable(run, std::move(info), 0, 0, false, "E611", reader.error().message);
    return false;
  }
  std::vector<BufferedRow> buffered;
  while (buffered.size() < k_header_search_rows) {
    auto row = reader->next();
    if (!row) {
      unusable(run, std::move(info), 0, 0, false, "E611", row.error().message);
      return false;
    }
    if (!*row) {
      break;
    }
    BufferedRow copy;
    copy.line = (*row)->number;
    to_cells(**row, copy.cells);
    buffered.push_back(std::move(copy));
  }
  Source source;
  source.info = info;
  const auto header = find_header(run, buffered, sheet.name, source);
  if (!header) {
    if (named) {
      unusable(run, std::move(info), 0, 0, false, "E604",
               fmt::format("feuille « {} » non reconnue : aucune de ses {} premières lignes n'est une ligne d'en-tête "
                           "(colonnes attendues : {}…)",
                           sheet.name, k_header_search_rows, expected_headers(run)));
    } else if (!buffered.empty()) {
      unusable(run, std::move(info), 0, 0, true, "W604",
               fmt::format("feuille « {} » ignorée : elle ne contient aucune ligne d'en-tête ({})", sheet.name,
                           kinds_text(run)));
    }
    return false;
  }
  run.sources.push_back(std::move(source));
  const int index = static_cast<int>(run.sources.size()) - 1;
  bind_source(run, index);
  for (std::size_t i = *header + 1; i < buffered.size(); ++i) {
    stage_row(run, index, buffered[i].line, buffered[i].cells);
  }
  std::vector<store::RawCell> cells;
  for (;;) {
    auto row = reader->next();
    if (!row) {
      run.ledger.add(Where{index, 0, 0, std::nullopt, {}}, false, "E611", "", "", row.error().message);
      break;
    }
    if (!*row) {
      break;
    }
    to_cells(**row, cells);
    stage_row(run, index, (*row)->number, cells);
    if (run.counts.rows_read % k_progress_every == 0) {
      run.progress("lecture", run.counts.rows_read, 0);
    }
  }
  return true;
}

void read_workbook(ImportRun& run, const std::string& file) {
  report::ImportSourceInfo info;
  info.file = file;
  auto workbook = io::xlsx::Workbook::open(file);
  if (!workbook) {
    unusable(run, std::move(info), 0, 0, false, "E611", workbook.error().message);
    return;
  }
  bool any = false;
  const auto rows_before = run.counts.rows_read;
  if (!run.options.sheet.empty()) {
    const io::xlsx::SheetInfo* wanted = nullptr;
    for (const auto& sheet : workbook->sheets()) {
      if (sheet.name == run.options.sheet) {
        wanted = &sheet;
      }
    }
    for (const auto& sheet : workbook->sheets()) {
      if (wanted == nullptr && util::fold(sheet.name) == util::fold(run.options.sheet)) {
        wanted = &sheet;
      }
    }
    if (wanted == nullptr) {
      unusable(run, std::move(info), 0, 0, false, "E604",
               fmt::format("feuille « {} » introuvable dans « {} » (feuilles : {})", run.options.sheet, file,
                           util::quoted_list(workbook->sheet_names(), "et")));
      return;
    }
    if (read_sheet(run, file, *workbook, *wanted, true) && run.counts.rows_read == rows_before) {
      report::ImportSourceInfo empty;
      empty.file = file;
      empty.sheet = wanted->name;
      unusable(run, std::move(empty), 0, 0, true, "W615",
               "feuille sans données : aucune ligne sous la ligne d'en-tête");
    }
    return;
  }
  for (const auto& sheet : workbook->sheets()) {
    // Hidden sheets hold a template's lists, charts hold no cells. A hidden sheet that has the
    // header of a table is not read either (hiding it may be how a user sets it aside), but said.
    if (sheet.kind != io::xlsx::SheetKind::worksheet) {
      continue;
    }
    if (sheet.hidden) {
      if (const auto kind = hidden_table_kind(run, *workbook, sheet)) {
        report::ImportSourceInfo hidden;
        hidden.file = file;
        hidden.sheet = sheet.name;
        unusable(run, std::move(hidden), 0, 0, true, "W604",
                 fmt::format("feuille masquée « {} » ignorée, bien qu'elle ait une ligne d'en-tête ({}) : "
                             "affichez-la, ou nommez-la avec --sheet, pour l'importer",
                             sheet.name, *kind));
      }
      continue;
    }
    any = read_sheet(run, file, *workbook, sheet, false) || any;
  }
  if (any && run.counts.rows_read == rows_before) {
    // One empty sheet of a template is normal (no indicators yet); a workbook without any row is not.
    report::ImportSourceInfo empty;
    empty.file = file;
    unusable(run, std::move(empty), 0, 0, true, "W615",
             "classeur sans données : aucune ligne sous les lignes d'en-tête de ses feuilles");
  }
  if (!any) {
    unusable(run, std::move(info), 0, 0, false, "E604",
             fmt::format("aucune feuille de « {} » n'a de ligne d'en-tête ({} ; colonnes attendues : {}…)", file,
                         kinds_text(run), expected_headers(run)));
  }
}

// A workbook saved under another name (« fiches.csv », « export » without extension) starts like
// every .xlsx: a ZIP archive.
bool starts_like_zip(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  char magic[4] = {};
  return in.read(magic, sizeof magic) && std::string_view(magic, sizeof magic) == std::string_view("PK\x03\x04", 4);
}

bool is_workbook_path(const std::string& file) {
  const std::string extension = util::fold(std::filesystem::path(file).extension().string());
  return extension == ".xlsx" || extension == ".xlsm" || starts_like_zip(file);
}

}  // namespace

Result<void> check_import_paths(const std::vector<std::string>& files, const std::string& sheet,
                                const std::string& errors_path, const std::filesystem::path& db_path) {
  if (files.empty()) {
    return fail(ErrorKind::usage,
                "aucun fichier à importer : donnez un ou plusieurs fichiers .csv ou .xlsx (- pour "
                "l'entrée standard)");
  }
  if (std::count(files.begin(), files.end(), "-") > 1) {
    return fail(ErrorKind::usage, "l'entrée standard (-) ne peut être lue qu'une fois");
  }
  if (!sheet.empty() && std::none_of(files.begin(), files.end(),
                                     [](const std::string& file) { return file != "-" && is_workbook_path(file); })) {
    return fail(ErrorKind::usage, fmt::format("--sheet « {} » : aucun des fichiers n'est un classeur .xlsx ; l'option "
                                              "choisit une feuille d'un classeur, un CSV n'en a qu'une",
                                              sheet));
  }
  if (errors_path.empty()) {
    return {};
  }
  if (!report::is_import_errors_format(errors_path)) {
    return fail(ErrorKind::usage,
                fmt::format("--errors « {} » : extension attendue .csv, .json ou .xlsx", errors_path));
  }
  for (const auto& file : files) {
    if (file != "-" && util::same_existing_file(file, errors_path)) {
      return fail(ErrorKind::usage, fmt::format("--errors « {} » : c'est un des fichiers importés, que le rapport "
                                                "remplacerait ; donnez un autre nom au rapport",
                                                errors_path));
    }
  }
  if (util::same_existing_file(db_path, errors_path)) {
    return fail(
        ErrorKind::usage,
        fmt::format("--errors « {} » : c'est la base de données ; donnez un autre nom au rapport", errors_path));
  }
  return {};
}

void read_sources(ImportRun& run) {
  for (const auto& file : run.options.files) {
    const std::string extension = util::fold(std::filesystem::path(file).extension().string());
    if (file != "-" && (extension == ".xls" || extension == ".ods" || extension == ".xlsb")) {
      report::ImportSourceInfo info;
      info.file = file;
      unusable(
          run, std::move(info), 0, 0, false, "E611",
          fmt::format("format « {} » non pris en charge : enregistrez le fichier au format .xlsx ou .csv", extension));
    } else if (file != "-" && is_workbook_path(file)) {
      read_workbook(run, file);
    } else {
      read_csv(run, file);
    }
  }
  check_total_rows(run);
}

}  // namespace pilot::service::import_detail
