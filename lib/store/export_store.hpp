// Streaming reads for exports, recaps and fiches: every query is limited by the same territorial
// scope as listings (scope_filter), by the validation state and by the year, and returns its rows
// one at a time through a cursor, so exporting a million actions holds one action in memory.
//
// Rows come in a stable order — convention, then action reference, then the row's own keys — so
// two exports of the same data are identical. Amounts are in cents. Budget totals follow the
// convention listing's rule: planned lines, never « Pour info » ones, and a dropped action's lines
// only for the years before it was dropped ("counted" lines).
#pragma once

#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/action.hpp"
#include "domain/convention.hpp"
#include "store/action_store.hpp"
#include "store/database.hpp"
#include "store/scope.hpp"
#include "store/status_filter.hpp"

namespace pilot::store {

struct ExportFilter {
  Scope scope;
  StatusFilter status = StatusFilter::all;
  std::optional<int> year;  // limits budget lines, indicator values, bilans and budget totals
};

// Conventions in scope; action counts and budgets count only the actions passing the status
// filter (live ones for counts) and only the year's lines when a year is set.
std::vector<domain::Convention> export_conventions(Database& database, const ExportFilter& filter);

// What identifies an action in the long tables, with its convention and territory.
struct ActionKey {
  std::int64_t action_id = 0;
  std::string reference;
  std::string title;
  std::string form_id;
  int form_version = 0;
  domain::ActionStatus status = domain::ActionStatus::brouillon;
  std::optional<int> dropped_year;
  std::int64_t convention_id = 0;
  domain::ConventionType convention_type = domain::ConventionType::cls;
  std::string collectivite;
  domain::CollectiviteType collectivite_type = domain::CollectiviteType::departement;
  std::string departement_code;
  std::string departement_name;
  std::string region_code;
  std::string region_name;
};

struct BudgetSum {
  int year = 0;
  domain::FinancerType financer = domain::FinancerType::etat;
  std::int64_t cents = 0;
};

// One action of the dense export: fixed columns, convention, answers, counted budget per year and
// financer.
struct ExportAction {
  ActionKey key;
  std::string collectivite_code;
  util::Date signed_on;
  util::Date period_start;
  util::Date period_end;
  std::string convention_reference;
  std::string created_at;
  std::string updated_at;
  std::int64_t indicator_count = 0;
};

class ActionCursor {
 public:
  ActionCursor(Database& database, const ExportFilter& filter);
  ActionCursor(const ActionCursor&) = delete;
  ActionCursor& operator=(const ActionCursor&) = delete;
  ~ActionCursor();

  // Moves to the next action; false once past the last one.
  bool next();
  [[nodiscard]] const ExportAction& action() const { return m_action; }
  // Answers ordered by field key then option rank; valid until the next call to next().
  [[nodiscard]] std::span<const StoredAnswer> answers() const { return {m_answers.data(), m_answer_count}; }
  // Counted budget, ordered by year then financer (État, collectivité, autres).
  [[nodiscard]] std::span<const BudgetSum> budget() const { return {m_budget.data(), m_budget_count}; }

 private:
  struct Statements;
  std::unique_ptr<Statements> m_statements;
  ExportAction m_action;
  std::vector<StoredAnswer> m_answers;
  std::size_t m_answer_count = 0;
  std::vector<BudgetSum> m_budget;
  std::size_t m_budget_count = 0;
};

// One budget amount of the long budget table: a planned line, or an expense declared in a bilan.
struct BudgetRow {
  ActionKey key;
  bool realised = false;  // false: planned line; true: bilan expense
  int year = 0;
  domain::FinancerType financer = domain::FinancerType::etat;
  std::string financer_name;
  std::string nature;
  std::optional<std::int64_t> cents;  // none: a line in ETP only
  std::optional<double> etp;
  bool informational = false;
  bool counted = false;  // part of the budget totals (planned, not « Pour info », not after a drop)
};

// Planned lines first (by convention, action, year, financer), then bilan expenses.
class BudgetCursor {
 public:
  BudgetCursor(Database& database, const ExportFilter& filter);
  BudgetCursor(const BudgetCursor&) = delete;
  BudgetCursor& operator=(const BudgetCursor&) = delete;
  ~BudgetCursor();
  bool next();
  [[nodiscard]] const BudgetRow& row() const { return m_row; }

