// Actions: list, show, edit, delete, restore; the double validation (validate / unvalidate);
// history and the integrity check. Every write is one transaction.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/action.hpp"
#include "forms/problem.hpp"
#include "service/action_codec.hpp"
#include "service/context.hpp"
#include "service/scope_options.hpp"
#include "store/audit_store.hpp"
#include "store/bilan_store.hpp"
#include "store/validation_store.hpp"

namespace pilot::service {

struct ActionListOptions {
  ScopeOptions scope;
  std::optional<std::string> status;
  std::vector<std::string> axes;  // axe_1, « 1 », « Axe 2 », volet_2 ...
  std::string search;
  bool include_dropped = false;  // actions dropped by an annual update too
};

struct ActionListing {
  std::vector<store::ActionSummary> actions;
  std::vector<std::pair<domain::ActionStatus, std::int64_t>> status_counts;  // within the scope, all statuses
  std::vector<std::pair<std::string, std::string>> axe_labels;               // code → label, for display
  std::vector<std::pair<std::string, std::string>> champ_labels;
  std::int64_t dropped = 0;  // dropped actions of the scope, listed or not
};

Result<ActionListing> list_actions(const Context& context, const ActionListOptions& options);

struct ActionView {
  store::StoredAction stored;
  FormRecord record;
  const forms::Form* form = nullptr;
  domain::Convention convention;
  std::vector<store::Validation> validations;  // all, revoked ones included
  // Realised values the action's bilans declare, and the action as people read it: `stored` with
  // those values applied (store::apply_bilan_realised); `stored` stays the plan (its content hash).
  std::vector<store::BilanRealised> realised;
  store::StoredAction shown;
};

Result<ActionView> show_action(const Context& context, std::int64_t id);

// `--set field=value` pairs: the field by key, label or alias; the value as users type it.
struct FieldAssignment {
  std::string field;
  std::string value;
};

struct EditResult {
  std::int64_t id = 0;
  std::vector<std::pair<std::string, std::string>> changes;  // label, « old → new »; none: nothing written
};

// Drafts only; the whole record is checked against its form after the change, and every
// problem is reported at once (kind data) with nothing written.
Result<EditResult> edit_action(const Context& context, std::int64_t id, const std::vector<FieldAssignment>& sets);

struct DeleteActionResult {
  std::int64_t id = 0;
  std::string reference;
  std::string title;
};

Result<DeleteActionResult> delete_action(const Context& context, std::int64_t id);

enum class RestoreTarget { action, convention };

struct RestoreResult {
  std::int64_t id = 0;
  std::int64_t actions = 0;
};

// Brings back a deleted action or convention as it was, from the audit trail.
Result<RestoreResult> restore(const Context& context, RestoreTarget target, std::int64_t id);

struct ValidateOptions {
  std::string side;
  std::vector<std::int64_t> action_ids;
  std::optional<std::int64_t> convention_id;  // with all = true: every eligible action
  bool all = false;
  std::string comment;
};

enum class ValidationOutcome { validated, already_validated, refused };

struct ValidationLine {
  std::int64_t action_id = 0;
  std::string reference;
  ValidationOutcome outcome = ValidationOutcome::validated;
  domain::ActionStatus status = domain::ActionStatus::brouillon;  // after
  std::vector<forms::Problem> problems;                           // why refused
  std::string message;
};

struct ValidateResult {
  std::vector<ValidationLine> lines;
  [[nodiscard]] bool any_refused() const;
};

// Validates from one side. Each action is checked against its form first; an incomplete one is
// refused with what is missing. With explicit ids, any refusal writes nothing (all or nothing);
// with --convention --all, the eligible ones are validated and the others reported.
Result<ValidateResult> validate(const Context& context, const ValidateOptions& options);

struct UnvalidateOptions {
  std::string side;
  std::vector<std::int64_t> action_ids;
  std::string comment;  // required
};

Result<ValidateResult> unvalidate(const Context& context, const UnvalidateOptions& options);

struct HistoryOptions {
  std::optional<std::int64_t> action_id;
  std::optional<std::int64_t> convention_id;
  std::size_t limit = 50;  // when neither is given: the latest entries
};

Result<std::vector<store::AuditEntry>> history(const Context& context, const HistoryOptions& options);

struct CheckReport {
  std::vector<std::string> problems;  // French, one per finding
  std::vector<std::string> notes;     // what was checked, with counts
  [[nodiscard]] bool ok() const { return problems.empty(); }
};

// integrity_check, foreign_key_check, the audit chain, stored content hashes, validations
// bound to what is stored, and every stored action still valid against its form.
Result<CheckReport> check(const Context& context);

}  // namespace pilot::service
