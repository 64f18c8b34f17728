#include "domain/action.hpp"

#include <fmt/format.h>

#include "util/text.hpp"

namespace pilot::domain {

std::string_view to_code(ActionStatus status) {
  switch (status) {
    case ActionStatus::brouillon: return "brouillon";
    case ActionStatus::validee_collectivite: return "validee_collectivite";
    case ActionStatus::validee_etat: return "validee_etat";
    case ActionStatus::double_validee: return "double_validee";
  }
  return "brouillon";
}

std::string_view to_label(ActionStatus status) {
  switch (status) {
    case ActionStatus::brouillon: return "Brouillon";
    case ActionStatus::validee_collectivite: return "Validée par la collectivité";
    case ActionStatus::validee_etat: return "Validée par l'État";
    case ActionStatus::double_validee: return "Double validée";
  }
  return "";
}

Result<ActionStatus> parse_action_status(std::string_view text) {
  const std::string key = util::fold_key(text);
  for (const auto status : {ActionStatus::brouillon, ActionStatus::validee_collectivite, ActionStatus::validee_etat,
                            ActionStatus::double_validee}) {
    if (key == util::fold_key(to_code(status)) || key == util::fold_key(to_label(status))) {
      return status;
    }
  }
  if (key == "doublevalidee" || key == "doublevalide") {
    return ActionStatus::double_validee;
  }
  return fail(ErrorKind::usage, fmt::format("statut inconnu « {} » : attendu « brouillon », « validee_collectivite », "
                                            "« validee_etat » ou « double_validee »",
                                            std::string(util::trim(text))));
}

std::string_view to_code(Side side) {
  return side == Side::collectivite ? "collectivite" : "etat";
}

std::string_view to_label(Side side) {
  return side == Side::collectivite ? "la collectivité" : "l'État";
}

Result<Side> parse_side(std::string_view text) {
  const std::string key = util::fold_key(text);
  if (key == "collectivite") {
    return Side::collectivite;
  }
  if (key == "etat") {
    return Side::etat;
  }
  return fail(ErrorKind::usage,
              fmt::format("côté inconnu « {} » : attendu « collectivite » ou « etat »", std::string(util::trim(text))));
}

std::string_view to_code(FinancerType type) {
  switch (type) {
    case FinancerType::etat: return "etat";
    case FinancerType::collectivite: return "collectivite";
    case FinancerType::autre: return "autre";
  }
  return "autre";
}

std::string_view to_label(FinancerType type) {
  switch (type) {
    case FinancerType::etat: return "État";
    case FinancerType::collectivite: return "Collectivité";
    case FinancerType::autre: return "Autres co-financeurs";
  }
  return "";
}

Result<FinancerType> parse_financer_type(std::string_view text) {
  // The stored codes first, as every row of a bulk import gives them, without folding.
  if (text == "etat") {
    return FinancerType::etat;
  }
  if (text == "collectivite") {
    return FinancerType::collectivite;
  }
  if (text == "autre") {
    return FinancerType::autre;
  }
  const std::string key = util::fold_key(text);
  if (key == "etat") {
    return FinancerType::etat;
  }
  if (key == "collectivite" || key == "departement" || key == "metropole") {
    return FinancerType::collectivite;
  }
  if (key == "autre" || key == "autres" || key == "autrescofinanceurs" || key == "autrecofinanceur" ||
      key == "cofinanceur") {
    return FinancerType::autre;
  }
  return fail(ErrorKind::data,
              fmt::format("type de financeur inconnu « {} » : attendu « État », « Collectivité » ou « Autres "
                          "co-financeurs »",
                          std::string(util::trim(text))));
}

std::string_view to_code(IndicatorKind kind) {
  switch (kind) {
    case IndicatorKind::national: return "national";
    case IndicatorKind::local: return "local";
    case IndicatorKind::impact: return "impact";
  }
  return "local";
}

std::string_view to_label(IndicatorKind kind) {
  switch (kind) {
    case IndicatorKind::national: return "National";
    case IndicatorKind::local: return "Local";
    case IndicatorKind::impact: return "D'impact";
  }
  return "";
}

Result<IndicatorKind> parse_indicator_kind(std::string_view text) {
  // The stored codes first, as every row of a bulk import gives them, without folding.
  if (text == "national") {
    return IndicatorKind::national;
  }
  if (text == "local") {
    return IndicatorKind::local;
  }
  if (text == "impact") {
    return IndicatorKind::impact;
  }
  const std::string key = util::fold_key(text);
  if (key == "national" || key == "nationaux" || key == "nationale") {
    return IndicatorKind::national;
  }
  if (key == "local" || key == "locaux" || key == "locale") {
    return IndicatorKind::local;
  }
  if (key == "impact" || key == "dimpact") {
    return IndicatorKind::impact;
  }
  return fail(ErrorKind::data, fmt::format("type d'indicateur inconnu « {} » : attendu « national », « local » ou "
                                           "« impact »",
                                           std::string(util::trim(text))));
}

}  // namespace pilot::domain
