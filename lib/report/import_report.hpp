// What `pilot action import` reports: the summary (rows read, accepted, rejected, problems by code),
// each problem the way ninja shows a compiler error (location, message, the offending CSV line with a
// caret under the column), the dry-run plan (created, updated with old → new, unchanged, rejected), and
// the errors report written with --errors as CSV, JSON or an XLSX workbook of the rows read back with
// their bad cells highlighted (import_report_files.cpp, import_report_xlsx.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "store/import_store.hpp"
#include "util/error.hpp"

namespace pilot::report {

enum class ImportOutcome {
  created,    // new action
  updated,    // draft action replaced (--on-existing update)
  unchanged,  // same content as stored
  skipped,    // already stored, left as is (--on-existing skip)
  locked,     // validated (not a draft): left as is
  rejected,   // has an error
};
std::string_view to_label(ImportOutcome outcome);  // « créée », « modifiée », ...

struct FieldChange {
  std::string field;  // label
  std::string before;
  std::string after;
};

// What happens to one action (or to rows that name no known action).
struct PlanEntry {
  ImportOutcome outcome = ImportOutcome::created;
  std::string reference;
  std::string title;
  std::string location;        // of its action row, else of its first row
  std::int64_t action_id = 0;  // stored action, 0 for a new one
  std::string form_id;
  std::string detail;  // status of a locked action, first error of a rejected one
  std::vector<FieldChange> changes;
};

// A problem as shown to people: at most a few are returned with the summary.
struct ImportProblemView {
  std::string location;  // "actions.csv:14:3" or "classeur.xlsx : Actions!C14"
  bool warning = false;
  std::string code;
  std::string field;
  std::string value;
  std::string message;
  std::string excerpt;    // the offending CSV line on one line (shortened), "" for XLSX and whole-file problems
  std::size_t caret = 0;  // 1-based code point of the excerpt under which the caret goes, 0 = none
};

struct ImportSourceSummary {
  std::string name;  // "actions.csv" or "classeur.xlsx : Budget"
  std::string kind;  // « actions », « Lignes budgétaires »... « non reconnu »
  std::size_t rows = 0;
};

struct ImportCounts {
  std::size_t rows_read = 0;
  std::size_t rows_accepted = 0;
  std::size_t rows_rejected = 0;
  std::size_t rows_ignored = 0;  // rows of skipped or locked actions
  std::size_t created = 0;
  std::size_t updated = 0;
  std::size_t unchanged = 0;
  std::size_t skipped = 0;
  std::size_t locked = 0;
  std::size_t rejected = 0;
};

struct ImportSummary {
  std::string convention;  // « n° 1 — CA Amiens Métropole (CLS) »
  std::vector<ImportSourceSummary> sources;
  ImportCounts counts;
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::map<std::string, std::size_t> by_code;
  std::vector<ImportProblemView> shown;  // the first problems, in file order
  bool dry_run = false;
  bool written = false;
  std::string errors_report;  // path of the --errors report, "" if none
};

// Short French title of a problem code (« date invalide »), "" for a code of a form's own rule.
std::string_view problem_title(std::string_view code);

// "actions.csv:14:3: erreur [E106] « Date de début » : date invalide « 31/02/2024 »", then the line
// and a caret under the column when an excerpt is known.
std::string render_problem(const ImportProblemView& problem);
// One line per action of a dry run (« FA-03 « Intitulé » : modifiée », then « champ : ancien → nouveau »).
std::string render_plan_entry(const PlanEntry& entry);
// Sources, row counts, actions by outcome, problems by code, and what was (not) written.
std::string render_import_summary(const ImportSummary& summary);

// One CSV record shown on one line: fields joined by the separator (quoted when needed), line breaks
// inside fields shown as « ⏎ », cut around `column` (1-based field, 0 = none) when longer than
// `width` code points. Returns the text and the 1-based code point where the field starts (0 = none).
std::pair<std::string, std::size_t> csv_excerpt(const std::vector<store::RawCell>& cells, char separator,
                                                std::size_t column, std::size_t width = 100);

// One input source as the errors report needs it.
struct ImportSourceInfo {
  std::string file;   // as given on the command line ("-" shown as « entrée standard »)
  std::string sheet;  // "" for CSV
  std::string kind;   // label of its record kind
  std::vector<std::string> headers;
  char separator = ';';
  bool date1904 = false;
  bool recognised = false;
};

// "actions.csv:14:3", "actions.csv:14", "actions.csv", "classeur.xlsx : Actions!C14", "classeur.xlsx : Actions"…
std::string problem_location(const ImportSourceInfo& source, std::int64_t line, int column);

// Writes every staged problem to `path`, by its extension: .csv (French Excel dialect), .json (array
// of objects) or .xlsx (the rows read, one sheet per source, each bad cell highlighted with a comment
// and an « Erreurs à corriger » column, so that the corrected workbook imports as is).
// Fails (kind usage) for another extension, (kind io) when the file cannot be written.
Result<void> write_import_errors(const std::filesystem::path& path, store::ImportStaging& staging,
                                 const std::vector<ImportSourceInfo>& sources);

// The header of the errors column of the XLSX report; the importer ignores a column with this name.
inline constexpr std::string_view k_errors_column = "Erreurs à corriger";

// Whether `path` names a report format write_import_errors knows.
[[nodiscard]] bool is_import_errors_format(const std::filesystem::path& path);

}  // namespace pilot::report
