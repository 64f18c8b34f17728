// Dashboard for scripts (JSON, CSV rows) and the number formatting every formatter shares.
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

#include "report/dashboard_render.hpp"
#include "util/date.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace pilot::report {
namespace {

double rounded(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

util::Json number_json(std::int64_t value, Measure measure) {
  if (measure == Measure::money) {
    return util::Json(static_cast<double>(value) / 100.0);
  }
  return util::Json(value);
}

util::Json figure_json(const store::Figure& figure, Measure measure) {
  util::Json json = util::Json::object();
  json.set("perimetre", number_json(figure.scope, measure)).set("national", number_json(figure.national, measure));
  return json;
}

util::Json share_json(std::optional<double> share) {
  return share ? util::Json(rounded(*share, 2)) : util::Json();
}

Cell number_cell(std::int64_t value, Measure measure) {
  if (measure == Measure::money) {
    return Money{value};
  }
  return value;
}

Cell share_cell(std::optional<double> share) {
  if (!share) {
    return std::monostate{};
  }
  return Percent{rounded(*share, 2)};
}

std::string_view measure_code(Measure measure) {
  return measure == Measure::money ? "montant" : "nombre";
}

}  // namespace

std::string format_compact_money(std::int64_t cents) {
  const double euros = static_cast<double>(cents) / 100.0;
  const double magnitude = std::fabs(euros);
  if (magnitude < 10'000.0) {
    return util::format_integer_fr(static_cast<std::int64_t>(std::llround(euros))) + " €";
  }
  if (magnitude < 999'950.0) {
    return util::format_decimal_fr(euros / 1e3, 1) + " k€";
  }
  if (magnitude < 999'995'000.0) {
    return util::format_decimal_fr(euros / 1e6, 2) + " M€";
  }
  return util::format_decimal_fr(euros / 1e9, 2) + " Md€";
}

std::string format_measure(std::int64_t value, Measure measure) {
  return measure == Measure::money ? format_compact_money(value) : util::format_integer_fr(value);
}

std::string format_share(std::optional<double> share) {
  return share ? util::format_percent_fr(*share, 1) : std::string("–");
}

std::string format_data_date(const std::string& iso_timestamp) {
  // 2026-11-22T10:00:00Z → 22/11/2026 à 10:00 UTC; anything else is shown as stored.
  if (iso_timestamp.empty()) {
    return "aucune donnée enregistrée";
  }
  return util::format_timestamp_fr(iso_timestamp);
}

std::string fit_width(std::string_view text, std::size_t width) {
  if (util::display_width(text) <= width) {
    return std::string(text);
  }
  std::string out;
  std::size_t points = 0;
  for (std::size_t i = 0; i < text.size() && points + 1 < width;) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    out.append(text.substr(i, length));
    i += length;
    ++points;
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out + "…";
}

util::Json dashboard_to_json(const Dashboard& dashboard) {
  util::Json json = util::Json::object();
  json.set("perimetre", dashboard.scope).set("territorial", dashboard.territorial);
  util::Json filters = util::Json::object();
  filters.set("statut", dashboard.status)
      .set("annee", dashboard.year ? util::Json(*dashboard.year) : util::Json())
      .set("annee_bilans", dashboard.bilan_year)
      .set("texte", dashboard.filters);
  json.set("filtres", filters);
  json.set("date_donnees", dashboard.data_date);
  json.set("conventions", figure_json(dashboard.conventions, Measure::count));
  json.set("actions", figure_json(dashboard.actions, Measure::count));
  util::Json charts = util::Json::array();
  for (const auto& chart : dashboard.charts) {
    util::Json object = util::Json::object();
    object.set("id", chart.id)
        .set("titre", chart.title)
        .set("mesure", std::string(measure_code(chart.measure)))
        .set("forme", chart.shape == ChartShape::rate ? "taux" : "repartition")
        .set("base_libelle", chart.base_label)
        .set("base", figure_json(chart.base, chart.measure));
    util::Json rows = util::Json::array();
    for (const auto& row : chart.rows) {
      util::Json line = util::Json::object();
      util::Json shares = util::Json::object();
      shares.set("perimetre", share_json(share_of(row.value.scope, row.base.scope)))
          .set("national", share_json(share_of(row.value.national, row.base.national)));
      line.set("cle", row.key)
          .set("groupe", row.group)
          .set("libelle", row.label)
          .set("valeur", figure_json(row.value, chart.measure))
          .set("base", figure_json(row.base, chart.measure))
          .set("part", shares);
      rows.push(std::move(line));
    }
    object.set("lignes", rows);
    util::Json notes = util::Json::array();
    for (const auto& note : chart.notes) {
      notes.push(note);
    }
    object.set("notes", notes);
    charts.push(std::move(object));
  }
  json.set("graphiques", charts);
  util::Json notes = util::Json::array();
  for (const auto& note : dashboard.notes) {
    notes.push(note);
  }
  json.set("notes", notes);
  return json;
}

Table dashboard_table(const Dashboard& dashboard) {
  Table table;
  table.columns = {{"graphique", "Graphique"},
                   {"titre", "Titre"},
                   {"groupe", "Groupe"},
                   {"cle", "Clé"},
                   {"libelle", "Libellé"},
                   {"mesure", "Mesure"},
                   {"valeur", "Valeur"},
                   {"base", "Base"},
                   {"part", "Part (%)"},
                   {"valeur_nationale", "Valeur nationale"},
                   {"base_nationale", "Base nationale"},
                   {"part_nationale", "Part nationale (%)"}};
  auto context_row = [&](std::string key, std::string label, Cell scope, Cell national) {
    table.rows.push_back({std::string("contexte"), std::string("Contexte"), std::string(), std::move(key),
                          std::move(label), std::string(scope.index() == 0 ? "" : "nombre"), std::move(scope),
                          std::monostate{}, std::monostate{}, std::move(national), std::monostate{}, std::monostate{}});
  };
  context_row("perimetre", dashboard.scope, std::monostate{}, std::monostate{});
  context_row("filtres", dashboard.filters, std::monostate{}, std::monostate{});
  context_row("date_donnees", dashboard.data_date, std::monostate{}, std::monostate{});
  context_row("conventions", "Conventions", dashboard.conventions.scope, dashboard.conventions.national);
  context_row("actions", "Actions", dashboard.actions.scope, dashboard.actions.national);
  for (const auto& chart : dashboard.charts) {
    for (const auto& row : chart.rows) {
      table.rows.push_back(
          {chart.id, chart.title, row.group, row.key, row.label, std::string(measure_code(chart.measure)),
           number_cell(row.value.scope, chart.measure), number_cell(row.base.scope, chart.measure),
           share_cell(share_of(row.value.scope, row.base.scope)), number_cell(row.value.national, chart.measure),
           number_cell(row.base.national, chart.measure), share_cell(share_of(row.value.national, row.base.national))});
    }
  }
  return table;
}

}  // namespace pilot::report
