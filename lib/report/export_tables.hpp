// The tables `pilot export` writes, each streamed from the store into a RowSink:
//   conventions  the guide's summary: collectivité, territory, type, dates, actions, budget shares;
//   actions      the dense base: every field of the action forms in scope (union, in form order,
//                labels from the forms), multiple choices joined in one cell and one Oui/Non
//                column per choice, budgets per year and financer, convention and territory;
//   budgets      long: one row per planned line, then one per expense declared in a bilan;
//   indicateurs  long: one row per indicator and year (target, realised, rate);
//   bilans       long: one row per bilan answer;
//   validations  long: one row per validation, revoked ones included.
// Long tables repeat the keys (convention, action) so that each file stands alone and joins.
#pragma once

#include <string_view>
#include <vector>

#include "forms/catalog.hpp"
#include "report/export_sink.hpp"
#include "store/export_store.hpp"

namespace pilot::report {

enum class ExportKind { conventions, actions, budgets, indicateurs, bilans, validations };

std::string_view to_code(ExportKind kind);   // "conventions", "actions", ...
std::string_view to_title(ExportKind kind);  // « Conventions », « Actions », « Budgets »...
// Fails (usage) naming the known tables, with a suggestion.
Result<ExportKind> parse_export_kind(std::string_view text);
std::vector<ExportKind> all_export_kinds();

struct ExportSource {
  store::Database& database;
  const forms::Catalog& catalog;
  store::ExportFilter filter;
};

// Writes one table into the sink (begin, rows, end). Fails with the sink's error (disk full...).
Result<ExportResult> export_table(ExportKind kind, ExportSource& source, RowSink& sink);

Result<ExportResult> export_conventions(ExportSource& source, RowSink& sink);
Result<ExportResult> export_actions(ExportSource& source, RowSink& sink);
Result<ExportResult> export_budgets(ExportSource& source, RowSink& sink);
Result<ExportResult> export_indicators(ExportSource& source, RowSink& sink);
Result<ExportResult> export_bilans(ExportSource& source, RowSink& sink);
Result<ExportResult> export_validations(ExportSource& source, RowSink& sink);

}  // namespace pilot::report
