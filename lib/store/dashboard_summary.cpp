#include "store/dashboard_summary.hpp"

#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <array>
#include <chrono>
#include <memory>
#include <string_view>

#include "store/group_sums.hpp"

namespace pilot::store {
namespace {

constexpr std::array<std::string_view, 7> k_tables = {
    "dashboard_actions", "dashboard_answers",     "dashboard_value_budgets", "dashboard_budgets",
    "dashboard_bilans",  "dashboard_bilan_money", "dashboard_indicators"};

// How each summary table is computed for one convention (?1): the rows it sums, ungrouped — the
// grouping columns first, then the values summed (1 counts a row) — and the statement storing one
// group (its parameters: the convention, the grouping columns, the sums). The grouping is done by
// GroupSums rather than SQLite's GROUP BY, which sorts every row. The actions are reached through
// their (convention, reference) index and their children through their primary keys.
struct SummaryStatement {
  std::string_view rows;
  int keys;
  int values;
  std::string_view insert;
};

constexpr std::array<SummaryStatement, 7> k_compute = {{
    // Actions by form, status and dropped year.
    {R"sql(SELECT form_id, status, dropped_year, 1 FROM actions WHERE convention_id = ?1)sql", 3, 1,
     R"sql(INSERT INTO dashboard_actions (convention_id, form_id, status, dropped_year, actions)
VALUES (?1, ?2, ?3, ?4, ?5))sql"},
    // Answers of the charted fields: holders of each value, and first options only (an action
    // answering a multiple choice counts once per field there).
    {R"sql(SELECT x.field_key, x.value_text, a.form_id, a.status, a.dropped_year, 1, x.ord = 0
FROM actions a CROSS JOIN action_answers x ON x.action_id = a.id
WHERE a.convention_id = ?1 AND x.field_key IN (SELECT field_key FROM dashboard_fields WHERE role = 'count')
  AND x.value_text IS NOT NULL)sql",
     5, 2,
     R"sql(INSERT INTO dashboard_answers (convention_id, field_key, value_text, form_id, status, dropped_year, actions,
                               answering) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8))sql"},
    // Whole budget of the actions holding each value of the budget fields, by year, counted as in
    // the conventions table (never « Pour info »; a dropped action keeps the lines of the years
    // before). An action with no counted line still lists its value (no year, no amount).
    {R"sql(SELECT x.field_key, x.value_text, a.form_id, a.status, b.year, b.amount_cents,
       CASE WHEN x.ord = 0 THEN b.amount_cents END
FROM actions a CROSS JOIN action_answers x ON x.action_id = a.id
LEFT JOIN budget_lines b ON b.action_id = a.id AND b.informational = 0
  AND (a.dropped_year IS NULL OR b.year < a.dropped_year)
WHERE a.convention_id = ?1 AND x.field_key IN (SELECT field_key FROM dashboard_fields WHERE role = 'budget')
  AND x.value_text IS NOT NULL)sql",
     5, 2,
     R"sql(INSERT INTO dashboard_value_budgets (convention_id, field_key, value_text, form_id, status, budget_year, cents,
                                     answering_cents) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8))sql"},
    // Planned budget by form, year and financer, counted the same way.
    {R"sql(SELECT a.form_id, a.status, b.year, b.financer_type, b.amount_cents
FROM actions a CROSS JOIN budget_lines b ON b.action_id = a.id
WHERE a.convention_id = ?1 AND b.informational = 0 AND (a.dropped_year IS NULL OR b.year < a.dropped_year))sql",
     4, 1,
     R"sql(INSERT INTO dashboard_budgets (convention_id, form_id, status, budget_year, financer_type, cents)
VALUES (?1, ?2, ?3, ?4, ?5, ?6))sql"},
    // Actions with a bilan, by bilan year (one bilan per action and year).
    {R"sql(SELECT bl.year, a.status, a.dropped_year, 1
FROM actions a CROSS JOIN bilans bl ON bl.action_id = a.id WHERE a.convention_id = ?1)sql",
     3, 1,
     R"sql(INSERT INTO dashboard_bilans (convention_id, year, status, dropped_year, bilans)