 private:
  struct Statements;
  std::unique_ptr<Statements> m_statements;
  bool m_realised_phase = false;
  BudgetRow m_row;
};

// One indicator and one year (an indicator without yearly values gives one row without year).
struct IndicatorRow {
  ActionKey key;
  std::int64_t indicator_id = 0;
  domain::IndicatorKind kind = domain::IndicatorKind::local;
  std::string code;
  std::string label;
  std::string unit;
  std::optional<double> baseline;
  std::optional<int> year;
  std::optional<double> target;
  std::optional<double> realised;
  std::string comment;
};

class IndicatorCursor {
 public:
  IndicatorCursor(Database& database, const ExportFilter& filter);
  IndicatorCursor(const IndicatorCursor&) = delete;
  IndicatorCursor& operator=(const IndicatorCursor&) = delete;
  ~IndicatorCursor();
  bool next();
  [[nodiscard]] const IndicatorRow& row() const { return m_row; }

 private:
  std::unique_ptr<SQLite::Statement> m_query;
  IndicatorRow m_row;
};

// One answer of a yearly bilan (a multiple choice gives one row per chosen option).
struct BilanAnswerRow {
  ActionKey key;
  std::int64_t bilan_id = 0;
  int year = 0;
  std::string form_id;
  int form_version = 0;
  StoredAnswer answer;
};

class BilanCursor {
 public:
  BilanCursor(Database& database, const ExportFilter& filter);
  BilanCursor(const BilanCursor&) = delete;
  BilanCursor& operator=(const BilanCursor&) = delete;
  ~BilanCursor();
  bool next();
  [[nodiscard]] const BilanAnswerRow& row() const { return m_row; }

 private:
  std::unique_ptr<SQLite::Statement> m_query;
  BilanAnswerRow m_row;
};

struct ValidationRow {
  ActionKey key;
  std::int64_t validation_id = 0;
  domain::Side side = domain::Side::collectivite;
  std::string user;
  std::string at;  // ISO 8601 UTC
  std::string form_id;
  int form_version = 0;
  std::string content_hash;
  bool matches_current_content = false;  // the hash equals the action's current content hash
  std::string comment;
  std::optional<std::string> revoked_at;
  std::string revoked_by;
  std::string revoked_why;
};

class ValidationCursor {
 public:
  ValidationCursor(Database& database, const ExportFilter& filter);
  ValidationCursor(const ValidationCursor&) = delete;
  ValidationCursor& operator=(const ValidationCursor&) = delete;
  ~ValidationCursor();
  bool next();
  [[nodiscard]] const ValidationRow& row() const { return m_row; }

 private:
  std::unique_ptr<SQLite::Statement> m_query;
  ValidationRow m_row;
};

// A read transaction: every query made while it lives sees the same state of the database, so
// the tables of one export and its manifest agree even if someone writes meanwhile.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Database& database);
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Database& m_database;
};

// --- What a manifest and a column plan need to know before streaming -------------------------

struct FormUsage {
  std::string form_id;
  int form_version = 0;
  std::int64_t actions = 0;
};

// Forms (id and version) the actions passing the filter were entered with, most used first.
std::vector<FormUsage> export_form_usage(Database& database, const ExportFilter& filter);

// Actions of the scope per status (the status filter is ignored: the manifest states both).
std::vector<std::pair<domain::ActionStatus, std::int64_t>> export_status_counts(Database& database,
                                                                                const ExportFilter& filter);

// (year, financer) pairs having counted budget lines among the filtered actions, in order.
std::vector<std::pair<int, domain::FinancerType>> export_budget_columns(Database& database, const ExportFilter& filter);

// Field keys answered by at least one filtered action among `candidates` (keys the forms do not
// know, so the export never drops an answer silently).
std::vector<std::string> export_answered_keys(Database& database, const ExportFilter& filter,
                                              const std::vector<std::string>& candidates);

// Every field key answered at some time (answer_keys: a key whose answers were all deleted since may
// remain; export_answered_keys tells which the filtered actions answer). Cheap on any size.
std::vector<std::string> all_answer_keys(Database& database);

}  // namespace pilot::store
