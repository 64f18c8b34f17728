// Actions of a convention: their validation status and the fixed part every action has.
// Everything else an action says lives in its form answers (domain/value.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/value.hpp"
#include "util/error.hpp"

namespace pilot::domain {

// The double validation of the guide: both sides validate, in either order.
enum class ActionStatus { brouillon, validee_collectivite, validee_etat, double_validee };

std::string_view to_code(ActionStatus status);   // "brouillon", "validee_collectivite", ...
std::string_view to_label(ActionStatus status);  // « Brouillon », « Validée par la collectivité » ...
Result<ActionStatus> parse_action_status(std::string_view text);

enum class Side { collectivite, etat };
std::string_view to_code(Side side);
std::string_view to_label(Side side);  // « la collectivité » / « l'État »
Result<Side> parse_side(std::string_view text);

// Kinds of financer in budget lines (seed 000: État, collectivité, autres co-financeurs).
enum class FinancerType { etat, collectivite, autre };
std::string_view to_code(FinancerType type);
std::string_view to_label(FinancerType type);  // « État », « Collectivité », « Autres co-financeurs »
Result<FinancerType> parse_financer_type(std::string_view text);

// A planned budget line: one year, one financer (and its name for « autre »), one nature of
// expense (CIE plans), in cents. « Pour info » lines are kept but never summed.
struct BudgetLine {
  int year = 0;
  FinancerType financer = FinancerType::etat;
  std::string financer_name;
  std::string nature;
  // None when the line gives no amount (a CIE line in ETP only): not a zero, which is an amount.
  std::optional<std::int64_t> amount_cents;
  std::optional<double> etp;
  bool informational = false;
  // Other answers of the form's budget row (e.g. « valorisation »): field key → storage text.
  std::vector<std::pair<std::string, std::string>> extra;
};

enum class IndicatorKind { national, local, impact };
std::string_view to_code(IndicatorKind kind);
std::string_view to_label(IndicatorKind kind);  // « National », « Local », « D'impact »
Result<IndicatorKind> parse_indicator_kind(std::string_view text);

struct IndicatorYear {
  int year = 0;
  std::optional<double> target;
  std::optional<double> realised;
  std::string comment;
};

struct Indicator {
  IndicatorKind kind = IndicatorKind::local;
  std::string code;  // national referential code, when national
  std::string label;
  std::string unit;
  std::optional<double> baseline;
  std::vector<IndicatorYear> years;
  // Other answers of the form's indicator rows: field key → storage text.
  std::vector<std::pair<std::string, std::string>> extra;
};

struct Action {
  std::int64_t id = 0;
  std::int64_t convention_id = 0;
  std::string reference;  // stable within its convention: fiche action number
  std::string title;      // Intitulé
  std::string form_id;
  int form_version = 0;
  ActionStatus status = ActionStatus::brouillon;
  Answers answers;
  std::vector<BudgetLine> budget;
  std::vector<Indicator> indicators;
  std::optional<int> dropped_year;
  std::string content_hash;
  std::string created_at;
  std::string updated_at;
};

}  // namespace pilot::domain
