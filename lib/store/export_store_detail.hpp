// Helpers shared by the export queries (export_store.cpp, export_store_long.cpp): the action / convention
// / territory join every query starts from, its WHERE clause, and fast decoding of stored codes.
#pragma once

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/column_values.hpp"  // optional_double, optional_integer
#include "store/export_store.hpp"

namespace pilot::store::export_detail {

// Codes as stored (CHECK constraints guarantee them): exact comparisons, no folding, because
// these run once per row of a million-row export.
inline domain::ActionStatus status_of(std::string_view code) {
  if (code == "double_validee") {
    return domain::ActionStatus::double_validee;
  }
  if (code == "validee_collectivite") {
    return domain::ActionStatus::validee_collectivite;
  }
  return code == "validee_etat" ? domain::ActionStatus::validee_etat : domain::ActionStatus::brouillon;
}

inline domain::FinancerType financer_of(std::string_view code) {
  if (code == "etat") {
    return domain::FinancerType::etat;
  }
  return code == "collectivite" ? domain::FinancerType::collectivite : domain::FinancerType::autre;
}

inline domain::ConventionType convention_type_of(std::string_view code) {
  if (code == "cie") {
    return domain::ConventionType::cie;
  }
  return code == "unique" ? domain::ConventionType::unique : domain::ConventionType::cls;
}

inline domain::IndicatorKind kind_of(std::string_view code) {
  if (code == "national") {
    return domain::IndicatorKind::national;
  }
  return code == "impact" ? domain::IndicatorKind::impact : domain::IndicatorKind::local;
}

inline util::Date date_of(const SQLite::Column& column) {
  auto date = util::parse_date(column.getString());
  return date ? *date : util::Date{};
}

inline void assign_text(std::string& target, const SQLite::Column& column) {
  target.assign(column.getText(""), static_cast<std::size_t>(column.getBytes()));
}

// The action, its convention and territory; CROSS JOIN keeps actions as the outer loop so that
// rows stream in (convention, reference) order from the unique index, with no sort.
inline constexpr std::string_view k_key_columns =
    "a.id, a.reference, a.title, a.form_id, a.form_version, a.status, a.dropped_year, conv.id, conv.type, c.name, "
    "c.type, d.code, d.name, coalesce(d.region_code, ''), coalesce(r.name, '')";
inline constexpr int k_key_column_count = 15;
inline constexpr std::string_view k_from =
    "FROM actions a CROSS JOIN conventions conv ON conv.id = a.convention_id "
    "CROSS JOIN collectivites c ON c.id = conv.collectivite_id "
    "CROSS JOIN departements d ON d.code = c.departement_code "
    "LEFT JOIN regions r ON r.code = d.region_code";
inline constexpr std::string_view k_action_order = "a.convention_id, a.reference";

inline void read_key(SQLite::Statement& row, ActionKey& key) {
  key.action_id = row.getColumn(0).getInt64();
  assign_text(key.reference, row.getColumn(1));
  assign_text(key.title, row.getColumn(2));
  assign_text(key.form_id, row.getColumn(3));
  key.form_version = row.getColumn(4).getInt();
  key.status = status_of(row.getColumn(5).getText(""));
  key.dropped_year = row.getColumn(6).isNull() ? std::nullopt : std::optional<int>(row.getColumn(6).getInt());
  key.convention_id = row.getColumn(7).getInt64();
  key.convention_type = convention_type_of(row.getColumn(8).getText(""));
  assign_text(key.collectivite, row.getColumn(9));
  key.collectivite_type = std::string_view(row.getColumn(10).getText("")) == "metropole"
                              ? domain::CollectiviteType::metropole
                              : domain::CollectiviteType::departement;
  assign_text(key.departement_code, row.getColumn(11));
  assign_text(key.departement_name, row.getColumn(12));
  assign_text(key.region_code, row.getColumn(13));
  assign_text(key.region_name, row.getColumn(14));
}

// The WHERE clause every export query shares, and its bound values.
struct Where {
  std::string sql;
  std::vector<std::string> texts;
  std::vector<std::int64_t> integers;  // bound after the texts
};

inline Where action_where(const ExportFilter& filter, bool with_status = true) {
  const SqlFilter scope = scope_filter(filter.scope);
  Where where{scope.condition, scope.text_values, {}};
  if (filter.scope.convention_id) {
    // Redundant with the scope's conv.id = ?, but lets SQLite seek the actions index.
    where.sql += " AND a.convention_id = ?";
    where.integers.push_back(*filter.scope.convention_id);
  }
  if (with_status && filter.status == StatusFilter::double_validee) {
    where.sql += " AND a.status = 'double_validee'";
  } else if (with_status && filter.status == StatusFilter::brouillon) {
    where.sql += " AND a.status <> 'double_validee'";
  }
  return where;
}

// Binds the where clause's values, then `year` (when set) for each of `year_slots` placeholders.
inline void bind(SQLite::Statement& statement, const Where& where, const std::optional<int>& year = std::nullopt,
                 int year_slots = 0) {
  int index = 1;
  for (const auto& text : where.texts) {
    statement.bind(index++, text);
  }
  for (const auto value : where.integers) {
    statement.bind(index++, static_cast<std::int64_t>(value));
  }
  for (int i = 0; year && i < year_slots; ++i) {
    statement.bind(index++, *year);
  }
}

inline std::string year_condition(const ExportFilter& filter, std::string_view column) {
  return filter.year ? fmt::format(" AND {} = ?", column) : std::string();
}

inline constexpr int k_export_cache_kib = 16 * 1024;

inline constexpr std::string_view k_counted_line =
    "b.informational = 0 AND (a.dropped_year IS NULL OR b.year < a.dropped_year)";

}  // namespace pilot::store::export_detail
