// The dashboard of `pilot dashboard-stats`: the guide's charts (seed 000, « Tableau de bord ») and
// the key figures the seeds ask for, each a small table of counts or amounts with their shares,
// next to the national reference when the scope is territorial.
//
// Pipeline: store::query_dashboard (SQL aggregates) → build_dashboard (this header: charts with
// labels, bases and shares) → one formatter (dashboard_render.hpp: text, CSV, JSON, Markdown, HTML).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/convention.hpp"
#include "store/dashboard_store.hpp"
#include "util/error.hpp"

namespace pilot::report {

// Field keys of the action forms the charts read (fixed by the forms contract).
namespace dashboard_fields {
inline constexpr std::string_view axe = "axe";
inline constexpr std::string_view volet = "volet";
inline constexpr std::string_view nature = "nature";
inline constexpr std::string_view type_action = "type_action";
inline constexpr std::string_view champs = "champs";
inline constexpr std::string_view publics = "publics";
inline constexpr std::string_view public_specifique = "public_specifique";
inline constexpr std::string_view qpv = "qpv";
inline constexpr std::string_view zone_rurale = "zone_rurale";
}  // namespace dashboard_fields

enum class Measure { count, money };

// distribution: rows share one base (their parts); rate: each row has its own base (value / base).
enum class ChartShape { distribution, rate };

// How the HTML page draws it.
enum class ChartStyle { bars, pie };

struct DashboardRow {
  std::string key;    // choice code or fixed key: stable for scripts
  std::string group;  // sub-heading ("CLS" in the type × nature chart), "" if none
  std::string label;
  store::Figure value;
  store::Figure base;
};

struct DashboardChart {
  std::string id;
  std::string title;
  Measure measure = Measure::count;
  ChartShape shape = ChartShape::distribution;
  ChartStyle style = ChartStyle::bars;
  std::string base_label;               // what the base counts: « actions CLS », « budget prévisionnel CLS »
  store::Figure base;                   // distributions: the base of every row; rates: the total row's base
  std::string value_header = "Nombre";  // column headers of value and (rates) base
  std::string base_header;
  std::vector<DashboardRow> rows;
  std::vector<std::string> notes;
};

struct Dashboard {
  std::string scope;  // « national » or « département 80 Somme ; type CLS »
  bool territorial = false;
  std::string status;   // code of the status filter: all, brouillon, double-validee
  std::string filters;  // French sentence of the filters
  std::optional<int> year;
  int bilan_year = 0;
  std::string data_date;  // ISO 8601 of the last recorded change, "" for an empty base
  store::Figure conventions;
  store::Figure actions;
  std::vector<DashboardChart> charts;
  std::vector<std::string> notes;
};

// Choice codes of a field in the forms' order with their labels. Keys: the field key, or
// "<field>@cls" / "<field>@cie" when CLS and CIE forms offer different lists (type_action).
struct ChoiceLabel {
  std::string code;
  std::string label;
};
struct DashboardLabels {
  std::map<std::string, std::vector<ChoiceLabel>, std::less<>> fields;
};

// The charts, in display order: id (for --only, json and csv) and title as the guide words it.
struct ChartSpec {
  std::string_view id;
  std::string_view title;
};
const std::vector<ChartSpec>& dashboard_chart_specs();

// Checks --only names; fails (usage) naming the first unknown one with the closest ids.
Result<void> check_chart_ids(const std::vector<std::string>& ids);

// The store passes and answer fields the chosen charts need (all when `only` is empty).
void prepare_query(store::DashboardQuery& query, const std::vector<std::string>& only);

struct DashboardContext {
  std::string scope;
  store::StatusFilter status = store::StatusFilter::all;
  std::optional<int> year;
  int bilan_year = 0;
  std::vector<domain::ConventionType> types;
  std::string data_date;
  std::vector<std::string> notes;  // added by the caller (labels unavailable...)
};

// Builds the charts (all, or those of `only`) from the aggregates.
Dashboard build_dashboard(const store::DashboardFacts& facts, const DashboardLabels& labels,
                          const DashboardContext& context, const std::vector<std::string>& only);

// Share of `value` in `base` in percent points; nullopt when the base is zero.
std::optional<double> share_of(std::int64_t value, std::int64_t base);

}  // namespace pilot::report
