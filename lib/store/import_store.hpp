// Staging of a bulk import (`pilot action import`): every row read from the input files is kept in
// a private temporary SQLite file, with its raw cells, so that a file of a million actions is held
// on disk rather than in memory, rows can be assembled per action in reference order whatever order
// the files give them in, and reports can go back to the original values. The file has its own
// connection and is deleted when the staging ends; the database itself is never touched.
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
// (its stored text, e.g. "2560000.5"), date (serial number text), boolean ("1"/"0"), error ("#N/A"),
// or a number its cell shows as a percentage (stored text "0.12" for 12 %).
enum class CellKind : std::uint8_t { empty, text, number, date, boolean, error, percent };

struct RawCell {
  CellKind kind = CellKind::empty;
  std::string text;
};

// Compact encoding of a row's cells (kind byte, length, bytes); trailing empty cells are dropped.
std::string encode_cells(const std::vector<RawCell>& cells);
// Decodes into `out` (reused between rows). Malformed input gives the cells decoded so far.
void decode_cells(std::string_view blob, std::vector<RawCell>& out);

struct StagedRow {
  std::int64_t id = 0;    // see ImportStaging: pack number and position in the pack
  std::string reference;  // action reference ("" when the row has none)
  int kind = 0;           // 0 = action, n = the n-th group kind of the import
  int source = 0;         // index of the file or sheet
  std::int64_t line = 0;  // CSV physical line or Excel row number
  std::vector<RawCell> cells;
  bool rejected = false;  // filled by rows_of_source only
};

struct StagedProblem {
  int source = -1;        // -1: no source (a problem with the command as a whole)
  std::int64_t line = 0;  // 0: the whole source
  int column = 0;         // 1-based, 0: the whole row
  std::optional<std::int64_t> row_id;
  bool warning = false;
  std::string code;
  std::string field;  // label of the field or header concerned
  std::string value;
  std::string message;
  std::string reference;
};

// Forward-only iteration over staged rows (see ImportStaging), unpacking packs as it goes.
class StagedRowCursor {
 public:
  StagedRowCursor(std::unique_ptr<SQLite::Statement> statement, bool with_rejected);
  // False at the end. `row.cells` is reused.
  bool next(StagedRow& row);

 private:
  std::unique_ptr<SQLite::Statement> m_statement;
  bool m_with_rejected = false;
  // The pack being unpacked.
  std::string m_blob;
  std::size_t m_offset = 0;
  std::int64_t m_pack = 0;
  std::int64_t m_index = 0;
  std::string m_reference;
  int m_kind = 0;
  int m_source = 0;
  std::int64_t m_first_line = 0;
  bool m_rejected = false;
};

// Rows are staged in packs: consecutive rows of one source with the same reference (the budget lines
// or indicators of one action, as files list them) share one record, so a national file costs a few
// hundred thousand inserts rather than millions. A row's id is (pack << k_pack_bits) | position.
class ImportStaging {
 public:
  static constexpr int k_pack_bits = 12;
  static constexpr std::int64_t k_max_pack_rows = (std::int64_t{1} << k_pack_bits) - 1;

  // Opens the staging file and creates its tables. Throws SQLite::Exception when it cannot.
  ImportStaging();
  ImportStaging(const ImportStaging&) = delete;
  ImportStaging& operator=(const ImportStaging&) = delete;

  // Stages one row and returns its id.
  std::int64_t add_row(int source, std::string_view reference, int kind, std::int64_t line,
                       const std::vector<RawCell>& cells);
  // Writes the pack being filled; index_rows() does it too.
  void flush();
  // Builds the index rows_by_reference() walks; call once every row is staged.
  void index_rows();

  // Rows with a reference, ordered by reference, kind, then staging order.
  StagedRowCursor rows_by_reference();
  // Every row of one source in file order, with `rejected` set.
  StagedRowCursor rows_of_source(int source);
  std::optional<StagedRow> row(std::int64_t id);
  [[nodiscard]] std::int64_t row_count() const { return m_rows; }
  // The references of the action rows staged (at most `limit`), for « did you mean » hints.
  std::vector<std::string> action_references(std::size_t limit);