VALUES (?1, ?2, ?3, ?4, ?5))sql"},
    // For the actions with a bilan: planned lines of the bilan's year and the bilan's expenses.
    {R"sql(SELECT bl.year, a.status, a.dropped_year, m.financer_type, m.amount_cents, 0
FROM actions a CROSS JOIN bilans bl ON bl.action_id = a.id
CROSS JOIN budget_lines m ON m.action_id = a.id AND m.year = bl.year AND m.informational = 0
WHERE a.convention_id = ?1
UNION ALL
SELECT bl.year, a.status, a.dropped_year, e.financer_type, 0, e.amount_cents
FROM actions a CROSS JOIN bilans bl ON bl.action_id = a.id
CROSS JOIN bilan_expenses e ON e.bilan_id = bl.id AND e.informational = 0
WHERE a.convention_id = ?1)sql",
     4, 2,
     R"sql(INSERT INTO dashboard_bilan_money (convention_id, year, status, dropped_year, financer_type, planned_cents,
                                   realised_cents) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7))sql"},
    // Indicators with a target, by year: realised value from that year's bilan (matched as the
    // view indicator_realised does), else from the plan. A bilan's indicators are looked up only
    // when the action has a bilan that year; the inner query is not flattened (OFFSET 0) so the
    // lookup runs once per value.
    {R"sql(SELECT year, status, dropped_year, kind, 1, realised IS NOT NULL, realised >= target
FROM (SELECT v.year AS year, a.status AS status, a.dropped_year AS dropped_year, i.kind AS kind, v.target AS target,
        coalesce(CASE WHEN bl.id IS NOT NULL THEN
                   (SELECT bi.realised FROM bilan_indicators bi WHERE bi.bilan_id = bl.id AND bi.kind = i.kind
                      AND ((i.kind = 'national' AND i.code = bi.code) OR (i.kind <> 'national' AND i.label = bi.label))
                    LIMIT 1) END, v.realised) AS realised
      FROM actions a CROSS JOIN indicators i ON i.action_id = a.id
      CROSS JOIN indicator_values v ON v.indicator_id = i.id AND v.target IS NOT NULL
      LEFT JOIN bilans bl ON bl.action_id = a.id AND bl.year = v.year
      WHERE a.convention_id = ?1 LIMIT -1 OFFSET 0))sql",
     4, 3,
     R"sql(INSERT INTO dashboard_indicators (convention_id, year, status, dropped_year, kind, with_target, with_realised,
                                  reached) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, 0)))sql"},
}};

// A stored summary is never worth waiting long for: when another command writes, the stale part
// is computed for this view only.
constexpr int k_refresh_busy_ms = 1000;
// How long one transaction storing summaries may keep other writers waiting.
constexpr std::chrono::milliseconds k_batch_time{100};

bool lock_or_read_only(const SQLite::Exception& error) {
  const int code = error.getErrorCode() & 0xff;
  return code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_READONLY;
}

class ShortBusyTimeout {
 public:
  ShortBusyTimeout(SQLite::Database& db, int ms) : m_db(db) {
    SQLite::Statement current(db, "PRAGMA busy_timeout");
    m_previous = current.executeStep() ? current.getColumn(0).getInt() : 0;
    m_db.setBusyTimeout(ms);
  }
  ~ShortBusyTimeout() {
    try {
      m_db.setBusyTimeout(m_previous);
    } catch (...) {
      // The connection keeps the shorter timeout; nothing better can be done in a destructor.
    }
  }
  ShortBusyTimeout(const ShortBusyTimeout&) = delete;
  ShortBusyTimeout& operator=(const ShortBusyTimeout&) = delete;

 private:
  SQLite::Database& m_db;
  int m_previous = 0;
};

