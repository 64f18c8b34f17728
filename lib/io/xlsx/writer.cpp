#include "io/xlsx/writer.hpp"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "io/xlsx/cell.hpp"
#include "io/xlsx/writer_readback.hpp"
#include "util/text.hpp"

namespace pilot::io::xlsx {
namespace {

constexpr std::string_view k_cut_marker = " […]";

std::string french_lxw_error(lxw_error error) {
  switch (error) {
    case LXW_ERROR_MEMORY_MALLOC_FAILED: return "mémoire insuffisante";
    case LXW_ERROR_CREATING_XLSX_FILE: return "le fichier ne peut pas être créé";
    case LXW_ERROR_CREATING_TMPFILE: return "fichier temporaire impossible à créer (dossier temporaire plein ?)";
    case LXW_ERROR_READING_TMPFILE: return "fichier temporaire illisible";
    case LXW_ERROR_ZIP_FILE_OPERATION:
    case LXW_ERROR_ZIP_FILE_ADD:
    case LXW_ERROR_ZIP_CLOSE:
    case LXW_ERROR_ZIP_INTERNAL_ERROR:
    case LXW_ERROR_ZIP_PARAMETER_ERROR:
    case LXW_ERROR_ZIP_BAD_ZIP_FILE: return "écriture de l'archive impossible (disque plein ?)";
    case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE:
      return fmt::format("au-delà des limites d'Excel ({} lignes, {} colonnes)", k_max_rows, k_max_columns);
    case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED: return fmt::format("texte de plus de {} caractères", k_max_cell_chars);
    case LXW_ERROR_32_STRING_LENGTH_EXCEEDED: return "texte de plus de 32 caractères";
    case LXW_ERROR_255_STRING_LENGTH_EXCEEDED: return "texte de plus de 255 caractères";
    case LXW_ERROR_PARAMETER_VALIDATION: return "paramètre refusé par Excel";
    case LXW_ERROR_FEATURE_NOT_SUPPORTED: return "opération impossible dans ce mode d'écriture";
    default: return lxw_strerror(error);
  }
}

lxw_datetime to_lxw(const util::Date& date) {
  return lxw_datetime{date.year, date.month, date.day, 0, 0, 0.0};
}

uint8_t to_lxw(HorizontalAlign align) {
  switch (align) {
    case HorizontalAlign::left: return LXW_ALIGN_LEFT;
    case HorizontalAlign::center: return LXW_ALIGN_CENTER;
    case HorizontalAlign::right: return LXW_ALIGN_RIGHT;
    case HorizontalAlign::general: break;
  }
  return LXW_ALIGN_NONE;
}

FormatSpec spec_of(Style style) {
  FormatSpec spec;
  switch (style) {
    case Style::text: break;
    case Style::wrapped_text:
      spec.wrap = true;
      spec.vertical_top = true;
      break;
    case Style::bold: spec.bold = true; break;
    case Style::title:
      spec.bold = true;
      spec.font_size = 14;
      break;
    case Style::header:
      spec.bold = true;
      spec.wrap = true;
      spec.vertical_top = true;
      spec.background = 0xDDE4EE;
      spec.border_bottom = true;
      break;
    case Style::integer: spec.number_format = "0"; break;
    case Style::grouped_integer: spec.number_format = "#,##0"; break;
    case Style::decimal: spec.number_format = "#,##0.00"; break;
    // Format codes are stored in US syntax; a French Excel shows « 2 560 000,00 € ».
    case Style::money: spec.number_format = "#,##0.00\\ \"€\""; break;
    case Style::percent_points: spec.number_format = "0.0\\ \"%\""; break;
    case Style::date: spec.number_format = "dd/mm/yyyy"; break;
    case Style::datetime: spec.number_format = "dd/mm/yyyy\\ hh:mm"; break;
    case Style::unlocked: spec.locked = false; break;
  }
  return spec;
}

constexpr int k_style_count = static_cast<int>(Style::unlocked) + 1;

}  // namespace

// --- WorkbookState --------------------------------------------------------------------------

struct WorkbookState {
  std::filesystem::path path;
  std::string display_name;
  WriterOptions options;
  std::string tmpdir;  // libxlsxwriter keeps the pointer
  lxw_workbook* workbook = nullptr;
  std::vector<std::unique_ptr<SheetWriter>> sheets;
  std::vector<lxw_format*> styles;  // indexed by Style
  std::vector<std::pair<FormatSpec, lxw_format*>> custom_formats;
  std::size_t truncated_cells = 0;

