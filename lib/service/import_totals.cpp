// « Total » and « Sous-total » rows of a financial table. Tables made in Excel end their budget lines
// (or the expenses of a bilan) with a total, often with subtotals per action or per volet (the
// CALPAE table of seed 004, the CIE financing plan). Such a row is no budget line: it is staged with no
// reference, so no action gets it, and once every file is read its amounts are checked against the
// lines above it. A total equal to their sum is a warning (the row is not imported, W622); a total
// that differs is an error (E622): the table contradicts itself, and which side is wrong only its
// author knows.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include "service/import_detail.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace pilot::service::import_detail {
namespace {

// The fields a total adds up; a unit cost or a number of units is not summed.
constexpr std::array<std::string_view, 3> k_summed_keys = {"montant", "valorisation", "etp"};

// « Total », « TOTAL 2024 », « Total PJ-1 », « Totaux », « Total général », « Sous-total », « Sous total
// volet 1 »; not « Totalement » nor « Pour info : Total ETP PE ».
std::optional<TotalLevel> level_of_label(std::string_view text) {
  const std::string_view trimmed_text = util::trim(text);
  // Most labels are references (« CLS-0001 »): one byte tells them apart before any folding.
  if (trimmed_text.empty() || std::string_view("tTsS").find(trimmed_text.front()) == std::string_view::npos) {
    return std::nullopt;
  }
  std::string folded = util::fold(trimmed_text);
  std::string_view rest = folded;
  bool sub = false;
  if (rest.starts_with("sous")) {
    std::string_view after = rest.substr(4);
    if (!after.empty() && (after.front() == ' ' || after.front() == '-')) {
      after.remove_prefix(1);
    }
    if (!after.starts_with("total")) {
      return std::nullopt;
    }
    sub = true;
    rest = after;
  }
  std::string_view word;
  for (std::string_view candidate : {"totaux", "total"}) {
    if (rest.starts_with(candidate)) {
      word = candidate;
      break;
    }
  }
  if (word.empty()) {
    return std::nullopt;
  }
  rest.remove_prefix(word.size());
  if (!rest.empty() && std::isalpha(static_cast<unsigned char>(rest.front())) != 0) {
    return std::nullopt;  // « totalement », « totalité »
  }
  if (sub) {
    return TotalLevel::subtotal;
  }
  const std::string_view trimmed = util::trim(rest);
  return trimmed.starts_with("general") ? TotalLevel::grand_total : TotalLevel::total;
}

bool has_letter(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalpha(byte) != 0 || byte >= 0x80) {
      return true;
    }
  }
  return false;
}

const store::RawCell* cell_at(const std::vector<store::RawCell>& cells, int column) {
  return column >= 0 && static_cast<std::size_t>(column) < cells.size() ? &cells[static_cast<std::size_t>(column)]
                                                                        : nullptr;
}

// The first cell with a letter in it, other than the reference (« Total » under « Financeur », a
// year before it).
std::string_view first_label(const Source& source, const std::vector<store::RawCell>& cells) {
  for (std::size_t c = 0; c < cells.size(); ++c) {
    if (static_cast<int>(c) != source.reference_column && cells[c].kind == store::CellKind::text &&
        has_letter(cells[c].text)) {
      return cells[c].text;
    }
  }
  return {};
}

// The text that says a row is a total, if any: its reference (« Sous-total PJ-1 »), or another cell
// when the row has no reference, or has one but no year (« PJ-1 ; ; Sous-total ; 716 064 € »: a budget
// line always has its year, so a co-financer named « Total » on a line of 2024 stays a budget line).
std::string_view row_label(const Source& source, const std::vector<store::RawCell>& cells) {
  const store::RawCell* reference = cell_at(cells, source.reference_column);
  if (reference == nullptr || reference->kind != store::CellKind::text || util::trim(reference->text).empty()) {
    return first_label(source, cells);
  }
  if (level_of_label(reference->text)) {
    return reference->text;
  }
  const store::RawCell* year = cell_at(cells, source.year_column);
  if (source.year_column >= 0 && (year == nullptr || is_blank(*year))) {
    return first_label(source, cells);
  }
  return {};
}

// A summed column: the field bound there (for the first form binding one).
struct SummedColumn {
  std::size_t column = 0;
  const forms::Field* field = nullptr;
};

