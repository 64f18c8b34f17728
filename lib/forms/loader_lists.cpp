// Choice lists (choices.yaml and forms' local lists) and the national indicator referential.
#include <fmt/format.h>

#include <map>
#include <regex>
#include <set>

#include "forms/loader.hpp"
#include "util/text.hpp"

namespace pilot::forms::detail {
namespace {

bool is_code(std::string_view text) {
  static const std::regex k_code("[A-Za-z0-9][A-Za-z0-9_]*");
  return std::regex_match(text.begin(), text.end(), k_code);
}

bool is_snake_key(std::string_view text) {
  static const std::regex k_key("[a-z][a-z0-9_]*");
  return std::regex_match(text.begin(), text.end(), k_key);
}

// Whatever users may type for a choice must designate one choice only.
void check_ambiguous_names(const ChoiceList& list, Diagnostics& diagnostics) {
  std::map<std::string, const Choice*> owners;
  for (const auto& choice : list.choices) {
    std::vector<std::string> names = choice.aliases;
    names.push_back(choice.code);
    names.push_back(choice.label);
    for (const auto& name : names) {
      const std::string key = util::fold_key(name);
      if (key.empty()) {
        continue;
      }
      auto [it, inserted] = owners.emplace(key, &choice);
      if (!inserted && it->second != &choice) {
        diagnostics.add(choice.where, fmt::format("liste « {} » : « {} » désigne à la fois « {} » et « {} »", list.id,
                                                  name, it->second->code, choice.code));
      }
    }
  }
}

}  // namespace

std::shared_ptr<ChoiceList> read_choice_list(const YAML::Node& node, const std::string& file,
                                             Diagnostics& diagnostics) {
  MapReader reader(node, file, diagnostics, "la liste de choix", {"id", "label", "other", "choices"});
  if (!reader.valid()) {
    return nullptr;
  }
  auto list = std::make_shared<ChoiceList>();
  list->where = reader.where();
  list->id = reader.text("id", true);
  list->label = reader.text("label");
  list->other = reader.text("other");
  if (!list->id.empty() && !is_snake_key(list->id)) {
    diagnostics.add(reader.where("id"), fmt::format("identifiant de liste invalide « {} » : lettres minuscules, "
                                                    "chiffres et _ (ex. champs_action)",
                                                    list->id));
  }
  std::set<std::string> codes;
  for (const auto& item : reader.maps("choices")) {
    MapReader choice_reader(item, file, diagnostics, "le choix", {"code", "label", "aliases", "tags"});
    if (!choice_reader.valid()) {
      continue;
    }
    Choice choice;
    choice.where = choice_reader.where();
    choice.code = choice_reader.text("code", true);
    choice.label = choice_reader.text("label", true);
    choice.aliases = choice_reader.texts("aliases");
    choice.tags = choice_reader.texts("tags");
    if (choice.code.empty()) {
      continue;
    }
    if (!is_code(choice.code)) {
      diagnostics.add(choice_reader.where("code"),
                      fmt::format("code de choix invalide « {} » : lettres sans accent, chiffres et _", choice.code));
    }
    if (!codes.insert(choice.code).second) {
      diagnostics.add(choice_reader.where("code"),
                      fmt::format("code « {} » en double dans la liste « {} »", choice.code, list->id));
      continue;
    }
    list->choices.push_back(std::move(choice));
  }
  if (list->choices.empty() && reader.valid()) {
    diagnostics.add(reader.where("choices"), fmt::format("la liste « {} » n'a aucun choix", list->id));
  }
  if (!list->other.empty() && list->find_code(list->other) == nullptr) {
    diagnostics.add(reader.where("other"),
                    fmt::format("« other » : « {} » n'est pas un code de la liste « {} »", list->other, list->id));
  }
  check_ambiguous_names(*list, diagnostics);
  return list;
}

void read_choice_lists_file(const YAML::Node& root, const std::string& file, Diagnostics& diagnostics, ListMap& lists) {
  MapReader reader(root, file, diagnostics, "le fichier des listes de choix", {"version", "lists"});
  if (!reader.valid()) {
    return;
  }
  reader.integer("version");
  for (const auto& node : reader.maps("lists")) {
    auto list = read_choice_list(node, file, diagnostics);
    if (list == nullptr || list->id.empty()) {
      continue;
    }
    if (list->id == k_referential_list_id) {
      diagnostics.add(list->where,
                      fmt::format("l'identifiant « {} » est réservé au référentiel des indicateurs", list->id));
      continue;
    }
    const std::string id = list->id;
    if (!lists.emplace(id, std::move(list)).second) {
      diagnostics.add(location_of(node, file), fmt::format("liste « {} » en double", id));
    }
  }
}

std::vector<IndicatorDef> read_referential(const YAML::Node& root, const std::string& file, Diagnostics& diagnostics) {
  std::vector<IndicatorDef> out;
  MapReader reader(root, file, diagnostics, "le référentiel des indicateurs", {"version", "indicators"});
  if (!reader.valid()) {
    return out;
  }
  reader.integer("version");
  std::set<std::string> codes;
  for (const auto& node : reader.maps("indicators")) {
    MapReader item(node, file, diagnostics, "l'indicateur",
                   {"code", "label", "unit", "definition", "theme", "part_of", "aliases", "source"});
    if (!item.valid()) {
      continue;
    }
    IndicatorDef indicator;
    indicator.where = item.where();
    indicator.code = item.text("code", true);
    indicator.label = item.text("label", true);
    indicator.unit = item.text("unit", true);
    indicator.definition = item.text("definition");
    indicator.theme = item.text("theme");
    indicator.part_of = item.text("part_of");
    indicator.aliases = item.texts("aliases");
    indicator.source = item.text("source");
    if (indicator.code.empty()) {
      continue;
    }
    if (!is_code(indicator.code)) {
      diagnostics.add(item.where("code"), fmt::format("code d'indicateur invalide « {} »", indicator.code));
    }
    if (!codes.insert(indicator.code).second) {
      diagnostics.add(item.where("code"), fmt::format("indicateur « {} » en double", indicator.code));
      continue;
    }
    out.push_back(std::move(indicator));
  }
  return out;
}

std::shared_ptr<ChoiceList> referential_choice_list(const std::vector<IndicatorDef>& indicators) {
  auto list = std::make_shared<ChoiceList>();
  list->id = std::string(k_referential_list_id);
  list->label = "Référentiel national des indicateurs";
  for (const auto& indicator : indicators) {
    Choice choice;
    choice.code = indicator.code;
    choice.label = indicator.label;
    choice.aliases = indicator.aliases;
    choice.tags = {indicator.unit};
    choice.where = indicator.where;
    list->choices.push_back(std::move(choice));
  }
  if (!indicators.empty()) {
    list->where = indicators.front().where;
  }
  return list;
}

void check_referential(const std::vector<IndicatorDef>& indicators, const ListMap& lists, Diagnostics& diagnostics) {
  std::map<std::string, const IndicatorDef*> by_code;
  for (const auto& indicator : indicators) {
    by_code.emplace(indicator.code, &indicator);
  }
  auto units = lists.find("unites_indicateur");
  for (const auto& indicator : indicators) {
    if (units != lists.end() && !indicator.unit.empty() && units->second->find_code(indicator.unit) == nullptr) {
      std::vector<std::string> codes;
      for (const auto& choice : units->second->choices) {
        codes.push_back(choice.code);
      }
      diagnostics.add(indicator.where, fmt::format("indicateur « {} » : unité inconnue « {} » (unités : {})",
                                                   indicator.code, indicator.unit, util::join(codes, ", ")));
    }
    if (indicator.part_of.empty()) {
      continue;
    }
    auto parent = by_code.find(indicator.part_of);
    if (parent == by_code.end()) {
      diagnostics.add(indicator.where,
                      fmt::format("indicateur « {} » : « part_of » désigne un indicateur inconnu « {} »",
                                  indicator.code, indicator.part_of));
      continue;
    }
    if (parent->second->unit != indicator.unit) {
      diagnostics.add(indicator.where,
                      fmt::format("indicateur « {} » : un sous-total a l'unité de son total « {} » ({}, pas {})",
                                  indicator.code, indicator.part_of, parent->second->unit, indicator.unit));
    }
    // Follow the chain: a sub-count of itself, even indirectly, would make the check meaningless.
    std::set<std::string> seen{indicator.code};
    const IndicatorDef* current = parent->second;
    while (current != nullptr && !current->part_of.empty()) {
      if (!seen.insert(current->code).second || current->part_of == indicator.code) {
        diagnostics.add(indicator.where,
                        fmt::format("indicateur « {} » : « part_of » forme une boucle", indicator.code));
        break;
      }
      auto next = by_code.find(current->part_of);
      current = next == by_code.end() ? nullptr : next->second;
    }
  }
  const auto list = referential_choice_list(indicators);
  check_ambiguous_names(*list, diagnostics);
}

SchemaFileKind schema_file_kind(const YAML::Node& root) {
  if (root.IsMap()) {
    if (root["lists"].IsDefined() && !root["id"].IsDefined()) {
      return SchemaFileKind::choice_lists;
    }
    if (root["indicators"].IsDefined() && !root["id"].IsDefined()) {
      return SchemaFileKind::referential;
    }
  }
  return SchemaFileKind::form;
}

}  // namespace pilot::forms::detail
