// Aggregates → charts: the chart catalogue, the passes each chart needs, and the dashboard's header
// and general notes. The charts themselves are in dashboard_charts.cpp.
#include <fmt/format.h>

#include <algorithm>

#include "report/dashboard_builder.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace pilot::report {
namespace detail {
namespace {

const std::vector<ChartSpec> k_specs = {
    {"conventions", "Nombre de conventions"},
    {"budget", "Budget total et part de l'État"},
    {"statuts", "Actions par statut de validation"},
    {"actions-type-nature", "Répartition des actions par type de convention et par nature"},
    {"cls-actions-axe", "Répartition des actions des CLS par axe"},
    {"cie-actions-axe", "Répartition des actions des CIE par axe"},
    {"cls-budgets-axe", "Répartition des budgets des CLS par axe"},
    {"cie-budgets-axe", "Répartition des budgets des CIE par axe"},
    {"cls-budgets-financeurs", "Répartition des budgets des CLS par type de financeurs"},
    {"cie-budgets-financeurs", "Répartition des budgets des CIE par type de financeurs"},
    {"cls-actions-type", "Répartition des actions des CLS selon leur type"},
    {"cie-actions-type", "Répartition des actions des CIE selon leur type"},
    {"credits-champ", "Répartition des crédits par champ d'action publique"},
    {"actions-public", "Répartition des actions selon le public visé"},
    {"public-specifique", "Part d'actions ciblant un public spécifique"},
    {"qpv", "Part d'actions en QPV"},
    {"zone-rurale", "Part d'actions en zone rurale"},
    {"bilans", "Complétude des bilans"},
    {"execution", "Taux d'exécution budgétaire (réalisé / prévu)"},
    {"indicateurs", "Atteinte des indicateurs (réalisé / cible)"},
};

}  // namespace

const std::vector<ChartSpec>& chart_specs() {
  return k_specs;
}

}  // namespace detail

namespace {

using namespace detail;

bool wanted(const std::vector<std::string>& only, std::string_view id) {
  return only.empty() || std::find(only.begin(), only.end(), id) != only.end();
}

std::string status_sentence(store::StatusFilter status) {
  switch (status) {
    case store::StatusFilter::all: return "toutes les actions (brouillons et doublement validées)";
    case store::StatusFilter::brouillon: return "brouillons (dont les actions validées par un seul côté)";
    case store::StatusFilter::double_validee: return "actions doublement validées";
  }
  return "";
}

std::string types_sentence(const std::vector<domain::ConventionType>& types) {
  if (types.empty()) {
    return "tous";
  }
  std::vector<std::string> names;
  for (const auto type : types) {
    names.emplace_back(domain::to_short_label(type));
  }
  return util::join(names, ", ");
}

}  // namespace

const std::vector<ChartSpec>& dashboard_chart_specs() {
  return chart_specs();
}

std::optional<double> share_of(std::int64_t value, std::int64_t base) {
  if (base == 0) {
    return std::nullopt;
  }
  return 100.0 * static_cast<double>(value) / static_cast<double>(base);
}

Result<void> check_chart_ids(const std::vector<std::string>& ids) {
  std::vector<std::string> known;
  for (const auto& spec : chart_specs()) {
    known.emplace_back(spec.id);
  }
  for (const auto& id : ids) {
    if (std::find(known.begin(), known.end(), id) != known.end()) {
      continue;
    }
    const auto suggestions = util::closest_matches(id, known, 3);
    return fail(ErrorKind::usage,
                fmt::format("--only : graphique inconnu « {} »{}", id,
                            suggestions.empty() ? " (voir la liste dans « man pilot-dashboard-stats »)"
                                                : " ; vouliez-vous dire " + util::quoted_list(suggestions) + " ?"));
  }
  return {};
}

void prepare_query(store::DashboardQuery& query, const std::vector<std::string>& only) {
  auto& parts = query.parts;
  parts = {};
  // The header always states how many conventions and actions are behind the figures.
  parts.conventions = true;
  parts.actions = true;
  parts.budgets = wanted(only, "budget") || wanted(only, "cls-budgets-axe") || wanted(only, "cie-budgets-axe") ||
                  wanted(only, "cls-budgets-financeurs") || wanted(only, "cie-budgets-financeurs") ||
                  wanted(only, "credits-champ");
  parts.bilans = wanted(only, "bilans");
  parts.execution = wanted(only, "execution");
  parts.indicators = wanted(only, "indicateurs");
  query.answer_fields.clear();
  query.type_fields.clear();
  query.family_fields.clear();
  query.budget_fields.clear();
  auto add = [](std::vector<std::string>& list, std::string_view field) {
    if (std::find(list.begin(), list.end(), field) == list.end()) {
      list.emplace_back(field);
    }
  };
  if (wanted(only, "actions-type-nature")) {
    add(query.type_fields, fields::nature);
  }
  if (wanted(only, "cls-actions-axe")) {
    add(query.family_fields, fields::axe);
  }
  if (wanted(only, "cie-actions-axe")) {
    add(query.family_fields, fields::volet);
  }
  if (wanted(only, "cls-actions-type") || wanted(only, "cie-actions-type")) {
    add(query.family_fields, fields::type_action);
  }
  if (wanted(only, "cls-budgets-axe")) {
    add(query.budget_fields, fields::axe);
  }
  if (wanted(only, "cie-budgets-axe")) {
    add(query.budget_fields, fields::volet);
  }
  if (wanted(only, "credits-champ")) {
    add(query.budget_fields, fields::champs);
  }
  for (const auto& [id, field] :
       {std::pair{"actions-public", fields::publics}, std::pair{"public-specifique", fields::public_specifique},
        std::pair{"qpv", fields::qpv}, std::pair{"zone-rurale", fields::zone_rurale}}) {
    if (wanted(only, id)) {
      add(query.answer_fields, field);
    }
  }
  parts.answers = !query.answer_fields.empty() || !query.type_fields.empty() || !query.family_fields.empty() ||
                  !query.budget_fields.empty();
}

