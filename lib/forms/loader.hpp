// Building schema values from YAML trees (private to lib/forms). Reading checks the shape of each
// element; resolve_form then checks the form as a whole (names, choice lists, expressions, cycles,
// the keys other layers rely on). Every problem goes to Diagnostics with its file:line:column.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "forms/catalog.hpp"
#include "forms/schema.hpp"
#include "forms/yaml_source.hpp"

namespace pilot::forms::detail {

using ListMap = Catalog::ListMap;

// One choice list (in choices.yaml or a form's local `choices:`); nullptr when unusable.
std::shared_ptr<ChoiceList> read_choice_list(const YAML::Node& node, const std::string& file, Diagnostics& diagnostics);
// choices.yaml: `version` and `lists`. Adds each list to `lists`, reporting duplicate ids.
void read_choice_lists_file(const YAML::Node& root, const std::string& file, Diagnostics& diagnostics, ListMap& lists);
// referentiel-indicateurs.yaml: `version` and `indicators`.
std::vector<IndicatorDef> read_referential(const YAML::Node& root, const std::string& file, Diagnostics& diagnostics);
// The referential as the choice list k_referential_list_id (so a field can offer its codes).
std::shared_ptr<ChoiceList> referential_choice_list(const std::vector<IndicatorDef>& indicators);
// Checks the units and sub-count links of the referential against the shared lists.
void check_referential(const std::vector<IndicatorDef>& indicators, const ListMap& lists, Diagnostics& diagnostics);

std::shared_ptr<Form> read_form(const YAML::Node& root, const std::string& file, Diagnostics& diagnostics);
// Links fields to their choice lists (local first, then shared) and validates the whole form.
void resolve_form(Form& form, const ListMap& shared, Diagnostics& diagnostics);

// What kind of schema file a YAML tree is, from its top-level keys.
enum class SchemaFileKind { form, choice_lists, referential };
SchemaFileKind schema_file_kind(const YAML::Node& root);

}  // namespace pilot::forms::detail