  WorkbookState() = default;
  WorkbookState(const WorkbookState&) = delete;
  WorkbookState& operator=(const WorkbookState&) = delete;
  ~WorkbookState() {
    if (workbook != nullptr) {
      lxw_workbook_free(workbook);
    }
  }

  lxw_format* add_format(const FormatSpec& spec);
  SheetWriter* find_sheet(std::string_view name) const;
};

// --- SheetWriter ----------------------------------------------------------------------------

Result<void> SheetWriter::check(int error, std::uint32_t row, std::uint16_t column) const {
  if (error == LXW_NO_ERROR) {
    return {};
  }
  const auto code = static_cast<lxw_error>(error);
  const ErrorKind kind =
      code == LXW_ERROR_MEMORY_MALLOC_FAILED || code == LXW_ERROR_CREATING_TMPFILE || code == LXW_ERROR_READING_TMPFILE
          ? ErrorKind::io
          : ErrorKind::data;
  const std::string where = row < k_max_rows && column < k_max_columns
                                ? cell_reference(m_name, column, row + 1)
                                : fmt::format("{} (ligne {}, colonne {})", m_name, row + 1, column + 1);
  std::string why = french_lxw_error(code);
  if (code == LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE && m_workbook->options.constant_memory && row < k_max_rows &&
      column < k_max_columns) {
    // In constant-memory mode a row is written out as soon as a later one starts.
    why = "ligne déjà écrite (en mode mémoire constante, les lignes s'écrivent dans l'ordre)";
  }
  return fail(kind, fmt::format("{} : {} : {}", m_workbook->display_name, where, why));
}

Result<void> SheetWriter::cell_written(int error, std::uint32_t row, std::uint16_t column) {
  auto checked = check(error, row, column);
  if (checked && (!m_last_cell_row || row > *m_last_cell_row)) {
    m_last_cell_row = row;
  }
  return checked;
}

const std::string& SheetWriter::workbook_name() const {
  return m_workbook->display_name;
}

const char* SheetWriter::c_string(std::string_view text) {
  m_scratch.assign(text);
  return m_scratch.c_str();
}

lxw_format* SheetWriter::resolve(CellFormat format, Style fallback) const {
  return format.m_format != nullptr ? format.m_format : m_workbook->styles[static_cast<int>(fallback)];
}

Result<void> SheetWriter::write_text(std::uint32_t row, std::uint16_t column, std::string_view text,
                                     CellFormat format) {
  if (text.size() > k_max_cell_chars && util::display_width(text) > k_max_cell_chars) {
    const std::size_t keep = util::utf8_prefix_bytes(text, k_max_cell_chars - util::display_width(k_cut_marker));
    m_scratch.assign(text.substr(0, keep));
    m_scratch.append(k_cut_marker);
    ++m_workbook->truncated_cells;
    return cell_written(worksheet_write_string(m_sheet, row, column, m_scratch.c_str(), format.m_format), row, column);
  }
  return cell_written(worksheet_write_string(m_sheet, row, column, c_string(text), format.m_format), row, column);
}

Result<void> SheetWriter::write_number(std::uint32_t row, std::uint16_t column, double value, CellFormat format) {
  return cell_written(worksheet_write_number(m_sheet, row, column, value, format.m_format), row, column);
}

Result<void> SheetWriter::write_date(std::uint32_t row, std::uint16_t column, const util::Date& date,
                                     CellFormat format) {
  // The serial number straight away: worksheet_write_datetime would redo the calendar sums.
  return cell_written(
      worksheet_write_number(m_sheet, row, column, util::excel_serial_from_date(date), resolve(format, Style::date)),
      row, column);
}

Result<void> SheetWriter::write_datetime(std::uint32_t row, std::uint16_t column, const util::Date& date, int hour,
                                         int minute, int second, CellFormat format) {
  lxw_datetime value = to_lxw(date);
  value.hour = hour;
  value.min = minute;
  value.sec = second;
  return cell_written(worksheet_write_datetime(m_sheet, row, column, &value, resolve(format, Style::datetime)), row,
                      column);
}

Result<void> SheetWriter::write_boolean(std::uint32_t row, std::uint16_t column, bool value, CellFormat format) {
  return cell_written(worksheet_write_boolean(m_sheet, row, column, value ? 1 : 0, format.m_format), row, column);
}

Result<void> SheetWriter::write_formula(std::uint32_t row, std::uint16_t column, std::string_view formula,
                                        CellFormat format, double cached) {
  return cell_written(worksheet_write_formula_num(m_sheet, row, column, c_string(formula), format.m_format, cached),
                      row, column);
}

Result<void> SheetWriter::write_blank(std::uint32_t row, std::uint16_t column, CellFormat format) {
  return cell_written(worksheet_write_blank(m_sheet, row, column, format.m_format), row, column);
}

Result<void> SheetWriter::write_row_texts(std::uint32_t row, std::uint16_t column,
                                          const std::vector<std::string>& texts, CellFormat format) {
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (auto written = write_text(row, static_cast<std::uint16_t>(column + i), texts[i], format); !written) {
      return written;
    }
  }
  return {};
}

