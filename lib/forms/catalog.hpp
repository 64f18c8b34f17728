// The forms pilot knows, loaded from a schemas/ directory: forms/*.yaml, the shared choice lists of
// choices.yaml and the national indicator referential of referentiel-indicateurs.yaml. Loading
// validates everything (types, names, expressions, cycles) and either gives a usable Catalog or an
// Error listing every problem with file:line:column. A Catalog is immutable and cheap to copy.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/convention.hpp"
#include "forms/schema.hpp"
#include "util/error.hpp"

namespace pilot::forms {

// Schemas given as text rather than files (tests, embedding). Names are used in messages.
struct CatalogTexts {
  std::string choices;                                     // content of choices.yaml ("" = no shared lists)
  std::string referential;                                 // content of referentiel-indicateurs.yaml ("" = none)
  std::vector<std::pair<std::string, std::string>> forms;  // file name → content
};

// Refuse schema files above this size, and YAML trees that take more node visits than this to walk
// (aliases are shared nodes: a « billion laughs » file is small but explodes when walked).
inline constexpr std::uintmax_t k_max_schema_bytes = 1024 * 1024;
inline constexpr std::size_t k_max_schema_nodes = 200'000;

class Catalog {
 public:
  // Fails (ErrorKind::io) if the directory or forms/ is missing, (ErrorKind::data) with one line
  // per problem otherwise. choices.yaml and referentiel-indicateurs.yaml are optional.
  static Result<Catalog> load(const std::filesystem::path& schemas_dir);
  static Result<Catalog> from_texts(const CatalogTexts& texts);

  [[nodiscard]] const Form* find_form(std::string_view id) const;               // nullptr if unknown
  [[nodiscard]] std::vector<const Form*> forms() const;                         // sorted by id
  [[nodiscard]] const ChoiceList* find_choice_list(std::string_view id) const;  // shared lists
  [[nodiscard]] std::vector<const ChoiceList*> choice_lists() const;
  [[nodiscard]] const IndicatorDef* find_indicator(std::string_view code) const;
  [[nodiscard]] const std::vector<IndicatorDef>& indicators() const { return m_indicators; }
  [[nodiscard]] const std::filesystem::path& directory() const { return m_directory; }

  // Action forms for an action of a convention: cls + departement → action-cls-departement,
  // cls + metropole → action-cls-metropole, cie → action-cie; unique → both the CLS-département
  // and the CIE forms. Driven by each form's applies_to; empty when nothing applies.
  [[nodiscard]] std::vector<const Form*> action_forms_for(domain::ConventionType convention,
                                                          domain::CollectiviteType collectivite) const;
  // Forms of a record kind applying to a convention (e.g. the bilan form).
  [[nodiscard]] std::vector<const Form*> forms_for(RecordKind record, domain::ConventionType convention,
                                                   domain::CollectiviteType collectivite) const;

  // For the loader only.
  using ListMap = std::map<std::string, std::shared_ptr<const ChoiceList>, std::less<>>;
  [[nodiscard]] const ListMap& shared_lists() const { return m_lists; }

 private:
  friend struct CatalogAccess;
  std::vector<std::shared_ptr<const Form>> m_forms;
  ListMap m_lists;
  std::vector<IndicatorDef> m_indicators;
  std::filesystem::path m_directory;
};

}  // namespace pilot::forms
