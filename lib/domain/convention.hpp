// Conventions and the territories that sign them, as plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/territory.hpp"
#include "util/date.hpp"
#include "util/error.hpp"

namespace pilot::domain {

enum class ConventionType { cls, cie, unique };

std::string_view to_code(ConventionType type);         // "cls" / "cie" / "unique"
std::string_view to_label(ConventionType type);        // "Contrat local des solidarités (CLS)" ...
std::string_view to_short_label(ConventionType type);  // "CLS" / "CIE" / "Contrat unique"
// Accepts the code, the short label or the full label, any case or accents.
Result<ConventionType> parse_convention_type(std::string_view text);

// The period a convention covers by default: CLS 2024-2027 (the Pacte des solidarités),
// CIE one year from signature, contrat unique as the CLS. The signature date of a CLS signed
// late still starts the period on 01/01/2024.
struct Period {
  util::Date start;
  util::Date end;
};
Period default_period(ConventionType type, const util::Date& signed_on);

struct StoredDocument {
  std::string file_name;
  std::string sha256;
  std::int64_t size_bytes = 0;
};

struct Convention {
  std::int64_t id = 0;
  std::int64_t collectivite_id = 0;
  std::string collectivite_name;
  CollectiviteType collectivite_type = CollectiviteType::departement;
  std::string departement_code;
  std::string departement_name;
  std::string region_code;
  std::string region_name;
  ConventionType type = ConventionType::cls;
  util::Date signed_on;
  Period period;
  std::string reference;
  std::optional<StoredDocument> document;
  std::int64_t action_count = 0;
  std::int64_t budget_cents = 0;  // sum of the planned budget lines of its actions
  std::int64_t budget_state_cents = 0;
  std::int64_t budget_collectivite_cents = 0;
  std::int64_t budget_other_cents = 0;
  std::string created_at;
  std::string updated_at;
};

}  // namespace pilot::domain
