#include "store/column_values.hpp"

namespace pilot::store {

domain::ActionStatus status_from_code(std::string_view code) {
  auto parsed = domain::parse_action_status(code);
  return parsed ? *parsed : domain::ActionStatus::brouillon;
}

domain::FinancerType financer_from_code(std::string_view code) {
  auto parsed = domain::parse_financer_type(code);
  return parsed ? *parsed : domain::FinancerType::autre;
}

domain::IndicatorKind kind_from_code(std::string_view code) {
  auto parsed = domain::parse_indicator_kind(code);
  return parsed ? *parsed : domain::IndicatorKind::local;
}

std::optional<double> optional_double(const SQLite::Column& column) {
  return column.isNull() ? std::nullopt : std::optional<double>(column.getDouble());
}

std::optional<std::int64_t> optional_integer(const SQLite::Column& column) {
  return column.isNull() ? std::nullopt : std::optional<std::int64_t>(column.getInt64());
}

util::Json optional_json(const std::optional<double>& value) {
  return value ? util::Json(*value) : util::Json();
}

util::Json extra_json(const ExtraColumns& extra) {
  util::Json json = util::Json::object();
  for (const auto& [key, value] : extra) {
    json.set(key, value);
  }
  return json;
}

ExtraColumns read_extra(const SQLite::Column& column) {
  ExtraColumns extra;
  if (column.isNull()) {
    return extra;
  }
  auto json = util::Json::parse(column.getString());
  if (json && json->is_object()) {
    for (const auto& [key, value] : json->as_object()) {
      extra.emplace_back(key, value.is_string() ? value.as_string() : value.dump());
    }
  }
  return extra;
}

}  // namespace pilot::store
