#include "store/export_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "store/export_store_detail.hpp"
#include "util/text.hpp"

namespace pilot::store {
using namespace export_detail;

std::vector<domain::Convention> export_conventions(Database& database, const ExportFilter& filter) {
  // The status filter limits which actions are counted, never which conventions are listed.
  const SqlFilter scope = scope_filter(filter.scope);
  std::string status_condition;
  if (filter.status == StatusFilter::double_validee) {
    status_condition = " AND a.status = 'double_validee'";
  } else if (filter.status == StatusFilter::brouillon) {
    status_condition = " AND a.status <> 'double_validee'";
  }
  const std::string sql =
      fmt::format(R"sql(
SELECT conv.id, conv.collectivite_id, c.name, c.type, c.departement_code, d.name,
       coalesce(d.region_code, ''), coalesce(r.name, ''), conv.type, conv.signed_on, conv.start_on, conv.end_on,
       conv.reference, doc.file_name, doc.sha256, doc.size_bytes, conv.created_at, conv.updated_at,
       (SELECT count(*) FROM actions a WHERE a.convention_id = conv.id AND a.dropped_year IS NULL{status}),
       coalesce(money.total, 0), coalesce(money.etat, 0), coalesce(money.collectivite, 0), coalesce(money.autre, 0)
FROM conventions conv
JOIN collectivites c ON c.id = conv.collectivite_id
JOIN departements d ON d.code = c.departement_code
LEFT JOIN regions r ON r.code = d.region_code
LEFT JOIN documents doc ON doc.id = conv.document_id
LEFT JOIN (SELECT a.convention_id,
                  sum(b.amount_cents) AS total,
                  sum(CASE WHEN b.financer_type = 'etat' THEN b.amount_cents ELSE 0 END) AS etat,
                  sum(CASE WHEN b.financer_type = 'collectivite' THEN b.amount_cents ELSE 0 END) AS collectivite,
                  sum(CASE WHEN b.financer_type = 'autre' THEN b.amount_cents ELSE 0 END) AS autre
           FROM budget_lines b JOIN actions a ON a.id = b.action_id
           WHERE {counted}{status}{year}
           GROUP BY a.convention_id) money ON money.convention_id = conv.id
WHERE {scope}
ORDER BY c.name, conv.type, conv.start_on, conv.id
)sql",
                  fmt::arg("status", status_condition), fmt::arg("counted", k_counted_line),
                  fmt::arg("year", year_condition(filter, "b.year")), fmt::arg("scope", scope.condition));
  SQLite::Statement query(database.connection(), sql);
  int index = 1;
  if (filter.year) {
    query.bind(index++, *filter.year);
  }
  for (const auto& value : scope.text_values) {
    query.bind(index++, value);
  }
  std::vector<domain::Convention> out;
  while (query.executeStep()) {
    domain::Convention convention;
    convention.id = query.getColumn(0).getInt64();
    convention.collectivite_id = query.getColumn(1).getInt64();
    convention.collectivite_name = query.getColumn(2).getString();
    convention.collectivite_type = query.getColumn(3).getString() == "metropole"
                                       ? domain::CollectiviteType::metropole
                                       : domain::CollectiviteType::departement;
    convention.departement_code = query.getColumn(4).getString();
    convention.departement_name = query.getColumn(5).getString();
    convention.region_code = query.getColumn(6).getString();
    convention.region_name = query.getColumn(7).getString();
    convention.type = convention_type_of(query.getColumn(8).getText(""));
    convention.signed_on = date_of(query.getColumn(9));
    convention.period = {date_of(query.getColumn(10)), date_of(query.getColumn(11))};
    convention.reference = query.getColumn(12).getString();
    if (!query.getColumn(13).isNull()) {
      convention.document = domain::StoredDocument{query.getColumn(13).getString(), query.getColumn(14).getString(),
                                                   query.getColumn(15).getInt64()};
    }
    convention.created_at = query.getColumn(16).getString();
    convention.updated_at = query.getColumn(17).getString();
    convention.action_count = query.getColumn(18).getInt64();
    convention.budget_cents = query.getColumn(19).getInt64();
    convention.budget_state_cents = query.getColumn(20).getInt64();
    convention.budget_collectivite_cents = query.getColumn(21).getInt64();
    convention.budget_other_cents = query.getColumn(22).getInt64();
    out.push_back(std::move(convention));
  }
  return out;
}

// --- ActionCursor ---------------------------------------------------------------------------

