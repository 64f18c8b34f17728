// Blank import files generated from a form (`pilot template`): what users fill in, so that what
// they send back imports without surprise. The form is the only source: headers are its labels,
// drop-downs its choice lists, number and date checks its bounds.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "forms/catalog.hpp"
#include "util/error.hpp"

namespace pilot::report {

// How many data rows carry drop-downs and checks (Excel applies validations to ranges).
inline constexpr std::uint32_t k_template_rows = 2000;

// One sheet per record kind — the main record (« Actions », « Bilans »...) and each repeating
// group (« Lignes budgétaires », « Indicateurs ») with a « Référence » column linking its rows to
// the record —, French headers (« * » marks required answers), a comment per header with the
// question's help, type, bounds and condition, drop-downs for choices (labels on a hidden
// « Listes » sheet), number, date and length checks, money and date formats.
Result<void> write_xlsx_template(const forms::Form& form, const std::filesystem::path& path);

// The same headers as CSV for French Excel: FILE.csv for the record, FILE-<group>.csv for each
// group. Returns the files written.
Result<std::vector<std::filesystem::path>> write_csv_template(const forms::Form& form,
                                                              const std::filesystem::path& path);

// The header text of a field in templates: its label, with « * » when always required.
std::string template_header(const forms::Field& field);

}  // namespace pilot::report
