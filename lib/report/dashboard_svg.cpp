#include "report/dashboard_svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "report/dashboard_render.hpp"

namespace pilot::report::svg {
namespace {

constexpr double k_width = 360.0;
constexpr std::string_view k_scope_colour = "#1f5fa8";
constexpr std::string_view k_national_colour = "#a3adb8";
constexpr std::array<std::string_view, 9> k_palette = {"#1f5fa8", "#e07b24", "#3a9d5d", "#c23b5a", "#7b5ea7",
                                                       "#8c6d3f", "#d4a017", "#4fa3b8", "#6b6b6b"};

double width_for(std::optional<double> share) {
  if (!share) {
    return 0.0;
  }
  return std::clamp(*share, 0.0, 100.0) / 100.0 * k_width;
}

std::string number(double value) {
  return fmt::format("{:.1f}", value);
}

// One pie: slices as arc paths (a full circle when one value holds everything).
std::string pie(const DashboardChart& chart, bool national, double cx, double cy, double radius) {
  std::int64_t total = 0;
  for (const auto& row : chart.rows) {
    total += national ? row.value.national : row.value.scope;
  }
  if (total <= 0) {
    return fmt::format(R"(<circle cx="{}" cy="{}" r="{}" fill="#eeeeee"/><text x="{}" y="{}" text-anchor="middle" )"
                       R"(font-size="11" fill="#555">aucune donnée</text>)",
                       number(cx), number(cy), number(radius), number(cx), number(cy + 4));
  }
  std::string out;
  double angle = -std::numbers::pi / 2.0;
  for (std::size_t i = 0; i < chart.rows.size(); ++i) {
    const auto& row = chart.rows[i];
    const std::int64_t value = national ? row.value.national : row.value.scope;
    if (value <= 0) {
      continue;
    }
    const std::string colour(slice_colour(i, row.key));
    const std::string title =
        fmt::format("<title>{} : {}</title>", escape(row.label), format_share(share_of(value, total)));
    if (value == total) {
      out += fmt::format(R"(<circle cx="{}" cy="{}" r="{}" fill="{}">{}</circle>)", number(cx), number(cy),
                         number(radius), colour, title);
      break;
    }
    const double sweep = 2.0 * std::numbers::pi * static_cast<double>(value) / static_cast<double>(total);
    const double x1 = cx + radius * std::cos(angle);
    const double y1 = cy + radius * std::sin(angle);
    const double x2 = cx + radius * std::cos(angle + sweep);
    const double y2 = cy + radius * std::sin(angle + sweep);
    out += fmt::format(
        R"(<path d="M{},{} L{},{} A{},{} 0 {} 1 {},{} Z" fill="{}" stroke="#fff" stroke-width="1">{}</path>)",
        number(cx), number(cy), number(x1), number(y1), number(radius), number(radius),
        sweep > std::numbers::pi ? 1 : 0, number(x2), number(y2), colour, title);
    angle += sweep;
  }
  return out;
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string_view slice_colour(std::size_t index, std::string_view key) {
  if (key == "non_renseigne") {
    return "#c8c8c8";
  }
  return k_palette[index % k_palette.size()];
}

std::string bars(const DashboardChart& chart, bool territorial) {
  const double row_height = territorial ? 38.0 : 30.0;
  std::string body;
  double y = 0.0;
  if (territorial) {
    body += fmt::format(R"(<rect x="0" y="2" width="10" height="8" fill="{}"/><text x="14" y="10" font-size="10">)"
                        R"(Périmètre</text><rect x="80" y="4" width="10" height="5" fill="{}"/>)"
                        R"(<text x="94" y="10" font-size="10">National</text>)",
                        k_scope_colour, k_national_colour);
    y = 18.0;
  }
  std::string group;
  for (const auto& row : chart.rows) {
    if (row.group != group) {
      group = row.group;
      body += fmt::format(R"(<text x="0" y="{}" font-size="11" font-weight="bold">{}</text>)", number(y + 12),
                          escape(fit_width(group, 60)));
      y += 18.0;
    }
    const auto share = share_of(row.value.scope, row.base.scope);
    const auto national = share_of(row.value.national, row.base.national);
    std::string figures = fmt::format("{} · {}", format_measure(row.value.scope, chart.measure), format_share(share));
    if (territorial) {
      figures += " (nat. " + format_share(national) + ")";
    }
    const std::size_t label_room = figures.size() > 30 ? 28 : 36;
    body += fmt::format(R"(<g><title>{} : {}</title>)", escape(row.label), escape(figures));
    body += fmt::format(R"(<text x="0" y="{}" font-size="11">{}</text>)", number(y + 11),
                        escape(fit_width(row.label, label_room)));
    body += fmt::format(R"(<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>)", number(k_width),
                        number(y + 11), escape(figures));
    body +=
        fmt::format(R"(<rect x="0" y="{}" width="{}" height="9" fill="#eef1f4"/>)", number(y + 15), number(k_width));
    body += fmt::format(R"(<rect x="0" y="{}" width="{}" height="9" fill="{}"/>)", number(y + 15),
                        number(width_for(share)), k_scope_colour);
    if (territorial) {
      body += fmt::format(R"(<rect x="0" y="{}" width="{}" height="5" fill="{}"/>)", number(y + 26),
                          number(width_for(national)), k_national_colour);
    }
    body += "</g>";
    y += row_height;
  }
  return fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-label="{}">{}</svg>)",
      number(k_width), number(y + 4), escape(chart.title), body);
}

std::string pies(const DashboardChart& chart, bool territorial) {
  std::string body;
  if (territorial) {
    body += pie(chart, false, 90, 80, 68);
    body += pie(chart, true, 270, 80, 68);
    body += R"(<text x="90" y="168" font-size="11" text-anchor="middle">Périmètre</text>)";
    body += R"(<text x="270" y="168" font-size="11" text-anchor="middle">National</text>)";
  } else {
    body += pie(chart, false, 180, 80, 70);
  }
  return fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 176" role="img" aria-label="{}">{}</svg>)",
      escape(chart.title), body);
}

}  // namespace pilot::report::svg
