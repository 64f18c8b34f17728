// `pilot action import`: bulk import of action sheets, budget lines and indicators from CSV files and
// Excel workbooks into one convention, checked against the forms, all or nothing.
//
// The pipeline, one stage per file:
//   import_sources.cpp   read each CSV file or workbook sheet once, find its header row and record kind
//   import_headers.cpp   bind headers to the fields of every candidate form (unknown, duplicate, missing)
//                        and stage every row (raw cells) in TEMP tables: memory stays flat
//   import_cells.cpp     parse raw cells into typed values; choose the form of a row (contrat unique)
//   import_assemble.cpp  walk the staged rows by reference: one action with its budget and indicator
//                        rows at a time, merged with what is stored, checked with forms::check_record
//   import_write.cpp     decide created / updated / unchanged / skipped / rejected and write
//   import_ledger.cpp    every problem with its location (file:line:col or Sheet!C14) and code
// The report (summary, dry-run plan, --errors CSV/JSON/XLSX) is in lib/report/import_report*.
// Everything runs in one WriteTransaction, committed only when no error was found (and not a dry run).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "report/import_report.hpp"
#include "service/context.hpp"

namespace pilot::service {

enum class OnExisting { fail, skip, update };
enum class DryRun { no, yes };
enum class Lenient { no, yes };

// "fail", "skip", "update" (also « échec », « ignorer », « mettre à jour »); kind usage otherwise.
Result<OnExisting> parse_on_existing(std::string_view text);

struct ImportOptions {
  std::vector<std::string> files;  // .csv, .xlsx; "-" reads CSV from standard input
  std::int64_t convention_id = 0;
  std::string form;   // --form: form id or CLS / CIE, for rows whose form nothing else tells
  std::string sheet;  // --sheet: read only this sheet of each workbook
  DryRun dry_run = DryRun::no;
  OnExisting on_existing = OnExisting::fail;
  Lenient lenient = Lenient::no;  // unknown columns are warnings, not errors
  std::string errors_path;        // --errors: .csv, .json or .xlsx; "" = none
  std::size_t shown_problems = 20;
};

struct ImportProgress {
  std::string_view phase;  // « lecture », « vérification »
  std::size_t done = 0;    // rows
  std::size_t total = 0;   // 0 when unknown
};

// Receives what the import does as it goes, so that nothing is held for a million actions. The
// library never prints: the command decides what to show.
class ImportObserver {
 public:
  virtual ~ImportObserver() = default;
  virtual void progress(const ImportProgress& /*progress*/) {}
  virtual void planned(const report::PlanEntry& /*entry*/) {}
};

// Fails (not_found) for an unknown convention, (usage) for bad options (no file, unknown --form or
// report format), (storage/io) when the database or the report cannot be used. Problems in the data
// are not failures: they come back in the summary (errors > 0 means nothing was written).
Result<report::ImportSummary> import_actions(const Context& context, const ImportOptions& options,
                                             ImportObserver* observer = nullptr);

}  // namespace pilot::service
