#include "store/dashboard_store.hpp"

#include <fmt/format.h>

#include <array>
#include <map>
#include <string_view>
#include <tuple>
#include <variant>

namespace pilot::store {
namespace {

// SQL text with its bound values in order of appearance, so fragments can be composed freely.
class Sql {
 public:
  Sql& operator<<(std::string_view part) {
    m_text += part;
    return *this;
  }
  Sql& value(std::variant<std::string, std::int64_t> value) {
    m_text += '?';
    m_values.push_back(std::move(value));
    return *this;
  }
  Sql& list(const std::vector<std::string>& values) {
    m_text += '(';
    for (std::size_t i = 0; i < values.size(); ++i) {
      m_text += i == 0 ? "" : ", ";
      value(values[i]);
    }
    m_text += ')';
    return *this;
  }
  Sql& filter(const SqlFilter& filter) {
    m_text += filter.condition;
    m_values.insert(m_values.end(), filter.text_values.begin(), filter.text_values.end());
    return *this;
  }
  [[nodiscard]] SQLite::Statement prepare(SQLite::Database& db) const {
    SQLite::Statement statement(db, m_text);
    for (std::size_t i = 0; i < m_values.size(); ++i) {
      const int index = static_cast<int>(i + 1);
      std::visit([&](const auto& v) { statement.bind(index, v); }, m_values[i]);
    }
    return statement;
  }

