// Aggregates behind `pilot dashboard-stats`: each figure computed by set-based SQL, never by
// loading actions. The figures are sums over per-convention summaries (dashboard_summary.hpp)
// that hold every dimension the filters need, so any scope, status, year or bilan year is
// answered from a few thousand rows; the summaries of the conventions changed since they were
// computed are brought up to date first.
//
// Every query makes one pass over the summaries and tags each row « in scope » or not, so the same
// pass gives the figure for the scope and the national reference (same filters, no territorial
// restriction). Results are small tallies keyed by convention type, action family, choice code...;
// labels, shares and charts are built from them by pilot::report.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/action.hpp"
#include "domain/convention.hpp"
#include "store/database.hpp"
#include "store/scope.hpp"
#include "store/status_filter.hpp"

namespace pilot::store {

// Which charts an action feeds. Decided by its form (a contrat unique holds CLS actions, asking
// `axe`, and CIE actions, asking `volet`), then by an `axe` / `volet` answer, then by the type
// of its convention; an action of a contrat unique with none of these is unclassified.
enum class ActionFamily { cls, cie, unclassified };

// Which passes to run (--only skips the others).
struct DashboardParts {
  bool conventions = true;
  bool actions = true;
  bool answers = true;
  bool budgets = true;
  bool bilans = true;
  bool execution = true;
  bool indicators = true;
};

struct DashboardQuery {
  // Territorial part (régions, départements, collectivités, convention) decides what is « in
  // scope »; convention types restrict both the scope and the national reference.
  Scope scope;
  StatusFilter status = StatusFilter::all;
  // When set: conventions whose period meets that year, actions not dropped by then, budget lines
  // of that year. Otherwise every year (a dropped action keeps the lines of the years before).
  std::optional<int> year;
  // Year whose bilans, realised expenses and indicator values are read.
  int bilan_year = 0;
  std::vector<std::string> cls_forms;      // ids of the forms of CLS actions
  std::vector<std::string> cie_forms;      // ids of the forms of CIE actions
  std::vector<std::string> answer_fields;  // field keys tallied by choice code
  std::vector<std::string> type_fields;    // among them, tallied by convention type too
  std::vector<std::string> family_fields;  // among them, tallied by action family too
  std::vector<std::string> budget_fields;  // among them, whose tallies also sum budgets
  DashboardParts parts;
};

// A figure within the scope and on all data with the same other filters.
struct Figure {
  std::int64_t scope = 0;
  std::int64_t national = 0;

  void add(bool in_scope, std::int64_t value) {
    if (in_scope) {
      scope += value;
    }
    national += value;
  }
  Figure& operator+=(const Figure& other) {
    scope += other.scope;
    national += other.national;
    return *this;
  }
  friend bool operator==(const Figure&, const Figure&) = default;
};

struct ConventionTally {
  domain::ConventionType type = domain::ConventionType::cls;
  Figure conventions;
};

// Live actions of every status (readers apply the status filter: the status chart shows all).
struct ActionTally {
  domain::ConventionType convention_type = domain::ConventionType::cls;
  ActionFamily family = ActionFamily::unclassified;
  domain::ActionStatus status = domain::ActionStatus::brouillon;
  Figure actions;
};

// Index of a convention type / action family in the per-type and per-family arrays below.
[[nodiscard]] std::size_t index_of(domain::ConventionType type);
[[nodiscard]] std::size_t index_of(ActionFamily family);

// One choice code of one field, over the actions passing the filters. A multiple choice gives one
// tally per option. `answering` counts each action's first option only: summed over the values of
// a field, it is the number of actions that answered it. Money: the whole planned budget of each
// action holding the value (computed for the budget fields only: axe, volet, champs), so an
// action with several champs counts once per champ; `answering_cents` counts it once.
struct AnswerTally {
  std::string field_key;
  std::string value;
  Figure actions;
  Figure answering;
  std::array<Figure, 3> actions_by_convention_type;  // cls, cie, unique
  std::array<Figure, 3> actions_by_family;           // cls, cie, unclassified
  Figure cents;
  Figure answering_cents;
  std::array<Figure, 3> cents_by_family;
};

// Planned budget (« Pour info » lines never counted) by action family and financer type.
struct BudgetTally {
  ActionFamily family = ActionFamily::unclassified;
  domain::FinancerType financer = domain::FinancerType::etat;
  Figure cents;
};

// Bilans of the bilan year: actions expected (live that year, convention period meeting it) and
// those whose bilan is recorded.
struct BilanTally {
  domain::ConventionType convention_type = domain::ConventionType::cls;
  Figure expected;
  Figure with_bilan;
};

// Planned vs realised for the bilan year, over the actions that have a bilan that year only (a
// late bilan makes the figure coarser, never wrong).
struct ExecutionTally {
  domain::FinancerType financer = domain::FinancerType::etat;
  Figure planned_cents;
  Figure realised_cents;
};

// Indicators of live actions with a target for the bilan year: realised known, and reached
// (realised ≥ target).
struct IndicatorTally {
  domain::IndicatorKind kind = domain::IndicatorKind::national;
  Figure with_target;
  Figure with_realised;
  Figure reached;
};

struct DashboardFacts {
  bool territorial = false;  // false: scope and national figures are the same
  std::vector<ConventionTally> conventions;
  std::vector<ActionTally> actions;
  std::vector<AnswerTally> answers;
  std::vector<BudgetTally> budgets;
  std::vector<BilanTally> bilans;
  std::vector<ExecutionTally> execution;   // etat, collectivite, autre
  std::vector<IndicatorTally> indicators;  // national, local, impact
  // Conventions whose summaries were recomputed and stored by this query / recomputed without
  // being stored (read-only file, another command writing).
  std::size_t summaries_stored = 0;
  std::size_t summaries_computed = 0;
};

// Runs the passes asked for. Writes only the summaries of the conventions changed since they were
// stored, each in its own short transaction, and only when the connection may write and no other
// command holds the file for more than a second; otherwise computes them for this query alone.
// Must be called outside a transaction for the summaries to be stored. SQLite errors (corrupt
// file, disk full) throw SQLite::Exception.
DashboardFacts query_dashboard(Database& database, const DashboardQuery& query);

// Tunes the connection for big scans (page cache, memory-mapped reads): a command calls it once
// before querying.
void tune_for_scans(Database& database);

}  // namespace pilot::store
