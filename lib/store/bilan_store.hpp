// Yearly bilans in the database: one per action and year (bilans), its answers (bilan_answers, one row
// per value like action_answers), its real expenses (bilan_expenses) and the realised values of its
// indicators (bilan_indicators). Saving a year replaces that year only: earlier years stay as they were
// declared. Every save is audited with the bilan's content before and after.
#pragma once

#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/action.hpp"
#include "domain/convention.hpp"
#include "store/action_store.hpp"
#include "store/database.hpp"
#include "store/numbering.hpp"

namespace pilot::store {

struct BilanExpense {
  domain::FinancerType financer = domain::FinancerType::etat;
  std::string financer_name;
  std::string nature;
  std::string object;
  std::int64_t amount_cents = 0;
  std::optional<double> etp;
  bool informational = false;                              // « Pour info » nature: shown, never summed
  std::vector<std::pair<std::string, std::string>> extra;  // other answers of the row: key → storage text
};

struct BilanIndicator {
  domain::IndicatorKind kind = domain::IndicatorKind::local;
  std::string code;
  std::string label;
  std::string unit;
  std::optional<double> target;  // the target as the bilan recalls it
  double realised = 0;
  std::string comment;
  std::vector<std::pair<std::string, std::string>> extra;
};

struct Bilan {
  std::int64_t id = 0;
  std::int64_t action_id = 0;
  int year = 0;
  std::string form_id;
  int form_version = 0;
  std::vector<StoredAnswer> answers;  // main-record answers (reference and year excluded)
  std::vector<BilanExpense> expenses;
  std::vector<BilanIndicator> indicators;
  std::string created_at;
  std::string updated_at;
};

// What the service layer concludes about bilans and what reports render: plain values kept here, below
// both lib/campaign and lib/report, so that each sees them.
enum class BilanState { missing, incomplete, complete };
std::string_view to_code(BilanState state);   // "manquant", "incomplet", "complet"
std::string_view to_label(BilanState state);  // « Non saisi », « Incomplet », « Complet »

struct BilanCompleteness {
  BilanState state = BilanState::missing;
  std::vector<std::string> lacks;  // French, what an incomplete bilan lacks
};

struct BilanWarning {
  std::int64_t convention_id = 0;
  std::int64_t action_id = 0;  // 0: about the whole convention
  std::string reference;
  std::string code;  // W513 (form rule), W701–W705
  std::string message;
};

// One action due a bilan for a year, in `bilan status`.
struct BilanStatusLine {
  std::int64_t convention_id = 0;
  std::string collectivite;
  domain::ConventionType convention_type = domain::ConventionType::cls;
  std::int64_t action_id = 0;
  std::string reference;
  std::string title;
  BilanCompleteness completeness;
};

struct ConventionBilanSummary {
  std::int64_t convention_id = 0;
  std::string collectivite;
  domain::ConventionType convention_type = domain::ConventionType::cls;
  std::int64_t actions = 0;
  std::int64_t complete = 0;
  std::int64_t incomplete = 0;
  std::int64_t missing = 0;

  [[nodiscard]] double complete_percent() const;  // 100 when no action is due
};

// What a bilan says, as canonical JSON: the audit trail's old/new value.
util::Json bilan_content_json(const Bilan& bilan);

// Keeps its prepared statements: a bulk import saves thousands of bilans.
class BilanWriter {
 public:
  explicit BilanWriter(WriteTransaction& transaction);

  // Inserts the bilan of (action_id, year), or replaces its content when `before` is that year's stored
  // bilan (its id and creation time are kept). Returns the bilan's id.
  std::int64_t save(const Bilan& bilan, const std::optional<Bilan>& before);

 private:
  void write_children(std::int64_t id, const Bilan& bilan);

  WriteTransaction& m_transaction;
  SQLite::Statement m_insert;
  NumberSource m_numbers;
  SQLite::Statement m_update;
  SQLite::Statement m_delete_answers;
  SQLite::Statement m_delete_expenses;
  SQLite::Statement m_delete_indicators;
  SQLite::Statement m_insert_answer;
  SQLite::Statement m_insert_expense;
  SQLite::Statement m_insert_indicator;
};

std::optional<Bilan> load_bilan(SQLite::Database& db, std::int64_t action_id, int year);

// Years for which the action has a bilan, ascending.
std::vector<int> bilan_years(SQLite::Database& db, std::int64_t action_id);

// Number of bilans stored for an action, all years (for `update drop` messages).
std::int64_t count_bilans(SQLite::Database& db, std::int64_t action_id);

// A realised value that a bilan declares for one of an action's planned indicators (the
// indicator_realised view: national indicators matched by code, the others by label).
struct BilanRealised {
  std::size_t indicator = 0;  // position among the action's indicators, in id order as load_action gives them
  int year = 0;
  double realised = 0;
  std::string comment;
  std::int64_t bilan_id = 0;
};
// By indicator, year, then bilan.
std::vector<BilanRealised> bilan_realised_of_action(SQLite::Database& db, std::int64_t action_id);

// The indicators as exports and dashboards count them: a bilan's realised value wins over the
// plan's (its comment too, when it has one), and a year only a bilan speaks of is added, with no
// target. For what people read only: the action's content (its hash, what validations sign) stays
// the plan as stored.
void apply_bilan_realised(domain::Action& action, const std::vector<BilanRealised>& declared);

}  // namespace pilot::store
