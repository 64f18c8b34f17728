// Columns shared by the long export tables: the convention and action a row belongs to, so that
// each file stands alone and joins with the others on « N° action » / « N° convention ».
#pragma once

#include <vector>

#include "report/export_sink.hpp"
#include "store/export_store.hpp"

namespace pilot::report::detail {

inline constexpr std::size_t k_key_column_count = 9;

void add_key_columns(ExportTable& table);

// Writes the key cells into cells[0 .. k_key_column_count).
void fill_key_cells(const store::ActionKey& key, Audience audience, std::vector<Cell>& cells);

// part / whole × 100, rounded to 0.01 point: a derived share, not a measure, so two decimals are
// all a reader needs (and a CSV cell stays short). Nothing when the whole is zero.
Cell share_of(double part, double whole);

std::string convention_type_text(domain::ConventionType type, Audience audience);
std::string status_text(domain::ActionStatus status, Audience audience);
std::string financer_text(domain::FinancerType financer, Audience audience);

// Runs a whole table: begin, one write per produced row, end; counts rows.
template <class Produce>
Result<ExportResult> stream_table(ExportTable table, RowSink& sink, Produce&& produce) {
  if (auto begun = sink.begin(table); !begun) {
    return std::unexpected(begun.error());
  }
  std::int64_t rows = 0;
  std::vector<Cell> cells(table.columns.size());
  auto emit = [&]() -> Result<void> {
    ++rows;
    return sink.write(cells);
  };
  if (auto produced = produce(cells, emit); !produced) {
    return std::unexpected(produced.error());
  }
  if (auto ended = sink.end(); !ended) {
    return std::unexpected(ended.error());
  }
  return ExportResult{std::move(table), rows};
}

}  // namespace pilot::report::detail
