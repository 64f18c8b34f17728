// The validation filter of dashboards and exports (`--status`). They see two states (seed 000): an
// action validated by one side only still counts as a draft.
#pragma once

#include <string_view>

#include "domain/action.hpp"
#include "util/error.hpp"

namespace pilot::store {

enum class StatusFilter { all, brouillon, double_validee };

[[nodiscard]] bool status_matches(StatusFilter filter, domain::ActionStatus status);

// Accepts « all » / « tous » / « toutes » / « tout », « brouillon(s) » / « draft », « double-validee » /
// « double validée » / « doublement validée » (accents, case, spaces and « - » / « _ » ignored); anything
// else is a usage error that names the closest word.
Result<StatusFilter> parse_status_filter(std::string_view text);
std::string_view to_code(StatusFilter filter);   // "all", "brouillon", "double-validee"
std::string_view to_label(StatusFilter filter);  // « toutes les actions », « brouillons (...) », ...

}  // namespace pilot::store
