// The ledger of an import: every problem goes to the staging tables with its location (so a million
// of them cost no memory) and is counted by code; the first ones come back with their CSV line.
#include "service/import_detail.hpp"

namespace pilot::service::import_detail {

void Ledger::add(const Where& where, bool warning, std::string code, std::string field, std::string value,
                 std::string message) {
  store::StagedProblem problem;
  problem.source = where.source;
  problem.line = where.line;
  problem.column = where.column;
  problem.row_id = where.row_id;
  problem.warning = warning;
  problem.code = std::move(code);
  problem.field = std::move(field);
  problem.value = std::move(value);
  problem.message = std::move(message);
  problem.reference = where.reference;
  m_staging.add_problem(problem);
  ++m_by_code[problem.code];
  ++(warning ? m_warnings : m_errors);
}

std::vector<report::ImportProblemView> Ledger::first(std::size_t limit) {
  std::vector<report::ImportProblemView> out;
  if (limit == 0) {
    return out;
  }
  m_staging.for_each_problem(
      [&](const store::StagedProblem& problem) {
        report::ImportProblemView view;
        view.warning = problem.warning;
        view.code = problem.code;
        view.field = problem.field;
        view.value = problem.value;
        view.message = problem.message;
        if (problem.source >= 0 && static_cast<std::size_t>(problem.source) < m_sources.size()) {
          const Source& source = m_sources[static_cast<std::size_t>(problem.source)];
          view.location = report::problem_location(source.info, problem.line, problem.column);
          // ninja shows the offending line with a caret under the column: only CSV has lines to show.
          if (source.info.sheet.empty() && problem.line > 0) {
            std::vector<store::RawCell> cells;
            if (problem.row_id) {
              if (auto row = m_staging.row(*problem.row_id)) {
                cells = std::move(row->cells);
              }
            } else if (problem.line == source.header_line) {
              for (const auto& header : source.info.headers) {
                cells.push_back(store::RawCell{store::CellKind::text, header});
              }
            }
            if (!cells.empty()) {
              auto [excerpt, caret] =
                  report::csv_excerpt(cells, source.info.separator, static_cast<std::size_t>(problem.column));
              view.excerpt = std::move(excerpt);
              view.caret = caret;
            }
          }
        }
        out.push_back(std::move(view));
        return true;
      },
      limit);
  return out;
}

}  // namespace pilot::service::import_detail
