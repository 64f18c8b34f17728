// Private to the dashboard builder: the aggregates seen through the status filter, the choice rows
// with their labels, and one function per chart (dashboard_charts.cpp).
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <functional>

#include "report/dashboard.hpp"

namespace pilot::report::detail {

using store::ActionFamily;
using store::AnswerTally;
using store::Figure;
namespace fields = dashboard_fields;

const std::vector<ChartSpec>& chart_specs();

inline constexpr std::string_view k_not_answered = "non_renseigne";

inline std::string_view family_code(ActionFamily family) {
  return family == ActionFamily::cls ? "cls" : "cie";
}
inline std::string_view family_name(ActionFamily family) {
  return family == ActionFamily::cls ? "CLS" : "CIE";
}

// total − part, never below zero (an answer held by an action outside the base would make it so).
inline Figure clamp_difference(const Figure& total, const Figure& part) {
  return {std::max<std::int64_t>(0, total.scope - part.scope),
          std::max<std::int64_t>(0, total.national - part.national)};
}

class Builder {
 public:
  Builder(const store::DashboardFacts& facts, const DashboardLabels& labels, const DashboardContext& context)
      : m_facts(facts), m_labels(labels), m_context(context) {}

  // Live actions passing the status filter and `keep`.
  [[nodiscard]] Figure actions(const std::function<bool(const store::ActionTally&)>& keep) const {
    Figure total;
    for (const auto& tally : m_facts.actions) {
      if (store::status_matches(m_context.status, tally.status) && keep(tally)) {
        total += tally.actions;
      }
    }
    return total;
  }
  [[nodiscard]] Figure all_actions() const {
    return actions([](const auto&) { return true; });
  }
  [[nodiscard]] Figure family_actions(ActionFamily family) const {
    return actions([family](const auto& tally) { return tally.family == family; });
  }

  [[nodiscard]] Figure budget(std::optional<ActionFamily> family, std::optional<domain::FinancerType> financer) const {
    Figure total;
    for (const auto& tally : m_facts.budgets) {
      if ((!family || tally.family == *family) && (!financer || tally.financer == *financer)) {
        total += tally.cents;
      }
    }
    return total;
  }

  [[nodiscard]] std::vector<const AnswerTally*> tallies(std::string_view field) const {
    std::vector<const AnswerTally*> out;
    for (const auto& tally : m_facts.answers) {
      if (tally.field_key == field) {
        out.push_back(&tally);
      }
    }
    return out;
  }

  // The forms' list of the field's choices (for a family, the list of that family's forms).
  [[nodiscard]] std::vector<ChoiceLabel> listed_choices(std::string_view field,
                                                        std::optional<ActionFamily> family) const {
    const std::vector<ChoiceLabel>* listed = nullptr;
    if (family) {
      listed = list_of(fmt::format("{}@{}", field, family_code(*family)));
    }
    if (listed == nullptr) {
      listed = list_of(field);
    }
    if (listed != nullptr) {
      return *listed;
    }
    if (field == fields::public_specifique || field == fields::qpv || field == fields::zone_rurale) {
      // Yes/no fields have no choice list: their two answers, yes first.
      return {{"oui", "Oui"}, {"non", "Non"}};
    }
    return {};
  }

  // One row per choice the forms list (zero included: « no action on axe 2 » is information), then
  // one per other code found with a non-zero figure (older forms, imports), sorted; then « Non
  // renseigné » = base − answered when not zero.
  void add_choice_rows(DashboardChart& chart, std::string_view field, std::optional<ActionFamily> family,
                       const std::function<Figure(const AnswerTally&)>& value_of,
                       const std::function<Figure(const AnswerTally&)>& answered_of, const Figure& base,
                       const std::string& group = "") const {
    const auto found = tallies(field);
    Figure answered;
    for (const auto* tally : found) {
      answered += answered_of(*tally);
    }
    auto value_for = [&](const std::string& code) {
      Figure value;
      for (const auto* tally : found) {
        if (tally->value == code) {
          value += value_of(*tally);
        }
      }
      return value;
    };
    const auto listed = listed_choices(field, family);
    for (const auto& choice : listed) {
      chart.rows.push_back({choice.code, group, choice.label, value_for(choice.code), base});
    }
    std::vector<std::string> extra;
    for (const auto* tally : found) {
      const bool known =
          std::any_of(listed.begin(), listed.end(), [&](const auto& choice) { return choice.code == tally->value; });
      if (!known && std::find(extra.begin(), extra.end(), tally->value) == extra.end()) {
        extra.push_back(tally->value);
      }
    }
    std::sort(extra.begin(), extra.end());
    for (const auto& code : extra) {
      const Figure value = value_for(code);
      if (value.scope != 0 || value.national != 0) {
        chart.rows.push_back({code, group, code, value, base});
      }
    }
    const Figure missing = clamp_difference(base, answered);
    if (missing.scope != 0 || missing.national != 0) {
      chart.rows.push_back({std::string(k_not_answered), group, "Non renseigné", missing, base});
    }
  }

  [[nodiscard]] const store::DashboardFacts& facts() const { return m_facts; }
  [[nodiscard]] const DashboardContext& context() const { return m_context; }

 private:
  [[nodiscard]] const std::vector<ChoiceLabel>* list_of(std::string_view key) const {
    auto found = m_labels.fields.find(key);
    return found == m_labels.fields.end() ? nullptr : &found->second;
  }

  const store::DashboardFacts& m_facts;
  const DashboardLabels& m_labels;
  const DashboardContext& m_context;
};

inline const char* const k_family_note =
    "Actions CLS : celles d'un formulaire d'action CLS (il demande l'axe), sinon d'une convention CLS ; actions "
    "CIE : formulaire d'action CIE (volet), sinon convention CIE. Un contrat unique compte ses actions CLS ici et "
    "ses actions CIE dans les graphiques CIE.";
inline const char* const k_budget_note =
    "Budget prévisionnel, toutes années sauf --year ; les lignes « Pour info » ne sont jamais comptées ; une action "
    "abandonnée garde les lignes des années qui précèdent son abandon.";

DashboardChart conventions_chart(const Builder& b);
DashboardChart financer_chart(const Builder& b, std::string_view id, std::optional<ActionFamily> family);
DashboardChart statuses_chart(const Builder& b);
DashboardChart type_nature_chart(const Builder& b);
DashboardChart family_count_chart(const Builder& b, std::string_view id, std::string_view field, ActionFamily family);
DashboardChart family_budget_chart(const Builder& b, std::string_view id, std::string_view field, ActionFamily family);
DashboardChart champ_chart(const Builder& b);
DashboardChart answer_count_chart(const Builder& b, std::string_view id, std::string_view field, ChartStyle style);
DashboardChart bilans_chart(const Builder& b);
DashboardChart execution_chart(const Builder& b);
DashboardChart indicators_chart(const Builder& b);

}  // namespace pilot::report::detail
