// The dashboard as Markdown (for a wiki, a ticket or a mail): a heading and a table per chart.
#include <fmt/format.h>

#include "report/dashboard_render.hpp"
#include "util/number.hpp"

namespace pilot::report {
namespace {

// « 1 convention », « 2 conventions », « 1 234 actions ».
std::string plural(std::int64_t count, std::string_view word) {
  return util::format_integer_fr(count) + " " + std::string(word) + (count > 1 ? "s" : "");
}

// Table cells: pipes and line breaks would break the table.
std::string cell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string chart_markdown(const Dashboard& dashboard, const DashboardChart& chart) {
  const bool rate = chart.shape == ChartShape::rate;
  const std::string part = rate ? "Taux" : "Part";
  std::string out = fmt::format("\n## {}\n\nBase ({}) : {}", cell(chart.title), cell(chart.base_label),
                                format_measure(chart.base.scope, chart.measure));
  if (dashboard.territorial) {
    out += fmt::format(" (national : {})", format_measure(chart.base.national, chart.measure));
  }
  out += "\n\n| Libellé | " + chart.value_header;
  std::string rule = "|---|---:";
  if (rate) {
    out += " | " + chart.base_header;
    rule += "|---:";
  }
  out += " | " + part;
  rule += "|---:";
  if (dashboard.territorial) {
    out += " | " + chart.value_header + " (national)";
    rule += "|---:";
    if (rate) {
      out += " | " + chart.base_header + " (national)";
      rule += "|---:";
    }
    out += " | " + part + " (national)";
    rule += "|---:";
  }
  out += " |\n" + rule + "|\n";
  for (const auto& row : chart.rows) {
    const std::string label = row.group.empty() ? row.label : row.group + " — " + row.label;
    out += "| " + cell(label) + " | " + format_measure(row.value.scope, chart.measure);
    if (rate) {
      out += " | " + format_measure(row.base.scope, chart.measure);
    }
    out += " | " + format_share(share_of(row.value.scope, row.base.scope));
    if (dashboard.territorial) {
      out += " | " + format_measure(row.value.national, chart.measure);
      if (rate) {
        out += " | " + format_measure(row.base.national, chart.measure);
      }
      out += " | " + format_share(share_of(row.value.national, row.base.national));
    }
    out += " |\n";
  }
  if (!chart.notes.empty()) {
    out += "\n";
    for (const auto& note : chart.notes) {
      out += "> " + cell(note) + "\n";
    }
  }
  return out;
}

}  // namespace

std::string render_dashboard_markdown(const Dashboard& dashboard) {
  std::string out = "# Tableau de bord — " + cell(dashboard.scope) + "\n\n";
  out += "- **Filtres** : " + cell(dashboard.filters) + "\n";
  out += "- **Données au** " + format_data_date(dashboard.data_date) + "\n";
  out += fmt::format("- **Périmètre** : {}, {}\n", plural(dashboard.conventions.scope, "convention"),
                     plural(dashboard.actions.scope, "action"));
  if (dashboard.territorial) {
    out +=
        fmt::format("- **Référence nationale** (mêmes filtres) : {}, {}\n",
                    plural(dashboard.conventions.national, "convention"), plural(dashboard.actions.national, "action"));
  }
  out += "- Montants arrondis (k€, M€, Md€) ; montants exacts avec `--format csv` ou `json`.\n";
  for (const auto& note : dashboard.notes) {
    out += "- " + cell(note) + "\n";
  }
  for (const auto& chart : dashboard.charts) {
    out += chart_markdown(dashboard, chart);
  }
  return out;
}

}  // namespace pilot::report
