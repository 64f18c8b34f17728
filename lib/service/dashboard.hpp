// `pilot dashboard-stats`: the dashboard of a scope next to the national reference. Resolves what
// users typed (scope, status, year, charts), reads the choice labels from the forms, runs the
// store's aggregates and builds the charts; formatting is report::render_dashboard_*.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/dashboard.hpp"
#include "service/context.hpp"
#include "service/scope_options.hpp"

namespace pilot::service {

struct DashboardOptions {
  ScopeOptions scope;
  std::string status = "all";  // all | brouillon | double-validee
  std::optional<int> year;
  std::vector<std::string> only;  // chart ids; empty = all
};

// Fails (usage) on an unknown status, an implausible year or an unknown chart (with a suggestion),
// (not_found / usage) on a scope value that matches nothing, (storage) when the base cannot be
// opened. A forms catalogue that cannot be loaded is not an error: codes stand for labels and a
// note says so.
Result<report::Dashboard> dashboard_stats(const Context& context, const DashboardOptions& options);

}  // namespace pilot::service