// Three statements walked in step (a merge join on the action order): the actions, their answers,
// their budget sums. Each is ordered by (convention, reference), straight from the indexes.
struct ActionCursor::Statements {
  SQLite::Statement actions;
  SQLite::Statement answers;
  SQLite::Statement budget;
  bool answers_pending = false;  // answers is positioned on a row not consumed yet
  bool answers_done = false;
  bool budget_pending = false;
  bool budget_done = false;
};

ActionCursor::ActionCursor(Database& database, const ExportFilter& filter) {
  const Where where = action_where(filter);
  const std::string actions_sql = fmt::format(
      "SELECT {keys}, c.code, conv.signed_on, conv.start_on, conv.end_on, conv.reference, a.created_at, "
      "a.updated_at, (SELECT count(*) FROM indicators i WHERE i.action_id = a.id) {from} WHERE {where} "
      "ORDER BY {order}",
      fmt::arg("keys", k_key_columns), fmt::arg("from", k_from), fmt::arg("where", where.sql),
      fmt::arg("order", k_action_order));
  const std::string answers_sql = fmt::format(
      "SELECT ans.action_id, ans.field_key, ans.ord, ans.value_text, ans.value_num {from} "
      "CROSS JOIN action_answers ans ON ans.action_id = a.id WHERE {where} ORDER BY {order}, ans.field_key, ans.ord",
      fmt::arg("from", k_from), fmt::arg("where", where.sql), fmt::arg("order", k_action_order));
  const std::string budget_sql = fmt::format(
      "SELECT b.action_id, b.year, b.financer_type, sum(b.amount_cents) {from} "
      "CROSS JOIN budget_lines b ON b.action_id = a.id WHERE {where} AND {counted}{year} "
      "GROUP BY {order}, b.year, b.financer_type ORDER BY {order}, b.year, b.financer_type",
      fmt::arg("from", k_from), fmt::arg("where", where.sql), fmt::arg("counted", k_counted_line),
      fmt::arg("year", year_condition(filter, "b.year")), fmt::arg("order", k_action_order));
  auto& db = database.connection();
  m_statements = std::make_unique<Statements>(Statements{
      SQLite::Statement(db, actions_sql), SQLite::Statement(db, answers_sql), SQLite::Statement(db, budget_sql)});
  bind(m_statements->actions, where);
  bind(m_statements->answers, where);
  bind(m_statements->budget, where, filter.year, 1);
}

ActionCursor::~ActionCursor() = default;

bool ActionCursor::next() {
  auto& s = *m_statements;
  if (!s.actions.executeStep()) {
    return false;
  }
  auto& row = s.actions;
  read_key(row, m_action.key);
  int column = k_key_column_count;
  assign_text(m_action.collectivite_code, row.getColumn(column++));
  m_action.signed_on = date_of(row.getColumn(column++));
  m_action.period_start = date_of(row.getColumn(column++));
  m_action.period_end = date_of(row.getColumn(column++));
  assign_text(m_action.convention_reference, row.getColumn(column++));
  assign_text(m_action.created_at, row.getColumn(column++));
  assign_text(m_action.updated_at, row.getColumn(column++));
  m_action.indicator_count = row.getColumn(column++).getInt64();
  const std::int64_t id = m_action.key.action_id;

  // Answers: both statements follow the same action order, so the answers of this action, if any,
  // are next; an answer row of another action belongs to a later one.
  m_answer_count = 0;
  while (!s.answers_done) {
    if (!s.answers_pending) {
      if (!s.answers.executeStep()) {
        s.answers_done = true;
        break;
      }
      s.answers_pending = true;
    }
    if (s.answers.getColumn(0).getInt64() != id) {
      break;
    }
    if (m_answer_count == m_answers.size()) {
      m_answers.emplace_back();
    }
    StoredAnswer& answer = m_answers[m_answer_count++];
    assign_text(answer.field_key, s.answers.getColumn(1));
    answer.ord = s.answers.getColumn(2).getInt();
    const SQLite::Column text = s.answers.getColumn(3);
    if (text.isNull()) {
      answer.text.reset();
    } else {
      if (!answer.text) {
        answer.text.emplace();
      }
      assign_text(*answer.text, text);
    }
    answer.number = optional_double(s.answers.getColumn(4));
    s.answers_pending = false;
  }

  m_budget_count = 0;
  while (!s.budget_done) {
    if (!s.budget_pending) {
      if (!s.budget.executeStep()) {
        s.budget_done = true;
        break;
      }
      s.budget_pending = true;
    }
    if (s.budget.getColumn(0).getInt64() != id) {
      break;
    }
    if (m_budget_count == m_budget.size()) {
      m_budget.emplace_back();
    }
    m_budget[m_budget_count++] =
        BudgetSum{s.budget.getColumn(1).getInt(), financer_of(s.budget.getColumn(2).getText("")),
                  s.budget.getColumn(3).getInt64()};
    s.budget_pending = false;
  }
  return true;
}

