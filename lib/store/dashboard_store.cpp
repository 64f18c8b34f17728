#include "store/dashboard_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <string_view>
#include <tuple>
#include <variant>

#include "store/dashboard_summary.hpp"

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
  sql << " THEN 1 ELSE 0 END AS in_scope, CASE conv.type WHEN 'cls' THEN 1 WHEN 'cie' THEN 2 ELSE 0 END AS family "
         "FROM conventions conv WHERE ";
  sql.filter(scope_filter(types));
  if (period_year) {
    sql << " AND conv.start_on <= ";
    sql.value(fmt::format("{:04}-12-31", *period_year));
    sql << " AND conv.end_on >= ";
    sql.value(fmt::format("{:04}-01-01", *period_year));
  }
  sql << ")\n";
}

// Summary rows counted (alias s): actions not dropped (with a year: not dropped by the end of it).
void live_action(Sql& sql, std::optional<int> year) {
  if (year) {
    sql << "(s.dropped_year IS NULL OR s.dropped_year > ";
    sql.value(std::int64_t{*year});
    sql << ")";
  } else {
    sql << "s.dropped_year IS NULL";
  }
}

void status(Sql& sql, StatusFilter filter) {
  if (filter == StatusFilter::double_validee) {
    sql << " AND s.status = 'double_validee'";
  } else if (filter == StatusFilter::brouillon) {
    sql << " AND s.status <> 'double_validee'";
  }
}