// The summaries are derived data: a commit of summaries that a power cut loses leaves their
// conventions marked stale (dashboard_fresh is written in the same transaction), and the next
// dashboard computes them again. Their transactions need not wait for the disk (one fsync per
// convention made the first dashboard of a national base take seconds); WAL keeps them atomic.
class NoSyncForSummaries {
 public:
  explicit NoSyncForSummaries(SQLite::Database& db) : m_db(db) { m_db.exec("PRAGMA synchronous = NORMAL"); }
  ~NoSyncForSummaries() {
    try {
      m_db.exec("PRAGMA synchronous = FULL");
    } catch (...) {
      // Cannot fail outside a transaction; the connection ends with the command anyway.
    }
  }
  NoSyncForSummaries(const NoSyncForSummaries&) = delete;
  NoSyncForSummaries& operator=(const NoSyncForSummaries&) = delete;

 private:
  SQLite::Database& m_db;
};

std::vector<std::int64_t> ids_of(SQLite::Database& db, const char* sql) {
  SQLite::Statement query(db, sql);
  std::vector<std::int64_t> out;
  while (query.executeStep()) {
    out.push_back(query.getColumn(0).getInt64());
  }
  return out;
}

// Conventions whose stored summaries are missing or out of date.
std::vector<std::int64_t> stale_conventions(SQLite::Database& db) {
  return ids_of(db,
                "SELECT id FROM main.conventions WHERE id NOT IN (SELECT convention_id FROM main.dashboard_fresh) "
                "ORDER BY id");
}

template <class Visit>
void each_field(const SummaryFields& fields, Visit visit) {
  for (const auto& field : fields.counted) {
    visit(field, "count");
  }
  for (const auto& field : fields.budgeted) {
    visit(field, "budget");
  }
}

bool fields_stored(SQLite::Database& db, const SummaryFields& fields) {
  SQLite::Statement known(db, "SELECT 1 FROM main.dashboard_fields WHERE field_key = ? AND role = ?");
  bool all = true;
  each_field(fields, [&](const std::string& field, const char* role) {
    known.reset();
    known.bind(1, field);
    known.bind(2, role);
    all = all && known.executeStep();
  });
  return all;
}

void insert_fields(SQLite::Database& db, const SummaryFields& fields, std::string_view verb) {
  SQLite::Statement insert(db, fmt::format("{} INTO dashboard_fields (field_key, role) VALUES (?, ?)", verb));
  each_field(fields, [&](const std::string& field, const char* role) {
    insert.reset();
    insert.bind(1, field);
    insert.bind(2, role);
    insert.exec();
  });
}

// The compute statements, prepared once against whichever tables the names resolve to.
class Computer {
 public:
  explicit Computer(SQLite::Database& db) {
    for (const auto& summary : k_compute) {
      m_parts.push_back(Part{GroupSums(db, std::string(summary.rows), summary.keys, summary.values),
                             std::make_unique<SQLite::Statement>(db, std::string(summary.insert))});
    }
  }
  void compute(std::int64_t convention_id) {
    for (auto& part : m_parts) {
      part.sums.run(convention_id);
      part.insert->reset();
      part.insert->bind(1, convention_id);
      part.sums.insert_each(*part.insert, 2);
    }
  }

 private:
  struct Part {
    GroupSums sums;
    std::unique_ptr<SQLite::Statement> insert;
  };
  std::vector<Part> m_parts;
};

}  // namespace

SummaryView::SummaryView(Database& database, const SummaryFields& fields) : m_database(database) {
  sqlite3* handle = database.connection().getHandle();
  // Inside a caller's transaction nothing is stored: the view computes what is stale.
  const bool own = sqlite3_get_autocommit(handle) != 0;
  try {
    if (own && sqlite3_db_readonly(handle, "main") == 0) {
      store_stale(fields);
    }
    open_view(fields);
  } catch (...) {
    close();
    throw;
  }
}

SummaryView::~SummaryView() {
  close();
}

void SummaryView::close() {
  auto& db = m_database.connection();
  try {
    if (m_own_transaction) {
      m_own_transaction = false;
      db.exec("COMMIT");
    }
    if (m_shadowed) {
      m_shadowed = false;
      for (const auto table : k_tables) {
        db.exec(fmt::format("DROP TABLE IF EXISTS temp.{}", table));
      }
      db.exec("DROP TABLE IF EXISTS temp.dashboard_fields");
    }
  } catch (...) {
    // A read transaction or temporary tables left behind end with the connection.
  }
}