Result<void> SheetWriter::set_column_width(std::uint16_t first, std::uint16_t last, double width, CellFormat format,
                                           bool hidden) {
  lxw_row_col_options options{};
  options.hidden = hidden ? 1 : 0;
  return check(worksheet_set_column_opt(m_sheet, first, last, width, format.m_format, &options), 0, first);
}

Result<void> SheetWriter::set_row_height(std::uint32_t row, double height, CellFormat format) {
  return check(worksheet_set_row(m_sheet, row, height, format.m_format), row, 0);
}

void SheetWriter::freeze(std::uint32_t rows, std::uint16_t columns) {
  worksheet_freeze_panes(m_sheet, rows, columns);
}

Result<void> SheetWriter::autofilter(const CellRange& range) {
  return check(worksheet_autofilter(m_sheet, range.first_row, range.first_column, range.last_row, range.last_column),
               range.first_row, range.first_column);
}

Result<void> SheetWriter::add_comment(std::uint32_t row, std::uint16_t column, std::string_view text,
                                      const CommentOptions& options) {
  lxw_comment_options comment{};
  comment.visible = options.visible ? LXW_COMMENT_DISPLAY_VISIBLE : LXW_COMMENT_DISPLAY_HIDDEN;
  std::string author = options.author;
  if (!author.empty()) {
    comment.author = author.data();
  }
  comment.width = options.width;
  comment.height = options.height;
  return check(worksheet_write_comment_opt(m_sheet, row, column, c_string(text), &comment), row, column);
}

void SheetWriter::protect() {
  worksheet_protect(m_sheet, nullptr, nullptr);
}
void SheetWriter::hide() {
  worksheet_hide(m_sheet);
}
void SheetWriter::activate() {
  worksheet_activate(m_sheet);
}
void SheetWriter::set_landscape() {
  worksheet_set_landscape(m_sheet);
}
void SheetWriter::set_tab_color(std::uint32_t rgb) {
  worksheet_set_tab_color(m_sheet, rgb);
}

// --- WorkbookWriter -------------------------------------------------------------------------

lxw_format* WorkbookState::add_format(const FormatSpec& spec) {
  for (const auto& [known, format] : custom_formats) {
    if (known == spec) {
      return format;
    }
  }
  lxw_format* format = workbook_add_format(workbook);
  if (!spec.number_format.empty()) {
    format_set_num_format(format, spec.number_format.c_str());
  }
  if (spec.bold) {
    format_set_bold(format);
  }
  if (spec.italic) {
    format_set_italic(format);
  }
  if (spec.wrap) {
    format_set_text_wrap(format);
  }
  if (spec.vertical_top) {
    format_set_align(format, LXW_ALIGN_VERTICAL_TOP);
  }
  if (spec.align != HorizontalAlign::general) {
    format_set_align(format, to_lxw(spec.align));
  }
  if (!spec.locked) {
    format_set_unlocked(format);
  }
  if (spec.border) {
    format_set_border(format, LXW_BORDER_THIN);
  } else if (spec.border_bottom) {
    format_set_bottom(format, LXW_BORDER_THIN);
  }
  if (spec.font_color) {
    format_set_font_color(format, *spec.font_color);
  }
  if (spec.background) {
    format_set_pattern(format, LXW_PATTERN_SOLID);
    format_set_bg_color(format, *spec.background);
  }
  if (spec.font_size) {
    format_set_font_size(format, *spec.font_size);
  }
  custom_formats.emplace_back(spec, format);
  return format;
}

