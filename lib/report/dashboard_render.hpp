// The last stage of the dashboard pipeline: a built Dashboard rendered for people (aligned text,
// Markdown, a self-contained HTML page with inline SVG charts) or for scripts (JSON, CSV rows).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "report/dashboard.hpp"
#include "report/table.hpp"
#include "util/json.hpp"

namespace pilot::report {

// Aligned tables with French numbers and bar glyphs, every line at most `width` columns.
std::string render_dashboard_text(const Dashboard& dashboard, std::size_t width = 100);

// GitHub-flavoured Markdown: one heading and one table per chart.
std::string render_dashboard_markdown(const Dashboard& dashboard);

// One HTML file: inline CSS and SVG, no script, no external resource; readable on a phone, printable.
std::string render_dashboard_html(const Dashboard& dashboard);

// Stable keys for scripts (documented in man/pilot-dashboard-stats.1); money in euros.
util::Json dashboard_to_json(const Dashboard& dashboard);

// One row per chart row, after « contexte » rows (scope, filters, data date, counts): for CSV.
Table dashboard_table(const Dashboard& dashboard);

// Shared formatting: « 2,56 M€ », « 29,4 % » (« – » without a base), « 22/11/2026 à 10:00 UTC ».
std::string format_compact_money(std::int64_t cents);
std::string format_measure(std::int64_t value, Measure measure);
std::string format_share(std::optional<double> share);
std::string format_data_date(const std::string& iso_timestamp);

// Cuts UTF-8 text to `width` code points, ending with « … » when it had to cut.
std::string fit_width(std::string_view text, std::size_t width);

}  // namespace pilot::report
