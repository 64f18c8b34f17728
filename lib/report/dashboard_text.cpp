// The dashboard in a terminal: one aligned table per chart with French numbers and bar glyphs,
// the national reference beside the scope, every line within the requested width.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/dashboard_render.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace pilot::report {
namespace {

constexpr std::string_view k_indent = "  ";
constexpr std::size_t k_gap = 2;
constexpr std::size_t k_share_width = 7;  // « 100,0 % »
constexpr std::size_t k_min_label = 18;

// Word-wraps a paragraph; continuation lines start with `hanging` spaces.
std::string wrap(std::string_view text, std::size_t width, std::string_view first_prefix, std::size_t hanging) {
  std::string out;
  std::string line(first_prefix);
  std::size_t line_width = util::display_width(first_prefix);
  bool has_word = false;
  for (const auto& piece : util::split_list(text, " ")) {
    const std::string word = fit_width(piece, width > hanging ? width - hanging : 1);
    const std::size_t word_width = util::display_width(word);
    if (has_word && line_width + 1 + word_width > width) {
      out += line + "\n";
      line = std::string(hanging, ' ');
      line_width = hanging;
      has_word = false;
    }
    if (has_word) {
      line += ' ';
      ++line_width;
    }
    line += word;
    line_width += word_width;
    has_word = true;
  }
  return out + line + "\n";
}

// A bar of `cells` cells filled to `share` % with eighth blocks.
std::string bar(std::optional<double> share, std::size_t cells) {
  static const char* const k_eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  if (!share || cells == 0) {
    return std::string();
  }
  const double clamped = std::clamp(*share, 0.0, 100.0);
  const auto eighths = static_cast<std::size_t>(std::lround(clamped / 100.0 * static_cast<double>(cells) * 8.0));
  std::string out;
  for (std::size_t i = 0; i < eighths / 8; ++i) {
    out += "█";
  }
  out += k_eighths[eighths % 8];
  if (eighths == 0 && clamped > 0.0) {
    out = "▏";  // a non-zero share stays visible
  }
  return out;
}

struct Layout {
  std::size_t label = 0;
  std::size_t value = 0;
  std::size_t base = 0;  // rates only
  std::size_t bar = 0;
  std::size_t ref_value = 0;  // distributions of a territorial dashboard
  std::size_t ref_share = k_share_width;
  bool reference = false;
};

Layout layout_for(const Dashboard& dashboard, const DashboardChart& chart, std::size_t width) {
  Layout layout;
  layout.reference = dashboard.territorial;
  const bool rate = chart.shape == ChartShape::rate;
  // A rate chart has only the national rate on the right: its column holds the word « National ».
  layout.ref_share = rate ? std::max(k_share_width, std::string_view("National").size()) : k_share_width;
  layout.value = util::display_width(chart.value_header);
  layout.base = rate ? util::display_width(chart.base_header) : 0;
  std::size_t longest_label = 0;
  for (const auto& row : chart.rows) {
    layout.value = std::max(layout.value, util::display_width(format_measure(row.value.scope, chart.measure)));
    if (rate) {
      layout.base = std::max(layout.base, util::display_width(format_measure(row.base.scope, chart.measure)));
    }
    if (layout.reference && !rate) {
      layout.ref_value = std::max(
          {layout.ref_value, util::display_width(format_measure(row.value.national, chart.measure)), std::size_t{8}});
    }
    longest_label = std::max(longest_label, util::display_width(row.label) + (row.group.empty() ? 0 : 2));
  }
  // Fixed columns: value, [base], share, bar, [national value], [national share].
  std::size_t fixed = k_indent.size() + layout.value + k_gap + k_share_width + k_gap;
  if (rate) {
    fixed += layout.base + k_gap;
  }
  if (layout.reference) {
    fixed += k_gap + (rate ? 0 : layout.ref_value + k_gap) + layout.ref_share;
  }
  const std::size_t wanted_bar = layout.reference ? 14 : 28;
  const std::size_t room = width > fixed ? width - fixed : 0;
  // The label takes what it needs, leaving at least 10 cells to the bar; the bar takes the rest.
  layout.label =
      std::clamp<std::size_t>(longest_label + k_gap, k_min_label, std::max(k_min_label, room > 10 ? room - 10 : 0));
  layout.bar = room > layout.label ? std::min(wanted_bar, room - layout.label) : 0;
  return layout;
}

std::string render_chart(const Dashboard& dashboard, const DashboardChart& chart, std::size_t width) {
  const Layout layout = layout_for(dashboard, chart, width);
  const bool rate = chart.shape == ChartShape::rate;
  std::string out = "■ " + fit_width(chart.title, width - 2) + "\n";
  std::string base_line =
      fmt::format("Base ({}) : {}", chart.base_label, format_measure(chart.base.scope, chart.measure));
  if (dashboard.territorial) {
    base_line += fmt::format(" (national : {})", format_measure(chart.base.national, chart.measure));
  }
  out += wrap(base_line, width, k_indent, k_indent.size() + 2);

  if (chart.rows.empty()) {
    return out + std::string(k_indent) + "Aucune donnée.\n";
  }
  const std::string part_header = rate ? "Taux" : "Part";
  auto line_of = [&](std::string_view label, const std::string& value, const std::string& base,
                     const std::string& share, const std::string& glyphs, const std::string& ref_value,
                     const std::string& ref_share) {
    std::string line(k_indent);
    line += util::pad_right(fit_width(label, layout.label - k_gap), layout.label);
    line += util::pad_left(value, layout.value);
    if (rate) {
      line += std::string(k_gap, ' ') + util::pad_left(base, layout.base);
    }
    line += std::string(k_gap, ' ') + util::pad_left(share, k_share_width);
    line += std::string(k_gap, ' ') + util::pad_right(glyphs, layout.bar);
    if (layout.reference) {
      if (!rate) {
        line += std::string(k_gap, ' ') + util::pad_left(ref_value, layout.ref_value);
      }
      line += std::string(k_gap, ' ') + util::pad_left(ref_share, layout.ref_share);
    }
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    return line + "\n";
  };

  if (layout.reference) {
    // Over the columns: which figures are the scope's and which the national reference's.
    const std::size_t scope_columns =
        layout.value + (rate ? k_gap + layout.base : 0) + k_gap + k_share_width + k_gap + layout.bar;
    const std::size_t ref_columns = (rate ? 0 : layout.ref_value + k_gap) + layout.ref_share;
    std::string line(k_indent);
    line += std::string(layout.label, ' ') + util::pad_right("Périmètre", scope_columns);
    line += std::string(k_gap, ' ') + util::pad_left("National", ref_columns);
    out += line + "\n";
  }
  out += line_of("", chart.value_header, chart.base_header, part_header, "", rate ? std::string() : chart.value_header,
                 part_header);
  std::string current_group;
  for (const auto& row : chart.rows) {
    if (row.group != current_group) {
      current_group = row.group;
      out += std::string(k_indent) + fit_width(row.group, width - k_indent.size()) + "\n";
    }
    const auto scope_share = share_of(row.value.scope, row.base.scope);
    const auto national_share = share_of(row.value.national, row.base.national);
    const std::string label = row.group.empty() ? row.label : "  " + row.label;
    out += line_of(label, format_measure(row.value.scope, chart.measure), format_measure(row.base.scope, chart.measure),
                   format_share(scope_share), bar(scope_share, layout.bar),
                   format_measure(row.value.national, chart.measure), format_share(national_share));
  }
  for (const auto& note : chart.notes) {
    out += wrap(note, width, "  Note : ", 9);
  }
  return out;
}

}  // namespace