SheetWriter* WorkbookState::find_sheet(std::string_view name) const {
  // Excel compares sheet names without regard to case.
  const std::string wanted = util::fold(name);
  for (const auto& sheet : sheets) {
    if (util::fold(sheet->name()) == wanted) {
      return sheet.get();
    }
  }
  return nullptr;
}

WorkbookWriter::WorkbookWriter(std::unique_ptr<WorkbookState> state) : m_state(std::move(state)) {}
WorkbookWriter::WorkbookWriter(WorkbookWriter&& other) noexcept = default;
WorkbookWriter& WorkbookWriter::operator=(WorkbookWriter&& other) noexcept = default;
WorkbookWriter::~WorkbookWriter() = default;

const std::filesystem::path& WorkbookWriter::path() const {
  return m_state->path;
}
bool WorkbookWriter::constant_memory() const {
  return m_state->options.constant_memory;
}
std::size_t WorkbookWriter::truncated_cells() const {
  return m_state->truncated_cells;
}

Result<WorkbookWriter> WorkbookWriter::create(const std::filesystem::path& path, const WriterOptions& options) {
  // libxlsxwriter opens the file only in close(): find out now rather than after a long export.
  {
    std::error_code ignored;
    const bool existed = std::filesystem::exists(path, ignored);
    std::ofstream probe(path, std::ios::binary | std::ios::app);
    if (!probe) {
      return fail(ErrorKind::io, fmt::format("{} : le fichier ne peut pas être créé", path.string()));
    }
    probe.close();
    if (!existed) {
      std::filesystem::remove(path, ignored);
    }
  }
  auto state = std::make_unique<WorkbookState>();
  state->path = path;
  state->display_name = path.string();
  state->options = options;
  state->tmpdir = options.tmpdir.string();
  lxw_workbook_options lxw_options{};
  lxw_options.constant_memory = options.constant_memory ? LXW_TRUE : LXW_FALSE;
  lxw_options.use_zip64 = options.zip64 ? LXW_TRUE : LXW_FALSE;
  lxw_options.tmpdir = state->tmpdir.empty() ? nullptr : state->tmpdir.data();
  state->workbook = workbook_new_opt(path.c_str(), &lxw_options);
  if (state->workbook == nullptr) {
    return fail(ErrorKind::io, fmt::format("{} : {}", path.string(), french_lxw_error(LXW_ERROR_MEMORY_MALLOC_FAILED)));
  }
  state->styles.assign(k_style_count, nullptr);
  for (int i = 1; i < k_style_count; ++i) {
    state->styles[i] = state->add_format(spec_of(static_cast<Style>(i)));
  }
  return WorkbookWriter(std::move(state));
}

CellFormat WorkbookWriter::format(Style style) const {
  return CellFormat(m_state->styles.at(static_cast<int>(style)));
}

CellFormat WorkbookWriter::add_format(const FormatSpec& spec) {
  return CellFormat(m_state->add_format(spec));
}

SheetWriter* WorkbookWriter::find_sheet(std::string_view name) const {
  return m_state->find_sheet(name);
}