// Budget rows of the asked year only (every year without --year).
std::string budget_year(std::optional<int> year) {
  if (!year) {
    return "1";
  }
  // Literal: it is repeated in every sum, a bound value would need as many bindings.
  return fmt::format("s.budget_year = {}", *year);
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

ActionFamily family_of(std::int64_t code) {
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

// Appends the national and in-scope sums of `value` over the rows where `condition` holds.
void sums(Sql& sql, std::string_view condition, std::string_view value = "1",
          std::string_view in_scope = "cs.in_scope") {
  sql << ",\n  coalesce(sum(CASE WHEN " << condition << " THEN " << value << " END), 0)"
      << ", coalesce(sum(CASE WHEN " << in_scope << " = 1 AND " << condition << " THEN " << value << " END), 0)";
}

// Reads result columns left to right; sums() pairs come national first.
class Columns {
 public:
  Columns(SQLite::Statement& row, int first) : m_row(row), m_next(first) {}
  Figure figure() {
    Figure out;
    out.national = int_of(m_row, m_next);
    out.scope = int_of(m_row, m_next + 1);
    m_next += 2;
    return out;
  }

 private:
  SQLite::Statement& m_row;
  int m_next;
};

// `form_family`: the family of each known action form (1 CLS, 2 CIE), joined rather than tested
// with IN lists so each row pays one lookup.
void with_form_families(Sql& sql, const DashboardQuery& query) {
  sql << ",\nform_family AS MATERIALIZED (SELECT column1 AS form_id, column2 AS family FROM (VALUES (NULL, 0)";
  for (const auto& form : query.cls_forms) {
    sql << ", (";
    sql.value(form);
    sql << ", 1)";
  }
  for (const auto& form : query.cie_forms) {
    sql << ", (";
    sql.value(form);
    sql << ", 2)";
  }
  sql << "))\n";
}

// Joins a summary table (alias s) to the conventions read, and to the family of its form.
void summary_from(Sql& sql, std::string_view table, bool with_family) {
  sql << "\nFROM " << table << " s\nCROSS JOIN conv_set cs ON cs.id = s.convention_id\n";
  if (with_family) {
    sql << "LEFT JOIN form_family ff ON ff.form_id = s.form_id\n";
  }
}

constexpr std::string_view k_family = "coalesce(ff.family, cs.family)";

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
  with_form_families(sql, query);
  sql << "SELECT cs.in_scope, cs.type, " << k_family << ", s.status, sum(s.actions)";
  summary_from(sql, "dashboard_actions", true);
  sql << "WHERE ";
  live_action(sql, query.year);
  sql << "\nGROUP BY 1, 2, 3, 4";
  auto statement = sql.prepare(database.connection());
  std::map<std::tuple<std::string, std::int64_t, std::string>, ActionTally> merged;
  while (statement.executeStep()) {
    const std::string type = text_of(statement, 1);
    const std::int64_t family = int_of(statement, 2);
    const std::string status = text_of(statement, 3);
    auto& tally = merged[{type, family, status}];
    tally.convention_type = convention_type_of(type);
    tally.family = family_of(family);
    tally.status = status_of(status);
    tally.actions.add(int_of(statement, 0) != 0, int_of(statement, 4));
  }
  return values_of(merged);
}

// Finds or adds the tally of (field, value).
AnswerTally& tally_of(std::vector<AnswerTally>& tallies,
                      std::map<std::pair<std::string, std::string>, std::size_t>& index, const std::string& field,
                      const std::string& value) {
  auto found = index.find({field, value});
  if (found == index.end()) {
    AnswerTally tally;
    tally.field_key = field;
    tally.value = value;
    tallies.push_back(std::move(tally));
    found = index.emplace(std::pair{field, value}, tallies.size() - 1).first;
  }
  return tallies[found->second];
}

// FROM and WHERE of the answer passes: the summarised answers of `fields`.
void answers_from(Sql& sql, const DashboardQuery& query, const std::vector<std::string>& fields, bool with_family) {
  summary_from(sql, "dashboard_answers", with_family);
  sql << "WHERE s.field_key IN ";
  sql.list(fields);
  sql << " AND ";
  live_action(sql, query.year);
  status(sql, query.status);
}

using TallyIndex = std::map<std::pair<std::string, std::string>, std::size_t>;

// Counts of every (field, value), in (field, value) order.
void count_values(Database& database, const DashboardQuery& query, std::vector<AnswerTally>& tallies,
                  TallyIndex& index) {
  Sql sql;
  with_conventions(sql, query, query.year);
  sql << "SELECT s.field_key, s.value_text";
  sums(sql, "1", "s.actions");
  sums(sql, "1", "s.answering");
  answers_from(sql, query, query.answer_fields, false);
  sql << "\nGROUP BY s.field_key, s.value_text";
  auto statement = sql.prepare(database.connection());
  while (statement.executeStep()) {
    auto& tally = tally_of(tallies, index, text_of(statement, 0), text_of(statement, 1));
    Columns columns(statement, 2);
    tally.actions = columns.figure();
    tally.answering = columns.figure();
  }
}

// The same counts split by convention type or by action family, for the few fields charted so.
void count_values_by(Database& database, const DashboardQuery& query, const std::vector<std::string>& fields,
                     bool by_family, std::vector<AnswerTally>& tallies, TallyIndex& index) {
  Sql sql;
  with_conventions(sql, query, query.year);
  if (by_family) {
    with_form_families(sql, query);
  }
  sql << "SELECT s.field_key, s.value_text";
  if (by_family) {
    for (const int code : {1, 2, 0}) {
      sums(sql, fmt::format("{} = {}", k_family, code), "s.actions");
    }
  } else {
    for (const char* type : {"cls", "cie", "unique"}) {
      sums(sql, fmt::format("cs.type = '{}'", type), "s.actions");
    }
  }
  answers_from(sql, query, fields, by_family);
  sql << "\nGROUP BY s.field_key, s.value_text";
  auto statement = sql.prepare(database.connection());
  while (statement.executeStep()) {
    auto& tally = tally_of(tallies, index, text_of(statement, 0), text_of(statement, 1));
    Columns columns(statement, 2);
    auto& figures = by_family ? tally.actions_by_family : tally.actions_by_convention_type;
    for (auto& figure : figures) {
      figure = columns.figure();
    }
  }
}

// Budgets of the actions holding each value of the budget fields, dropped actions included (their
// earlier budget still counts). A value is listed even when its holders have no budget that year.
void sum_value_budgets(Database& database, const DashboardQuery& query, std::vector<AnswerTally>& tallies,
                       TallyIndex& index) {
  Sql sql;
  with_conventions(sql, query, query.year);
  with_form_families(sql, query);
  const std::string in_year = budget_year(query.year);
  sql << "SELECT s.field_key, s.value_text";
  sums(sql, in_year, "s.cents");
  sums(sql, in_year, "s.answering_cents");
  for (const int code : {1, 2, 0}) {
    sums(sql, fmt::format("{} = {} AND {}", k_family, code, in_year), "s.cents");
  }
  summary_from(sql, "dashboard_value_budgets", true);
  sql << "WHERE s.field_key IN ";
  sql.list(query.budget_fields);
  status(sql, query.status);
  sql << "\nGROUP BY s.field_key, s.value_text";
  auto statement = sql.prepare(database.connection());
  while (statement.executeStep()) {
    auto& tally = tally_of(tallies, index, text_of(statement, 0), text_of(statement, 1));
    Columns columns(statement, 2);
    tally.cents = columns.figure();
    tally.answering_cents = columns.figure();
    for (auto& figure : tally.cents_by_family) {
      figure = columns.figure();
    }
  }
}

std::vector<AnswerTally> count_answers(Database& database, const DashboardQuery& query) {
  std::vector<AnswerTally> tallies;
  TallyIndex index;
  if (!query.answer_fields.empty()) {
    count_values(database, query, tallies, index);
  }
  if (!query.type_fields.empty()) {
    count_values_by(database, query, query.type_fields, false, tallies, index);
  }
  if (!query.family_fields.empty()) {
    count_values_by(database, query, query.family_fields, true, tallies, index);
  }
  if (!query.budget_fields.empty()) {
    sum_value_budgets(database, query, tallies, index);
  }
  return tallies;
}

constexpr std::array<std::string_view, 3> k_financers = {"etat", "collectivite", "autre"};

std::vector<BudgetTally> sum_budgets(Database& database, const DashboardQuery& query) {
  Sql sql;
  with_conventions(sql, query, query.year);
  with_form_families(sql, query);
  sql << "SELECT cs.in_scope, " << k_family;
  for (const auto financer : k_financers) {
    sql << ", sum(CASE WHEN s.financer_type = '" << financer << "' THEN s.cents ELSE 0 END)";
  }
  summary_from(sql, "dashboard_budgets", true);
  sql << "WHERE " << budget_year(query.year);
  status(sql, query.status);
  sql << "\nGROUP BY 1, 2";
  auto statement = sql.prepare(database.connection());
  std::map<std::pair<std::int64_t, std::size_t>, BudgetTally> merged;
  while (statement.executeStep()) {
    const bool in_scope = int_of(statement, 0) != 0;
    const std::int64_t family = int_of(statement, 1);
    for (std::size_t i = 0; i < k_financers.size(); ++i) {
      auto& tally = merged[{family, i}];
      tally.family = family_of(family);
      tally.financer = financer_of(std::string(k_financers[i]));
      tally.cents.add(in_scope, int_of(statement, 2 + static_cast<int>(i)));
    }
  }
  return values_of(merged);
}

// Actions expected (live in the bilan year) and those with a bilan that year, per convention first.
std::vector<BilanTally> count_bilans(Database& database, const DashboardQuery& query) {
  Sql sql;
  with_conventions(sql, query, query.bilan_year);
  sql << ",\nper_convention AS (SELECT s.convention_id AS convention_id, sum(s.actions) AS expected, 0 AS done"
         "\n  FROM dashboard_actions s WHERE ";
  live_action(sql, query.bilan_year);
  status(sql, query.status);
  sql << " GROUP BY 1\n  UNION ALL SELECT s.convention_id, 0, sum(s.bilans) FROM dashboard_bilans s WHERE s.year = ";
  sql.value(std::int64_t{query.bilan_year});
  sql << " AND ";
  live_action(sql, query.bilan_year);
  status(sql, query.status);
  sql << " GROUP BY 1)\nSELECT cs.in_scope, cs.type, sum(p.expected), sum(p.done)\n"
         "FROM per_convention p CROSS JOIN conv_set cs ON cs.id = p.convention_id GROUP BY 1, 2";
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

// Planned (budget lines of the bilan year) and realised (bilan expenses) amounts by financer, over
// the actions with a bilan that year. One output row: the financers and the scope are sums.
std::vector<ExecutionTally> sum_execution(Database& database, const DashboardQuery& query) {
  Sql sql;
  with_conventions(sql, query, query.bilan_year);
  sql << "SELECT 0";
  for (const auto column : {"s.planned_cents", "s.realised_cents"}) {
    for (const auto financer : k_financers) {
      sums(sql, fmt::format("s.financer_type = '{}'", financer), column);
    }
  }
  summary_from(sql, "dashboard_bilan_money", false);
  sql << "WHERE s.year = ";
  sql.value(std::int64_t{query.bilan_year});
  sql << " AND ";
  live_action(sql, query.bilan_year);
  status(sql, query.status);
  auto statement = sql.prepare(database.connection());
  const std::array financers = {domain::FinancerType::etat, domain::FinancerType::collectivite,
                                domain::FinancerType::autre};
  std::vector<ExecutionTally> out;
  for (const auto financer : financers) {
    out.push_back({financer, {}, {}});
  }
  if (statement.executeStep()) {
    Columns columns(statement, 1);
    for (auto& tally : out) {
      tally.planned_cents = columns.figure();
    }
    for (auto& tally : out) {
      tally.realised_cents = columns.figure();
    }
  }
  return out;
}

// Indicators with a target for the bilan year: realised known, and reached (realised ≥ target).
std::vector<IndicatorTally> count_indicators(Database& database, const DashboardQuery& query) {
  const std::array kinds = {domain::IndicatorKind::national, domain::IndicatorKind::local,
                            domain::IndicatorKind::impact};
  Sql sql;
  with_conventions(sql, query, query.bilan_year);
  sql << "SELECT 0";
  for (const auto kind : kinds) {
    const std::string is_kind = fmt::format("s.kind = '{}'", domain::to_code(kind));
    sums(sql, is_kind, "s.with_target");
    sums(sql, is_kind, "s.with_realised");
    sums(sql, is_kind, "s.reached");
  }
  summary_from(sql, "dashboard_indicators", false);
  sql << "WHERE s.year = ";
  sql.value(std::int64_t{query.bilan_year});
  sql << " AND ";
  live_action(sql, query.bilan_year);
  status(sql, query.status);
  auto statement = sql.prepare(database.connection());
  std::vector<IndicatorTally> out;
  for (const auto kind : kinds) {
    out.push_back({kind, {}, {}, {}});
  }
  if (statement.executeStep()) {
    Columns columns(statement, 1);
    for (auto& tally : out) {
      tally.with_target = columns.figure();
      tally.with_realised = columns.figure();
      tally.reached = columns.figure();
    }
  }
  return out;
}

}  // namespace

std::size_t index_of(domain::ConventionType type) {
  switch (type) {
    case domain::ConventionType::cls: return 0;
    case domain::ConventionType::cie: return 1;
    case domain::ConventionType::unique: return 2;
  }
  return 2;
}

std::size_t index_of(ActionFamily family) {
  switch (family) {
    case ActionFamily::cls: return 0;
    case ActionFamily::cie: return 1;
    case ActionFamily::unclassified: return 2;
  }
  return 2;
}

void tune_for_scans(Database& database) {
  // Recomputing the summaries of many conventions reads much of the file: a large page cache and
  // memory-mapped reads avoid one system call per page; SQLite's sorts of one convention's rows
  // stay in memory rather than in temporary files. All three only affect this connection.
  database.connection().exec("PRAGMA cache_size = -262144");  // 256 MiB
  database.connection().exec("PRAGMA mmap_size = 2147483648");
  database.connection().exec("PRAGMA temp_store = MEMORY");
}

namespace {

// The fields the summaries must hold for this query.
SummaryFields summary_fields(const DashboardQuery& query) {
  SummaryFields fields;
  for (const auto* list : {&query.answer_fields, &query.type_fields, &query.family_fields}) {
    for (const auto& field : *list) {
      if (std::find(fields.counted.begin(), fields.counted.end(), field) == fields.counted.end()) {
        fields.counted.push_back(field);
      }
    }
  }
  fields.budgeted = query.budget_fields;
  return fields;
}

}  // namespace

DashboardFacts query_dashboard(Database& database, const DashboardQuery& query) {
  DashboardFacts facts;
  facts.territorial = !territorial_part(query.scope).is_national();
  // Every pass below reads the summaries of this view, in one snapshot of the file.
  const SummaryView view(database, summary_fields(query));
  facts.summaries_stored = view.stored();
  facts.summaries_computed = view.computed();
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
  if (parts.bilans) {
    facts.bilans = count_bilans(database, query);
  }
  if (parts.execution) {
    facts.execution = sum_execution(database, query);
  }
  if (parts.indicators) {
    facts.indicators = count_indicators(database, query);
  }
  return facts;
}

}  // namespace pilot::store