void SummaryView::store_stale(const SummaryFields& fields) {
  auto& db = m_database.connection();
  const bool known_fields = fields_stored(db, fields);
  auto stale = stale_conventions(db);
  if (known_fields && stale.empty()) {
    return;
  }
  ShortBusyTimeout short_wait(db, k_refresh_busy_ms);
  const NoSyncForSummaries no_sync(db);
  try {
    {
      SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
      if (!known_fields) {
        // A field not summarised yet: every convention is recomputed with it.
        insert_fields(db, fields, "INSERT OR IGNORE");
        db.exec("DELETE FROM dashboard_fresh");
      }
      for (const auto table : k_tables) {
        db.exec(fmt::format("DELETE FROM {} WHERE convention_id NOT IN (SELECT id FROM conventions)", table));
      }
      transaction.commit();
    }
    stale = stale_conventions(db);
    Computer computer(db);
    std::vector<std::unique_ptr<SQLite::Statement>> clear;
    for (const auto table : k_tables) {
      clear.push_back(
          std::make_unique<SQLite::Statement>(db, fmt::format("DELETE FROM {} WHERE convention_id = ?", table)));
    }
    SQLite::Statement is_fresh(db, "SELECT 1 FROM dashboard_fresh WHERE convention_id = ?");
    SQLite::Statement mark_fresh(db, "INSERT INTO dashboard_fresh (convention_id) VALUES (?)");
    // Short transactions of about k_batch_time each (at least one convention): a writer waits that
    // long at most, and the pages the summaries of several conventions share are written once per
    // transaction rather than once per convention.
    std::size_t next = 0;
    while (next < stale.size()) {
      SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
      const auto started = std::chrono::steady_clock::now();
      std::size_t stored = 0;
      for (; next < stale.size() && (stored == 0 || std::chrono::steady_clock::now() - started < k_batch_time);
           ++next) {
        const std::int64_t id = stale[next];
        is_fresh.reset();
        is_fresh.bind(1, id);
        if (is_fresh.executeStep()) {
          continue;  // another dashboard stored it meanwhile
        }
        is_fresh.reset();
        for (auto& statement : clear) {
          statement->reset();
          statement->bind(1, id);
          statement->exec();
        }
        computer.compute(id);
        mark_fresh.reset();
        mark_fresh.bind(1, id);
        mark_fresh.exec();
        ++stored;
      }
      transaction.commit();
      m_stored += stored;
    }
  } catch (const SQLite::Exception& error) {
    if (!lock_or_read_only(error)) {
      throw;
    }
    // Whatever could not be stored is computed for this view only.
  }
}

void SummaryView::open_view(const SummaryFields& fields) {
  auto& db = m_database.connection();
  if (sqlite3_get_autocommit(db.getHandle()) != 0) {
    db.exec("BEGIN");
    m_own_transaction = true;
  }
  // The first read fixes the snapshot every query of this view sees.
  const bool known_fields = fields_stored(db, fields);
  const auto stale = known_fields ? stale_conventions(db) : ids_of(db, "SELECT id FROM main.conventions ORDER BY id");
  if (known_fields && stale.empty()) {
    return;
  }
  m_shadowed = true;
  for (const auto table : k_tables) {
    db.exec(fmt::format("CREATE TEMP TABLE {0} AS SELECT * FROM main.{0} WHERE {1}", table,
                        known_fields ? "convention_id IN (SELECT convention_id FROM main.dashboard_fresh)" : "0"));
  }
  db.exec("CREATE TEMP TABLE dashboard_fields (field_key TEXT NOT NULL, role TEXT NOT NULL)");
  insert_fields(db, fields, "INSERT");
  Computer computer(db);
  for (const std::int64_t id : stale) {
    computer.compute(id);
    ++m_computed;
  }
}

}  // namespace pilot::store
