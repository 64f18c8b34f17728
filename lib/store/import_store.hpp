// Staging of a bulk import (`pilot action import`): every row read from the input files is kept in
// TEMP tables of the import's own connection, with its raw cells, so that a file of a million
// actions is held on disk rather than in memory, rows can be assembled per action in reference
// order whatever order the files give them in, and reports can go back to the original values.
// The temp tables are created inside the import's WriteTransaction and vanish with it.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/action.hpp"

namespace pilot::store {

// A cell as read, before any interpretation: text as typed (CSV, Excel text), or an Excel number
// (its stored text, e.g. "2560000.5"), date (serial number text), boolean ("1"/"0") or error ("#N/A").
enum class CellKind : std::uint8_t { empty, text, number, date, boolean, error };

struct RawCell {
  CellKind kind = CellKind::empty;
  std::string text;
};

// Compact encoding of a row's cells (kind byte, length, bytes); trailing empty cells are dropped.
std::string encode_cells(const std::vector<RawCell>& cells);
// Decodes into `out` (reused between rows). Malformed input gives the cells decoded so far.
void decode_cells(std::string_view blob, std::vector<RawCell>& out);

struct StagedRow {
  std::int64_t id = 0;      // insertion order
  std::string reference;    // action reference ("" when the row has none)
  int kind = 0;             // 0 = action, n = the n-th group kind of the import
  int source = 0;           // index of the file or sheet
  std::int64_t line = 0;    // CSV physical line or Excel row number
  std::vector<RawCell> cells;
  bool rejected = false;    // filled by rows_of_source only
};

struct StagedProblem {
  int source = -1;          // -1: no source (a problem with the command as a whole)
  std::int64_t line = 0;    // 0: the whole source
  int column = 0;           // 1-based, 0: the whole row
  std::optional<std::int64_t> row_id;
  bool warning = false;
  std::string code;
  std::string field;        // label of the field or header concerned
  std::string value;
  std::string message;
  std::string reference;
};

// Forward-only iteration over staged rows (see ImportStaging).
class StagedRowCursor {
 public:
  explicit StagedRowCursor(std::unique_ptr<SQLite::Statement> statement, bool with_rejected);
  // False at the end. `row.cells` is reused.
  bool next(StagedRow& row);

 private:
  std::unique_ptr<SQLite::Statement> m_statement;
  bool m_with_rejected = false;
};

class ImportStaging {
 public:
  // Creates the temp tables (dropping leftovers of an earlier import on this connection) and
  // keeps temporary data in files, so memory stays flat.
  explicit ImportStaging(SQLite::Database& db);
  ImportStaging(const ImportStaging&) = delete;
  ImportStaging& operator=(const ImportStaging&) = delete;

  std::int64_t add_row(std::string_view reference, int kind, int source, std::int64_t line, std::string_view cells);
  // Builds the index rows_by_reference() walks; call once every row is staged.
  void index_rows();

  // Rows with a reference, ordered by reference, kind, then insertion order.
  StagedRowCursor rows_by_reference();
  // Every row of one source in file order, with `rejected` set.
  StagedRowCursor rows_of_source(int source);
  std::optional<StagedRow> row(std::int64_t id);
  [[nodiscard]] std::int64_t row_count();

  void add_problem(const StagedProblem& problem);
  void reject_row(std::int64_t row_id);
  // Problems in source, line, column order (up to `limit`, 0 = all); `visit` returns false to stop.
  void for_each_problem(const std::function<bool(const StagedProblem&)>& visit, std::size_t limit = 0);
  std::vector<StagedProblem> problems_of_row(std::int64_t row_id);
  // Problems of a source tied to no staged row (its header, the whole file).
  std::vector<StagedProblem> problems_without_row(int source);

 private:
  SQLite::Database& m_db;
  SQLite::Statement m_insert_row;
  SQLite::Statement m_insert_problem;
  SQLite::Statement m_reject;
  std::unique_ptr<SQLite::Statement> m_row_problems;
};

// An action already stored under a reference of the convention being imported into.
struct ExistingAction {
  std::int64_t id = 0;
  domain::ActionStatus status = domain::ActionStatus::brouillon;
  std::string form_id;
};

// Looks references up with one prepared statement (a million lookups cost no re-preparation);
// answers nothing at all when the convention had no action when the import started.
class ExistingActions {
 public:
  ExistingActions(SQLite::Database& db, std::int64_t convention_id);
  std::optional<ExistingAction> find(const std::string& reference);

 private:
  SQLite::Statement m_query;
  std::int64_t m_convention_id;
  bool m_empty = false;
};

}  // namespace pilot::store