std::vector<SummedColumn> summed_columns(const Source& source) {
  std::vector<SummedColumn> columns;
  for (std::size_t c = 0; c < source.info.headers.size(); ++c) {
    for (std::size_t f = 0; f < source.columns.size(); ++f) {
      const forms::Field* field = source.field(static_cast<int>(f), c);
      if (field != nullptr &&
          std::find(k_summed_keys.begin(), k_summed_keys.end(), field->key) != k_summed_keys.end()) {
        columns.push_back({c, field});
        break;
      }
    }
  }
  return columns;
}

// The « Pour info » lines of a CIE plan never count in its totals: a total may leave them out. The
// « Nature » column, if the source has one (field nullptr otherwise).
SummedColumn nature_column(const Source& source) {
  for (std::size_t f = 0; f < source.columns.size(); ++f) {
    const int column = source.column_of(static_cast<int>(f), "nature");
    if (column >= 0) {
      return {static_cast<std::size_t>(column), source.field(static_cast<int>(f), static_cast<std::size_t>(column))};
    }
  }
  return {};
}

// Sums of one column over a stretch of lines: all of them, and without the « Pour info » ones. Money
// in cents (exact), ETP as decimals.
struct Sum {
  double all = 0;
  double counted = 0;
  bool readable = true;  // false once a line's value could not be read: the sum is then unknown

  void add(double value, bool informational) {
    all += value;
    if (!informational) {
      counted += value;
    }
  }
  [[nodiscard]] bool matches(double total) const {
    return readable && (std::abs(all - total) < 1e-6 || std::abs(counted - total) < 1e-6);
  }
};

// The stretches a total may close: since the last total of any level (a subtotal), since the last
// total or grand total (a total; or the whole table, for a total at its end), the whole table (a grand
// total).
struct Sums {
  Sum since_subtotal;
  Sum since_total;
  Sum whole;
};

std::optional<double> number_in(const domain::Value& value) {
  if (const auto* cents = std::get_if<std::int64_t>(&value)) {
    return static_cast<double>(*cents);
  }
  if (const auto* decimal = std::get_if<double>(&value)) {
    return *decimal;
  }
  return std::nullopt;
}

std::string shown_sum(const forms::Field& field, double value) {
  if (field.type == forms::FieldType::money) {
    return util::format_money_fr(static_cast<std::int64_t>(std::llround(value)));
  }
  return util::format_decimal_fr(value, 2);
}

class TotalChecker {
 public:
  TotalChecker(ImportRun& run, int source_index)
      : m_run(run),
        m_index(source_index),
        m_source(run.sources[static_cast<std::size_t>(source_index)]),
        m_columns(summed_columns(m_source)),
        m_nature(nature_column(m_source)),
        m_sums(m_columns.size()) {}

  void run() {
    auto cursor = m_run.staging.rows_of_source(m_index);
    store::StagedRow row;
    while (cursor.next(row)) {
      if (!row.reference.empty()) {
        add_line(row);
      } else if (const auto level = total_row_level(m_source, row.cells)) {
        check_total(row, *level);
      }
    }
  }

