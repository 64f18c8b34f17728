// The manifest that makes an export reproducible: what was asked (filters, scope, validation
// state, year), from what (database file and data timestamp, schema version, forms and versions
// the actions were entered with), by whom and with which pilot, and what came out (tables, row
// counts, files with their SHA-256). Written as a « Manifeste » sheet in a workbook and as a JSON
// file beside the exported files.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "io/xlsx/writer.hpp"
#include "report/export_sink.hpp"
#include "store/export_store.hpp"
#include "util/json.hpp"

namespace pilot::report {

struct ManifestFile {
  std::string table;  // table key
  std::string path;   // as written ("-" for standard output)
  std::int64_t rows = 0;
  std::string sha256;               // of the file; "" when it cannot be known (standard output)
  std::vector<std::string> sheets;  // XLSX: the sheets holding the table
};

struct ManifestForm {
  std::string form_id;
  int version = 0;
  std::int64_t actions = 0;
  std::optional<int> current_version;  // the catalog's; none when the form is gone
  std::string title;
};

struct Manifest {
  std::string pilot_version;
  std::string generated_at;  // ISO 8601 UTC
  std::string command;
  std::string user;
  std::string database;
  std::string data_timestamp;  // last recorded change: the data the export reflects
  int schema_version = 0;
  std::string scope;                          // « national », « région Hauts-de-France ; type CLS »...
  util::Json filters = util::Json::object();  // options as given
  store::StatusFilter status = store::StatusFilter::all;
  std::optional<int> year;
  std::vector<ManifestForm> forms;
  std::vector<std::pair<domain::ActionStatus, std::int64_t>> status_counts;
  std::string format;  // csv / xlsx
  std::string csv_dialect;
  std::vector<ManifestFile> files;
  std::vector<ExportTable> tables;  // column definitions
};

util::Json manifest_json(const Manifest& manifest);

// The « Manifeste » sheet; `json_path` names the JSON file holding the workbook's own SHA-256
// (a file cannot contain its own digest).
Result<void> write_manifest_sheet(io::xlsx::WorkbookWriter& workbook, const Manifest& manifest,
                                  const std::string& json_path);

}  // namespace pilot::report
