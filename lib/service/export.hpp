// `pilot export`, `pilot recap` and `pilot fiche`: the files people exchange instead of
// assembling them by hand. Every read happens in one read transaction, so all the tables of an
// export, and its manifest, describe the same state of the database.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/context.hpp"
#include "service/scope_options.hpp"

namespace pilot::service {

struct ExportOptions {
  std::vector<std::string> tables;  // conventions, actions, budgets, indicateurs, bilans, validations
  std::string format;               // csv | xlsx; "" = from the output's extension (.xlsx), else csv
  // A file, "-" (standard output, CSV only), or a directory when several tables go to CSV
  // (one file per table, named after it).
  std::string output;
  // Where the JSON manifest goes: "" = beside the output (FILE.manifest.json, or manifest.json in
  // the directory); required to get one when writing to standard output.
  std::string manifest;
  ScopeOptions scope;
  std::string status = "all";  // brouillon | double-validee | all
  std::optional<int> year;
  std::string csv_dialect = "fr";  // fr | rfc4180
  std::string pilot_version;       // written in the manifest
};

struct ExportedFile {
  std::string table;
  std::string path;
  std::int64_t rows = 0;
  std::string sha256;  // "" for standard output
};

struct ExportReport {
  std::string format;
  std::vector<ExportedFile> files;
  std::string manifest_path;        // "" when none was written
  std::string manifest_text;        // with --manifest -: the manifest, for standard output
  std::size_t truncated_cells = 0;  // XLSX cells cut at Excel's 32 767 characters
};

// Fails with kind usage for contradictory options (XLSX to standard output, several CSV tables to
// one file, unknown table, status or dialect), not_found for an unknown territory, io when a file
// cannot be written (no partial file is left behind).
Result<ExportReport> run_export(const Context& context, const ExportOptions& options);

struct RecapOptions {
  std::int64_t convention_id = 0;
  std::string format = "text";  // text | md | csv | xlsx
  std::string tab;              // csv: only this tab (actions, budgets, nationaux, locaux, impact)
  std::string output = "-";     // xlsx needs a file
  std::string csv_dialect = "fr";
};

// The five tabs of the guide for one convention. text, md and csv come back as text; xlsx is
// written to options.output and the text returned is empty.
Result<std::string> run_recap(const Context& context, const RecapOptions& options);

struct FicheOptions {
  std::string kind;  // action | convention
  std::int64_t id = 0;
  std::string format;  // html | md; "" = from the output's extension, else html
  std::string output = "-";
};

// A one-page printable sheet, returned as text (HTML with print CSS, or Markdown).
Result<std::string> run_fiche(const Context& context, const FicheOptions& options);

}  // namespace pilot::service
