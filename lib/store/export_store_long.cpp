// The long export tables' cursors: budget lines and bilan expenses, indicators, bilan answers,
// validations. Each is one statement over the shared action join, in (convention, reference) order.
#include <fmt/format.h>

#include "store/export_store.hpp"
#include "store/export_store_detail.hpp"

namespace pilot::store {

using namespace export_detail;

// --- BudgetCursor ---------------------------------------------------------------------------

struct BudgetCursor::Statements {
  SQLite::Statement planned;
  SQLite::Statement realised;
};

BudgetCursor::BudgetCursor(Database& database, const ExportFilter& filter) {
  const Where where = action_where(filter);
  const std::string planned_sql = fmt::format(
      "SELECT {keys}, b.year, b.financer_type, b.financer_name, b.nature, b.amount_cents, b.etp, b.informational, "
      "({counted}) {from} CROSS JOIN budget_lines b ON b.action_id = a.id WHERE {where}{year} "
      "ORDER BY {order}, b.year, b.financer_type, b.financer_name, b.nature",
      fmt::arg("keys", k_key_columns), fmt::arg("counted", k_counted_line), fmt::arg("from", k_from),
      fmt::arg("where", where.sql), fmt::arg("year", year_condition(filter, "b.year")),
      fmt::arg("order", k_action_order));
  const std::string realised_sql = fmt::format(
      "SELECT {keys}, bi.year, e.financer_type, e.financer_name, e.nature, e.amount_cents, e.etp, e.informational, 0 "
      "{from} "
      "CROSS JOIN bilans bi ON bi.action_id = a.id CROSS JOIN bilan_expenses e ON e.bilan_id = bi.id "
      "WHERE {where}{year} ORDER BY {order}, bi.year, e.financer_type, e.financer_name, e.nature",
      fmt::arg("keys", k_key_columns), fmt::arg("from", k_from), fmt::arg("where", where.sql),
      fmt::arg("year", year_condition(filter, "bi.year")), fmt::arg("order", k_action_order));
  auto& db = database.connection();
  m_statements =
      std::make_unique<Statements>(Statements{SQLite::Statement(db, planned_sql), SQLite::Statement(db, realised_sql)});
  bind(m_statements->planned, where, filter.year, 1);
  bind(m_statements->realised, where, filter.year, 1);
}

BudgetCursor::~BudgetCursor() = default;

bool BudgetCursor::next() {
  if (!m_realised_phase && !m_statements->planned.executeStep()) {
    m_realised_phase = true;
  }
  if (m_realised_phase && !m_statements->realised.executeStep()) {
    return false;
  }
  auto& row = m_realised_phase ? m_statements->realised : m_statements->planned;
  read_key(row, m_row.key);
  int column = k_key_column_count;
  m_row.realised = m_realised_phase;
  m_row.year = row.getColumn(column++).getInt();
  m_row.financer = financer_of(row.getColumn(column++).getText(""));
  assign_text(m_row.financer_name, row.getColumn(column++));
  assign_text(m_row.nature, row.getColumn(column++));
  m_row.cents = optional_integer(row.getColumn(column++));
  m_row.etp = optional_double(row.getColumn(column++));
  m_row.informational = row.getColumn(column++).getInt() != 0;
  m_row.counted = row.getColumn(column++).getInt() != 0;
  return true;
}

// --- IndicatorCursor ------------------------------------------------------------------------

IndicatorCursor::IndicatorCursor(Database& database, const ExportFilter& filter) {
  const Where where = action_where(filter);
  // Realised values live with the bilans (migration 2): the indicator_realised view gives them per
  // planned indicator and year, and wins over a value the plan itself carries. LIMIT 1 because a
  // bilan could name one local indicator twice (same label, two codes): one row per year, as in
  // the dashboards.
  constexpr std::string_view k_declared =
      "(SELECT ir.{column} FROM indicator_realised ir WHERE ir.indicator_id = i.id AND ir.year = {year} LIMIT 1)";
  const std::string realised = fmt::format(k_declared, fmt::arg("column", "realised"), fmt::arg("year", "v.year"));
  const std::string bilan_comment = fmt::format(k_declared, fmt::arg("column", "comment"), fmt::arg("year", "v.year"));
  // Two branches, merged by SQLite in the shared order with no sort (each is read in index order):
  // the planned years (LEFT JOIN keeps indicators without yearly values, unless a bilan gives them
  // one), then the years only a bilan speaks of (no target planned for that year).
  const std::string sql = fmt::format(
      "SELECT {keys}, i.id, i.kind, i.code, i.label, i.unit, i.baseline, v.year AS value_year, v.target, "
      "coalesce({realised}, v.realised), "
      "CASE WHEN coalesce({bilan_comment}, '') = '' THEN coalesce(v.comment, '') "
      "WHEN coalesce(v.comment, '') = '' THEN {bilan_comment} "
      "ELSE v.comment || ' — bilan : ' || {bilan_comment} END, "
      "a.convention_id AS sort_convention, a.reference AS sort_reference, i.id AS sort_indicator "
      "{from} CROSS JOIN indicators i ON i.action_id = a.id "
      "LEFT JOIN indicator_values v ON v.indicator_id = i.id{join_year} WHERE {where}{planned_year} "
      "UNION ALL "
      "SELECT {keys}, i.id, i.kind, i.code, i.label, i.unit, i.baseline, b.year, NULL, {declared_realised}, "
      "coalesce({declared_comment}, ''), a.convention_id, a.reference, i.id "
      "{from} CROSS JOIN indicators i ON i.action_id = a.id CROSS JOIN bilans b ON b.action_id = a.id "
      "WHERE {where}{bilan_year} "
      "AND NOT EXISTS (SELECT 1 FROM indicator_values v2 WHERE v2.indicator_id = i.id AND v2.year = b.year) "
      "AND EXISTS (SELECT 1 FROM indicator_realised ir WHERE ir.indicator_id = i.id AND ir.year = b.year) "
      "ORDER BY sort_convention, sort_reference, sort_indicator, value_year",
      fmt::arg("keys", k_key_columns), fmt::arg("from", k_from), fmt::arg("where", where.sql),
      fmt::arg("realised", realised), fmt::arg("bilan_comment", bilan_comment),
      fmt::arg("join_year", filter.year ? " AND v.year = ?" : ""),
      fmt::arg("planned_year", filter.year
                                   ? std::string(" AND v.year IS NOT NULL")
                                   : " AND (v.year IS NOT NULL OR NOT EXISTS (SELECT 1 FROM indicator_realised ir "
                                     "WHERE ir.indicator_id = i.id))"),
      fmt::arg("bilan_year", year_condition(filter, "b.year")),
      fmt::arg("declared_realised",
               fmt::format(k_declared, fmt::arg("column", "realised"), fmt::arg("year", "b.year"))),
      fmt::arg("declared_comment", fmt::format(k_declared, fmt::arg("column", "comment"), fmt::arg("year", "b.year"))));
  m_query = std::make_unique<SQLite::Statement>(database.connection(), sql);
  // Placeholders in text order: the first branch's join year, its WHERE clause, then the second
  // branch's WHERE clause and year.
  int index = 1;
  auto bind_where = [&] {
    for (const auto& text : where.texts) {
      m_query->bind(index++, text);
    }
    for (const auto value : where.integers) {
      m_query->bind(index++, static_cast<std::int64_t>(value));
    }
  };
  if (filter.year) {
    m_query->bind(index++, *filter.year);
  }
  bind_where();
  bind_where();
  if (filter.year) {
    m_query->bind(index++, *filter.year);
  }
}

IndicatorCursor::~IndicatorCursor() = default;

bool IndicatorCursor::next() {
  auto& row = *m_query;
  if (!row.executeStep()) {
    return false;
  }
  read_key(row, m_row.key);
  int column = k_key_column_count;
  m_row.indicator_id = row.getColumn(column++).getInt64();
  m_row.kind = kind_of(row.getColumn(column++).getText(""));
  assign_text(m_row.code, row.getColumn(column++));
  assign_text(m_row.label, row.getColumn(column++));
  assign_text(m_row.unit, row.getColumn(column++));
  m_row.baseline = optional_double(row.getColumn(column++));
  const SQLite::Column year = row.getColumn(column++);
  m_row.year = year.isNull() ? std::nullopt : std::optional<int>(year.getInt());
  m_row.target = optional_double(row.getColumn(column++));
  m_row.realised = optional_double(row.getColumn(column++));
  assign_text(m_row.comment, row.getColumn(column++));
  return true;
}

// --- BilanCursor ----------------------------------------------------------------------------

BilanCursor::BilanCursor(Database& database, const ExportFilter& filter) {
  const Where where = action_where(filter);
  const std::string sql = fmt::format(
      "SELECT {keys}, bi.id, bi.year, bi.form_id, bi.form_version, ba.field_key, ba.ord, ba.value_text, "
      "ba.value_num {from} CROSS JOIN bilans bi ON bi.action_id = a.id "
      "CROSS JOIN bilan_answers ba ON ba.bilan_id = bi.id WHERE {where}{year} "
      "ORDER BY {order}, bi.year, ba.field_key, ba.ord",
      fmt::arg("keys", k_key_columns), fmt::arg("from", k_from), fmt::arg("where", where.sql),
      fmt::arg("year", year_condition(filter, "bi.year")), fmt::arg("order", k_action_order));
  m_query = std::make_unique<SQLite::Statement>(database.connection(), sql);
  bind(*m_query, where, filter.year, 1);
}

BilanCursor::~BilanCursor() = default;

bool BilanCursor::next() {
  auto& row = *m_query;
  if (!row.executeStep()) {
    return false;
  }
  read_key(row, m_row.key);
  int column = k_key_column_count;
  m_row.bilan_id = row.getColumn(column++).getInt64();
  m_row.year = row.getColumn(column++).getInt();
  assign_text(m_row.form_id, row.getColumn(column++));
  m_row.form_version = row.getColumn(column++).getInt();
  assign_text(m_row.answer.field_key, row.getColumn(column++));
  m_row.answer.ord = row.getColumn(column++).getInt();
  const SQLite::Column text = row.getColumn(column++);
  m_row.answer.text = text.isNull() ? std::nullopt : std::optional<std::string>(text.getString());
  m_row.answer.number = optional_double(row.getColumn(column++));
  return true;
}

// --- ValidationCursor -----------------------------------------------------------------------

ValidationCursor::ValidationCursor(Database& database, const ExportFilter& filter) {
  const Where where = action_where(filter);
  const std::string sql = fmt::format(
      "SELECT {keys}, v.id, v.side, v.user, v.at, v.form_id, v.form_version, v.content_hash, "
      "v.content_hash = a.content_hash, v.comment, v.revoked_at, coalesce(v.revoked_by, ''), "
      "coalesce(v.revoked_why, '') {from} CROSS JOIN validations v ON v.action_id = a.id WHERE {where} "
      "ORDER BY {order}, v.id",
      fmt::arg("keys", k_key_columns), fmt::arg("from", k_from), fmt::arg("where", where.sql),
      fmt::arg("order", k_action_order));
  m_query = std::make_unique<SQLite::Statement>(database.connection(), sql);
  bind(*m_query, where);
}

ValidationCursor::~ValidationCursor() = default;

bool ValidationCursor::next() {
  auto& row = *m_query;
  if (!row.executeStep()) {
    return false;
  }
  read_key(row, m_row.key);
  int column = k_key_column_count;
  m_row.validation_id = row.getColumn(column++).getInt64();
  m_row.side =
      std::string_view(row.getColumn(column++).getText("")) == "etat" ? domain::Side::etat : domain::Side::collectivite;
  assign_text(m_row.user, row.getColumn(column++));
  assign_text(m_row.at, row.getColumn(column++));
  assign_text(m_row.form_id, row.getColumn(column++));
  m_row.form_version = row.getColumn(column++).getInt();
  assign_text(m_row.content_hash, row.getColumn(column++));
  m_row.matches_current_content = row.getColumn(column++).getInt() != 0;
  assign_text(m_row.comment, row.getColumn(column++));
  const SQLite::Column revoked = row.getColumn(column++);
  m_row.revoked_at = revoked.isNull() ? std::nullopt : std::optional<std::string>(revoked.getString());
  assign_text(m_row.revoked_by, row.getColumn(column++));
  assign_text(m_row.revoked_why, row.getColumn(column++));
  return true;
}

}  // namespace pilot::store
