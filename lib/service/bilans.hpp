// Yearly bilans and annual updates (avenants).
//
// A bilan is per action and year, entered in year N about year N-1, checked by the `bilan` form: état
// d'avancement, real expenses, realised indicator values. A bilan may be saved incomplete (it is built
// field by field); `bilan status` says what each one lacks. Saving a year never touches another year.
// Year rules: the year lies in the convention's period and is over (before context.today's year); an
// action dropped in year D takes no bilan from D on.
//
// The annual update of year N (`update open`) opens the convention's year-N revision: its actions go
// back to draft (validations revoked, reason « mise à jour annuelle N »), their budget lines and
// indicator targets for years ≥ N become editable (`update set`), earlier years stay frozen; actions may
// be dropped (`update drop`: history and earlier bilans kept) or added (`action import`). Validating
// again follows the double validation (`pilot validate`).
//
// Implementation: bilans.cpp (set, show), bilans_import.cpp (import, on the action import's pipeline),
// bilans_status.cpp (completeness, consistency warnings, status), bilans_update.cpp (revisions).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/convention.hpp"
#include "forms/campaign_file.hpp"
#include "service/action_codec.hpp"
#include "service/actions.hpp"
#include "service/context.hpp"
#include "service/import.hpp"
#include "service/scope_options.hpp"
#include "store/bilan_store.hpp"

