// One function per chart of the dashboard: rows, bases and the notes that state each counting rule.
#include "report/dashboard_builder.hpp"
#include "util/number.hpp"

namespace pilot::report::detail {
namespace {

DashboardChart make_chart(std::string_view id, Measure measure, ChartShape shape, ChartStyle style) {
  DashboardChart chart;
  chart.id = std::string(id);
  for (const auto& spec : chart_specs()) {
    if (spec.id == id) {
      chart.title = std::string(spec.title);
    }
  }
  chart.measure = measure;
  chart.shape = shape;
  chart.style = style;
  chart.value_header = measure == Measure::money ? "Montant" : "Nombre";
  return chart;
}

constexpr std::array<domain::ConventionType, 3> k_types = {domain::ConventionType::cls, domain::ConventionType::cie,
                                                           domain::ConventionType::unique};
constexpr std::array<domain::FinancerType, 3> k_financers = {
    domain::FinancerType::etat, domain::FinancerType::collectivite, domain::FinancerType::autre};

}  // namespace

DashboardChart conventions_chart(const Builder& b) {
  auto chart = make_chart("conventions", Measure::count, ChartShape::distribution, ChartStyle::pie);
  chart.base_label = "conventions";
  for (const auto type : k_types) {
    Figure count;
    for (const auto& tally : b.facts().conventions) {
      if (tally.type == type) {
        count += tally.conventions;
      }
    }
    chart.base += count;
    chart.rows.push_back(
        {std::string(domain::to_code(type)), "", std::string(domain::to_short_label(type)), count, {}});
  }
  for (auto& row : chart.rows) {
    row.base = chart.base;
  }
  if (b.context().year) {
    chart.notes.push_back(fmt::format("Conventions dont la période couvre {}.", *b.context().year));
  }
  return chart;
}

DashboardChart financer_chart(const Builder& b, std::string_view id, std::optional<ActionFamily> family) {
  auto chart = make_chart(id, Measure::money, ChartShape::distribution, ChartStyle::pie);
  chart.base = b.budget(family, std::nullopt);
  chart.base_label = family ? fmt::format("budget prévisionnel des actions {}", family_name(*family))
                            : std::string("budget prévisionnel");
  for (const auto financer : k_financers) {
    chart.rows.push_back({std::string(domain::to_code(financer)), "", std::string(domain::to_label(financer)),
                          b.budget(family, financer), chart.base});
  }
  return chart;
}

DashboardChart statuses_chart(const Builder& b) {
  auto chart = make_chart("statuts", Measure::count, ChartShape::distribution, ChartStyle::bars);
  chart.base_label = "actions, tous statuts";
  Figure waiting;
  for (const auto status : {domain::ActionStatus::brouillon, domain::ActionStatus::validee_collectivite,
                            domain::ActionStatus::validee_etat, domain::ActionStatus::double_validee}) {
    Figure count;
    for (const auto& tally : b.facts().actions) {
      if (tally.status == status) {
        count += tally.actions;
      }
    }
    chart.base += count;
    if (status != domain::ActionStatus::double_validee) {
      waiting += count;
    }
    chart.rows.push_back({std::string(domain::to_code(status)), "", std::string(domain::to_label(status)), count, {}});
  }
  for (auto& row : chart.rows) {
    row.base = chart.base;
  }
  chart.notes.push_back(fmt::format(
      "Tous statuts, quel que soit le filtre de statut. En attente de double validation : {} action{}{} (les "
      "actions validées par un seul côté comptent comme brouillons dans les graphiques).",
      util::format_integer_fr(waiting.scope), waiting.scope > 1 ? "s" : "",
      b.facts().territorial ? fmt::format(" ; national : {}", util::format_integer_fr(waiting.national)) : ""));
  return chart;
}

DashboardChart type_nature_chart(const Builder& b) {
  auto chart = make_chart("actions-type-nature", Measure::count, ChartShape::distribution, ChartStyle::bars);
  chart.base = b.all_actions();
  chart.base_label = "actions";
  for (const auto type : k_types) {
    const Figure of_type = b.actions([type](const auto& tally) { return tally.convention_type == type; });
    if (of_type.national == 0) {
      continue;
    }
    const std::size_t slot = store::index_of(type);
    b.add_choice_rows(
        chart, fields::nature, std::nullopt,
        [slot](const AnswerTally& t) { return t.actions_by_convention_type[slot]; },
        [slot](const AnswerTally& t) { return t.actions_by_convention_type[slot]; }, of_type,
        std::string(domain::to_short_label(type)));
    // Shares are of all actions: the rows of the three types add up to 100 %.
    for (auto& row : chart.rows) {
      row.base = chart.base;
    }
  }
  return chart;
}

DashboardChart family_count_chart(const Builder& b, std::string_view id, std::string_view field, ActionFamily family) {
  auto chart = make_chart(id, Measure::count, ChartShape::distribution, ChartStyle::bars);
  chart.base = b.family_actions(family);
  chart.base_label = fmt::format("actions {}", family_name(family));
  const std::size_t slot = store::index_of(family);
  const auto of_family = [slot](const AnswerTally& t) { return t.actions_by_family[slot]; };
  b.add_choice_rows(chart, field, family, of_family, of_family, chart.base);
  return chart;
}

DashboardChart family_budget_chart(const Builder& b, std::string_view id, std::string_view field, ActionFamily family) {
  auto chart = make_chart(id, Measure::money, ChartShape::distribution, ChartStyle::bars);
  chart.base = b.budget(family, std::nullopt);
  chart.base_label = fmt::format("budget prévisionnel des actions {}", family_name(family));
  const std::size_t slot = store::index_of(family);
  const auto of_family = [slot](const AnswerTally& t) { return t.cents_by_family[slot]; };
  b.add_choice_rows(chart, field, family, of_family, of_family, chart.base);
  return chart;
}

DashboardChart champ_chart(const Builder& b) {
  auto chart = make_chart("credits-champ", Measure::money, ChartShape::distribution, ChartStyle::bars);
  chart.base = b.budget(std::nullopt, std::nullopt);
  chart.base_label = "budget prévisionnel";
  b.add_choice_rows(
      chart, fields::champs, std::nullopt, [](const AnswerTally& t) { return t.cents; },
      [](const AnswerTally& t) { return t.answering_cents; }, chart.base);
  chart.notes.push_back(
      "Une action relevant de plusieurs champs compte pour son budget entier dans chacun d'eux : la somme des parts "
      "peut dépasser 100 %. Le total (la base des parts) compte chaque action une seule fois.");
  return chart;
}

DashboardChart answer_count_chart(const Builder& b, std::string_view id, std::string_view field, ChartStyle style) {
  auto chart = make_chart(id, Measure::count, ChartShape::distribution, style);
  chart.base = b.all_actions();
  chart.base_label = "actions";
  b.add_choice_rows(
      chart, field, std::nullopt, [](const AnswerTally& t) { return t.actions; },
      [](const AnswerTally& t) { return t.answering; }, chart.base);
  if (field == fields::publics) {
    chart.notes.push_back(
        "Une action visant plusieurs publics compte pour chacun d'eux : la somme des parts peut dépasser 100 %.");
  }
  return chart;
}

DashboardChart bilans_chart(const Builder& b) {
  auto chart = make_chart("bilans", Measure::count, ChartShape::rate, ChartStyle::bars);
  const int year = b.context().bilan_year;
  chart.title = fmt::format("Complétude des bilans {}", year);
  chart.base_label = fmt::format("actions attendues au bilan {}", year);
  chart.value_header = "Saisis";
  chart.base_header = "Attendus";
  Figure expected;
  Figure done;
  for (const auto type : k_types) {
    for (const auto& tally : b.facts().bilans) {
      if (tally.convention_type == type && tally.expected.national > 0) {
        chart.rows.push_back({std::string(domain::to_code(type)), "",
                              fmt::format("Bilans saisis — {}", domain::to_short_label(type)), tally.with_bilan,
                              tally.expected});
        expected += tally.expected;
        done += tally.with_bilan;
      }
    }
  }
  chart.rows.push_back({"ensemble", "", "Bilans saisis — ensemble", done, expected});
  chart.base = expected;
  chart.notes.push_back(fmt::format(
      "Attendu : chaque action non abandonnée en {0} d'une convention dont la période couvre {0} ; saisi : son bilan "
      "{0} est enregistré.",
      year));
  return chart;
}

DashboardChart execution_chart(const Builder& b) {
  auto chart = make_chart("execution", Measure::money, ChartShape::rate, ChartStyle::bars);
  const int year = b.context().bilan_year;
  chart.title = fmt::format("Taux d'exécution budgétaire {} (réalisé / prévu)", year);
  chart.base_label = fmt::format("budget prévu {} des actions ayant un bilan {}", year, year);
  chart.value_header = "Réalisé";
  chart.base_header = "Prévu";
  Figure planned;
  Figure realised;
  for (const auto& tally : b.facts().execution) {
    chart.rows.push_back({std::string(domain::to_code(tally.financer)), "",
                          std::string(domain::to_label(tally.financer)), tally.realised_cents, tally.planned_cents});
    planned += tally.planned_cents;
    realised += tally.realised_cents;
  }
  chart.rows.push_back({"ensemble", "", "Ensemble", realised, planned});
  chart.base = planned;
  chart.notes.push_back(fmt::format(
      "Réalisé : dépenses déclarées aux bilans {0} (hors « Pour info ») ; prévu : budget {0} des mêmes actions. "
      "Seules les actions ayant un bilan {0} comptent : un bilan en retard rend le taux moins complet, jamais faux.",
      year));
  return chart;
}

DashboardChart indicators_chart(const Builder& b) {
  auto chart = make_chart("indicateurs", Measure::count, ChartShape::rate, ChartStyle::bars);
  const int year = b.context().bilan_year;
  chart.title = fmt::format("Atteinte des indicateurs {} (réalisé / cible)", year);
  chart.base_label = fmt::format("indicateurs ayant une cible {}", year);
  chart.value_header = "Nombre";
  chart.base_header = "Sur";
  store::IndicatorTally all;
  auto add_group = [&chart](const store::IndicatorTally& tally, const std::string& key, const std::string& group) {
    chart.rows.push_back({key + ".atteints", group, "Atteints / renseignés", tally.reached, tally.with_realised});
    chart.rows.push_back({key + ".hors_cible", group, "Hors cible / renseignés",
                          clamp_difference(tally.with_realised, tally.reached), tally.with_realised});
    chart.rows.push_back(
        {key + ".renseignes", group, "Réalisé renseigné / avec cible", tally.with_realised, tally.with_target});
  };
  for (const auto& tally : b.facts().indicators) {
    all.with_target += tally.with_target;
    all.with_realised += tally.with_realised;
    all.reached += tally.reached;
    std::string group = tally.kind == domain::IndicatorKind::national ? "Indicateurs nationaux"
                        : tally.kind == domain::IndicatorKind::local  ? "Indicateurs locaux"
                                                                      : "Indicateurs d'impact";
    add_group(tally, std::string(domain::to_code(tally.kind)), group);
  }
  add_group(all, "ensemble", "Tous les indicateurs");
  chart.base = all.with_target;
  chart.notes.push_back(fmt::format(
      "Cible : valeur {0} du plan de l'action ; réalisé : valeur déclarée au bilan {0} (à défaut, celle du plan). "
      "Atteint : réalisé ≥ cible, y compris pour un indicateur à faire baisser ; hors cible : réalisé < cible.",
      year));
  return chart;
}

}  // namespace pilot::report::detail
