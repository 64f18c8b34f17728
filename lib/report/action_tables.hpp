// Actions as people read them: the guide's action table with its status counts, the detail of
// one action section by section, validation reports and the history.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "domain/action.hpp"
#include "domain/convention.hpp"
#include "forms/catalog.hpp"
#include "report/table.hpp"
#include "store/action_store.hpp"
#include "store/audit_store.hpp"
#include "store/bilan_store.hpp"
#include "store/validation_store.hpp"

namespace pilot::report {

using CodeLabels = std::vector<std::pair<std::string, std::string>>;

// N°, Référence, Intitulé, Type de convention, Axe / volet, Champs d'action publique, Collectivité,
// Statut, Budget total (labels of codes looked up in `axes` / `champs`).
Table actions_table(const std::vector<store::ActionSummary>& actions, const CodeLabels& axes, const CodeLabels& champs);

// « 0 Brouillons, 5 Validées par la collectivité, 0 Validées par l'État, 0 Double validées » (the guide).
std::string status_counts_line(const std::vector<std::pair<domain::ActionStatus, std::int64_t>>& counts);

// Every answer of an action, section by section, then its budget, indicators and validations.
// `realised_from_bilans`: the indicators' realised values were taken from bilans (apply_bilan_realised),
// which a note under the table says.
std::string action_detail_text(const forms::Catalog& catalog, const forms::Form& form,
                               const domain::Convention& convention, const store::StoredAction& stored,
                               const domain::Answers& answers, const std::vector<store::Validation>& validations,
                               bool realised_from_bilans = false);
// The action's content as stored (the plan, what validations sign), with the realised values its
// bilans declare listed apart (« realises_bilans »).
util::Json action_detail_json(const forms::Catalog& catalog, const forms::Form& form,
                              const domain::Convention& convention, const store::StoredAction& stored,
                              const domain::Answers& answers, const std::vector<store::Validation>& validations,
                              const std::vector<store::BilanRealised>& realised = {});

// Date, Auteur, Commande, Objet, Opération, Détail (old → new, summarised).
// People read a one-line summary of long values; scripts (CSV, JSON) get them whole.
enum class HistoryValues { summarised, whole };
Table history_table(const std::vector<store::AuditEntry>& entries, HistoryValues values = HistoryValues::summarised);

}  // namespace pilot::report
