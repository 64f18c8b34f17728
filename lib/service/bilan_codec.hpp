// Between a record of the bilan form (typed answers + rows of its `depenses` and `indicateurs` groups,
// what lib/forms checks) and a bilan as stored (answers, expenses, indicator values). The record's
// `reference` and `annee_bilan` and the rows' `annee` are not stored: they are the action and the year
// the bilan belongs to, and come back from them.
#pragma once

#include <cstdint>
#include <string>

#include "forms/catalog.hpp"
#include "service/action_codec.hpp"
#include "store/bilan_store.hpp"

namespace pilot::service {

// The bilan form's group of real expenses and of indicator values (nullptr when the form has none).
const forms::Group* expense_group(const forms::Form& form);
const forms::Group* indicator_group(const forms::Form& form);

// Expense rows map `financeur`, `financeur_nom`, `nature`, `objet`, `montant`, `etp` to columns (a nature
// tagged « pour_info » is informational); indicator rows `type_indicateur`, `code`, `libelle` (a national
// indicator without one takes the referential's label), `unite`, `cible`, `realise`, `commentaire`. Other
// answers of a row are kept as storage text in `extra`.
store::Bilan bilan_from_record(const forms::Catalog& catalog, const forms::Form& form, const FormRecord& record,
                               std::int64_t action_id, int year);

// The reverse, for checking again, showing, editing one field.
FormRecord record_from_bilan(const forms::Form& form, const store::Bilan& bilan, const std::string& reference);

}  // namespace pilot::service
