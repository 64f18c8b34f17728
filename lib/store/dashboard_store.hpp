// Aggregates behind `pilot dashboard-stats`: each figure computed by set-based SQL (GROUP BY on
// the typed answers, budget lines, bilans and indicator values), never by loading actions.
//
// Every query makes one pass over the data and tags each row « in scope » or not, so the same pass
// gives the figure for the scope and the national reference (same filters, no territorial
// restriction). Results are small tallies keyed by convention type, action family, choice code...;
// labels, shares and charts are built from them by pilot::report.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/action.hpp"
#include "domain/convention.hpp"
#include "store/database.hpp"
#include "store/scope.hpp"

namespace pilot::store {

// The guide's validation filter: an action validated by one side only still counts as a draft.
enum class StatusFilter { all, brouillon, double_validee };
[[nodiscard]] bool status_matches(StatusFilter filter, domain::ActionStatus status);

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
  bool champs = true;
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
  std::string champ_field = "champs";      // field whose options split the credits
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

// Actions (status filter applied) answering `value` to `field_key`; a multiple choice gives one
// tally per option. Summed over the values of a field, `answering` is the number of actions that
// answered it at all (it counts each action's first option only).
struct AnswerTally {
  domain::ConventionType convention_type = domain::ConventionType::cls;
  ActionFamily family = ActionFamily::unclassified;
  std::string field_key;
  std::string value;
  Figure actions;
  Figure answering;
};

// Planned budget (« Pour info » lines never counted) by family, axe or volet code ("" when not
// answered) and financer type.
struct BudgetTally {
  ActionFamily family = ActionFamily::unclassified;
  std::string axis;
  domain::FinancerType financer = domain::FinancerType::etat;
  Figure cents;
};

// Credits by champ d'action publique: the whole budget of each action under each of its champs.
// Summed over champs, `answering_cents` is the budget of the actions that name at least one.
struct ChampTally {
  std::string champ;
  Figure actions;
  Figure cents;
  Figure answering_cents;
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
  std::vector<ChampTally> champs;
  std::vector<BilanTally> bilans;
  std::vector<ExecutionTally> execution;
  Figure actions_with_bilan;  // behind `execution`
  std::vector<IndicatorTally> indicators;
};

// Runs the passes asked for. Reads only; SQLite errors (busy, corrupt) throw SQLite::Exception.
DashboardFacts query_dashboard(Database& database, const DashboardQuery& query);

// Tunes the connection for big read-only scans (page cache, memory-mapped reads): a read-only
// command calls it once before querying.
void tune_for_scans(Database& database);

}  // namespace pilot::store
