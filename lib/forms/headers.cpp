#include "forms/headers.hpp"

#include <algorithm>
#include <map>

#include "forms/suggest.hpp"
#include "util/text.hpp"

namespace pilot::forms {

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
    if (it == by_key.end()) {
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
    if (std::find(bound.begin(), bound.end(), it->second) != bound.end()) {
      binding.duplicates.emplace_back(util::trim(headers[i]));
      continue;
    }
    bound.push_back(it->second);
    binding.column_fields[i] = it->second;
  }
  for (const Field* field : fields) {
    if (field->required && field->relevant.empty() && std::find(bound.begin(), bound.end(), field) == bound.end()) {
      binding.missing_required.push_back(field);
    }
  }
  return binding;
}

}  // namespace pilot::forms