  void add_problem(const StagedProblem& problem);
  // Rejects the row and the rows packed with it (same source and reference: same action).
  void reject_row(std::int64_t row_id);
  // Problems in source, line, column order (up to `limit`, 0 = all); `visit` returns false to stop.
  void for_each_problem(const std::function<bool(const StagedProblem&)>& visit, std::size_t limit = 0);
  std::vector<StagedProblem> problems_of_row(std::int64_t row_id);
  // Problems of a source tied to no staged row (its header, the whole file).
  std::vector<StagedProblem> problems_without_row(int source);

 private:
  struct Pack {
    std::int64_t id = 0;
    std::string reference;
    int kind = 0;
    int source = -1;
    std::int64_t first_line = 0;
    std::int64_t rows = 0;
    std::string blob;
  };

  std::unique_ptr<SQLite::Database> m_connection;
  SQLite::Database& m_db;
  SQLite::Statement m_insert_pack;
  SQLite::Statement m_insert_problem;
  SQLite::Statement m_reject;
  std::unique_ptr<SQLite::Statement> m_row_problems;
  Pack m_pack;
  std::int64_t m_next_pack = 1;
  std::int64_t m_rows = 0;
  std::int64_t m_last_rejected = 0;
};

// Page cache and temporary storage of the connection a bulk import writes with.
void use_bulk_write_cache(SQLite::Database& db);

// An action already stored under a reference of the convention being imported into.
struct ExistingAction {
  std::int64_t id = 0;
  domain::ActionStatus status = domain::ActionStatus::brouillon;
  std::string form_id;
};

// Looks references up with one prepared statement (a million lookups cost no re-preparation);
// answers nothing at all when the convention had no action when the import started.
// The references of a convention's actions (at most `limit`), for « did you mean » hints.
std::vector<std::string> action_references(SQLite::Database& db, std::int64_t convention_id, std::size_t limit);

class ExistingActions {
 public:
  ExistingActions(SQLite::Database& db, std::int64_t convention_id);
  std::optional<ExistingAction> find(const std::string& reference);

 private:
  SQLite::Statement m_query;
  std::int64_t m_convention_id;
  bool m_empty = false;
};

// Secondary indexes that a bulk import of actions would fill at random places (those not led by
// the row's action or indicator key, e.g. answers by field and value): inserting millions of
// entries into them one by one costs a random B-tree descent each, with pages read back from disk
// once the index outgrows the page cache, whereas CREATE INDEX sorts once. For a large import they
// are dropped before the rows are written and re-created, from their own stored definitions, at
// the end of the same transaction (SQLite DDL is transactional: a rollback restores them, and other
// connections never see the database without them). No index of schema 7 is of this kind (its
// last one, answers by field, gave way to answer_keys): the rule guards any a later migration adds.
class DeferredIndexes {
 public:
  // Below this many new actions, maintaining the indexes row by row is cheap enough.
  static constexpr std::int64_t k_min_actions = 10'000;
  // Page cache while the indexes are re-created (negative: KiB, as PRAGMA cache_size takes it).
  static constexpr std::int64_t k_sort_cache_kib = -8192;

  // The rule: defer when the import brings at least k_min_actions actions and at least as many as
  // the database already holds, so the re-creation sorts at most twice the rows the import adds.
  [[nodiscard]] static bool worth_it(SQLite::Database& db, std::int64_t incoming_actions);

  // Drops the indexes (nothing when called twice).
  void drop(SQLite::Database& db);
  // Re-creates what drop() dropped; call it before the commit.
  void restore(SQLite::Database& db);
  [[nodiscard]] const std::vector<std::string>& names() const { return m_names; }

 private:
  std::vector<std::string> m_names;
  std::vector<std::string> m_definitions;  // CREATE INDEX statements as sqlite_schema keeps them
};

}  // namespace pilot::store
