// Checks of repeating groups: each row's fields, unknown groups and columns, minimum rows, rows
// sharing their key fields, and the national indicators against the referential.
#include <fmt/format.h>

#include <map>
#include <unordered_map>

#include "forms/check_detail.hpp"
#include "forms/suggest.hpp"
#include "forms/values.hpp"
#include "util/text.hpp"

namespace pilot::forms::detail {
namespace {

std::size_t row_number(const domain::GroupRow& row, std::size_t index) {
  return row.source_row != 0 ? row.source_row : index + 1;
}

const domain::Value* value_of(const domain::Answers& answers, std::string_view key) {
  auto it = answers.find(key);
  return it == answers.end() ? nullptr : &it->second;
}

std::string text_of(const domain::Answers& answers, std::string_view key) {
  const domain::Value* value = value_of(answers, key);
  if (value == nullptr) {
    return {};
  }
  const auto* text = std::get_if<std::string>(value);
  return text == nullptr ? std::string() : *text;
}

std::optional<double> number_of(const domain::Value* value) {
  if (value == nullptr) {
    return std::nullopt;
  }
  if (const auto* number = std::get_if<std::int64_t>(value)) {
    return static_cast<double>(*number);
  }
  if (const auto* number = std::get_if<double>(value)) {
    return *number;
  }
  return std::nullopt;
}

void check_duplicates(const Catalog& catalog, const Group& group, const std::vector<domain::GroupRow>& rows,
                      std::vector<Problem>& problems) {
  if (group.key_fields.empty()) {
    return;
  }
  std::vector<const Field*> key_fields;  // looked up once, not for every row
  for (const auto& name : group.key_fields) {
    if (const Field* field = group.find_field(name)) {
      key_fields.push_back(field);
    }
  }
  std::unordered_map<std::string, std::size_t> first_seen;
  first_seen.reserve(rows.size());
  std::string key;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    key.clear();
    bool any = false;
    for (const Field* field : key_fields) {
      const domain::Value* value = value_of(rows[i].values, field->key);
      const bool empty = value == nullptr || domain::is_empty(*value);
      any = any || !empty;
      if (!empty) {
        if (const auto* text = std::get_if<std::string>(value)) {
          util::append_fold(key, *text);  // text and choice codes: their storage text is themselves
        } else if (const auto* number = std::get_if<std::int64_t>(value)) {
          key += std::to_string(*number);  // a year: digits fold to themselves
        } else {
          util::append_fold(key, to_storage_text(*field, *value));
        }
      }
      key += '\x1f';
    }
    if (!any) {
      continue;  // a row without its keys is reported by `required`
    }
    auto [it, inserted] = first_seen.emplace(key, row_number(rows[i], i));
    if (!inserted) {
      // Shown values are only formatted for a duplicate: this runs for every row of a bulk import.
      std::vector<std::string> shown;
      for (const auto& name : group.key_fields) {
        const Field* field = group.find_field(name);
        const domain::Value* value = value_of(rows[i].values, name);
        if (field != nullptr && value != nullptr && !domain::is_empty(*value)) {
          shown.push_back(fmt::format("{} : {}", field->label, to_display_text(catalog, *field, *value)));
        }
      }
      Problem problem;
      problem.code = "E401";
      problem.group = group.key;
      problem.group_row = row_number(rows[i], i);
      problem.message = fmt::format("« {} » : ligne en double ({}), déjà donnée ligne {}", group.label,
                                    util::join(shown, ", "), it->second);
      problems.push_back(std::move(problem));
    }
  }
}

// A national indicator in another unit than the referential, or above the indicator it is a
// sub-count of for the same year (orientés ≤ nouveaux entrants).
void check_indicators(const Catalog& catalog, const Group& group, const std::vector<domain::GroupRow>& rows,
                      std::vector<Problem>& problems) {
  auto national = [&](const domain::GroupRow& row) -> const IndicatorDef* {
    if (text_of(row.values, "type_indicateur") != "national") {
      return nullptr;
    }
    return catalog.find_indicator(text_of(row.values, "code"));
  };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const IndicatorDef* indicator = national(rows[i]);
    if (indicator == nullptr) {
      continue;
    }
    auto add = [&](const std::string& field_key, const std::string& value, const std::string& code,
                   const std::string& detail) {
      const Field* field = group.find_field(field_key);
      Problem problem;
      problem.code = code;
      problem.field = field_key;
      problem.group = group.key;
      problem.group_row = row_number(rows[i], i);
      problem.value = value;
      problem.message = fmt::format("« {} » : {}", field == nullptr ? field_key : field->label, detail);
      problems.push_back(std::move(problem));
    };
    const std::string unit = text_of(rows[i].values, "unite");
    if (!unit.empty() && unit != indicator->unit) {
      const Field* unit_field = group.find_field("unite");
      auto label = [&](const std::string& code) {
        const Choice* choice = unit_field == nullptr || unit_field->choice_list == nullptr
                                   ? nullptr
                                   : unit_field->choice_list->find_code(code);
        return choice == nullptr ? code : choice->label;
      };
      add("unite", unit, "E405",
          fmt::format("« {} » alors que l'indicateur national « {} » se mesure en « {} »", label(unit),
                      indicator->label, label(indicator->unit)));
    }
    if (indicator->part_of.empty()) {
      continue;
    }
    const domain::Value* year = value_of(rows[i].values, "annee");
    for (std::size_t j = 0; j < rows.size(); ++j) {
      const IndicatorDef* parent = national(rows[j]);
      const domain::Value* parent_year = value_of(rows[j].values, "annee");
      const bool same_year = (year == nullptr || domain::is_empty(*year))
                                 ? (parent_year == nullptr || domain::is_empty(*parent_year))
                                 : (parent_year != nullptr && *parent_year == *year);
      if (parent == nullptr || parent->code != indicator->part_of || !same_year) {
        continue;
      }
      for (const char* key : {"valeur_reference", "cible", "realise"}) {
        const Field* field = group.find_field(key);
        const auto child_value = number_of(value_of(rows[i].values, key));
        const auto parent_value = number_of(value_of(rows[j].values, key));
        if (field == nullptr || !child_value || !parent_value || *child_value <= *parent_value + 1e-9) {
          continue;
        }
        const std::string year_text =
            year == nullptr || domain::is_empty(*year) ? "" : fmt::format(" en {}", to_storage_text(*field, *year));
        add(key, to_storage_text(*field, *value_of(rows[i].values, key)), "E403",
            fmt::format("{} pour « {} » dépasse {} pour « {} »{} : un sous-total ne peut pas dépasser son total",
                        to_display_text(catalog, *field, *value_of(rows[i].values, key)), indicator->label,
                        to_display_text(catalog, *field, *value_of(rows[j].values, key)), parent->label, year_text));
      }
    }
  }
}

}  // namespace

