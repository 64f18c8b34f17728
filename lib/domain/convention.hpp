// Conventions and the territories that sign them, as plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/date.hpp"
#include "util/error.hpp"

namespace pilot::domain {

enum class CollectiviteType { departement, metropole };
enum class ConventionType { cls, cie, unique };

std::string_view to_code(CollectiviteType type);        // "departement" / "metropole"
std::string_view to_label(CollectiviteType type);       // "Département" / "Métropole"
std::string_view to_code(ConventionType type);          // "cls" / "cie" / "unique"
std::string_view to_label(ConventionType type);         // "Contrat local des solidarités (CLS)" ...
std::string_view to_short_label(ConventionType type);   // "CLS" / "CIE" / "Contrat unique"
// Accepts the code, the short label or the full label, any case or accents.
Result<ConventionType> parse_convention_type(std::string_view text);
Result<CollectiviteType> parse_collectivite_type(std::string_view text);

struct Region {
  std::string code;
  std::string name;
};

struct Departement {
  std::string code;  // INSEE: "59", "2A", "974"
  std::string name;
  std::optional<std::string> region_code;  // none for Saint-Pierre-et-Miquelon, Saint-Martin
};

struct Collectivite {
  std::int64_t id = 0;
  std::string code;  // "CD59", "MET-AMIENS"
  std::string name;  // as users write it: « Conseil départemental - Nord »
  CollectiviteType type = CollectiviteType::departement;
  std::string departement_code;
  std::vector<std::string> aliases;
  std::vector<std::string> covered_departements;  // beyond departement_code (CEA covers 68)
  bool special_status = false;
};

// The period a convention covers by default: CLS 2024-2027 (the Pacte des solidarités),
// CIE one year from signature, contrat unique as the CLS. The signature date of a CLS signed
// late still starts the period on 01/01/2024.
struct Period {
  util::Date start;
  util::Date end;
};
Period default_period(ConventionType type, const util::Date& signed_on);

// Checks that this collectivité may sign this type of convention; the error says why.
Result<void> check_signatory(const Collectivite& collectivite, ConventionType type);

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
  std::int64_t budget_cents = 0;       // sum of the planned budget lines of its actions
  std::int64_t budget_state_cents = 0;
  std::int64_t budget_collectivite_cents = 0;
  std::int64_t budget_other_cents = 0;
  std::string created_at;
  std::string updated_at;
};

}  // namespace pilot::domain
