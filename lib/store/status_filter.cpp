#include "store/status_filter.hpp"

#include <fmt/format.h>

#include <string>

#include "util/text.hpp"

namespace pilot::store {

bool status_matches(StatusFilter filter, domain::ActionStatus status) {
  switch (filter) {
    case StatusFilter::all: return true;
    case StatusFilter::double_validee: return status == domain::ActionStatus::double_validee;
    case StatusFilter::brouillon: return status != domain::ActionStatus::double_validee;
  }
  return true;
}

Result<StatusFilter> parse_status_filter(std::string_view text) {
  const std::string key = util::fold_key(text);
  if (key == "all" || key == "tous" || key == "toutes" || key == "tout") {
    return StatusFilter::all;
  }
  if (key == "brouillon" || key == "brouillons" || key == "draft") {
    return StatusFilter::brouillon;
  }
  if (key == "doublevalidee" || key == "doublevalidees" || key == "doublevalide" || key == "doublementvalidee") {
    return StatusFilter::double_validee;
  }
  const auto suggestions = util::closest_matches(text, {"all", "brouillon", "double-validee"}, 1);
  return fail(ErrorKind::usage,
              fmt::format("état de validation inconnu « {} » : attendu « brouillon », « double-validee » ou « all »{}",
                          std::string(util::trim(text)),
                          suggestions.empty() ? "" : " ; vouliez-vous dire « " + suggestions.front() + " » ?"));
}

std::string_view to_code(StatusFilter filter) {
  switch (filter) {
    case StatusFilter::brouillon: return "brouillon";
    case StatusFilter::double_validee: return "double-validee";
    case StatusFilter::all: break;
  }
  return "all";
}

std::string_view to_label(StatusFilter filter) {
  switch (filter) {
    case StatusFilter::brouillon: return "brouillons (y compris les actions validées par un seul côté)";
    case StatusFilter::double_validee: return "actions doublement validées";
    case StatusFilter::all: break;
  }
  return "toutes les actions";
}

}  // namespace pilot::store
