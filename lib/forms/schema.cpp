#include "forms/schema.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "util/text.hpp"

namespace pilot::forms {
namespace {

struct TypeName {
  FieldType type;
  std::string_view code;
  std::string_view label;
};

constexpr std::array<TypeName, 10> k_types = {{
    {FieldType::text, "text", "texte"},
    {FieldType::integer, "integer", "nombre entier"},
    {FieldType::decimal, "decimal", "nombre décimal"},
    {FieldType::money, "money", "montant en euros"},
    {FieldType::percent, "percent", "pourcentage"},
    {FieldType::etp, "etp", "nombre d'ETP"},
    {FieldType::date, "date", "date"},
    {FieldType::yes_no, "yes_no", "oui/non"},
    {FieldType::single_choice, "single_choice", "choix unique"},
    {FieldType::multiple_choice, "multiple_choice", "choix multiple"},
}};

}  // namespace

std::string SourceLocation::str() const {
  if (line <= 0) {
    return file;
  }
  if (column <= 0) {
    return fmt::format("{}:{}", file, line);
  }
  return fmt::format("{}:{}:{}", file, line, column);
}

std::string_view to_code(FieldType type) {
  for (const auto& entry : k_types) {
    if (entry.type == type) {
      return entry.code;
    }
  }
  return "text";
}

std::string_view to_label(FieldType type) {
  for (const auto& entry : k_types) {
    if (entry.type == type) {
      return entry.label;
    }
  }
  return "texte";
}

std::string with_article(FieldType type) {
  const std::string_view label = to_label(type);
  if (type == FieldType::date) {
    return "une date";
  }
  if (type == FieldType::yes_no) {
    return "une réponse oui/non";
  }
  return fmt::format("un {}", label);
}

std::optional<FieldType> parse_field_type(std::string_view code) {
  for (const auto& entry : k_types) {
    if (entry.code == code) {
      return entry.type;
    }
  }
  return std::nullopt;
}

bool is_numeric(FieldType type) {
  return type == FieldType::integer || type == FieldType::decimal || type == FieldType::money ||
         type == FieldType::percent || type == FieldType::etp;
}

bool is_choice(FieldType type) {
  return type == FieldType::single_choice || type == FieldType::multiple_choice;
}

std::string_view to_code(RecordKind kind) {
  switch (kind) {
    case RecordKind::convention: return "convention";
    case RecordKind::action: return "action";
    case RecordKind::bilan: return "bilan";
  }
  return "action";
}

std::optional<RecordKind> parse_record_kind(std::string_view code) {
  for (const auto kind : {RecordKind::convention, RecordKind::action, RecordKind::bilan}) {
    if (to_code(kind) == code) {
      return kind;
    }
  }
  return std::nullopt;
}

std::string_view to_code(GroupKind kind) {
  switch (kind) {
    case GroupKind::budget: return "budget";
    case GroupKind::indicators: return "indicators";
    case GroupKind::generic: return "generic";
  }
  return "generic";
}

std::optional<GroupKind> parse_group_kind(std::string_view code) {
  for (const auto kind : {GroupKind::budget, GroupKind::indicators, GroupKind::generic}) {
    if (to_code(kind) == code) {
      return kind;
    }
  }
  return std::nullopt;
}

std::string_view to_code(Severity severity) {
  return severity == Severity::error ? "error" : "warning";
}

bool Choice::has_tag(std::string_view tag) const {
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

const Choice* ChoiceList::find_code(std::string_view code) const {
  for (const auto& choice : choices) {
    if (choice.code == code) {
      return &choice;
    }
  }
  return nullptr;
}

const Choice* ChoiceList::match(std::string_view text) const {
  const std::string_view trimmed = util::trim(text);
  if (trimmed.empty()) {
    return nullptr;
  }
  if (const Choice* exact = find_code(trimmed)) {
    return exact;
  }
  // Folded comparison first (keeps « Axe 1 » apart from « Axe 1 bis »), then punctuation-blind.
  const std::string folded = util::fold(trimmed);
  for (const auto& choice : choices) {
    if (util::fold(choice.code) == folded || util::fold(choice.label) == folded) {
      return &choice;
    }
    for (const auto& alias : choice.aliases) {
      if (util::fold(alias) == folded) {
        return &choice;
      }
    }
  }
  const std::string key = util::fold_key(trimmed);
  if (key.empty()) {
    return nullptr;
  }
  for (const auto& choice : choices) {
    if (util::fold_key(choice.code) == key || util::fold_key(choice.label) == key) {
      return &choice;
    }
    for (const auto& alias : choice.aliases) {
      if (util::fold_key(alias) == key) {
        return &choice;
      }
    }
  }
  return nullptr;
}

std::vector<std::string> ChoiceList::labels() const {
  std::vector<std::string> out;
  out.reserve(choices.size());
  for (const auto& choice : choices) {
    out.push_back(choice.label);
  }
  return out;
}

bool Field::offers(std::string_view code) const {
  if (choice_list == nullptr || choice_list->find_code(code) == nullptr) {
    return false;
  }
  return only_choices.empty() || std::find(only_choices.begin(), only_choices.end(), code) != only_choices.end();
}

std::vector<const Choice*> Field::offered_choices() const {
  std::vector<const Choice*> out;
  if (choice_list == nullptr) {
    return out;
  }
  for (const auto& choice : choice_list->choices) {
    if (offers(choice.code)) {
      out.push_back(&choice);
    }
  }
  return out;
}

const Field* Group::find_field(std::string_view key) const {
  for (const auto& field : fields) {
    if (field.key == key) {
      return &field;
    }
  }
  return nullptr;
}

std::vector<const Field*> Group::field_pointers() const {
  std::vector<const Field*> out;
  for (const auto& field : fields) {
    out.push_back(&field);
  }
  return out;
}

bool AppliesTo::matches(domain::ConventionType convention, domain::CollectiviteType collectivite) const {
  const bool convention_ok = convention_types.empty() || std::find(convention_types.begin(), convention_types.end(),
                                                                   convention) != convention_types.end();
  const bool collectivite_ok =
      collectivite_types.empty() ||
      std::find(collectivite_types.begin(), collectivite_types.end(), collectivite) != collectivite_types.end();
  return convention_ok && collectivite_ok;
}

const Field* Form::find_field(std::string_view key) const {
  for (const auto& field : fields) {
    if (field.key == key) {
      return &field;
    }
  }
  return nullptr;
}

const Group* Form::find_group(std::string_view key) const {
  for (const auto& group : groups) {
    if (group.key == key) {
      return &group;
    }
  }
  return nullptr;
}

const Group* Form::find_group_of_kind(GroupKind kind) const {
  for (const auto& group : groups) {
    if (group.kind == kind) {
      return &group;
    }
  }
  return nullptr;
}

const Section* Form::find_section(std::string_view key) const {
  for (const auto& section : sections) {
    if (section.key == key) {
      return &section;
    }
  }
  return nullptr;
}

std::vector<const Field*> Form::fields_of_section(std::string_view section_key) const {
  std::vector<const Field*> out;
  for (const auto& field : fields) {
    if (field.section == section_key) {
      out.push_back(&field);
    }
  }
  return out;
}

std::vector<const Field*> Form::field_pointers() const {
  std::vector<const Field*> out;
  for (const auto& field : fields) {
    out.push_back(&field);
  }
  return out;
}

const Group* Form::match_group(std::string_view sheet_name) const {
  const std::string key = util::fold_key(sheet_name);
  if (key.empty()) {
    return nullptr;
  }
  for (const auto& group : groups) {
    if (util::fold_key(group.key) == key || util::fold_key(group.label) == key) {
      return &group;
    }
    for (const auto& alias : group.sheet_aliases) {
      if (util::fold_key(alias) == key) {
        return &group;
      }
    }
  }
  return nullptr;
}

bool is_pour_info_row(const Group& group, const domain::Answers& row) {
  if (group.kind != GroupKind::budget) {
    return false;
  }
  for (const auto& field : group.fields) {
    if (field.type != FieldType::single_choice || field.choice_list == nullptr) {
      continue;
    }
    auto it = row.find(field.key);
    if (it == row.end()) {
      continue;
    }
    if (const auto* code = std::get_if<std::string>(&it->second)) {
      const Choice* choice = field.choice_list->find_code(*code);
      if (choice != nullptr && choice->has_tag(k_pour_info_tag)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace pilot::forms
