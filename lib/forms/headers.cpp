#include "forms/headers.hpp"

#include <algorithm>
#include <map>

#include "forms/suggest.hpp"
#include "util/text.hpp"

namespace pilot::forms {
namespace {

// A header that names a field followed by its unit: « Montant (€) », « Montant en euros »,
// « ETP (en ETP) », « Taux (%) ». The unit must be the field's own: « Montant (k€) » stays unknown
// rather than read thousands as euros.
const Field* field_with_unit(const std::map<std::string, const Field*>& by_key, std::string_view header) {
  struct Unit {
    std::string_view suffix;  // folded
    FieldType type;
  };
  static constexpr Unit k_units[] = {
      {"(€)", FieldType::money},        {"(en €)", FieldType::money}, {"(euros)", FieldType::money},
      {"(en euros)", FieldType::money}, {"(eur)", FieldType::money},  {"en euros", FieldType::money},
      {"en €", FieldType::money},       {"€", FieldType::money},      {"(etp)", FieldType::etp},
      {"(en etp)", FieldType::etp},     {"en etp", FieldType::etp},   {"(%)", FieldType::percent},
      {"(en %)", FieldType::percent},   {"en %", FieldType::percent}, {"%", FieldType::percent},
  };
  const std::string folded(util::trim(util::fold(header)));
  for (const Unit& unit : k_units) {
    if (folded.size() <= unit.suffix.size() || !folded.ends_with(unit.suffix)) {
      continue;
    }
    const std::string key = util::fold_key(folded.substr(0, folded.size() - unit.suffix.size()));
    if (auto it = by_key.find(key); it != by_key.end() && it->second->type == unit.type) {
      return it->second;
    }
  }
  return nullptr;
}

}  // namespace

HeaderBinding bind_headers(const std::vector<const Field*>& fields, const std::vector<std::string>& headers) {
  std::map<std::string, const Field*> by_key;
  std::vector<std::string> names;  // for suggestions
  std::vector<const Field*> owners;
  for (const Field* field : fields) {
    std::vector<std::string> spellings = field->aliases;
    spellings.push_back(field->key);
    spellings.push_back(field->label);
    for (const auto& spelling : spellings) {
      const std::string key = util::fold_key(spelling);
      if (!key.empty()) {
        by_key.emplace(key, field);  // the schema lint guarantees one field per spelling
      }
      names.push_back(spelling);
      owners.push_back(field);
    }
  }
  HeaderBinding binding;
  binding.column_fields.assign(headers.size(), nullptr);
  std::vector<const Field*> bound;
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const std::string key = util::fold_key(headers[i]);
    if (key.empty()) {
      continue;
    }
    auto it = by_key.find(key);
    const Field* field = it != by_key.end() ? it->second : field_with_unit(by_key, headers[i]);
    if (field == nullptr) {
      binding.unknown.emplace_back(util::trim(headers[i]));
      const auto close = detail::suggest(headers[i], names);
      std::string suggestion;
      if (close) {
        const auto at = static_cast<std::size_t>(std::find(names.begin(), names.end(), *close) - names.begin());
        suggestion = owners[at]->label;
      }
      binding.suggestions.push_back(suggestion);
      continue;
    }
    if (std::find(bound.begin(), bound.end(), field) != bound.end()) {
      binding.duplicates.emplace_back(util::trim(headers[i]));
      continue;
    }
    bound.push_back(field);
    binding.column_fields[i] = field;
  }
  for (const Field* field : fields) {
    if (field->required && field->relevant.empty() && std::find(bound.begin(), bound.end(), field) == bound.end()) {
      binding.missing_required.push_back(field);
    }
  }
  return binding;
}

}  // namespace pilot::forms