namespace pilot::service {

// "champ=valeur;champ=valeur" (a group row given on the command line) as assignments; fails (usage)
// on a piece without « = ». Fields are named by key, label or alias.
Result<std::vector<FieldAssignment>> parse_row_assignments(std::string_view text);

// --- bilans.cpp -------------------------------------------------------------------------------------

struct BilanSetOptions {
  std::int64_t action_id = 0;
  int year = 0;
  std::vector<FieldAssignment> sets;    // main fields (état d'avancement, remarques)
  std::vector<std::string> expenses;    // one real expense each: "financeur=etat;montant=12 000,00"
  std::vector<std::string> indicators;  // one realised value each: "code=IND_X;realise=42"
  std::vector<std::string> clear;       // groups emptied first: « depenses », « indicateurs »
};

using store::BilanCompleteness;
using store::BilanStatusLine;
using store::BilanWarning;
using store::ConventionBilanSummary;

struct BilanSetResult {
  std::int64_t bilan_id = 0;
  std::int64_t action_id = 0;
  int year = 0;
  bool created = false;
  std::vector<std::pair<std::string, std::string>> changes;  // label, « old → new »
  BilanCompleteness completeness;
  std::vector<BilanWarning> warnings;
};

// Creates or updates the bilan of one action and year. Fails (not_found) for an unknown action, (data)
// for a year refused by the year rules or values the form refuses (every problem listed, nothing
// written), (usage) for an unknown field or group.
Result<BilanSetResult> set_bilan(const Context& context, const BilanSetOptions& options);

struct BilanView {
  store::StoredAction action;
  domain::Convention convention;
  const forms::Form* form = nullptr;
  int year = 0;
  std::optional<store::Bilan> bilan;
  FormRecord record;
  BilanCompleteness completeness;
  std::vector<BilanWarning> warnings;
  std::vector<int> years;  // every year with a bilan for this action
};

Result<BilanView> show_bilan(const Context& context, std::int64_t action_id, int year);

// Fails (data) when a bilan of `year` cannot be entered for this action: outside the convention's
// period, current or future year, action dropped by then.
Result<void> check_bilan_year(const domain::Convention& convention, const domain::Action& action, int year,
                              const util::Date& today);

// The bilan form of a convention; fails (data) when none applies.
Result<const forms::Form*> bilan_form_for(const forms::Catalog& catalog, const domain::Convention& convention);

// --- bilans_import.cpp ------------------------------------------------------------------------------

struct BilanImportOptions {
  std::vector<std::string> files;             // .csv, .xlsx; "-" reads CSV from standard input
  int year = 0;                               // the year every bilan of the files reports on
  std::optional<std::int64_t> convention_id;  // none: references looked up in every convention
  std::string sheet;
  DryRun dry_run = DryRun::no;
  Lenient lenient = Lenient::no;
  std::string errors_path;  // --errors: .csv, .json or .xlsx
  std::size_t shown_problems = 20;
};

// Imports the bilans of one year from CSV files or workbooks read as `action import` reads them: a sheet
// (or file) of bilans, one of real expenses, one of indicator values, rows tied by the action's reference.
// Stored bilans are completed (columns absent keep their answers, groups absent keep their rows). Every
// problem is reported; nothing is written when there is one (or with a dry run). Incomplete bilans are
// saved, with a warning saying what they lack. Fails (usage) for bad options or a year not over,
// (not_found) for an unknown convention.
Result<report::ImportSummary> import_bilans(const Context& context, const BilanImportOptions& options,
                                            ImportObserver* observer = nullptr);

// --- bilans_status.cpp ------------------------------------------------------------------------------

// Complete when the form finds nothing missing and, for an action that started, every indicator planned
// for the year has its realised value and planned expenses have real ones.
BilanCompleteness assess_bilan(const forms::Catalog& catalog, const forms::Form& form,
                               const store::StoredAction& action, const std::optional<store::Bilan>& bilan, int year);

// Consistency warnings of one bilan (seed 002): real expenses far above the planned budget (W701) or
// without any (W702), an indicator far from its target without a comment (W703), an indicator absent
// from the action's plan (W705), and the form's warning rules.
std::vector<BilanWarning> bilan_warnings(const forms::Catalog& catalog, const forms::Form& form,
                                         const forms::BilanThresholds& thresholds, const store::StoredAction& action,
                                         const store::Bilan& bilan, std::int64_t convention_id);

// The calendar's thresholds (schemas/campaigns.yaml), the defaults when the file is absent.
Result<forms::BilanThresholds> bilan_thresholds(const Context& context);

struct BilanStatusOptions {
  ScopeOptions scope;
  int year = 0;
};

struct BilanStatusReport {
  int year = 0;
  std::string scope;
  std::vector<ConventionBilanSummary> conventions;
  std::vector<BilanStatusLine> lines;  // one per action due a bilan, by convention then reference
  std::vector<BilanWarning> warnings;  // of the bilans entered, then convention-wide (W704)
};

// Every convention in scope whose period covers the year, its actions carried out that year, and their
// bilans. Fails (usage) for a year that is not over.
Result<BilanStatusReport> bilan_status(const Context& context, const BilanStatusOptions& options);

// --- bilans_update.cpp ------------------------------------------------------------------------------

struct UpdateOpenOptions {
  std::int64_t convention_id = 0;
  int year = 0;
};

struct ReopenedAction {
  std::int64_t id = 0;
  std::string reference;
  domain::ActionStatus before = domain::ActionStatus::brouillon;
  std::size_t revoked = 0;
};

struct UpdateOpenResult {
  domain::Convention convention;
  int year = 0;
  std::vector<ReopenedAction> reopened;  // actions whose validations were revoked
  std::int64_t drafts = 0;               // actions already in draft
  std::int64_t dropped = 0;              // dropped before the year: left alone
};

// Fails (not_found) for an unknown convention, (data) for a year outside the period, its first year,
// a year already over, (conflict) when that revision or a later one is already open.
Result<UpdateOpenResult> open_update(const Context& context, const UpdateOpenOptions& options);

struct UpdateDropOptions {
  std::int64_t action_id = 0;
  int year = 0;
  std::string comment;
};

struct UpdateDropResult {
  std::int64_t id = 0;
  std::string reference;
  std::string title;
  int year = 0;
  std::int64_t bilans_kept = 0;
};

// The year-N revision must be open. The action keeps its rows, validations history and bilans; from
// year N on it is no longer counted nor owed a bilan.
Result<UpdateDropResult> drop_action(const Context& context, const UpdateDropOptions& options);

struct UpdateSetOptions {
  std::int64_t action_id = 0;
  int year = 0;
  std::vector<std::string> budget;      // one planned line each: "financeur=etat;montant=60 000"
  std::vector<std::string> indicators;  // one target each: "code=IND_X;cible=40"
  std::vector<std::string> clear;       // « budget », « indicateurs »: that year's rows removed first
};

struct UpdateSetResult {
  std::int64_t id = 0;
  int year = 0;
  std::vector<std::pair<std::string, std::string>> changes;  // none: the lines given were those recorded,
                                                             // nothing written
};

// Changes the planned budget lines and indicator targets of one year of a draft action whose
// convention has a revision open for that year or an earlier one. Other years are never touched.
Result<UpdateSetResult> update_action_year(const Context& context, const UpdateSetOptions& options);

// One change a write would make to a year a revision froze: the year, what changed (the budget
// lines of that year, or one indicator's target) and a French description naming both.
struct FrozenChange {
  int year = 0;
  bool budget = true;  // else an indicator target: kind, code and label name the indicator
  domain::IndicatorKind kind = domain::IndicatorKind::local;
  std::string code;
  std::string label;
  std::string description;  // « budget 2025 modifié (…) », « cible 2025 de « … » : 120,00 → 150,00 »
};

// What a write would change in the years a revision froze (years before `open_year`), empty when
// those years are untouched. Every writer of an action under revision (update set, action edit,
// action import) refuses a change it reports.
std::vector<FrozenChange> frozen_changes(const domain::Action& before, const domain::Action& after, int open_year);
// The same for the years `concerned` says (frozen_changes: those before the revision; an action
// dropped from year N: N and after, which no writer may change either).
std::vector<FrozenChange> year_changes(const domain::Action& before, const domain::Action& after,
                                       const std::function<bool(int)>& concerned);
// The same, as descriptions only.
std::vector<std::string> frozen_year_changes(const domain::Action& before, const domain::Action& after, int open_year);

// Ok when `after` leaves every year before the convention's latest revision as `before` has it (or
// when no revision is open); otherwise a data error naming the action, each changed field and year.
Result<void> refuse_frozen_changes(SQLite::Database& db, const domain::Action& before, const domain::Action& after);

// The first editable year of a convention's plan: the latest revision's year (none when no revision).
Result<std::optional<int>> open_revision_year(const Context& context, std::int64_t convention_id);

}  // namespace pilot::service
