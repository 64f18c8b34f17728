// The dashboard's per-convention summaries (migration 3), private to the store.
//
// Each summary table holds, for one convention, its actions' partial aggregates split by every
// dimension a dashboard filter needs (form, status, dropped year, budget or bilan year, financer,
// indicator kind, answered field and value). A dashboard of any scope and filters then sums a few
// thousand summary rows joined to the conventions it covers.
//
// Before a dashboard, SummaryView brings them up to date: when the file is writable, each stale
// convention is recomputed and stored in its own short write transaction (a busy writer is not
// waited for long); then a read transaction is opened in which every summary is current. What
// could not be stored (read-only file, busy writer, a change made in the meantime) is computed
// into temporary tables of the same names, which shadow the stored ones for this connection only.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace pilot::store {

struct SummaryFields {
  std::vector<std::string> counted;   // fields whose (value, action) counts are kept
  std::vector<std::string> budgeted;  // fields whose per-value budgets are kept
};

class SummaryView {
 public:
  // Throws SQLite::Exception on errors other than a read-only file or a busy writer.
  SummaryView(Database& database, const SummaryFields& fields);
  ~SummaryView();
  SummaryView(const SummaryView&) = delete;
  SummaryView& operator=(const SummaryView&) = delete;

  // Conventions recomputed and stored / recomputed for this view only.
  [[nodiscard]] std::size_t stored() const { return m_stored; }
  [[nodiscard]] std::size_t computed() const { return m_computed; }

 private:
  void store_stale(const SummaryFields& fields);
  void open_view(const SummaryFields& fields);
  void close();

  Database& m_database;
  bool m_own_transaction = false;
  bool m_shadowed = false;
  std::size_t m_stored = 0;
  std::size_t m_computed = 0;
};

}  // namespace pilot::store