 private:
  void add_line(const store::StagedRow& row) {
    const bool informational = is_informational(row);
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
      const SummedColumn& column = m_columns[i];
      if (column.column >= row.cells.size() || is_blank(row.cells[column.column])) {
        continue;
      }
      const auto parsed = parse_cell(m_run.catalog, *column.field, row.cells[column.column], m_source.info.date1904);
      const auto number = parsed.problem ? std::nullopt : number_in(parsed.value);
      for (Sum* sum : {&m_sums[i].since_subtotal, &m_sums[i].since_total, &m_sums[i].whole}) {
        if (number) {
          sum->add(*number, informational);
        } else {
          sum->readable = false;  // the line itself is reported by the assembly
        }
      }
    }
  }

  bool is_informational(const store::StagedRow& row) const {
    if (m_nature.field == nullptr || m_nature.field->choice_list == nullptr || m_nature.column >= row.cells.size()) {
      return false;
    }
    const forms::Choice* choice = m_nature.field->choice_list->match(row.cells[m_nature.column].text);
    return choice != nullptr && choice->has_tag(forms::k_pour_info_tag);
  }

  void check_total(const store::StagedRow& row, TotalLevel level) {
    const std::string label(util::trim(row_label(m_source, row.cells)));
    bool wrong = false;
    std::vector<std::string> checked;
    std::vector<std::string> unreadable;
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
      const SummedColumn& column = m_columns[i];
      if (column.column >= row.cells.size() || is_blank(row.cells[column.column])) {
        continue;
      }
      const store::RawCell& cell = row.cells[column.column];
      const auto parsed = parse_cell(m_run.catalog, *column.field, cell, m_source.info.date1904);
      const auto total = parsed.problem ? std::nullopt : number_in(parsed.value);
      if (!total) {
        unreadable.push_back(fmt::format("« {} » illisible (« {} »)", column.field->label, shown_text(cell)));
        continue;
      }
      const Sums& sums = m_sums[i];
      // The first candidate is the one a mismatch is measured against.
      std::vector<const Sum*> candidates;
      switch (level) {
        case TotalLevel::subtotal: candidates = {&sums.since_subtotal}; break;
        case TotalLevel::total: candidates = {&sums.since_total, &sums.whole}; break;
        case TotalLevel::grand_total: candidates = {&sums.whole}; break;
      }
      const Sum& nearest = *candidates.front();
      if (!nearest.readable) {
        unreadable.push_back(fmt::format("« {} » : une ligne au-dessus est illisible", column.field->label));
        continue;
      }
      bool matched = false;
      for (const Sum* sum : candidates) {
        matched = matched || sum->matches(*total);
      }
      if (matched) {
        checked.push_back(column.field->label);
        continue;
      }
      wrong = true;
      const std::string shown_total = shown_sum(*column.field, *total);
      m_run.ledger.add(
          Where{m_index, row.line, static_cast<int>(column.column) + 1, row.id, {}}, false, "E622", column.field->label,
          shown_text(cell),
          fmt::format("ligne « {} » : {} {} alors que les lignes {} font {} (écart {}) ; corrigez le total ou les "
                      "lignes",
                      label, column.field->label, shown_total, stretch(level), shown_sum(*column.field, nearest.all),
                      shown_sum(*column.field, *total - nearest.all)));
    }
    reset(level);
    if (wrong) {
      m_run.staging.reject_row(row.id);
      ++m_run.counts.rows_rejected;
      return;
    }
    ++m_run.counts.rows_ignored;
    std::string detail;
    if (!checked.empty()) {
      detail = fmt::format(" ; {} {} à la somme des lignes", util::join(checked, ", "),
                           checked.size() > 1 ? "égaux" : "égal");
    }
    if (!unreadable.empty()) {
      detail += fmt::format(" ; non vérifié : {}", util::join(unreadable, ", "));
    }
    if (checked.empty() && unreadable.empty()) {
      detail = " ; aucun montant à vérifier";
    }
    m_run.ledger.add(Where{m_index, row.line, 0, row.id, {}}, true, "W622", "", label,
                     fmt::format("ligne « {} » : ligne de total, non importée{}", label, detail));
  }

  // How a message names the lines a total is measured against.
  [[nodiscard]] std::string_view stretch(TotalLevel level) const {
    const bool since_previous = level == TotalLevel::subtotal ? m_seen_any_total : m_seen_total;
    return since_previous && level != TotalLevel::grand_total ? "depuis le total précédent" : "au-dessus";
  }

  void reset(TotalLevel level) {
    m_seen_any_total = true;
    m_seen_total = m_seen_total || level != TotalLevel::subtotal;
    for (Sums& sums : m_sums) {
      sums.since_subtotal = Sum{};
      if (level != TotalLevel::subtotal) {
        sums.since_total = Sum{};
      }
    }
  }

  ImportRun& m_run;
  int m_index;
  const Source& m_source;
  std::vector<SummedColumn> m_columns;
  SummedColumn m_nature;  // not summed: read to tell « Pour info » lines
  std::vector<Sums> m_sums;
  bool m_seen_any_total = false;  // a row of any level
  bool m_seen_total = false;      // a total or grand total
};

}  // namespace

std::optional<TotalLevel> total_row_level(const Source& source, const std::vector<store::RawCell>& cells) {
  if (!source.budget) {
    return std::nullopt;
  }
  const std::string_view label = row_label(source, cells);
  return label.empty() ? std::nullopt : level_of_label(label);
}

void check_total_rows(ImportRun& run) {
  for (std::size_t i = 0; i < run.sources.size(); ++i) {
    if (run.sources[i].total_rows > 0) {
      TotalChecker(run, static_cast<int>(i)).run();
    }
  }
}

}  // namespace pilot::service::import_detail
