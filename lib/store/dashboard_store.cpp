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

constexpr std::string_view k_convention_family = "cs.family";

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

// Grouping by the columns of actions_by_convention in their order lets SQLite aggregate while
// it walks the index, then the per-convention rows (a few thousand) are regrouped.
constexpr std::string_view k_action_index_order = "a.convention_id, a.dropped_year, a.status, a.form_id";

std::vector<ActionTally> count_actions(Database& database, const DashboardQuery& query) {
  Sql sql;
  with_conventions(sql, query, query.year);
  with_form_families(sql, query);
  sql << ",\nper_convention AS MATERIALIZED (SELECT a.convention_id AS convention_id, a.status AS status, "
         "a.form_id AS form_id, count(*) AS actions FROM actions a WHERE ";
  live_action(sql, query.year);
  sql << " GROUP BY " << k_action_index_order << ")\n"
      << "SELECT cs.in_scope, cs.type, coalesce(ff.family, " << k_convention_family << "), p.status, "
      << "sum(p.actions)\nFROM per_convention p JOIN conv_set cs ON cs.id = p.convention_id\n"
         "LEFT JOIN form_family ff ON ff.form_id = p.form_id\nGROUP BY 1, 2, 3, 4";
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

// FROM clause of the answer passes: answers of `fields` read in the order of
// action_answers_by_value (field, value, action), joined to their action and convention.
void answers_from(Sql& sql, const DashboardQuery& query, const std::vector<std::string>& fields, bool live_only,
                  bool with_family = false) {
  sql << "\nFROM action_answers x\n"
         "CROSS JOIN actions a ON a.id = x.action_id\n"
         "CROSS JOIN conv_set cs ON cs.id = a.convention_id\n";
  if (with_family) {
    sql << "LEFT JOIN form_family ff ON ff.form_id = a.form_id\n";
  }
  sql << "WHERE x.field_key IN ";
  sql.list(fields);
  sql << " AND x.value_text IS NOT NULL";
  if (live_only) {
    sql << " AND ";
    live_action(sql, query.year);
  }
  status(sql, query.status);
}

using TallyIndex = std::map<std::pair<std::string, std::string>, std::size_t>;

// Counts of every (field, value). Grouping follows the index order, so it streams; any other
// dimension is a sum evaluated on every row, so this pass keeps only four.
void count_values(Database& database, const DashboardQuery& query, std::vector<AnswerTally>& tallies,
                  TallyIndex& index) {
  Sql sql;
  with_conventions(sql, query, query.year);
  sql << "SELECT x.field_key, x.value_text";
  sums(sql, "1");
  sums(sql, "x.ord = 0");
  answers_from(sql, query, query.answer_fields, true);
  sql << "\nGROUP BY x.field_key, x.value_text";
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
  sql << "SELECT x.field_key, x.value_text";
  if (by_family) {
    for (const int code : {1, 2, 0}) {
      sums(sql, fmt::format("coalesce(ff.family, cs.family) = {}", code));
    }
  } else {
    for (const char* type : {"cls", "cie", "unique"}) {
      sums(sql, fmt::format("cs.type = '{}'", type));
    }
  }
  answers_from(sql, query, fields, true, by_family);
  sql << "\nGROUP BY x.field_key, x.value_text";
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

// Budgets of the actions holding each value of the budget fields. The inner query (not flattened:
// OFFSET 0) sums each action's budget once per answer row; the outer one adds them up.
void sum_value_budgets(Database& database, const DashboardQuery& query, std::vector<AnswerTally>& tallies,
                       TallyIndex& index) {
  Sql sql;
  with_conventions(sql, query, query.year);
  with_form_families(sql, query);
  sql << "SELECT r.field_key, r.value_text";
  sums(sql, "1", "r.cents", "r.in_scope");
  sums(sql, "r.ord = 0", "r.cents", "r.in_scope");
  for (const int code : {1, 2, 0}) {
    sums(sql, fmt::format("r.family = {}", code), "r.cents", "r.in_scope");
  }
  sql << "\nFROM (SELECT x.field_key AS field_key, x.value_text AS value_text, x.ord AS ord, "
         "cs.in_scope AS in_scope, coalesce(ff.family, cs.family) AS family,\n"
         "  (SELECT sum(b.amount_cents) FROM budget_lines b WHERE b.action_id = a.id AND ";
  counted_line(sql, "a", query.year);
  sql << ") AS cents";
  answers_from(sql, query, query.budget_fields, false, true);
  sql << " LIMIT -1 OFFSET 0) r\nGROUP BY r.field_key, r.value_text";
  auto statement = sql.prepare(database.connection());
  while (statement.executeStep()) {
    // A value held only by dropped actions has no count, but their earlier budget still counts.
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

std::vector<BudgetTally> sum_budgets(Database& database, const DashboardQuery& query) {
  constexpr std::array<std::string_view, 3> financers = {"etat", "collectivite", "autre"};
  Sql sql;
  with_conventions(sql, query, query.year);
  with_form_families(sql, query);
  sql << ",\nper_convention AS MATERIALIZED (SELECT a.convention_id AS convention_id, a.form_id AS form_id";
  for (const auto financer : financers) {
    sql << ", sum(CASE WHEN b.financer_type = '" << financer << "' THEN b.amount_cents ELSE 0 END) AS "
        << financer;
  }
  sql << "\n  FROM actions a CROSS JOIN budget_lines b ON b.action_id = a.id WHERE ";
  counted_line(sql, "a", query.year);
  status(sql, query.status);
  sql << " GROUP BY " << k_action_index_order << ")\n"
      << "SELECT cs.in_scope, coalesce(ff.family, " << k_convention_family << ")";
  for (const auto financer : financers) {
    sql << ", sum(p." << financer << ")";
  }
  sql << "\nFROM per_convention p JOIN conv_set cs ON cs.id = p.convention_id\n"
         "LEFT JOIN form_family ff ON ff.form_id = p.form_id\nGROUP BY 1, 2";
  auto statement = sql.prepare(database.connection());
  std::map<std::pair<std::int64_t, std::size_t>, BudgetTally> merged;
  while (statement.executeStep()) {
    const bool in_scope = int_of(statement, 0) != 0;
    const std::int64_t family = int_of(statement, 1);
    for (std::size_t i = 0; i < financers.size(); ++i) {
      auto& tally = merged[{family, i}];
      tally.family = family_of(family);
      tally.financer = financer_of(std::string(financers[i]));
      tally.cents.add(in_scope, int_of(statement, 2 + static_cast<int>(i)));
    }
  }
  return values_of(merged);
}

std::vector<BilanTally> count_bilans(Database& database, const DashboardQuery& query) {
  Sql sql;
  with_conventions(sql, query, query.bilan_year);
  sql << ",\nper_convention AS MATERIALIZED (SELECT a.convention_id AS convention_id, count(*) AS expected, "
         "sum(EXISTS (SELECT 1 FROM bilans bl WHERE bl.action_id = a.id AND bl.year = ";
  sql.value(std::int64_t{query.bilan_year});
  sql << ")) AS done\n  FROM actions a WHERE ";
  live_action(sql, query.bilan_year);
  status(sql, query.status);
  sql << " GROUP BY " << k_action_index_order << ")\n"
      << "SELECT cs.in_scope, cs.type, sum(p.expected), sum(p.done)\n"
         "FROM per_convention p JOIN conv_set cs ON cs.id = p.convention_id GROUP BY 1, 2";
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

// Planned (budget lines of the bilan year) or realised (bilan expenses) amounts by financer, over
// the actions with a bilan that year. One output row: the financers and the scope are sums.
std::vector<Figure> sum_bilan_money(Database& database, const DashboardQuery& query, bool realised) {
  Sql sql;
  with_conventions(sql, query, query.bilan_year);
  sql << "SELECT 0";
  for (const char* financer : {"etat", "collectivite", "autre"}) {
    sums(sql, fmt::format("m.financer_type = '{}'", financer), "m.amount_cents");
  }
  sql << "\nFROM bilans bl\n"
         "CROSS JOIN actions a ON a.id = bl.action_id\n"
         "CROSS JOIN conv_set cs ON cs.id = a.convention_id\n";
  if (realised) {
    sql << "CROSS JOIN bilan_expenses m ON m.bilan_id = bl.id AND m.informational = 0\nWHERE bl.year = ";
    sql.value(std::int64_t{query.bilan_year});
  } else {
    sql << "CROSS JOIN budget_lines m ON m.action_id = a.id AND m.year = bl.year AND m.informational = 0\n"
           "WHERE bl.year = ";
    sql.value(std::int64_t{query.bilan_year});
  }
  sql << " AND ";
  live_action(sql, query.bilan_year);
  status(sql, query.status);
  auto statement = sql.prepare(database.connection());
  std::vector<Figure> out(3);
  if (statement.executeStep()) {
    Columns columns(statement, 1);
    for (auto& figure : out) {
      figure = columns.figure();
    }
  }
  return out;
}

std::vector<ExecutionTally> sum_execution(Database& database, const DashboardQuery& query) {
  const auto planned = sum_bilan_money(database, query, false);
  const auto realised = sum_bilan_money(database, query, true);
  std::vector<ExecutionTally> out;
  const std::array financers = {domain::FinancerType::etat, domain::FinancerType::collectivite,
                                domain::FinancerType::autre};
  for (std::size_t i = 0; i < financers.size(); ++i) {
    out.push_back({financers[i], planned[i], realised[i]});
  }
  return out;
}

// Targets come from the action's plan (indicator_values); realised values from the bilan of that
// year (indicator_realised), else from the plan when it carries one. The inner query is not
// flattened (OFFSET 0) so the realised lookup runs once per indicator.
std::vector<IndicatorTally> count_indicators(Database& database, const DashboardQuery& query) {
  const std::array kinds = {domain::IndicatorKind::national, domain::IndicatorKind::local,
                            domain::IndicatorKind::impact};
  Sql sql;
  with_conventions(sql, query, query.bilan_year);
  sql << "SELECT 0";
  for (const auto kind : kinds) {
    const std::string is_kind = fmt::format("r.kind = '{}'", domain::to_code(kind));
    sums(sql, is_kind, "1", "r.in_scope");
    sums(sql, is_kind + " AND r.realised IS NOT NULL", "1", "r.in_scope");
    sums(sql, is_kind + " AND r.realised >= r.target", "1", "r.in_scope");
  }
  sql << "\nFROM (SELECT cs.in_scope AS in_scope, i.kind AS kind, v.target AS target,\n"
         "  coalesce((SELECT ir.realised FROM indicator_realised ir WHERE ir.indicator_id = i.id AND ir.year = v.year "
         "LIMIT 1), v.realised) AS realised\n"
         "  FROM indicators i\n"
         "  CROSS JOIN actions a ON a.id = i.action_id\n"
         "  CROSS JOIN conv_set cs ON cs.id = a.convention_id\n"
         "  CROSS JOIN indicator_values v ON v.indicator_id = i.id AND v.year = ";
  sql.value(std::int64_t{query.bilan_year});
  sql << " AND v.target IS NOT NULL\n  WHERE ";
  live_action(sql, query.bilan_year);
  status(sql, query.status);
  sql << " LIMIT -1 OFFSET 0) r";
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
