#include "io/xlsx/sheet_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <deque>
#include <vector>

#include "io/xlsx/format.hpp"
#include "io/xlsx/package.hpp"
#include "io/xlsx/xml_parser.hpp"
#include "io/xlsx/zip_archive.hpp"

namespace pilot::io::xlsx {

namespace {

// The t attribute of <c>.
enum class StoredType { number, shared_string, inline_string, formula_string, boolean, error, date };

std::optional<StoredType> stored_type(std::optional<std::string_view> t) {
  if (!t || *t == "n") {
    return StoredType::number;
  }
  if (*t == "s") {
    return StoredType::shared_string;
  }
  if (*t == "inlineStr") {
    return StoredType::inline_string;
  }
  if (*t == "str") {
    return StoredType::formula_string;
  }
  if (*t == "b") {
    return StoredType::boolean;
  }
  if (*t == "e") {
    return StoredType::error;
  }
  if (*t == "d") {
    return StoredType::date;
  }
  return std::nullopt;
}

template <class Integer>
std::optional<Integer> parse_unsigned(std::string_view text) {
  Integer value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

std::optional<double> parse_number(std::string_view text) {
  if (text.starts_with('+')) {
    text.remove_prefix(1);
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// A merged range spanning several rows: the workbook stores its value in the top-left cell only.
struct VerticalMerge {
  std::size_t column = 0;  // the range's first column: where the value is
  std::uint32_t first_row = 0;
  std::uint32_t last_row = 0;
};

// "A2:A5" → column 0, rows 2 to 5; nullopt for a single row or a malformed reference.
std::optional<VerticalMerge> parse_vertical_merge(std::string_view ref) {
  const std::size_t colon = ref.find(':');
  if (colon == std::string_view::npos) {
    return std::nullopt;
  }
  auto row_of = [](std::string_view cell) -> std::optional<std::uint32_t> {
    const std::size_t digits = cell.find_first_of("0123456789");
    if (digits == std::string_view::npos) {
      return std::nullopt;
    }
    return parse_unsigned<std::uint32_t>(cell.substr(digits));
  };
  const auto column = parse_column(ref.substr(0, colon));
  const auto first = row_of(ref.substr(0, colon));
  const auto last = row_of(ref.substr(colon + 1));
  if (!column || !first || !last || *last <= *first) {
    return std::nullopt;
  }
  return VerticalMerge{*column, *first, *last};
}

// The merged ranges of a sheet part spanning several rows, sorted by first row. They are listed
// after the cells (<mergeCells> follows <sheetData>), so a first pass over the part finds them;
// only the text near each « mergeCell » is looked at, not parsed as XML.
Result<std::vector<VerticalMerge>> vertical_merges(const WorkbookData& data, const SheetInfo& sheet) {
  auto archive = ZipArchive::open(data.path);
  if (!archive) {
    return std::unexpected(archive.error());
  }
  if (auto opened = archive->open_part(sheet.part, data.limits.max_part_bytes); !opened) {
    return std::unexpected(opened.error());
  }
  constexpr std::string_view k_element = "mergeCell ";
  constexpr std::size_t k_chunk = 1 << 20;
  constexpr std::size_t k_max_merges = 100'000;
  std::vector<VerticalMerge> merges;
  std::string buffer;
  std::vector<char> chunk(k_chunk);
  for (;;) {
    auto count = archive->read(chunk.data(), chunk.size());
    if (!count) {
      return std::unexpected(count.error());
    }
    buffer.append(chunk.data(), *count);
    std::size_t consumed = 0;
    for (std::size_t at = buffer.find(k_element); at != std::string::npos; at = buffer.find(k_element, at + 1)) {
      const std::size_t end = buffer.find('>', at);
      if (end == std::string::npos) {
        break;  // the element continues in the next chunk
      }
      const std::string_view element = std::string_view(buffer).substr(at, end - at);
      if (const std::size_t ref = element.find("ref=\""); ref != std::string_view::npos) {
        const std::size_t close = element.find('"', ref + 5);
        if (close != std::string_view::npos) {
          if (auto merge = parse_vertical_merge(element.substr(ref + 5, close - ref - 5))) {
            if (merges.size() >= k_max_merges) {
              return fail(ErrorKind::data, data.path + " : la feuille « " + sheet.name + " » a plus de " +
                                               format_count(k_max_merges) + " plages de cellules fusionnées");
            }
            merges.push_back(*merge);
          }
        }
      }
      consumed = end + 1;
    }
    if (*count == 0) {
      break;
    }
    // Keep what may hold the start of an element cut by the chunk's end.
    const std::size_t keep_from = std::max(consumed, buffer.size() > 256 ? buffer.size() - 256 : std::size_t{0});
    buffer.erase(0, keep_from);
  }
  std::stable_sort(merges.begin(), merges.end(),
                   [](const VerticalMerge& a, const VerticalMerge& b) { return a.first_row < b.first_row; });
  return merges;
}

}  // namespace

class SheetReader::Impl : public XmlHandler {
 public:
  Impl(std::shared_ptr<const WorkbookData> data, std::string sheet_name, ZipArchive archive,
       std::vector<VerticalMerge> merges)
      : m_data(std::move(data)),
        m_sheet_name(std::move(sheet_name)),
        m_archive(std::move(archive)),
        m_parser(*this),
        m_merges(std::move(merges)) {}

  Result<std::optional<Row>> next() {
    while (m_ready.empty()) {
      if (m_error) {
        return std::unexpected(*m_error);
      }
      if (m_done) {
        return std::nullopt;
      }
      auto status = m_parser.run(m_archive);
      if (!status) {
        m_error = status.error();
        return std::unexpected(*m_error);
      }
      m_done = *status == XmlParser::Status::finished;
    }
    Row row = std::move(m_ready.front());
    m_ready.pop_front();
    return row;
  }

  XmlFlow start_element(std::string_view name, const XmlAttributes& attributes) override {
    if (m_in_cell) {
      return start_in_cell(name, attributes);
    }
    if (name == "c" && m_in_row) {
      return start_cell(attributes);
    }
    if (name == "row" && m_in_sheet_data) {
      return start_row(attributes);
    }
    if (name == "sheetData") {
      m_in_sheet_data = true;
    }
    return XmlFlow::proceed;
  }

  XmlFlow end_element(std::string_view name) override {
    if (m_in_cell) {
      if (name == "c") {
        m_in_cell = false;
        return finish_cell();
      }
      return end_in_cell(name);
    }
    if (name == "row" && m_in_row) {
      m_in_row = false;
      return finish_row();
    }
    if (name == "sheetData") {
      m_in_sheet_data = false;
    }
    return XmlFlow::proceed;
  }

  XmlFlow text(std::string_view text) override {
    std::string* target = m_in_value ? &m_value : m_in_text ? &m_text : m_in_formula ? &m_formula : nullptr;
    if (target == nullptr) {
      return XmlFlow::proceed;
    }
    if (target->size() + m_inline.size() + text.size() > m_data->limits.max_cell_bytes) {
      return abort_with(cell_error("la cellule dépasse " + format_bytes(m_data->limits.max_cell_bytes)));
    }
    target->append(text);
    return XmlFlow::proceed;
  }

  const std::shared_ptr<const WorkbookData>& data() const { return m_data; }
  const std::string& sheet_name() const { return m_sheet_name; }

 private:
  XmlFlow start_row(const XmlAttributes& attributes) {
    m_in_row = true;
    m_row.cells.clear();
    m_next_column = 0;
    std::uint64_t number = std::uint64_t{m_last_row} + 1;
    if (const auto r = attributes.find("r")) {
      const auto parsed = parse_unsigned<std::uint64_t>(*r);
      if (!parsed || *parsed == 0) {
        return abort_with(sheet_error("numéro de ligne invalide " + guillemets(*r)));
      }
      number = *parsed;
    }
    if (number > m_data->limits.max_rows) {
      return abort_with(sheet_error("la feuille « " + m_sheet_name + " » dépasse " +
                                    format_count(m_data->limits.max_rows) + " lignes"));
    }
    m_row.number = static_cast<std::uint32_t>(number);
    m_last_row = m_row.number;
    return XmlFlow::proceed;
  }

  XmlFlow start_cell(const XmlAttributes& attributes) {
    m_in_cell = true;
    m_has_value = false;
    m_has_formula = false;
    m_formula.clear();
    m_value.clear();
    m_inline.clear();
    m_has_inline = false;
    m_phonetic_depth = 0;
    std::size_t column = m_next_column;
    if (const auto r = attributes.find("r")) {
      const auto parsed = parse_column(*r);
      if (!parsed) {
        return abort_with(sheet_error("référence de cellule invalide " + guillemets(*r) + " à la ligne " +
                                      std::to_string(m_row.number) + " de la feuille « " + m_sheet_name + " »"));
      }
      column = *parsed;
    }
    if (column >= m_data->limits.max_columns) {
      return abort_with(sheet_error("la feuille « " + m_sheet_name + " » dépasse " +
                                    format_count(m_data->limits.max_columns) + " colonnes (cellule " +
                                    cell_reference(m_sheet_name, column, m_row.number) + ")"));
    }
    m_column = column;
    m_next_column = column + 1;
    const auto t = attributes.find("t");
    const auto type = stored_type(t);
    if (!type) {
      return abort_with(cell_error("type de cellule inconnu " + guillemets(*t)));
    }
    m_type = *type;
    m_style = 0;
    if (const auto s = attributes.find("s")) {
      m_style = parse_unsigned<std::size_t>(*s).value_or(0);
    }
    return XmlFlow::proceed;
  }

  XmlFlow start_in_cell(std::string_view name, const XmlAttributes& attributes) {
    if (name == "v") {
      m_in_value = true;
      m_has_value = true;
    } else if (name == "f") {
      m_in_formula = true;
      m_has_formula = true;
    } else if (name == "is") {
      m_has_inline = true;
    } else if (name == "rPh") {
      ++m_phonetic_depth;
    } else if (name == "t" && m_has_inline && m_phonetic_depth == 0) {
      m_in_text = true;
      m_preserve = attributes.find("space") == std::string_view("preserve");
      m_text.clear();
    }
    return XmlFlow::proceed;
  }

  XmlFlow end_in_cell(std::string_view name) {
    if (name == "v") {
      m_in_value = false;
    } else if (name == "f") {
      m_in_formula = false;
    } else if (name == "t" && m_in_text) {
      m_in_text = false;
      m_inline += m_preserve ? std::string_view(m_text) : trim_xml_space(m_text);
    } else if (name == "rPh" && m_phonetic_depth > 0) {
      --m_phonetic_depth;
    }
    return XmlFlow::proceed;
  }

  XmlFlow finish_cell() {
    Cell cell;
    if (auto decoded = decode(cell); decoded != XmlFlow::proceed) {
      return decoded;
    }
    if (cell.type == CellType::empty) {
      return XmlFlow::proceed;
    }
    if (m_row.cells.size() <= m_column) {
      m_row.cells.resize(m_column + 1);
    }
    m_row.cells[m_column] = std::move(cell);
    return XmlFlow::proceed;
  }

  // Turns the stored value into a Cell; an absent or empty value leaves it empty.
  XmlFlow decode(Cell& cell) {
    const std::string_view value = trim_xml_space(m_value);
    // A formula whose result was never computed (openpyxl and other libraries write the formula
    // alone): what the cell shows is unknown, which is not the same as empty. A formula that
    // computed an empty string has type « str » and an empty value.
    if (m_has_formula && (!m_has_value || (value.empty() && m_type == StoredType::number))) {
      cell = Cell{CellType::error, "=" + std::string(trim_xml_space(m_formula)), 0, false};
      return XmlFlow::proceed;
    }
    switch (m_type) {
      case StoredType::shared_string: {
        if (value.empty()) {
          return XmlFlow::proceed;
        }
        const auto index = parse_unsigned<std::size_t>(value);
        if (!index) {
          return abort_with(cell_error("indice de chaîne partagée invalide " + guillemets(value)));
        }
        const SharedStrings& strings = m_data->shared_strings;
        if (*index >= strings.size()) {
          return abort_with(cell_error("chaîne partagée n° " + format_count(*index) +
                                       " inexistante (le classeur en compte " + format_count(strings.size()) + ")"));
        }
        set_text(cell, strings.at(*index));
        return XmlFlow::proceed;
      }
      case StoredType::inline_string:
        // Some writers put an inline string's text in <v> rather than <is>.
        set_text(cell, decode_escapes(m_has_inline ? std::string_view(m_inline) : std::string_view(m_value)));
        return XmlFlow::proceed;
      case StoredType::formula_string: set_text(cell, decode_escapes(m_value)); return XmlFlow::proceed;
      case StoredType::boolean:
        if (value.empty()) {
          return XmlFlow::proceed;
        }
        if (value == "1" || value == "true") {
          cell = Cell{CellType::boolean, "TRUE", 1, false};
        } else if (value == "0" || value == "false") {
          cell = Cell{CellType::boolean, "FALSE", 0, false};
        } else {
          return abort_with(cell_error("valeur booléenne invalide " + guillemets(value)));
        }
        return XmlFlow::proceed;
      case StoredType::error:
        if (!value.empty()) {
          cell = Cell{CellType::error, std::string(value), 0, false};
        }
        return XmlFlow::proceed;
      case StoredType::date: {
        if (value.empty()) {
          return XmlFlow::proceed;
        }
        const auto serial = iso_to_serial(value, m_data->date1904);
        if (!serial) {
          return abort_with(cell_error("date invalide " + guillemets(value)));
        }
        cell = Cell{CellType::number, std::string(value), *serial, true};
        return XmlFlow::proceed;
      }
      case StoredType::number: {
        if (value.empty()) {
          return XmlFlow::proceed;
        }
        const auto number = parse_number(value);
        if (!number) {
          return abort_with(cell_error("valeur numérique invalide " + guillemets(value)));
        }
        cell = Cell{CellType::number, std::string(value), *number, m_data->styles.is_date(m_style),
                    m_data->styles.is_percent(m_style)};
        return XmlFlow::proceed;
      }
    }
    return XmlFlow::proceed;
  }

  // Empty strings read as empty cells: a formula returning "" shows nothing either.
  static void set_text(Cell& cell, std::string_view text) {
    if (!text.empty()) {
      cell.type = CellType::text;
      cell.text = text;
    }
  }

  XmlFlow finish_row() {
    fill_vertical_merges();
    while (!m_row.cells.empty() && m_row.cells.back().type == CellType::empty) {
      m_row.cells.pop_back();
    }
    if (m_row.cells.empty()) {
      return XmlFlow::proceed;
    }
    m_ready.push_back(std::move(m_row));
    m_row = Row{};
    return XmlFlow::suspend;
  }

  // A value merged over several rows (a reference over an action's budget lines, a header cell
  // over a two-row header) belongs to each of them: copied down its column into the rows of the
  // range that hold other values. Rows of the range with nothing else stay empty (not a record).
  void fill_vertical_merges() {
    while (m_next_merge < m_merges.size() && m_merges[m_next_merge].first_row <= m_row.number) {
      m_active.push_back(ActiveMerge{m_merges[m_next_merge], Cell{}});
      ++m_next_merge;
    }
    std::erase_if(m_active, [&](const ActiveMerge& active) { return active.range.last_row < m_row.number; });
    if (m_active.empty()) {
      return;
    }
    const bool has_values = std::any_of(m_row.cells.begin(), m_row.cells.end(),
                                        [](const Cell& cell) { return cell.type != CellType::empty; });
    for (ActiveMerge& active : m_active) {
      const std::size_t column = active.range.column;
      if (active.range.first_row == m_row.number) {
        if (column < m_row.cells.size()) {
          active.value = m_row.cells[column];
        }
      } else if (has_values && active.value.type != CellType::empty &&
                 (column >= m_row.cells.size() || m_row.cells[column].type == CellType::empty)) {
        if (m_row.cells.size() <= column) {
          m_row.cells.resize(column + 1);
        }
        m_row.cells[column] = active.value;
      }
    }
  }

  Error sheet_error(const std::string& what) const { return Error{ErrorKind::data, m_data->path + " : " + what}; }

  Error cell_error(const std::string& what) const {
    return sheet_error(cell_reference(m_sheet_name, m_column, m_row.number) + " : " + what);
  }

  std::shared_ptr<const WorkbookData> m_data;
  std::string m_sheet_name;
  ZipArchive m_archive;
  XmlParser m_parser;
  std::deque<Row> m_ready;
  std::optional<Error> m_error;
  bool m_done = false;

  bool m_in_sheet_data = false;
  bool m_in_row = false;
  bool m_in_cell = false;
  bool m_in_value = false;
  bool m_in_text = false;
  bool m_in_formula = false;
  bool m_has_value = false;    // the cell has a <v>
  bool m_has_formula = false;  // the cell has an <f>
  bool m_preserve = false;
  bool m_has_inline = false;
  int m_phonetic_depth = 0;
  Row m_row;
  std::uint32_t m_last_row = 0;
  std::size_t m_column = 0;
  std::size_t m_next_column = 0;
  StoredType m_type = StoredType::number;
  std::size_t m_style = 0;
  std::string m_value;    // text of <v>
  std::string m_formula;  // text of <f> (empty for a shared formula's other cells)
  std::string m_inline;   // inline string so far (<is> runs)
  std::string m_text;     // current <t> of an inline string

  struct ActiveMerge {
    VerticalMerge range;
    Cell value;  // the top-left cell's
  };
  std::vector<VerticalMerge> m_merges;  // sorted by first row
  std::size_t m_next_merge = 0;
  std::vector<ActiveMerge> m_active;  // ranges covering the current row
};

SheetReader::SheetReader(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
SheetReader::SheetReader(SheetReader&&) noexcept = default;
SheetReader& SheetReader::operator=(SheetReader&&) noexcept = default;
SheetReader::~SheetReader() = default;

Result<SheetReader> SheetReader::open(std::shared_ptr<const WorkbookData> data, const SheetInfo& sheet) {
  const std::string where = data->path + " : la feuille « " + sheet.name + " »";
  if (sheet.part.empty()) {
    return fail(ErrorKind::data, where + " ne renvoie à aucune partie de l'archive (relation " +
                                     guillemets(sheet.relationship_id) + " absente)");
  }
  if (sheet.kind == SheetKind::chartsheet) {
    return fail(ErrorKind::data, where + " est un graphique, pas un tableau de cellules");
  }
  if (sheet.kind != SheetKind::worksheet) {
    return fail(ErrorKind::data, where + " n'est pas une feuille de calcul (feuille de macros ou de dialogue)");
  }
  auto archive = ZipArchive::open(data->path);
  if (!archive) {
    return std::unexpected(archive.error());
  }
  if (!archive->contains(sheet.part)) {
    return fail(ErrorKind::data,
                where + " est introuvable dans l'archive (partie " + guillemets(sheet.part) + " absente)");
  }
  if (auto opened = archive->open_part(sheet.part, data->limits.max_part_bytes); !opened) {
    return std::unexpected(opened.error());
  }
  auto merges = vertical_merges(*data, sheet);
  if (!merges) {
    return std::unexpected(merges.error());
  }
  return SheetReader(std::make_unique<Impl>(std::move(data), sheet.name, std::move(*archive), std::move(*merges)));
}

Result<std::optional<Row>> SheetReader::next() {
  return m_impl->next();
}

const std::string& SheetReader::sheet_name() const {
  return m_impl->sheet_name();
}

const std::string& SheetReader::path() const {
  return m_impl->data()->path;
}

bool SheetReader::date1904() const {
  return m_impl->data()->date1904;
}

std::string SheetReader::reference(std::size_t zero_based_column, std::uint32_t row) const {
  return cell_reference(m_impl->sheet_name(), zero_based_column, row);
}

}  // namespace pilot::io::xlsx