// --- ReadSnapshot ---------------------------------------------------------------------------

ReadSnapshot::ReadSnapshot(Database& database) : m_database(database) {
  // An export walks three B-trees side by side (actions, answers, budget lines): a page cache that
  // holds their working set keeps SQLite from reading the same pages again. Bounded, so memory
  // stays flat whatever the size of the database.
  m_database.connection().exec(fmt::format("PRAGMA cache_size = -{}", k_export_cache_kib));
  m_database.connection().exec("BEGIN");
}

ReadSnapshot::~ReadSnapshot() {
  try {
    m_database.connection().exec("COMMIT");
  } catch (...) {
    // A read transaction has nothing to lose; closing the connection ends it anyway.
  }
}

// --- Before streaming -----------------------------------------------------------------------

std::vector<FormUsage> export_form_usage(Database& database, const ExportFilter& filter) {
  const Where where = action_where(filter);
  SQLite::Statement query(database.connection(),
                          fmt::format("SELECT a.form_id, a.form_version, count(*) {} WHERE {} GROUP BY a.form_id, "
                                      "a.form_version ORDER BY count(*) DESC, a.form_id, a.form_version",
                                      k_from, where.sql));
  bind(query, where);
  std::vector<FormUsage> out;
  while (query.executeStep()) {
    out.push_back({query.getColumn(0).getString(), query.getColumn(1).getInt(), query.getColumn(2).getInt64()});
  }
  return out;
}

std::vector<std::pair<domain::ActionStatus, std::int64_t>> export_status_counts(Database& database,
                                                                                const ExportFilter& filter) {
  const Where where = action_where(filter, false);
  SQLite::Statement query(database.connection(),
                          fmt::format("SELECT a.status, count(*) {} WHERE {} GROUP BY a.status", k_from, where.sql));
  bind(query, where);
  std::map<domain::ActionStatus, std::int64_t> counts;
  while (query.executeStep()) {
    counts[status_of(query.getColumn(0).getText(""))] = query.getColumn(1).getInt64();
  }
  std::vector<std::pair<domain::ActionStatus, std::int64_t>> out;
  for (const auto status : {domain::ActionStatus::brouillon, domain::ActionStatus::validee_collectivite,
                            domain::ActionStatus::validee_etat, domain::ActionStatus::double_validee}) {
    out.emplace_back(status, counts[status]);
  }
  return out;
}

std::vector<std::pair<int, domain::FinancerType>> export_budget_columns(Database& database,
                                                                        const ExportFilter& filter) {
  const Where where = action_where(filter);
  SQLite::Statement query(database.connection(),
                          fmt::format("SELECT DISTINCT b.year, b.financer_type {} CROSS JOIN budget_lines b ON "
                                      "b.action_id = a.id WHERE {} AND {}{}",
                                      k_from, where.sql, k_counted_line, year_condition(filter, "b.year")));
  bind(query, where, filter.year, 1);
  std::vector<std::pair<int, domain::FinancerType>> out;
  while (query.executeStep()) {
    out.emplace_back(query.getColumn(0).getInt(), financer_of(query.getColumn(1).getText("")));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> all_answer_keys(Database& database) {
  SQLite::Statement query(database.connection(), "SELECT field_key FROM answer_keys ORDER BY field_key");
  std::vector<std::string> out;
  while (query.executeStep()) {
    out.push_back(query.getColumn(0).getString());
  }
  return out;
}

std::vector<std::string> export_answered_keys(Database& database, const ExportFilter& filter,
                                              const std::vector<std::string>& candidates) {
  const Where where = action_where(filter);
  SQLite::Statement query(database.connection(),
                          // The filtered actions first, each looked up in action_answers by its primary key
                          // (action_id, field_key): a key no form knows is rare, and has no index of its own.
                          fmt::format("SELECT EXISTS (SELECT 1 {} CROSS JOIN action_answers ans ON ans.action_id = "
                                      "a.id AND ans.field_key = ? WHERE {})",
                                      k_from, where.sql));
  std::vector<std::string> out;
  for (const auto& key : candidates) {
    query.reset();
    query.bind(1, key);
    int index = 2;
    for (const auto& text : where.texts) {
      query.bind(index++, text);
    }
    for (const auto value : where.integers) {
      query.bind(index++, static_cast<std::int64_t>(value));
    }
    if (query.executeStep() && query.getColumn(0).getInt() != 0) {
      out.push_back(key);
    }
  }
  return out;
}

}  // namespace pilot::store