Dashboard build_dashboard(const store::DashboardFacts& facts, const DashboardLabels& labels,
                          const DashboardContext& context, const std::vector<std::string>& only) {
  const Builder b(facts, labels, context);
  Dashboard dashboard;
  dashboard.scope = context.scope;
  dashboard.territorial = facts.territorial;
  dashboard.status = std::string(store::to_code(context.status));
  dashboard.year = context.year;
  dashboard.bilan_year = context.bilan_year;
  dashboard.data_date = context.data_date;
  dashboard.filters =
      fmt::format("statut : {} ; année : {} ; types de convention : {} ; bilans : {}", status_sentence(context.status),
                  context.year ? std::to_string(*context.year) : std::string("toutes"), types_sentence(context.types),
                  context.bilan_year);
  for (const auto& tally : facts.conventions) {
    dashboard.conventions += tally.conventions;
  }
  dashboard.actions = b.all_actions();

  for (const auto& spec : chart_specs()) {
    if (!wanted(only, spec.id)) {
      continue;
    }
    const std::string_view id = spec.id;
    if (id == "conventions") {
      dashboard.charts.push_back(conventions_chart(b));
    } else if (id == "budget") {
      dashboard.charts.push_back(financer_chart(b, id, std::nullopt));
    } else if (id == "statuts") {
      dashboard.charts.push_back(statuses_chart(b));
    } else if (id == "actions-type-nature") {
      dashboard.charts.push_back(type_nature_chart(b));
    } else if (id == "cls-actions-axe") {
      dashboard.charts.push_back(family_count_chart(b, id, fields::axe, ActionFamily::cls));
    } else if (id == "cie-actions-axe") {
      auto chart = family_count_chart(b, id, fields::volet, ActionFamily::cie);
      chart.notes.insert(chart.notes.begin(), "Les axes de la CIE sont ses volets.");
      dashboard.charts.push_back(std::move(chart));
    } else if (id == "cls-budgets-axe") {
      dashboard.charts.push_back(family_budget_chart(b, id, fields::axe, ActionFamily::cls));
    } else if (id == "cie-budgets-axe") {
      auto chart = family_budget_chart(b, id, fields::volet, ActionFamily::cie);
      chart.notes.insert(chart.notes.begin(), "Les axes de la CIE sont ses volets.");
      dashboard.charts.push_back(std::move(chart));
    } else if (id == "cls-budgets-financeurs") {
      dashboard.charts.push_back(financer_chart(b, id, ActionFamily::cls));
    } else if (id == "cie-budgets-financeurs") {
      dashboard.charts.push_back(financer_chart(b, id, ActionFamily::cie));
    } else if (id == "cls-actions-type") {
      dashboard.charts.push_back(family_count_chart(b, id, fields::type_action, ActionFamily::cls));
    } else if (id == "cie-actions-type") {
      dashboard.charts.push_back(family_count_chart(b, id, fields::type_action, ActionFamily::cie));
    } else if (id == "credits-champ") {
      dashboard.charts.push_back(champ_chart(b));
    } else if (id == "actions-public") {
      dashboard.charts.push_back(answer_count_chart(b, id, fields::publics, ChartStyle::bars));
    } else if (id == "public-specifique") {
      dashboard.charts.push_back(answer_count_chart(b, id, fields::public_specifique, ChartStyle::pie));
    } else if (id == "qpv") {
      dashboard.charts.push_back(answer_count_chart(b, id, fields::qpv, ChartStyle::pie));
    } else if (id == "zone-rurale") {
      dashboard.charts.push_back(answer_count_chart(b, id, fields::zone_rurale, ChartStyle::pie));
    } else if (id == "bilans") {
      dashboard.charts.push_back(bilans_chart(b));
    } else if (id == "execution") {
      dashboard.charts.push_back(execution_chart(b));
    } else if (id == "indicateurs") {
      dashboard.charts.push_back(indicators_chart(b));
    }
  }

  const auto shown = [&](auto predicate) {
    return std::any_of(dashboard.charts.begin(), dashboard.charts.end(), predicate);
  };
  if (shown([](const DashboardChart& chart) { return chart.id.starts_with("cls-") || chart.id.starts_with("cie-"); })) {
    dashboard.notes.push_back(k_family_note);
  }
  if (shown([](const DashboardChart& chart) {
        return chart.measure == Measure::money && chart.shape == ChartShape::distribution;
      })) {
    dashboard.notes.push_back(k_budget_note);
  }
  if (context.status != store::StatusFilter::all) {
    dashboard.notes.push_back(
        "Filtre de statut : une action validée par un seul côté (collectivité ou État) compte comme brouillon, comme "
        "dans le guide.");
  }
  const Figure unclassified = b.family_actions(ActionFamily::unclassified);
  if (unclassified.national > 0) {
    dashboard.notes.push_back(fmt::format(
        "{} action{} de contrat unique sans formulaire CLS ni CIE reconnu{} ({} au niveau national) : comptée{} dans "
        "les totaux, pas dans les graphiques CLS ou CIE.",
        util::format_integer_fr(unclassified.scope), unclassified.scope > 1 ? "s" : "",
        facts.territorial ? " dans le périmètre" : "", util::format_integer_fr(unclassified.national),
        unclassified.scope > 1 ? "s" : ""));
  }
  dashboard.notes.insert(dashboard.notes.end(), context.notes.begin(), context.notes.end());
  return dashboard;
}

}  // namespace pilot::report