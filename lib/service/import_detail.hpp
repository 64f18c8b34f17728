// Private to the import pipeline (service/import*.cpp): the state one import shares between its stages.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/convention.hpp"
#include "forms/catalog.hpp"
#include "forms/values.hpp"
#include "report/import_report.hpp"
#include "service/import.hpp"
#include "store/database.hpp"
#include "store/import_store.hpp"

namespace pilot::service::import_detail {

// The action forms of the convention: one, or the CLS and CIE forms of a contrat unique.
struct FormSet {
  std::vector<const forms::Form*> forms;
  int forced = -1;  // index given by --form, -1 if none
  // What a row of kind 0 is, in messages (« actions », « bilans »), and the fields the command line
  // itself gives (a bilan's year): never reported as missing columns.
  std::string record_label = "actions";
  std::set<std::string> implied_fields;

  [[nodiscard]] int index_of(std::string_view form_id) const;
  // Index of the candidate a user's word names (id, title, CLS, CIE...), -1 if none.
  [[nodiscard]] int match(std::string_view name) const;
  // « CLS » / « CIE » / the form's id: how messages name a candidate.
  [[nodiscard]] std::string short_name(int index) const;
  [[nodiscard]] std::vector<std::string> short_names() const;
};

// Record kinds of sources: 0 = the action itself, n ≥ 1 = the group group_keys[n - 1] (budget,
// indicateurs...) of any candidate form.
struct KindTable {
  std::vector<std::string> group_keys;

  static KindTable of(const FormSet& forms);
  [[nodiscard]] int count() const { return static_cast<int>(group_keys.size()) + 1; }
  [[nodiscard]] std::string label(int kind, const FormSet& forms) const;  // « actions », « Lignes budgétaires »
  // The fields a source of this kind may hold for this form (a group's fields plus the action's
  // reference); empty when the form has no such group.
  [[nodiscard]] std::vector<const forms::Field*> fields(int kind, const forms::Form& form) const;
  // Whether rows of this kind are budget lines (or a bilan's expenses) in some form: they may have totals.
  [[nodiscard]] bool is_budget(int kind, const FormSet& forms) const;
};

// One CSV file or workbook sheet.
struct Source {
  report::ImportSourceInfo info;
  int kind = -1;  // -1: not recognised
  std::int64_t header_line = 0;
  std::vector<std::vector<const forms::Field*>> columns;  // [form][column]: the field, nullptr if none
  std::vector<bool> ignored;                              // « Formulaire », « Erreurs à corriger », empty headers
  std::vector<bool> headerless;                           // empty headers only (set by bind_source)
  int reference_column = -1;
  int form_column = -1;
  std::set<std::string> missing;  // keys of required fields without a column (reported once, E603)
  bool missing_reported = false;
  std::size_t rows = 0;
  bool budget = false;         // its rows are budget lines or expenses (KindTable::is_budget)
  int year_column = -1;        // « Année » of a budget source, -1 if none
  std::size_t total_rows = 0;  // « Total » rows staged (import_totals.cpp)

  [[nodiscard]] const forms::Field* field(int form, std::size_t column) const;
  // The column of a field key for this form, -1 if none.
  [[nodiscard]] int column_of(int form, std::string_view key) const;
  [[nodiscard]] bool bound_elsewhere(std::size_t column) const;  // some form has a field there
};

// Where a problem is: a source, a line (CSV line or Excel row), a 1-based column, the staged row.
struct Where {
  int source = -1;
  std::int64_t line = 0;
  int column = 0;
  std::optional<std::int64_t> row_id;
  std::string reference;
};

// Every problem of the import, kept in the staging tables (not in memory) and counted by code.
class Ledger {
 public:
  Ledger(store::ImportStaging& staging, const std::vector<Source>& sources) : m_staging(staging), m_sources(sources) {}

  void add(const Where& where, bool warning, std::string code, std::string field, std::string value,
           std::string message);
  [[nodiscard]] std::size_t errors() const { return m_errors; }
  [[nodiscard]] std::size_t warnings() const { return m_warnings; }
  [[nodiscard]] const std::map<std::string, std::size_t>& by_code() const { return m_by_code; }
  // The first problems in file order, with the offending CSV line and a caret.
  std::vector<report::ImportProblemView> first(std::size_t limit);

