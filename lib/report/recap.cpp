#include "report/recap.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "forms/values.hpp"
#include "report/export_keys.hpp"
#include "report/export_values.hpp"
#include "store/export_store.hpp"

namespace pilot::report {
namespace {

// Keys every action form shares (schemas/forms): the axe (CLS) or volet (CIE) an action
// belongs to, and the characteristics the recap shows.
constexpr std::string_view k_group_keys[] = {"axe", "volet"};
constexpr std::string_view k_nature_key = "nature";
constexpr std::string_view k_type_key = "type_action";
constexpr std::string_view k_champs_key = "champs";

struct Group {
  int rank = 0;  // axes before volets, each in its choice list's order
  std::string label;
  auto operator<=>(const Group&) const = default;
};

struct ActionLine {
  std::int64_t id = 0;
  std::string reference;
  std::string title;
  std::string nature;
  std::string type;
  std::string champs;
  std::string status;
  std::int64_t cents[3] = {0, 0, 0};  // État, collectivité, autres

  [[nodiscard]] std::int64_t total() const { return cents[0] + cents[1] + cents[2]; }
};

std::span<const store::StoredAnswer> rows_of(std::span<const store::StoredAnswer> answers, std::string_view key) {
  auto first = std::find_if(answers.begin(), answers.end(), [&](const auto& a) { return a.field_key == key; });
  auto last = std::find_if(first, answers.end(), [&](const auto& a) { return a.field_key != key; });
  return {first, last};
}

std::string display(const forms::Catalog& catalog, const forms::Form* form,
                    std::span<const store::StoredAnswer> answers, std::string_view key) {
  const auto rows = rows_of(answers, key);
  if (rows.empty()) {
    return "";
  }
  const forms::Field* field = form != nullptr ? form->find_field(key) : nullptr;
  if (field == nullptr) {
    return rows.front().text.value_or("");
  }
  return forms::to_display_text(catalog, *field, answer_value(*field, rows));
}

Group group_of(const forms::Form* form, std::span<const store::StoredAnswer> answers) {
  for (std::size_t k = 0; k < std::size(k_group_keys); ++k) {
    const auto rows = rows_of(answers, k_group_keys[k]);
    if (rows.empty() || !rows.front().text) {
      continue;
    }
    const std::string& code = *rows.front().text;
    const forms::Field* field = form != nullptr ? form->find_field(k_group_keys[k]) : nullptr;
    int index = 999;
    if (field != nullptr && field->choice_list != nullptr) {
      const auto& choices = field->choice_list->choices;
      auto found = std::find_if(choices.begin(), choices.end(), [&](const auto& c) { return c.code == code; });
      if (found != choices.end()) {
        index = static_cast<int>(found - choices.begin());
      }
    }
    return {static_cast<int>(k) * 1000 + index, field != nullptr ? std::string(choice_label(*field, code)) : code};
  }
  return {9000, "Sans axe ni volet"};
}

Cell share(std::int64_t part, std::int64_t total) {
  return detail::share_of(static_cast<double>(part), static_cast<double>(total));
}

// The question as the convention's own action forms word it.
std::string field_label(const forms::Catalog& catalog, const domain::Convention& convention, std::string_view key,
                        std::string fallback) {
  for (const forms::Form* form : catalog.action_forms_for(convention.type, convention.collectivite_type)) {
    if (const forms::Field* field = form->find_field(key)) {
      return field->label;
    }
  }
  return fallback;
}

std::string plural(std::size_t count, std::string_view word) {
  return fmt::format("{} {}{}", count, word, count > 1 ? "s" : "");
}

struct IndicatorLine {
  Group group;
  std::string reference;
  std::string action;
  std::string code;
  std::string label;
  std::string unit;
  std::optional<double> baseline;
  std::map<int, std::pair<std::optional<double>, std::optional<double>>> years;  // target, realised
};

RecapTab indicator_tab(std::string key, std::string title, const std::vector<IndicatorLine>& lines, bool with_code) {
  RecapTab tab;
  tab.key = std::move(key);
  tab.title = std::move(title);
  tab.empty_note = "Aucun indicateur de ce type.";
  std::set<int> years;
  for (const auto& line : lines) {
    for (const auto& [year, values] : line.years) {
      years.insert(year);
    }
  }
  tab.columns = {{"reference", "Réf."}, {"action", "Action"}};
  if (with_code) {
    tab.columns.push_back({"code", "Code"});
  }
  tab.columns.insert(tab.columns.end(),
                     {{"indicateur", "Indicateur"}, {"unite", "Unité"}, {"valeur_reference", "Valeur de référence"}});
  for (const int year : years) {
    tab.columns.push_back({fmt::format("cible_{}", year), fmt::format("Cible {}", year)});
    tab.columns.push_back({fmt::format("realise_{}", year), fmt::format("Réalisé {}", year)});
  }
  std::map<Group, RecapSection> sections;
  for (const auto& line : lines) {
    std::vector<Cell> row = {line.reference, line.action};
    if (with_code) {
      row.emplace_back(line.code);
    }
    row.insert(row.end(), {Cell(line.label), Cell(line.unit), line.baseline ? Cell(*line.baseline) : Cell()});
    for (const int year : years) {
      auto found = line.years.find(year);
      const bool has = found != line.years.end();
      row.push_back(has && found->second.first ? Cell(*found->second.first) : Cell());
      row.push_back(has && found->second.second ? Cell(*found->second.second) : Cell());
    }
    auto& section = sections[line.group];
    section.heading = line.group.label;
    section.rows.push_back(std::move(row));
  }
  for (auto& [group, section] : sections) {
    tab.sections.push_back(std::move(section));
  }
  return tab;
}

}  // namespace

std::vector<std::string> recap_tab_keys() {
  return {"actions", "budgets", "nationaux", "locaux", "impact"};
}

Recap build_recap(store::Database& database, const forms::Catalog& catalog, const domain::Convention& convention) {
  Recap recap;
  recap.convention = convention;
  recap.data_timestamp = database.data_timestamp();
  store::ExportFilter filter;
  filter.scope.convention_id = convention.id;

  std::map<Group, std::vector<ActionLine>> groups;
  std::map<std::int64_t, Group> group_of_action;
  store::ActionCursor cursor(database, filter);
  while (cursor.next()) {
    const auto& action = cursor.action();
    const forms::Form* form = catalog.find_form(action.key.form_id);
    const auto answers = cursor.answers();
    ActionLine line;
    line.id = action.key.action_id;
    line.reference = action.key.reference;
    line.title = action.key.title;
    line.nature = display(catalog, form, answers, k_nature_key);
    line.type = display(catalog, form, answers, k_type_key);
    line.champs = display(catalog, form, answers, k_champs_key);
    line.status = std::string(domain::to_label(action.key.status));
    if (action.key.dropped_year) {
      line.status += fmt::format(" (abandonnée en {})", *action.key.dropped_year);
    }
    for (const auto& sum : cursor.budget()) {
      line.cents[static_cast<int>(sum.financer)] += sum.cents;
    }
    const Group group = group_of(form, answers);
    group_of_action[line.id] = group;
    groups[group].push_back(std::move(line));
  }

  RecapTab actions{"actions", "Actions", {}, {}, "Aucune action."};
  actions.columns = {{"reference", "Réf."},
                     {"intitule", "Intitulé"},
                     {"nature", field_label(catalog, convention, k_nature_key, "Nature")},
                     {"type_action", field_label(catalog, convention, k_type_key, "Type d'action")},
                     {"champs", field_label(catalog, convention, k_champs_key, "Champs d'action publique")},
                     {"statut", "Statut"},
                     {"budget_total", "Budget total"}};
  RecapTab budgets{"budgets", "Récapitulatif des budgets", {}, {}, "Aucune action."};
  budgets.columns = {{"reference", "Réf."},
                     {"intitule", "Intitulé"},
                     {"etat", "État"},
                     {"collectivite", "Collectivité"},
                     {"autres", "Autres co-financeurs"},
                     {"total", "Total"},
                     {"part_etat", "Part État"},
                     {"part_collectivite", "Part collectivité"},
                     {"part_autres", "Part autres"}};
  RecapSection overall{"Ensemble de la convention", {}, {}};
  std::int64_t grand[3] = {0, 0, 0};
  std::size_t action_count = 0;
  for (const auto& [group, lines] : groups) {
    RecapSection action_section{group.label, {}, {}};
    RecapSection budget_section{group.label, {}, {}};
    std::int64_t sums[3] = {0, 0, 0};
    for (const auto& line : lines) {
      action_section.rows.push_back(
          {line.reference, line.title, line.nature, line.type, line.champs, line.status, Money{line.total()}});
      budget_section.rows.push_back({line.reference, line.title, Money{line.cents[0]}, Money{line.cents[1]},
                                     Money{line.cents[2]}, Money{line.total()}, share(line.cents[0], line.total()),
                                     share(line.cents[1], line.total()), share(line.cents[2], line.total())});
      for (int f = 0; f < 3; ++f) {
        sums[f] += line.cents[f];
      }
    }
    const std::int64_t total = sums[0] + sums[1] + sums[2];
    action_section.total = {std::string("Total"), plural(lines.size(), "action"), Cell(), Cell(), Cell(), Cell(),
                            Money{total}};
    budget_section.total = {std::string("Total"),  group.label,           Money{sums[0]},
                            Money{sums[1]},        Money{sums[2]},        Money{total},
                            share(sums[0], total), share(sums[1], total), share(sums[2], total)};
    overall.rows.push_back({Cell(), group.label, Money{sums[0]}, Money{sums[1]}, Money{sums[2]}, Money{total},
                            share(sums[0], total), share(sums[1], total), share(sums[2], total)});
    for (int f = 0; f < 3; ++f) {
      grand[f] += sums[f];
    }
    action_count += lines.size();
    actions.sections.push_back(std::move(action_section));
    budgets.sections.push_back(std::move(budget_section));
  }
  if (!groups.empty()) {
    const std::int64_t total = grand[0] + grand[1] + grand[2];
    overall.total = {std::string("Total"),   plural(action_count, "action"),
                     Money{grand[0]},        Money{grand[1]},
                     Money{grand[2]},        Money{total},
                     share(grand[0], total), share(grand[1], total),
                     share(grand[2], total)};
    budgets.sections.push_back(std::move(overall));
  }
  recap.tabs.push_back(std::move(actions));
  recap.tabs.push_back(std::move(budgets));

  const forms::ChoiceList* units = catalog.find_choice_list("unites_indicateur");
  std::vector<IndicatorLine> by_kind[3];  // national, local, impact
  std::int64_t current_indicator = -1;
  store::IndicatorCursor indicators(database, filter);
  while (indicators.next()) {
    const auto& row = indicators.row();
    auto& lines = by_kind[static_cast<int>(row.kind)];
    if (row.indicator_id != current_indicator) {
      current_indicator = row.indicator_id;
      IndicatorLine line;
      line.group = group_of_action.contains(row.key.action_id) ? group_of_action[row.key.action_id]
                                                               : Group{9000, "Sans axe ni volet"};
      line.reference = row.key.reference;
      line.action = row.key.title;
      line.code = row.code;
      line.label = row.label;
      if (line.label.empty()) {
        if (const forms::IndicatorDef* def = catalog.find_indicator(row.code)) {
          line.label = def->label;
        }
      }
      const forms::Choice* unit = units != nullptr ? units->find_code(row.unit) : nullptr;
      line.unit = unit != nullptr ? unit->label : row.unit;
      line.baseline = row.baseline;
      lines.push_back(std::move(line));
    }
    if (row.year) {
      lines.back().years[*row.year] = {row.target, row.realised};
    }
  }
  recap.tabs.push_back(indicator_tab("nationaux", "Indicateurs nationaux", by_kind[0], true));
  recap.tabs.push_back(indicator_tab("locaux", "Indicateurs locaux", by_kind[1], false));
  recap.tabs.push_back(indicator_tab("impact", "Indicateurs d'impact", by_kind[2], false));
  return recap;
}

}  // namespace pilot::report
