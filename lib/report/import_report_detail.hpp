// Private to lib/report: pieces shared by the CSV/JSON and the XLSX errors reports of an import.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "report/import_report.hpp"

namespace pilot::report::detail {

// A problem's location split into report columns.
struct ProblemFields {
  std::string file;
  std::string sheet;
  std::string line;
  std::string column;  // CSV: field number; XLSX: column letters
  std::string cell;    // XLSX: Actions!C14
};

ProblemFields problem_fields(const std::vector<ImportSourceInfo>& sources, const store::StagedProblem& problem);

Result<void> write_xlsx_report(const std::filesystem::path& path, store::ImportStaging& staging,
                               const std::vector<ImportSourceInfo>& sources);

}  // namespace pilot::report::detail
