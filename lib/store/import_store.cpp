#include "store/import_store.hpp"

#include <fmt/format.h>

namespace pilot::store {
namespace {

void put_varint(std::string& out, std::size_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

bool get_varint(std::string_view in, std::size_t& at, std::size_t& value) {
  value = 0;
  for (int shift = 0; at < in.size() && shift < 64; shift += 7) {
    const auto byte = static_cast<unsigned char>(in[at++]);
    value |= static_cast<std::size_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      return true;
    }
  }
  return false;
}

StagedProblem read_problem(SQLite::Statement& query) {
  StagedProblem problem;
  problem.source = query.getColumn(0).getInt();
  problem.line = query.getColumn(1).getInt64();
  problem.column = query.getColumn(2).getInt();
  if (!query.getColumn(3).isNull()) {
    problem.row_id = query.getColumn(3).getInt64();
  }
  problem.warning = query.getColumn(4).getInt() != 0;
  problem.code = query.getColumn(5).getString();
  problem.field = query.getColumn(6).getString();
  problem.value = query.getColumn(7).getString();
  problem.message = query.getColumn(8).getString();
  problem.reference = query.getColumn(9).getString();
  return problem;
}

constexpr const char* k_problem_columns =
    "source, line, col, row_id, warning, code, field, value, message, reference FROM import_problems";

constexpr std::size_t k_max_pack_bytes = 256 * 1024;

std::unique_ptr<SQLite::Database> open_staging_connection() {
  // "": a private database in a temporary file, deleted when the connection closes. Its own
  // connection, used by the import's main thread only, so reading staged rows never waits for the
  // thread writing actions on the database's connection (action_queue), and never enters its WAL.
  auto db = std::make_unique<SQLite::Database>("", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
  // Nothing to recover: the file dies with the process. Sorts and the cache spill to files, so memory
  // stays flat whatever the input's size.
  db->exec("PRAGMA journal_mode = OFF");
  db->exec("PRAGMA synchronous = OFF");
  db->exec("PRAGMA temp_store = FILE");
  db->exec("PRAGMA cache_size = -12288");
  db->exec(
      "CREATE TABLE import_packs (id INTEGER PRIMARY KEY, reference TEXT NOT NULL, kind INTEGER NOT NULL, "
      "source INTEGER NOT NULL, line INTEGER NOT NULL, rows BLOB NOT NULL)");
  db->exec(
      "CREATE TABLE import_problems (id INTEGER PRIMARY KEY, source INTEGER NOT NULL, line INTEGER NOT NULL, "
      "col INTEGER NOT NULL, row_id INTEGER, warning INTEGER NOT NULL, code TEXT NOT NULL, field TEXT NOT NULL, "
      "value TEXT NOT NULL, message TEXT NOT NULL, reference TEXT NOT NULL)");
  db->exec("CREATE TABLE import_rejected (pack INTEGER PRIMARY KEY)");
  // One transaction for the staging's whole life: no commit per row; never committed, the file is
  // simply deleted.
  db->exec("BEGIN");
  return db;
}

constexpr const char* k_pack_columns = "id, reference, kind, source, line, rows";

}  // namespace

std::string encode_cells(const std::vector<RawCell>& cells) {
  std::size_t used = cells.size();
  while (used > 0 && cells[used - 1].kind == CellKind::empty) {
    --used;
  }
  std::string out;
  for (std::size_t i = 0; i < used; ++i) {
    out.push_back(static_cast<char>(cells[i].kind));
    if (cells[i].kind != CellKind::empty) {
      put_varint(out, cells[i].text.size());
      out += cells[i].text;
    }
  }
  return out;
}

void decode_cells(std::string_view blob, std::vector<RawCell>& out) {
  std::size_t count = 0;
  std::size_t at = 0;
  while (at < blob.size()) {
    const auto kind = static_cast<unsigned char>(blob[at++]);
    if (kind > static_cast<unsigned char>(CellKind::percent)) {
      break;
    }
    if (out.size() <= count) {
      out.emplace_back();
    }
    RawCell& cell = out[count];
    cell.kind = static_cast<CellKind>(kind);
    cell.text.clear();
    if (cell.kind != CellKind::empty) {
      std::size_t length = 0;
      if (!get_varint(blob, at, length) || length > blob.size() - at) {
        break;
      }
      cell.text.assign(blob.substr(at, length));
      at += length;
    }
    ++count;
  }
  out.resize(count);
}

StagedRowCursor::StagedRowCursor(std::unique_ptr<SQLite::Statement> statement, bool with_rejected)
    : m_statement(std::move(statement)), m_with_rejected(with_rejected) {}

bool StagedRowCursor::next(StagedRow& row) {
  if (m_offset >= m_blob.size()) {
    if (!m_statement->executeStep()) {
      return false;
    }
    m_pack = m_statement->getColumn(0).getInt64();
    m_reference = m_statement->getColumn(1).getString();
    m_kind = m_statement->getColumn(2).getInt();
    m_source = m_statement->getColumn(3).getInt();
    m_first_line = m_statement->getColumn(4).getInt64();
    const SQLite::Column rows = m_statement->getColumn(5);
    m_blob.assign(static_cast<const char*>(rows.getBlob()), static_cast<std::size_t>(rows.getBytes()));
    m_rejected = m_with_rejected && m_statement->getColumn(6).getInt() != 0;
    m_offset = 0;
    m_index = 0;
  }
  std::size_t delta = 0;
  std::size_t length = 0;
  if (!get_varint(m_blob, m_offset, delta) || !get_varint(m_blob, m_offset, length) ||
      length > m_blob.size() - m_offset) {
    m_offset = m_blob.size();  // a damaged pack ends here
    return next(row);
  }
  row.id = (m_pack << ImportStaging::k_pack_bits) | m_index++;
  row.reference = m_reference;
  row.kind = m_kind;
  row.source = m_source;
  row.line = m_first_line + static_cast<std::int64_t>(delta);
  row.rejected = m_rejected;
  decode_cells(std::string_view(m_blob).substr(m_offset, length), row.cells);
  m_offset += length;
  return true;
}

void use_bulk_write_cache(SQLite::Database& db) {
  // A larger page cache: fewer pages spilled and read back while a million-action transaction is
  // written. 16 MB, not more: the pages are allocated by both threads of the import (action_queue),
  // so glibc keeps up to a cache's worth in each thread's arena (32 MB took a 100k import from 76 to
  // 105 MB, for no measurable speed). With the staging cache and the WAL index SQLite maps for the
  // transaction, a million actions stay under the 100 MB the import allows.
  db.exec("PRAGMA main.cache_size = -16384");
  // Sorts (CREATE INDEX of DeferredIndexes) spill to files rather than grow the process.
  db.exec("PRAGMA temp_store = FILE");
}

ImportStaging::ImportStaging()
    : m_connection(open_staging_connection()),
      m_db(*m_connection),
      m_insert_pack(m_db,
                    "INSERT INTO import_packs (id, reference, kind, source, line, rows) VALUES (?, ?, ?, ?, ?, ?)"),
      m_insert_problem(m_db,
                       "INSERT INTO import_problems (source, line, col, row_id, warning, code, field, value, message, "
                       "reference) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
      m_reject(m_db, "INSERT OR IGNORE INTO import_rejected (pack) VALUES (?)") {}

std::int64_t ImportStaging::add_row(int source, std::string_view reference, int kind, std::int64_t line,
                                    const std::vector<RawCell>& cells) {
  const bool same = m_pack.rows > 0 && m_pack.source == source && m_pack.kind == kind &&
                    m_pack.reference == reference && line >= m_pack.first_line && m_pack.rows < k_max_pack_rows &&
                    m_pack.blob.size() < k_max_pack_bytes;
  if (!same) {
    flush();
    m_pack.id = m_next_pack++;
    m_pack.reference.assign(reference);
    m_pack.kind = kind;
    m_pack.source = source;
    m_pack.first_line = line;
  }
  const std::string encoded = encode_cells(cells);
  put_varint(m_pack.blob, static_cast<std::size_t>(line - m_pack.first_line));
  put_varint(m_pack.blob, encoded.size());
  m_pack.blob += encoded;
  ++m_rows;
  return (m_pack.id << k_pack_bits) | m_pack.rows++;
}

void ImportStaging::flush() {
  if (m_pack.rows == 0) {
    return;
  }
  m_insert_pack.reset();
  m_insert_pack.bind(1, m_pack.id);
  m_insert_pack.bind(2, m_pack.reference);
  m_insert_pack.bind(3, m_pack.kind);
  m_insert_pack.bind(4, m_pack.source);
  m_insert_pack.bind(5, m_pack.first_line);
  m_insert_pack.bindNoCopy(6, static_cast<const void*>(m_pack.blob.data()), static_cast<int>(m_pack.blob.size()));
  m_insert_pack.exec();
  m_pack.rows = 0;
  m_pack.blob.clear();
}

void ImportStaging::index_rows() {
  flush();
  // Built once after loading: one sort instead of a B-tree insertion per pack.
  m_db.exec("CREATE INDEX import_packs_by_reference ON import_packs (reference, kind, id)");
}

StagedRowCursor ImportStaging::rows_by_reference() {
  return StagedRowCursor(std::make_unique<SQLite::Statement>(
                             m_db, std::string("SELECT ") + k_pack_columns +
                                       " FROM import_packs WHERE reference <> '' ORDER BY reference, kind, id"),
                         false);
}

StagedRowCursor ImportStaging::rows_of_source(int source) {
  flush();
  auto statement = std::make_unique<SQLite::Statement>(
      m_db, std::string("SELECT ") + k_pack_columns +
                ", EXISTS (SELECT 1 FROM import_rejected x WHERE x.pack = p.id) FROM import_packs p WHERE source = ? "
                "ORDER BY id");
  statement->bind(1, source);
  return StagedRowCursor(std::move(statement), true);
}

std::vector<std::string> ImportStaging::action_references(std::size_t limit) {
  flush();
  SQLite::Statement query(m_db,
                          "SELECT DISTINCT reference FROM import_packs WHERE kind = 0 AND reference <> '' LIMIT ?");
  query.bind(1, static_cast<std::int64_t>(limit));
  std::vector<std::string> out;
  while (query.executeStep()) {
    out.push_back(query.getColumn(0).getString());
  }
  return out;
}

std::vector<std::string> action_references(SQLite::Database& db, std::int64_t convention_id, std::size_t limit) {
  SQLite::Statement query(db, "SELECT reference FROM actions WHERE convention_id = ? LIMIT ?");
  query.bind(1, convention_id);
  query.bind(2, static_cast<std::int64_t>(limit));
  std::vector<std::string> out;
  while (query.executeStep()) {
    out.push_back(query.getColumn(0).getString());
  }
  return out;
}

std::optional<StagedRow> ImportStaging::row(std::int64_t id) {
  flush();
  auto statement = std::make_unique<SQLite::Statement>(
      m_db, std::string("SELECT ") + k_pack_columns + " FROM import_packs WHERE id = ?");
  statement->bind(1, id >> k_pack_bits);
  StagedRowCursor cursor(std::move(statement), false);
  StagedRow row;
  while (cursor.next(row)) {
    if (row.id == id) {
      return row;
    }
    if (row.id > id) {
      break;
    }
  }
  return std::nullopt;
}

void ImportStaging::add_problem(const StagedProblem& problem) {
  m_insert_problem.reset();
  m_insert_problem.bind(1, problem.source);
  m_insert_problem.bind(2, problem.line);
  m_insert_problem.bind(3, problem.column);
  if (problem.row_id) {
    m_insert_problem.bind(4, *problem.row_id);
  } else {
    m_insert_problem.bind(4);
  }
  m_insert_problem.bind(5, problem.warning ? 1 : 0);
  m_insert_problem.bind(6, problem.code);
  m_insert_problem.bind(7, problem.field);
  m_insert_problem.bind(8, problem.value);
  m_insert_problem.bind(9, problem.message);
  m_insert_problem.bind(10, problem.reference);
  m_insert_problem.exec();
}

void ImportStaging::reject_row(std::int64_t row_id) {
  const std::int64_t pack = row_id >> k_pack_bits;
  if (pack == m_last_rejected) {
    return;  // the rows of a rejected action come one after the other
  }
  m_last_rejected = pack;
  m_reject.reset();
  m_reject.bind(1, pack);
  m_reject.exec();
}

void ImportStaging::for_each_problem(const std::function<bool(const StagedProblem&)>& visit, std::size_t limit) {
  std::string sql = std::string("SELECT ") + k_problem_columns + " ORDER BY source, line, col, id";
  if (limit > 0) {
    sql += " LIMIT " + std::to_string(limit);
  }
  SQLite::Statement query(m_db, sql);
  while (query.executeStep()) {
    if (!visit(read_problem(query))) {
      break;
    }
  }
}

std::vector<StagedProblem> ImportStaging::problems_of_row(std::int64_t row_id) {
  if (!m_row_problems) {
    m_db.exec("CREATE INDEX IF NOT EXISTS import_problems_by_row ON import_problems (row_id)");
    m_row_problems = std::make_unique<SQLite::Statement>(
        m_db, std::string("SELECT ") + k_problem_columns + " WHERE row_id = ? ORDER BY col, id");
  }
  m_row_problems->reset();
  m_row_problems->bind(1, row_id);
  std::vector<StagedProblem> out;
  while (m_row_problems->executeStep()) {
    out.push_back(read_problem(*m_row_problems));
  }
  return out;
}

std::vector<StagedProblem> ImportStaging::problems_without_row(int source) {
  SQLite::Statement query(
      m_db, std::string("SELECT ") + k_problem_columns + " WHERE source = ? AND row_id IS NULL ORDER BY line, col, id");
  query.bind(1, source);
  std::vector<StagedProblem> out;
  while (query.executeStep()) {
    out.push_back(read_problem(query));
  }
  return out;
}

ExistingActions::ExistingActions(SQLite::Database& db, std::int64_t convention_id)
    : m_query(db, "SELECT id, status, form_id FROM actions WHERE convention_id = ? AND reference = ?"),
      m_convention_id(convention_id) {
  SQLite::Statement any(db, "SELECT EXISTS (SELECT 1 FROM actions WHERE convention_id = ?)");
  any.bind(1, convention_id);
  m_empty = any.executeStep() && any.getColumn(0).getInt() == 0;
}

std::optional<ExistingAction> ExistingActions::find(const std::string& reference) {
  if (m_empty) {
    return std::nullopt;
  }
  m_query.reset();
  m_query.bind(1, m_convention_id);
  m_query.bind(2, reference);
  if (!m_query.executeStep()) {
    return std::nullopt;
  }
  ExistingAction found;
  found.id = m_query.getColumn(0).getInt64();
  auto status = domain::parse_action_status(m_query.getColumn(1).getString());
  found.status = status ? *status : domain::ActionStatus::brouillon;
  found.form_id = m_query.getColumn(2).getString();
  return found;
}

bool DeferredIndexes::worth_it(SQLite::Database& db, std::int64_t incoming_actions) {
  if (incoming_actions < k_min_actions) {
    return false;
  }
  SQLite::Statement stored(db, "SELECT count(*) FROM actions");
  return stored.executeStep() && incoming_actions >= stored.getColumn(0).getInt64();
}

void DeferredIndexes::drop(SQLite::Database& db) {
  if (!m_names.empty()) {
    return;
  }
  // Indexes made by CREATE INDEX (not UNIQUE or PRIMARY KEY constraints: those must check each row
  // as it comes) on the tables holding several rows per action, whose first column is not the
  // parent key that grows with each new action (those grow at their right edge, cheaply).
  SQLite::Statement indexes(
      db,
      "SELECT s.name, s.sql FROM sqlite_schema s "
      "WHERE s.type = 'index' AND s.sql IS NOT NULL "
      "AND s.tbl_name IN ('action_answers', 'budget_lines', 'indicators', 'indicator_values') "
      "AND NOT EXISTS (SELECT 1 FROM pragma_index_list(s.tbl_name) l WHERE l.name = s.name AND l.\"unique\") "
      "AND (SELECT i.name FROM pragma_index_info(s.name) i WHERE i.seqno = 0) "
      "NOT IN ('id', 'action_id', 'indicator_id', 'convention_id') "
      "ORDER BY s.name");
  while (indexes.executeStep()) {
    m_names.push_back(indexes.getColumn(0).getString());
    m_definitions.push_back(indexes.getColumn(1).getString());
  }
  for (const auto& name : m_names) {
    db.exec("DROP INDEX \"" + name + "\"");
  }
}

void DeferredIndexes::restore(SQLite::Database& db) {
  if (m_definitions.empty()) {
    return;
  }
  // CREATE INDEX sorts in memory up to about the page cache's size before it spills sorted runs to
  // temporary files, on top of the cache itself: a small cache keeps the import under its memory
  // budget and costs nothing here, the sort reads the table once, in order.
  SQLite::Statement cache(db, "PRAGMA main.cache_size");
  const std::int64_t cache_size = cache.executeStep() ? cache.getColumn(0).getInt64() : 0;
  cache.reset();
  db.exec(fmt::format("PRAGMA main.cache_size = {}", k_sort_cache_kib));
  for (const auto& definition : m_definitions) {
    db.exec(definition);
  }
  db.exec(fmt::format("PRAGMA main.cache_size = {}", cache_size));
  m_names.clear();
  m_definitions.clear();
}

}  // namespace pilot::store
