#include "domain/convention.hpp"

#include <fmt/format.h>

#include "util/text.hpp"

namespace pilot::domain {

std::string_view to_code(ConventionType type) {
  switch (type) {
    case ConventionType::cls: return "cls";
    case ConventionType::cie: return "cie";
    case ConventionType::unique: return "unique";
  }
  return "cls";
}

std::string_view to_label(ConventionType type) {
  switch (type) {
    case ConventionType::cls: return "Contrat local des solidarités (CLS)";
    case ConventionType::cie: return "Convention pour l'insertion et l'emploi (CIE)";
    case ConventionType::unique: return "Contrat unique";
  }
  return "";
}

std::string_view to_short_label(ConventionType type) {
  switch (type) {
    case ConventionType::cls: return "CLS";
    case ConventionType::cie: return "CIE";
    case ConventionType::unique: return "Contrat unique";
  }
  return "";
}

Result<ConventionType> parse_convention_type(std::string_view text) {
  const std::string folded = util::fold(text);
  for (const auto type : {ConventionType::cls, ConventionType::cie, ConventionType::unique}) {
    if (folded == to_code(type) || folded == util::fold(to_short_label(type)) || folded == util::fold(to_label(type))) {
      return type;
    }
  }
  if (folded == "contrat local des solidarites") {
    return ConventionType::cls;
  }
  if (folded == "convention pour l'insertion et l'emploi") {
    return ConventionType::cie;
  }
  return fail(ErrorKind::data, fmt::format("type de convention inconnu « {} » : attendu « cls », « cie » ou « unique »",
                                           std::string(util::trim(text))));
}

Period default_period(ConventionType type, const util::Date& signed_on) {
  if (type == ConventionType::cie) {
    return Period{signed_on, signed_on.add_years(1).add_days(-1)};
  }
  return Period{util::Date{2024, 1, 1}, util::Date{2027, 12, 31}};
}

}  // namespace pilot::domain