void check_groups(const Catalog& catalog, const Form& form, const domain::Answers& answers,
                  const std::map<std::string, std::vector<domain::GroupRow>>& groups, std::vector<Problem>& problems) {
  for (const auto& [key, rows] : groups) {
    if (form.find_group(key) == nullptr) {
      std::vector<std::string> keys;
      for (const auto& group : form.groups) {
        keys.push_back(group.key);
      }
      Problem problem;
      problem.code = "E402";
      problem.group = key;
      problem.message =
          fmt::format("groupe inconnu « {} » dans le formulaire « {} »{}", key, form.id, did_you_mean(key, keys));
      problems.push_back(std::move(problem));
    }
  }
  static const std::vector<domain::GroupRow> k_no_rows;
  for (const auto& group : form.groups) {
    auto it = groups.find(group.key);
    const auto& rows = it == groups.end() ? k_no_rows : it->second;
    if (rows.size() < group.min_rows) {
      Problem problem;
      problem.code = "E404";
      problem.group = group.key;
      problem.message = fmt::format("« {} » : au moins {} ligne{} attendue{}, {} donnée{}", group.label, group.min_rows,
                                    group.min_rows > 1 ? "s" : "", group.min_rows > 1 ? "s" : "", rows.size(),
                                    rows.size() > 1 ? "s" : "");
      problems.push_back(std::move(problem));
    }
    FieldScope scope;
    scope.group = &group;
    scope.fields = group.field_pointers();
    for (std::size_t i = 0; i < rows.size(); ++i) {
      scope.answers = &rows[i].values;
      scope.row_number = row_number(rows[i], i);
      for (const auto& [key, value] : rows[i].values) {
        if (group.find_field(key) == nullptr) {
          Problem problem;
          problem.code = "E206";
          problem.field = key;
          problem.group = group.key;
          problem.group_row = scope.row_number;
          problem.message = fmt::format("champ inconnu « {} » dans le groupe « {} »", key, group.label);
          problems.push_back(std::move(problem));
        }
      }
      const EvalContext context{&form, &answers, &groups, &group, &rows[i].values, nullptr, nullptr};
      for (const auto& field : group.fields) {
        check_field(catalog, scope, field, context, problems);
      }
    }
    check_duplicates(catalog, group, rows, problems);
    if (group.kind == GroupKind::indicators) {
      check_indicators(catalog, group, rows, problems);
    }
  }
}

}  // namespace pilot::forms::detail
