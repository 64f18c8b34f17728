// Private to lib/store: prepared statements for bulk writes (`pilot action import` writes tens of
// millions of rows). A BulkStatement binds text without copying it and is reused for every row;
// a MultiRowInsert inserts up to k_max_rows rows per statement run, so SQLite's per-run costs
// (opening cursors, building the IN lists of CHECK constraints, halting) are paid once per batch
// instead of once per row. Errors are thrown as SQLite::Exception, like SQLiteCpp's.
#pragma once

#include <SQLiteCpp/Database.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace pilot::store {

class BulkStatement {
 public:
  BulkStatement(SQLite::Database& db, const std::string& sql);
  ~BulkStatement();
  BulkStatement(const BulkStatement&) = delete;
  BulkStatement& operator=(const BulkStatement&) = delete;

  // Bind the next parameter, left to right. Text must stay alive until run() returns.
  BulkStatement& text(std::string_view value);
  BulkStatement& integer(std::int64_t value);
  BulkStatement& integer(const std::optional<std::int64_t>& value);  // NULL when absent
  BulkStatement& real(double value);
  BulkStatement& real(const std::optional<double>& value);              // NULL when absent
  BulkStatement& optional_text(std::optional<std::string_view> value);  // NULL when absent
  BulkStatement& null();

  // Runs the statement to completion and makes it ready for the next row.
  void run();

 private:
  void check(int code);

  sqlite3* m_db = nullptr;
  sqlite3_stmt* m_statement = nullptr;
  int m_next = 1;
};

// INSERT INTO table (columns) VALUES (...), (...): one prepared statement per batch size, prepared
// the first time that size is needed and kept.
class MultiRowInsert {
 public:
  static constexpr std::size_t k_max_rows = 32;

  MultiRowInsert(SQLite::Database& db, std::string head, int columns);
  // The statement for `rows` rows (1 ≤ rows ≤ k_max_rows), parameters unbound.
  BulkStatement& batch(std::size_t rows);

 private:
  SQLite::Database& m_db;
  std::string m_head;  // "INSERT INTO t (a, b) VALUES "
  int m_columns = 0;
  std::array<std::unique_ptr<BulkStatement>, k_max_rows + 1> m_batches;
};

// Calls bind(statement, item) for every item of `items`, k_max_rows rows per statement run.
template <typename Items, typename Bind>
void insert_rows(MultiRowInsert& insert, const Items& items, Bind bind) {
  const std::size_t total = std::size(items);
  auto it = std::begin(items);
  for (std::size_t done = 0; done < total;) {
    const std::size_t rows = std::min(total - done, MultiRowInsert::k_max_rows);
    BulkStatement& statement = insert.batch(rows);
    for (std::size_t i = 0; i < rows; ++i, ++it) {
      bind(statement, *it);
    }
    statement.run();
    done += rows;
  }
}

}  // namespace pilot::store