std::string render_dashboard_text(const Dashboard& dashboard, std::size_t width) {
  width = std::max<std::size_t>(width, 60);
  std::string out = wrap("Tableau de bord — " + dashboard.scope, width, "", 2);
  out += wrap("Filtres : " + dashboard.filters, width, "", 2);
  out += wrap("Données au " + format_data_date(dashboard.data_date), width, "", 2);
  std::string counts =
      fmt::format("Périmètre : {} convention{}, {} action{}", util::format_integer_fr(dashboard.conventions.scope),
                  dashboard.conventions.scope > 1 ? "s" : "", util::format_integer_fr(dashboard.actions.scope),
                  dashboard.actions.scope > 1 ? "s" : "");
  if (dashboard.territorial) {
    counts += fmt::format(
        " ; référence nationale (mêmes filtres) : {} convention{}, {} action{}",
        util::format_integer_fr(dashboard.conventions.national), dashboard.conventions.national > 1 ? "s" : "",
        util::format_integer_fr(dashboard.actions.national), dashboard.actions.national > 1 ? "s" : "");
  }
  out += wrap(counts, width, "", 2);
  out += wrap(
      "Montants arrondis (k€ : milliers, M€ : millions, Md€ : milliards d'euros) ; montants exacts avec "
      "--format csv ou json.",
      width, "", 2);
  for (const auto& note : dashboard.notes) {
    out += wrap(note, width, "Note : ", 7);
  }
  for (const auto& chart : dashboard.charts) {
    out += "\n" + render_chart(dashboard, chart, width);
  }
  return out;
}

}  // namespace pilot::report
