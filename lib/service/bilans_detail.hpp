// Private to service/bilans*.cpp: editing records from the command line (fields named loosely, group
// rows given as "champ=valeur;champ=valeur", rows replaced by their key, or for update set changed)
// and the planned indicators an indicator row refers to.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/action.hpp"
#include "forms/catalog.hpp"
#include "forms/problem.hpp"
#include "service/action_codec.hpp"

namespace pilot::service::bilans_detail {

// Codes of the problems that say a record is incomplete rather than wrong: a bilan may be saved with
// them (it is built field by field) and `bilan status` lists them as what it lacks.
[[nodiscard]] bool is_incompleteness(const forms::Problem& problem);

// A field by key, label or alias (accents, case and punctuation ignored), nullptr if none.
const forms::Field* find_field_loosely(const std::vector<forms::Field>& fields, std::string_view name);
// A group by key, label or sheet alias, nullptr if none.
const forms::Group* find_group_loosely(const forms::Form& form, std::string_view name);

// « champ inconnu « x » dans … ; vouliez-vous dire … ? » (kind usage).
Error unknown_field(std::string_view name, const std::vector<forms::Field>& fields, std::string_view where);

// Parses "champ=valeur;…" into a row of `group`; values that do not parse become problems (with the
// group's label and the row's position), unknown fields fail (usage). `named`, when given, receives
// the key of every field the text names, « etp= » (named empty) included.
Result<domain::GroupRow> parse_row(const forms::Group& group, std::string_view text, std::size_t position,
                                   std::vector<forms::Problem>& problems, std::set<std::string>* named = nullptr);

// Replaces the row of `rows` with the same values for `keys` (empty values compared as such), or
// appends it. Returns true when it replaced one.
bool put_row(std::vector<domain::GroupRow>& rows, domain::GroupRow row, const std::vector<std::string>& keys);

// For `update set`: puts a given row on the stored row of its year that it designates, keeping what it
// does not name. A key the text neither names nor completes matches any value, so that
// « financeur=État;montant=… » reaches the year's one État line whatever its object; two candidate
// lines are ambiguous, and so is a line two rows of the command would both reach (usage errors naming
// them). The fields `named` replace the line's (« etp= » clears its ETP); the others are kept. No
// line: the row is added.
struct MergedRows {
  std::vector<std::size_t> reached;  // indexes in the rows of the lines given rows reached or added
};
Result<void> merge_row(std::vector<domain::GroupRow>& rows, domain::GroupRow row, const std::set<std::string>& named,
                       const forms::Catalog& catalog, const forms::Group& group, const std::vector<std::string>& keys,
                       std::string_view text, std::string_view option, MergedRows& merged);

// The rows one command gives for a group (« --budget », « --depense », « --indicateur »), each with
// its text as typed. A second row with the same key would silently replace the first, so it is
// refused (usage): « --budget « … » : même … que « … » ». Otherwise the row is remembered.
struct GivenRows {
  std::vector<std::pair<domain::GroupRow, std::string>> rows;
};
Result<void> refuse_twin(GivenRows& given, const forms::Group& group, const domain::GroupRow& row,
                         std::string_view text, std::string_view option, const std::vector<std::string>& keys);

// The action's planned indicator a row names: national ones by code, the others by label (folded).
const domain::Indicator* planned_indicator(const domain::Action& action, const domain::Answers& row);

// Completes an indicator row from the plan it refers to: type, code or label, unit, and (when
// `with_target`) the target planned for `year` if the row gives none.
void complete_indicator_row(const domain::Action& action, domain::Answers& row, int year, bool with_target);

// "[E301] Dépenses réelles, ligne 2 : « Montant réalisé » : …" lines, for error messages.
std::string problems_text(const forms::Form& form, const std::vector<forms::Problem>& problems);
// What a problem says is missing, short: « Le déploiement de cette action est… » (indicateurs, ligne 2).
std::string lack_text(const forms::Form& form, const forms::Problem& problem);

// Field by field (label, « old → new » in display text) and group by group (« 1 ligne → 2 lignes »).
std::vector<std::pair<std::string, std::string>> record_changes(const forms::Catalog& catalog, const forms::Form& form,
                                                                const FormRecord& before, const FormRecord& after);

}  // namespace pilot::service::bilans_detail
