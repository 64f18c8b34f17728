// Values as the store's columns hold them, read back and written the same way by every table that
// has them (actions and bilans: stored codes, optional numbers, extra columns as a JSON object).
#pragma once

#include <SQLiteCpp/Column.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/action.hpp"
#include "util/json.hpp"

namespace pilot::store {

using ExtraColumns = std::vector<std::pair<std::string, std::string>>;

// Stored codes back to their enumeration; a code no version of pilot wrote (a base edited by hand)
// reads as the default: brouillon, autre, local.
domain::ActionStatus status_from_code(std::string_view code);
domain::FinancerType financer_from_code(std::string_view code);
domain::IndicatorKind kind_from_code(std::string_view code);

// NULL ↔ no value.
std::optional<double> optional_double(const SQLite::Column& column);
std::optional<std::int64_t> optional_integer(const SQLite::Column& column);
util::Json optional_json(const std::optional<double>& value);

// Columns of a budget line, expense or indicator that no field of the form takes, kept as a JSON
// object (a repeated key keeps its last value), and read back (a non-text value as its JSON text;
// NULL or unreadable text: none).
util::Json extra_json(const ExtraColumns& extra);
ExtraColumns read_extra(const SQLite::Column& column);

}  // namespace pilot::store