std::string WorkbookWriter::sheet_name(std::string_view wanted) const {
  std::string base;
  for (char c : wanted) {
    base += std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '-';
  }
  while (!base.empty() && base.front() == '\'') {
    base.erase(base.begin());
  }
  while (!base.empty() && base.back() == '\'') {
    base.pop_back();
  }
  if (base.empty()) {
    base = "Feuille";
  }
  auto fitted = [&](const std::string& suffix) {
    const std::size_t room = k_max_sheet_name_chars - util::display_width(suffix);
    return base.substr(0, util::utf8_prefix_bytes(base, room)) + suffix;
  };
  std::string candidate = fitted("");
  for (int n = 2; find_sheet(candidate) != nullptr; ++n) {
    candidate = fitted(fmt::format(" ({})", n));
  }
  return candidate;
}

Result<SheetWriter*> WorkbookWriter::add_sheet(std::string_view name) {
  auto refuse = [&](const std::string& why) {
    return fail(ErrorKind::data, fmt::format("{} : nom de feuille « {} » refusé par Excel : {}", m_state->display_name,
                                             std::string(name), why));
  };
  if (m_state->workbook == nullptr) {
    return fail(ErrorKind::io, fmt::format("{} : classeur déjà fermé", m_state->display_name));
  }
  if (name.empty()) {
    return refuse("nom vide");
  }
  if (util::display_width(name) > k_max_sheet_name_chars) {
    return refuse(fmt::format("plus de {} caractères", k_max_sheet_name_chars));
  }
  if (name.find_first_of("[]:*?/\\") != std::string_view::npos) {
    return refuse("caractères [ ] : * ? / \\ interdits");
  }
  if (name.front() == '\'' || name.back() == '\'') {
    return refuse("apostrophe en début ou en fin");
  }
  if (m_state->find_sheet(name) != nullptr) {
    return refuse("une feuille porte déjà ce nom");
  }
  const std::string owned(name);
  lxw_worksheet* sheet = workbook_add_worksheet(m_state->workbook, owned.c_str());
  if (sheet == nullptr) {
    return refuse("nom invalide");
  }
  m_state->sheets.push_back(std::unique_ptr<SheetWriter>(new SheetWriter(*m_state, sheet, owned)));
  return m_state->sheets.back().get();
}

Result<void> WorkbookWriter::set_properties(const DocumentProperties& properties) {
  // libxlsxwriter copies the strings; they only need to live during the call.
  std::string title = properties.title;
  std::string subject = properties.subject;
  std::string author = properties.author;
  std::string company = properties.company;
  std::string comments = properties.comments;
  lxw_doc_properties lxw{};
  auto set = [](char*& target, std::string& text) { target = text.empty() ? nullptr : text.data(); };
  set(lxw.title, title);
  set(lxw.subject, subject);
  set(lxw.author, author);
  set(lxw.company, company);
  set(lxw.comments, comments);
  lxw.created = static_cast<time_t>(properties.created);
  const lxw_error error = workbook_set_properties(m_state->workbook, &lxw);
  if (error != LXW_NO_ERROR) {
    return fail(ErrorKind::data,
                fmt::format("{} : propriétés du document : {}", m_state->display_name, french_lxw_error(error)));
  }
  return {};
}

Result<void> WorkbookWriter::close() {
  if (m_state->workbook == nullptr) {
    return fail(ErrorKind::io, fmt::format("{} : classeur déjà fermé", m_state->display_name));
  }
  if (m_state->sheets.empty()) {
    // Excel cannot open a workbook without sheets.
    if (auto added = add_sheet("Feuille 1"); !added) {
      return std::unexpected(added.error());
    }
  }
  std::vector<WrittenSheet> written;
  for (const auto& sheet : m_state->sheets) {
    written.push_back({sheet->m_name, sheet->m_last_cell_row});
  }
  const lxw_error error = workbook_close(m_state->workbook);  // frees the workbook whatever happens
  m_state->workbook = nullptr;
  m_state->sheets.clear();
  std::error_code ignored;
  if (error != LXW_NO_ERROR) {
    std::filesystem::remove(m_state->path, ignored);
    return fail(ErrorKind::io,
                fmt::format("{} : écriture impossible : {}", m_state->display_name, french_lxw_error(error)));
  }
  if (auto complete = check_written_package(m_state->path, m_state->display_name, written); !complete) {
    std::filesystem::remove(m_state->path, ignored);
    return complete;
  }
  return {};
}

}  // namespace pilot::io::xlsx