 private:
  std::string m_text;
  std::vector<std::variant<std::string, std::int64_t>> m_values;
};

Scope territorial_part(const Scope& scope) {
  Scope out = scope;
  out.convention_types.clear();
  return out;
}

// `conv_set`: the conventions both figures read (types and period filters), each tagged with
// whether it is in the territorial scope. Materialised once: a few hundred rows.
void with_conventions(Sql& sql, const DashboardQuery& query, std::optional<int> period_year) {
  Scope types;
  types.convention_types = query.scope.convention_types;
  sql << "WITH conv_set AS MATERIALIZED (SELECT conv.id AS id, conv.type AS type, CASE WHEN ";
  sql.filter(scope_filter(territorial_part(query.scope)));
  sql << " THEN 1 ELSE 0 END AS in_scope FROM conventions conv WHERE ";
  sql.filter(scope_filter(types));
  if (period_year) {
    sql << " AND conv.start_on <= ";
    sql.value(fmt::format("{:04}-12-31", *period_year));
    sql << " AND conv.end_on >= ";
    sql.value(fmt::format("{:04}-01-01", *period_year));
  }
  sql << ")\n";
}

// The action's family as 1 (CLS), 2 (CIE) or 0; needs `a` (actions) and `cs` (conv_set).
void family(Sql& sql, const DashboardQuery& query) {
  sql << "CASE";
  if (!query.cls_forms.empty()) {
    sql << " WHEN a.form_id IN ";
    sql.list(query.cls_forms);
    sql << " THEN 1";
  }
  if (!query.cie_forms.empty()) {
    sql << " WHEN a.form_id IN ";
    sql.list(query.cie_forms);
    sql << " THEN 2";
  }
  sql << " WHEN EXISTS (SELECT 1 FROM action_answers f WHERE f.action_id = a.id AND f.field_key = 'axe') THEN 1"
         " WHEN EXISTS (SELECT 1 FROM action_answers f WHERE f.action_id = a.id AND f.field_key = 'volet') THEN 2"
         " WHEN cs.type = 'cls' THEN 1 WHEN cs.type = 'cie' THEN 2 ELSE 0 END";
}

// Actions counted: not dropped (with a year: not dropped by the end of that year).
void live_action(Sql& sql, std::optional<int> year) {
  if (year) {
    sql << "(a.dropped_year IS NULL OR a.dropped_year > ";
    sql.value(std::int64_t{*year});
    sql << ")";
  } else {
    sql << "a.dropped_year IS NULL";
  }
}

void status(Sql& sql, StatusFilter filter) {
  if (filter == StatusFilter::double_validee) {
    sql << " AND a.status = 'double_validee'";
  } else if (filter == StatusFilter::brouillon) {
    sql << " AND a.status <> 'double_validee'";
  }
}

// Budget lines counted, as in the conventions table: never « Pour info », and a dropped action
// keeps the lines of the years before it was dropped.
void counted_line(Sql& sql, std::string_view action, std::optional<int> year) {
  sql << "b.informational = 0 AND (" << action << ".dropped_year IS NULL OR b.year < " << action
      << ".dropped_year)";
  if (year) {
    sql << " AND b.year = ";
    sql.value(std::int64_t{*year});
  }
}

domain::ConventionType convention_type_of(const std::string& code) {
  auto parsed = domain::parse_convention_type(code);
  return parsed ? *parsed : domain::ConventionType::cls;
}

domain::ActionStatus status_of(const std::string& code) {
  auto parsed = domain::parse_action_status(code);
  return parsed ? *parsed : domain::ActionStatus::brouillon;
}

domain::FinancerType financer_of(const std::string& code) {
  auto parsed = domain::parse_financer_type(code);
  return parsed ? *parsed : domain::FinancerType::autre;
}

domain::IndicatorKind kind_of(const std::string& code) {
  auto parsed = domain::parse_indicator_kind(code);
  return parsed ? *parsed : domain::IndicatorKind::local;
}

ActionFamily family_of(int code) {
  if (code == 1) {
    return ActionFamily::cls;
  }
  return code == 2 ? ActionFamily::cie : ActionFamily::unclassified;
}

std::string text_of(SQLite::Statement& row, int column) {
  return row.getColumn(column).isNull() ? std::string() : row.getColumn(column).getString();
}

std::int64_t int_of(SQLite::Statement& row, int column) {
  return row.getColumn(column).isNull() ? 0 : row.getColumn(column).getInt64();
}

// Rows come grouped by « in scope » first: the same key appears once in scope, once outside.
// A map merges them into one tally per key, in key order (stable output).
template <class Key, class Tally>
std::vector<Tally> values_of(std::map<Key, Tally>& merged) {
  std::vector<Tally> out;
  out.reserve(merged.size());
  for (auto& [key, tally] : merged) {
    out.push_back(std::move(tally));
  }
  return out;
}

std::vector<ConventionTally> count_conventions(Database& database, const DashboardQuery& query) {
  Sql sql;
  with_conventions(sql, query, query.year);
  sql << "SELECT cs.in_scope, cs.type, count(*) FROM conv_set cs GROUP BY 1, 2";
  auto statement = sql.prepare(database.connection());
  std::map<std::string, ConventionTally> merged;
  while (statement.executeStep()) {
    const std::string type = text_of(statement, 1);
    auto& tally = merged[type];
    tally.type = convention_type_of(type);
    tally.conventions.add(int_of(statement, 0) != 0, int_of(statement, 2));
  }
  return values_of(merged);
}

std::vector<ActionTally> count_actions(Database& database, const DashboardQuery& query) {
  Sql sql;
  with_conventions(sql, query, query.year);
  sql << "SELECT cs.in_scope, cs.type, ";
  family(sql, query);
  sql << ", a.status, count(*) FROM conv_set cs JOIN actions a ON a.convention_id = cs.id WHERE ";
  live_action(sql, query.year);
  sql << " GROUP BY 1, 2, 3, 4";
  auto statement = sql.prepare(database.connection());
  std::map<std::tuple<std::string, int, std::string>, ActionTally> merged;
  while (statement.executeStep()) {
    const std::string type = text_of(statement, 1);
    const int family = static_cast<int>(int_of(statement, 2));
    const std::string status = text_of(statement, 3);
    auto& tally = merged[{type, family, status}];
    tally.convention_type = convention_type_of(type);
    tally.family = family_of(family);
    tally.status = status_of(status);
    tally.actions.add(int_of(statement, 0) != 0, int_of(statement, 4));
  }
  return values_of(merged);
}

std::vector<AnswerTally> count_answers(Database& database, const DashboardQuery& query) {
  if (query.answer_fields.empty()) {
    return {};
  }
  Sql sql;
  with_conventions(sql, query, query.year);
  sql << "SELECT cs.in_scope, cs.type, ";
  family(sql, query);
  sql << ", x.field_key, x.value_text, count(*), sum(x.ord = 0)\n"
         "FROM action_answers x\n"
         "JOIN actions a ON a.id = x.action_id\n"
         "JOIN conv_set cs ON cs.id = a.convention_id\n"
         "WHERE x.field_key IN ";
  sql.list(query.answer_fields);
  sql << " AND x.value_text IS NOT NULL AND ";
  live_action(sql, query.year);
  status(sql, query.status);
  sql << " GROUP BY 1, 2, 3, 4, 5";
  auto statement = sql.prepare(database.connection());
  std::map<std::tuple<std::string, std::string, int, std::string>, AnswerTally> merged;
  while (statement.executeStep()) {
    const std::string type = text_of(statement, 1);
    const int family = static_cast<int>(int_of(statement, 2));
    const std::string field = text_of(statement, 3);
    const std::string value = text_of(statement, 4);
    auto& tally = merged[{field, type, family, value}];
    tally.convention_type = convention_type_of(type);
    tally.family = family_of(family);
    tally.field_key = field;
    tally.value = value;
    const bool in_scope = int_of(statement, 0) != 0;
    tally.actions.add(in_scope, int_of(statement, 5));
    tally.answering.add(in_scope, int_of(statement, 6));
  }
  return values_of(merged);
}

std::vector<BudgetTally> sum_budgets(Database& database, const DashboardQuery& query) {
  Sql sql;
  with_conventions(sql, query, query.year);
  // Actions first (family and axe/volet looked up once per action), then their budget lines.
  sql << ",\nacts AS (SELECT a.id AS id, a.dropped_year AS dropped_year, cs.in_scope AS in_scope, ";
  family(sql, query);
  sql << " AS family FROM conv_set cs JOIN actions a ON a.convention_id = cs.id WHERE 1";
  status(sql, query.status);
  sql << ")\n"
         "SELECT acts.in_scope, acts.family, coalesce(ax.value_text, ''), b.financer_type, sum(b.amount_cents)\n"
         "FROM acts\n"
         "LEFT JOIN action_answers ax ON ax.action_id = acts.id AND ax.ord = 0 AND ax.field_key = "
         "CASE acts.family WHEN 1 THEN 'axe' WHEN 2 THEN 'volet' END\n"
         "JOIN budget_lines b ON b.action_id = acts.id\nWHERE ";
  counted_line(sql, "acts", query.year);
  sql << " GROUP BY 1, 2, 3, 4";
  auto statement = sql.prepare(database.connection());
  std::map<std::tuple<int, std::string, std::string>, BudgetTally> merged;
  while (statement.executeStep()) {
    const int family = static_cast<int>(int_of(statement, 1));
    const std::string axis = text_of(statement, 2);
    const std::string financer = text_of(statement, 3);
    auto& tally = merged[{family, axis, financer}];
    tally.family = family_of(family);
    tally.axis = axis;
    tally.financer = financer_of(financer);
    tally.cents.add(int_of(statement, 0) != 0, int_of(statement, 4));
  }
  return values_of(merged);
}

std::vector<ChampTally> sum_champs(Database& database, const DashboardQuery& query) {
  Sql sql;
  with_conventions(sql, query, query.year);
  sql << "\nSELECT in_scope, champ, count(*), sum(cents), sum(CASE WHEN ord = 0 THEN cents ELSE 0 END) FROM (\n"
         "  SELECT cs.in_scope AS in_scope, ch.value_text AS champ, ch.ord AS ord,\n"
         "         coalesce((SELECT sum(b.amount_cents) FROM budget_lines b WHERE b.action_id = a.id AND ";
  counted_line(sql, "a", query.year);
  sql << "), 0) AS cents\n"
         "  FROM conv_set cs JOIN actions a ON a.convention_id = cs.id\n"
         "  JOIN action_answers ch ON ch.action_id = a.id AND ch.field_key = ";
  sql.value(query.champ_field);
  sql << " AND ch.value_text IS NOT NULL\n  WHERE ";
  live_action(sql, query.year);
  status(sql, query.status);
  sql << ")\nGROUP BY 1, 2";
  auto statement = sql.prepare(database.connection());
  std::map<std::string, ChampTally> merged;
  while (statement.executeStep()) {
    const std::string champ = text_of(statement, 1);
    auto& tally = merged[champ];
    tally.champ = champ;
    const bool in_scope = int_of(statement, 0) != 0;
    tally.actions.add(in_scope, int_of(statement, 2));
    tally.cents.add(in_scope, int_of(statement, 3));
    tally.answering_cents.add(in_scope, int_of(statement, 4));
  }
  return values_of(merged);
}

std::vector<BilanTally> count_bilans(Database& database, const DashboardQuery& query) {
  Sql sql;
  with_conventions(sql, query, query.bilan_year);
  sql << "SELECT cs.in_scope, cs.type, count(*), "
         "sum(EXISTS (SELECT 1 FROM bilans bl WHERE bl.action_id = a.id AND bl.year = ";
  sql.value(std::int64_t{query.bilan_year});
  sql << "))\nFROM conv_set cs JOIN actions a ON a.convention_id = cs.id WHERE ";
  live_action(sql, query.bilan_year);
  status(sql, query.status);
  sql << " GROUP BY 1, 2";
  auto statement = sql.prepare(database.connection());
  std::map<std::string, BilanTally> merged;
  while (statement.executeStep()) {
    const std::string type = text_of(statement, 1);
    auto& tally = merged[type];
    tally.convention_type = convention_type_of(type);
    const bool in_scope = int_of(statement, 0) != 0;
    tally.expected.add(in_scope, int_of(statement, 2));
    tally.with_bilan.add(in_scope, int_of(statement, 3));
  }
  return values_of(merged);
}

std::vector<ExecutionTally> sum_execution(Database& database, const DashboardQuery& query,
                                          Figure& actions_with_bilan) {
  constexpr std::array<std::string_view, 3> financers = {"etat", "collectivite", "autre"};
  Sql sql;
  with_conventions(sql, query, query.bilan_year);
  sql << "SELECT cs.in_scope, count(*)";
  for (const auto financer : financers) {
    sql << ",\n  coalesce(sum((SELECT sum(b.amount_cents) FROM budget_lines b WHERE b.action_id = a.id AND "
           "b.informational = 0 AND b.year = bl.year AND b.financer_type = '"
        << financer << "')), 0)";
    sql << ",\n  coalesce(sum((SELECT sum(e.amount_cents) FROM bilan_expenses e WHERE e.bilan_id = bl.id AND "
           "e.financer_type = '"
        << financer << "')), 0)";
  }
  sql << "\nFROM conv_set cs JOIN actions a ON a.convention_id = cs.id\n"
         "JOIN bilans bl ON bl.action_id = a.id AND bl.year = ";
  sql.value(std::int64_t{query.bilan_year});
  sql << "\nWHERE ";
  live_action(sql, query.bilan_year);
  status(sql, query.status);
  sql << " GROUP BY 1";
  auto statement = sql.prepare(database.connection());
  std::vector<ExecutionTally> out;
  for (const auto financer : financers) {
    out.push_back({financer_of(std::string(financer)), {}, {}});
  }
  while (statement.executeStep()) {
    const bool in_scope = int_of(statement, 0) != 0;
    actions_with_bilan.add(in_scope, int_of(statement, 1));
    for (std::size_t i = 0; i < financers.size(); ++i) {
      out[i].planned_cents.add(in_scope, int_of(statement, 2 + 2 * static_cast<int>(i)));
      out[i].realised_cents.add(in_scope, int_of(statement, 3 + 2 * static_cast<int>(i)));
    }
  }
  return out;
}

std::vector<IndicatorTally> count_indicators(Database& database, const DashboardQuery& query) {
  Sql sql;
  with_conventions(sql, query, query.bilan_year);
  sql << "SELECT cs.in_scope, i.kind, count(*), sum(v.realised IS NOT NULL), sum(v.realised >= v.target)\n"
         "FROM conv_set cs JOIN actions a ON a.convention_id = cs.id\n"
         "JOIN indicators i ON i.action_id = a.id\n"
         "JOIN indicator_values v ON v.indicator_id = i.id AND v.year = ";
  sql.value(std::int64_t{query.bilan_year});
  sql << " AND v.target IS NOT NULL\nWHERE ";
  live_action(sql, query.bilan_year);
  status(sql, query.status);
  sql << " GROUP BY 1, 2";
  auto statement = sql.prepare(database.connection());
  std::map<std::string, IndicatorTally> merged;
  while (statement.executeStep()) {
    const std::string kind = text_of(statement, 1);
    auto& tally = merged[kind];
    tally.kind = kind_of(kind);
    const bool in_scope = int_of(statement, 0) != 0;
    tally.with_target.add(in_scope, int_of(statement, 2));
    tally.with_realised.add(in_scope, int_of(statement, 3));
    tally.reached.add(in_scope, int_of(statement, 4));
  }
  return values_of(merged);
}

}  // namespace

bool status_matches(StatusFilter filter, domain::ActionStatus status) {
  switch (filter) {
    case StatusFilter::all: return true;
    case StatusFilter::double_validee: return status == domain::ActionStatus::double_validee;
    case StatusFilter::brouillon: return status != domain::ActionStatus::double_validee;
  }
  return true;
}

void tune_for_scans(Database& database) {
  // A national dashboard reads most of the file: a large page cache and memory-mapped reads
  // avoid one system call per page. Both only affect this connection.
  database.connection().exec("PRAGMA cache_size = -262144");  // 256 MiB
  database.connection().exec("PRAGMA mmap_size = 2147483648");
  database.connection().exec("PRAGMA temp_store = MEMORY");
}

DashboardFacts query_dashboard(Database& database, const DashboardQuery& query) {
  DashboardFacts facts;
  facts.territorial = !territorial_part(query.scope).is_national();
  const auto& parts = query.parts;
  if (parts.conventions) {
    facts.conventions = count_conventions(database, query);
  }
  if (parts.actions) {
    facts.actions = count_actions(database, query);
  }
  if (parts.answers) {
    facts.answers = count_answers(database, query);
  }
  if (parts.budgets) {
    facts.budgets = sum_budgets(database, query);
  }
  if (parts.champs) {
    facts.champs = sum_champs(database, query);
  }
  if (parts.bilans) {
    facts.bilans = count_bilans(database, query);
  }
  if (parts.execution) {
    facts.execution = sum_execution(database, query, facts.actions_with_bilan);
  }
  if (parts.indicators) {
    facts.indicators = count_indicators(database, query);
  }
  return facts;
}

}  // namespace pilot::store
