// Between a form record (typed answers + repeating-group rows, what lib/forms checks) and an
// action as stored (fixed columns, answer rows, budget lines, indicators).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/action.hpp"
#include "forms/catalog.hpp"
#include "store/action_store.hpp"

namespace pilot::service {

struct FormRecord {
  domain::Answers answers;  // main-record fields, `reference` and `intitule` included
  std::map<std::string, std::vector<domain::GroupRow>> groups;  // by group key
};

// A declared total that a form rule ties to its lines — `empty(budget_total) or budget_total =
// sum(budget.montant)` — follows the lines from `before` to `after` when it matched them before
// (a yearly update or a re-import changes the plan, hence its total). A total left empty stays
// empty; fields in `given` (set explicitly by the user) are left as given. Money fields only.
void follow_declared_totals(const forms::Form& form, const FormRecord& before, FormRecord& after,
                            const std::set<std::string>& given);

// Builds the action to store from a record of an action form. Budget rows map `annee`,
// `financeur`, `financeur_nom`, `nature`, `montant`, `etp` to columns (a row whose nature
// carries the « pour_info » tag is informational); indicator rows are gathered per (type,
// code, libellé) into one indicator with one value per `annee`. Any other answer of a row is
// kept as storage text in `extra`, so nothing the form asks is lost.
domain::Action action_from_record(const forms::Catalog& catalog, const forms::Form& form, const FormRecord& record,
                                  std::int64_t convention_id);

// One answer of a record or group row: the text, number or whole number it holds (nothing, nullopt
// or 0 when absent or of another type). Shared by the action and bilan codecs.
std::string text_of(const domain::Answers& row, std::string_view key);
std::optional<double> number_of(const domain::Answers& row, std::string_view key);
std::int64_t integer_of(const domain::Answers& row, std::string_view key);
// The answers of a group row outside `columns` (those stored in their own columns), as storage text.
std::vector<std::pair<std::string, std::string>> extras_of(const forms::Group& group, const domain::Answers& row,
                                                           const std::set<std::string, std::less<>>& columns);

// The reverse: what a stored action says, as the form's record (to check it again, show it,
// export it).
FormRecord record_from_action(const forms::Form& form, const store::StoredAction& stored);

// One field's stored rows (one per chosen option for a multiple choice) as its typed value.
domain::Value decode_stored_answer(const forms::Field& field, const std::vector<const store::StoredAnswer*>& rows);

}  // namespace pilot::service