 private:
  store::ImportStaging& m_staging;
  const std::vector<Source>& m_sources;
  std::size_t m_errors = 0;
  std::size_t m_warnings = 0;
  std::map<std::string, std::size_t> m_by_code;
};

// What the stages share.
struct ImportRun {
  const forms::Catalog& catalog;
  const ImportOptions& options;
  ImportObserver* observer = nullptr;
  FormSet forms;
  KindTable kinds;
  store::ImportStaging& staging;
  std::vector<Source> sources;
  Ledger ledger;
  report::ImportCounts counts;
  std::int64_t convention_id = 0;
  domain::Period period;  // the convention's: budget and indicator years stay inside it

  ImportRun(const forms::Catalog& catalog_, const ImportOptions& options_, ImportObserver* observer_, FormSet forms_,
            store::ImportStaging& staging_)
      : catalog(catalog_),
        options(options_),
        observer(observer_),
        forms(std::move(forms_)),
        kinds(KindTable::of(forms)),
        staging(staging_),
        ledger(staging_, sources) {}

  void progress(std::string_view phase, std::size_t done, std::size_t total) const {
    if (observer != nullptr) {
      observer->progress(ImportProgress{phase, done, total});
    }
  }
};

// --- import_sources.cpp: read each input once, stage its rows ---------------------------------------
void read_sources(ImportRun& run);

// The command line's files and --errors report, checked before anything is opened: at least one
// file, stdin once, a report format known, and a report that would not overwrite an input file or
// the database.
Result<void> check_import_paths(const std::vector<std::string>& files, const std::string& sheet,
                                const std::string& errors_path, const std::filesystem::path& db_path);

// --- import_headers.cpp: header row, record kind, column binding -------------------------------------
struct HeaderGuess {
  int kind = -1;
  std::size_t score = 0;  // columns bound to a field of that kind
};
HeaderGuess guess_kind(const ImportRun& run, const std::vector<std::string>& headers, std::string_view name);
// Whether `headers` have the column that ties a row of that kind to its action (« Référence... »).
[[nodiscard]] bool has_reference_column(const ImportRun& run, int kind, const std::vector<std::string>& headers);
// Binds `source.info.headers` for `source.kind` and reports unknown (E601/W601), duplicate (E602)
// and missing required (E603) columns.
void bind_source(ImportRun& run, int source_index);
// E603 for the required columns an action file lacks, once, when a new action comes from it.
void report_missing_columns(ImportRun& run, int source_index);
void report_missing_column(ImportRun& run, int source_index, const std::string& key);
// The staged reference of a row ("" when it has none) and its cells, once its source is bound.
void stage_row(ImportRun& run, int source_index, std::int64_t line, std::vector<store::RawCell>& cells);

// --- import_totals.cpp: « Total » and « Sous-total » rows of a financial table -----------------------
enum class TotalLevel { subtotal, total, grand_total };
// The level of a row of a budget source that totals the lines above it: its reference (or, when it
// has no reference or no year, its first other cell with a letter) reads « Total… », « Sous-total… »
// or « Total général ».
std::optional<TotalLevel> total_row_level(const Source& source, const std::vector<store::RawCell>& cells);
// Once every source is staged: each total row checked against the lines above it (E622 when it
// differs, W622 and not imported when it agrees).
void check_total_rows(ImportRun& run);

// --- import_cells.cpp: cells to typed values, form of a row ------------------------------------------
forms::ParsedValue parse_cell(const forms::Catalog& catalog, const forms::Field& field, const store::RawCell& cell,
                              bool date1904);
[[nodiscard]] bool is_blank(const store::RawCell& cell);
// The value as the user sees it, for messages: the trimmed text, or for a cell formatted as a
// percentage « 12 % », « 12,5 % » (to two decimals) rather than the fraction it stores (0.12, 0.125).
[[nodiscard]] std::string shown_text(const store::RawCell& cell);

// A filled cell in a column without a header (past the header's last cell, or under an empty one):
// an error in a CSV file (E618), a warning in a workbook (W618).
struct StrayCell {
  int column = 0;  // 1-based
  std::string value;
  bool warning = false;
  std::string message;
};
[[nodiscard]] std::optional<StrayCell> stray_cell(const Source& source, const std::vector<store::RawCell>& cells);

struct FormChoice {
  int form = -1;
  std::string code;  // E610 / E613 when form is -1
  std::string message;
  int column = 0;  // 1-based column the problem points at
};
FormChoice choose_form(const ImportRun& run, const Source& source, const store::StagedRow& row);

// --- import_assemble.cpp: one action at a time, in reference order -----------------------------------
void assemble(ImportRun& run, store::WriteTransaction& transaction, bool write);

}  // namespace pilot::service::import_detail
