// The dashboard as one self-contained HTML page: inline CSS and SVG, no script, no network, so it
// can be mailed or archived as is; it reflows on a phone and prints one chart per block.
#include <fmt/format.h>

#include "report/dashboard_render.hpp"
#include "report/dashboard_svg.hpp"
#include "util/number.hpp"

namespace pilot::report {
namespace {

// « 1 convention », « 2 conventions », « 1 234 actions ».
std::string plural(std::int64_t count, std::string_view word) {
  return util::format_integer_fr(count) + " " + std::string(word) + (count > 1 ? "s" : "");
}

using svg::escape;

constexpr std::string_view k_style = R"css(
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 0; padding: 12px;
       color: #1b1b1b; background: #fff; line-height: 1.35; }
main { max-width: 760px; margin: 0 auto; }
h1 { font-size: 1.35rem; margin: 0 0 .5rem; }
h2 { font-size: 1.05rem; margin: 0 0 .25rem; }
dl.meta { font-size: .85rem; margin: 0 0 .5rem; display: grid; grid-template-columns: max-content 1fr; gap: 2px 8px; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
ul.notes { font-size: .78rem; color: #555; margin: .3rem 0 0; padding-left: 1.1rem; }
nav { font-size: .8rem; margin: .5rem 0; }
nav summary { cursor: pointer; color: #1f5fa8; }
nav a { color: #1f5fa8; }
section.chart { border-top: 1px solid #ddd; padding: .8rem 0; break-inside: avoid; page-break-inside: avoid; }
p.base { font-size: .8rem; color: #444; margin: 0 0 .3rem; }
svg { width: 100%; max-width: 560px; height: auto; display: block; margin: .3rem 0; font-family: inherit; }
div.table { overflow-x: auto; }
table { border-collapse: collapse; font-size: .8rem; width: 100%; }
th, td { padding: 2px 4px; border-bottom: 1px solid #eee; text-align: right; white-space: nowrap; }
th { white-space: normal; vertical-align: bottom; }
th:first-child, td:first-child { text-align: left; white-space: normal; }
tr.group td { font-weight: 600; background: #f6f7f8; }
span.swatch { display: inline-block; width: .7em; height: .7em; margin-right: .35em; }
footer { font-size: .75rem; color: #666; border-top: 1px solid #ddd; padding-top: .5rem; }
@media print {
  body { padding: 0; font-size: 10pt; }
  nav { display: none; }
  svg { max-width: 12cm; }
}
)css";

std::string table_html(const Dashboard& dashboard, const DashboardChart& chart) {
  const bool rate = chart.shape == ChartShape::rate;
  const bool swatches = chart.style == ChartStyle::pie;
  const std::string part = rate ? "Taux" : "Part";
  std::string out =
      "<div class=\"table\"><table><thead><tr><th>Libellé</th><th>" + escape(chart.value_header) + "</th>";
  if (rate) {
    out += "<th>" + escape(chart.base_header) + "</th>";
  }
  out += "<th>" + part + "</th>";
  if (dashboard.territorial) {
    // Short headers: the table must fit a phone.
    out += "<th>" + escape(rate ? chart.value_header + " nat." : std::string("National")) + "</th>";
    if (rate) {
      out += "<th>" + escape(chart.base_header) + " nat.</th>";
    }
    out += "<th>" + part + " nat.</th>";
  }
  out += "</tr></thead><tbody>";
  const int columns = 3 + (rate ? 1 : 0) + (dashboard.territorial ? (rate ? 3 : 2) : 0);
  std::string group;
  for (std::size_t i = 0; i < chart.rows.size(); ++i) {
    const auto& row = chart.rows[i];
    if (row.group != group) {
      group = row.group;
      out += fmt::format("<tr class=\"group\"><td colspan=\"{}\">{}</td></tr>", columns, escape(group));
    }
    out += "<tr><td>";
    if (swatches) {
      out += fmt::format("<span class=\"swatch\" style=\"background:{}\"></span>", svg::slice_colour(i, row.key));
    }
    out += escape(row.label) + "</td><td>" + escape(format_measure(row.value.scope, chart.measure)) + "</td>";
    if (rate) {
      out += "<td>" + escape(format_measure(row.base.scope, chart.measure)) + "</td>";
    }
    out += "<td>" + escape(format_share(share_of(row.value.scope, row.base.scope))) + "</td>";
    if (dashboard.territorial) {
      out += "<td>" + escape(format_measure(row.value.national, chart.measure)) + "</td>";
      if (rate) {
        out += "<td>" + escape(format_measure(row.base.national, chart.measure)) + "</td>";
      }
      out += "<td>" + escape(format_share(share_of(row.value.national, row.base.national))) + "</td>";
    }
    out += "</tr>";
  }
  return out + "</tbody></table></div>";
}

std::string chart_html(const Dashboard& dashboard, const DashboardChart& chart) {
  std::string out =
      fmt::format("<section class=\"chart\" id=\"{}\"><h2>{}</h2>", escape(chart.id), escape(chart.title));
  std::string base = fmt::format("Base ({}) : {}", chart.base_label, format_measure(chart.base.scope, chart.measure));
  if (dashboard.territorial) {
    base += fmt::format(" (national : {})", format_measure(chart.base.national, chart.measure));
  }
  out += "<p class=\"base\">" + escape(base) + "</p>";
  out += chart.style == ChartStyle::pie ? svg::pies(chart, dashboard.territorial)
                                        : svg::bars(chart, dashboard.territorial);
  out += table_html(dashboard, chart);
  if (!chart.notes.empty()) {
    out += "<ul class=\"notes\">";
    for (const auto& note : chart.notes) {
      out += "<li>" + escape(note) + "</li>";
    }
    out += "</ul>";
  }
  return out + "</section>\n";
}

}  // namespace

std::string render_dashboard_html(const Dashboard& dashboard) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>Tableau de bord — " + escape(dashboard.scope) + "</title>\n<style>";
  out += k_style;
  out += "</style>\n</head>\n<body>\n<main>\n<header>\n";
  out += "<h1>Tableau de bord — " + escape(dashboard.scope) + "</h1>\n<dl class=\"meta\">";
  out += "<dt>Filtres</dt><dd>" + escape(dashboard.filters) + "</dd>";
  out += "<dt>Données au</dt><dd>" + escape(format_data_date(dashboard.data_date)) + "</dd>";
  out += fmt::format("<dt>Périmètre</dt><dd>{}, {}</dd>", plural(dashboard.conventions.scope, "convention"),
                     plural(dashboard.actions.scope, "action"));
  if (dashboard.territorial) {
    out +=
        fmt::format("<dt>National</dt><dd>{}, {} (mêmes filtres, sans limite territoriale)</dd>",
                    plural(dashboard.conventions.national, "convention"), plural(dashboard.actions.national, "action"));
  }
  out += "</dl>\n";
  out +=
      "<ul class=\"notes\"><li>Montants arrondis (k€ : milliers, M€ : millions, Md€ : milliards d'euros) ; "
      "montants exacts avec --format csv ou json.</li>";
  for (const auto& note : dashboard.notes) {
    out += "<li>" + escape(note) + "</li>";
  }
  out += "</ul>\n";
  if (dashboard.charts.size() > 1) {
    // Folded (no script needed): the list is long on a phone.
    out += fmt::format("<nav><details><summary>Les {} graphiques</summary>", dashboard.charts.size());
    for (std::size_t i = 0; i < dashboard.charts.size(); ++i) {
      const auto& chart = dashboard.charts[i];
      out += fmt::format("{}<a href=\"#{}\">{}</a>", i == 0 ? "" : " · ", escape(chart.id), escape(chart.title));
    }
    out += "</details></nav>\n";
  }
  out += "</header>\n";
  for (const auto& chart : dashboard.charts) {
    out += chart_html(dashboard, chart);
  }
  out +=
      "<footer>Produit par pilot dashboard-stats. Les graphiques reprennent la liste du guide de Pilot'actions ; "
      "la référence nationale applique les mêmes filtres sans limite territoriale.</footer>\n";
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace pilot::report
