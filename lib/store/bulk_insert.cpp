#include "store/bulk_insert.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

namespace pilot::store {

BulkStatement::BulkStatement(SQLite::Database& db, const std::string& sql) : m_db(db.getHandle()) {
  check(sqlite3_prepare_v3(m_db, sql.c_str(), static_cast<int>(sql.size() + 1), SQLITE_PREPARE_PERSISTENT, &m_statement,
                           nullptr));
}

BulkStatement::~BulkStatement() {
  sqlite3_finalize(m_statement);
}

void BulkStatement::check(int code) {
  if (code != SQLITE_OK) {
    m_next = 1;
    sqlite3_reset(m_statement);
    throw SQLite::Exception(m_db, code);
  }
}

BulkStatement& BulkStatement::text(std::string_view value) {
  // SQLITE_STATIC: the caller's text outlives run(), so SQLite need not copy it.
  check(sqlite3_bind_text(m_statement, m_next++, value.empty() ? "" : value.data(), static_cast<int>(value.size()),
                          SQLITE_STATIC));
  return *this;
}

BulkStatement& BulkStatement::integer(std::int64_t value) {
  check(sqlite3_bind_int64(m_statement, m_next++, value));
  return *this;
}

BulkStatement& BulkStatement::real(double value) {
  check(sqlite3_bind_double(m_statement, m_next++, value));
  return *this;
}

BulkStatement& BulkStatement::integer(const std::optional<std::int64_t>& value) {
  return value ? integer(*value) : null();
}

BulkStatement& BulkStatement::real(const std::optional<double>& value) {
  return value ? real(*value) : null();
}

BulkStatement& BulkStatement::optional_text(std::optional<std::string_view> value) {
  return value ? text(*value) : null();
}

BulkStatement& BulkStatement::null() {
  check(sqlite3_bind_null(m_statement, m_next++));
  return *this;
}

void BulkStatement::run() {
  const int code = sqlite3_step(m_statement);
  m_next = 1;
  if (code != SQLITE_DONE && code != SQLITE_ROW) {
    // sqlite3_reset returns the statement's error (constraint, disk full...), with its message.
    const int error = sqlite3_reset(m_statement);
    throw SQLite::Exception(m_db, error != SQLITE_OK ? error : code);
  }
  sqlite3_reset(m_statement);
}

MultiRowInsert::MultiRowInsert(SQLite::Database& db, std::string head, int columns)
    : m_db(db), m_head(std::move(head)), m_columns(columns) {}

BulkStatement& MultiRowInsert::batch(std::size_t rows) {
  auto& slot = m_batches.at(rows);
  if (!slot) {
    std::string row = "(";
    for (int c = 0; c < m_columns; ++c) {
      row += c == 0 ? "?" : ", ?";
    }
    row += ')';
    std::string sql = m_head;
    for (std::size_t r = 0; r < rows; ++r) {
      sql += r == 0 ? "" : ", ";
      sql += row;
    }
    slot = std::make_unique<BulkStatement>(m_db, sql);
  }
  return *slot;
}

}  // namespace pilot::store
