#include "domain/territory.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "util/text.hpp"

namespace pilot::domain {
namespace {

// Generic lookup over named records: exact, code, folded name/alias, unique folded prefix.
template <class Record, class NamesOf, class CodeMatches>
Result<const Record*> find_named(const std::vector<Record>& records, std::string_view raw_query, std::string_view what,
                                 NamesOf names_of, CodeMatches code_matches) {
  const std::string query(util::trim(raw_query));
  const bool masculine = what == "département";  // « département inconnu », « région inconnue »
  if (query.empty()) {
    return fail(ErrorKind::usage, fmt::format("{} vide", what));
  }
  for (const auto& record : records) {
    if (record.name == query) {
      return &record;
    }
  }
  for (const auto& record : records) {
    if (code_matches(record, query)) {
      return &record;
    }
  }
  const std::string folded = util::fold(query);
  for (const auto& record : records) {
    for (const auto& name : names_of(record)) {
      if (util::fold(name) == folded) {
        return &record;
      }
    }
  }
  std::vector<const Record*> prefixed;
  for (const auto& record : records) {
    for (const auto& name : names_of(record)) {
      if (util::fold(name).starts_with(folded)) {
        prefixed.push_back(&record);
        break;
      }
    }
  }
  if (prefixed.size() == 1) {
    return prefixed.front();
  }
  if (prefixed.size() > 1) {
    std::vector<std::string> names;
    for (const auto* record : prefixed) {
      names.push_back(record->name);
    }
    if (names.size() > 6) {
      names.resize(6);
      names.push_back("…");
    }
    return fail(ErrorKind::not_found,
                fmt::format("{} {} « {} » : {} correspondent ({}) ; précisez", what, masculine ? "ambigu" : "ambiguë",
                            query, prefixed.size(), util::quoted_list(names, "ou")));
  }
  std::vector<std::string> candidates;
  for (const auto& record : records) {
    candidates.push_back(record.name);
  }
  const auto suggestions = util::closest_matches(query, candidates, 3);
  return fail(ErrorKind::not_found,
              fmt::format("{} {} « {} »{}", what, masculine ? "inconnu" : "inconnue", query,
                          suggestions.empty() ? std::string()
                                              : " ; vouliez-vous dire " + util::quoted_list(suggestions) + " ?"));
}

}  // namespace

std::string_view to_code(CollectiviteType type) {
  return type == CollectiviteType::departement ? "departement" : "metropole";
}

std::string_view to_label(CollectiviteType type) {
  return type == CollectiviteType::departement ? "Département" : "Métropole";
}

Result<CollectiviteType> parse_collectivite_type(std::string_view text) {
  const std::string folded = util::fold(text);
  if (folded == "departement") {
    return CollectiviteType::departement;
  }
  if (folded == "metropole") {
    return CollectiviteType::metropole;
  }
  return fail(ErrorKind::data,
              fmt::format("type de collectivité inconnu « {} » : attendu « departement » ou « metropole »",
                          std::string(util::trim(text))));
}

Result<const Collectivite*> find_collectivite(const std::vector<Collectivite>& collectivites, std::string_view query) {
  return find_named(
      collectivites, query, "collectivité",
      [](const Collectivite& c) {
        std::vector<std::string> names{c.name};
        names.insert(names.end(), c.aliases.begin(), c.aliases.end());
        return names;
      },
      [](const Collectivite& c, const std::string& code) {
        const std::string upper = [&] {
          std::string out = code;
          for (auto& ch : out) {
            ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
          }
          return out;
        }();
        // A département code names its conseil départemental ("CD59"), not a métropole in it.
        const bool covers = c.departement_code == upper ||
                            std::find(c.covered_departements.begin(), c.covered_departements.end(), upper) !=
                                c.covered_departements.end();
        // A département code names the body holding the departmental powers there (its conseil
        // départemental, or the collectivité à statut particulier replacing it), never a métropole;
        // the Rhône keeps its own conseil départemental beside the Métropole de Lyon.
        return c.code == upper || c.code == "CD" + upper ||
               (c.special_status && c.type == CollectiviteType::departement && covers && c.code != "CSP-69M");
      });
}

Result<const Region*> find_region(const std::vector<Region>& regions, std::string_view query) {
  return find_named(
      regions, query, "région", [](const Region& r) { return std::vector<std::string>{r.name}; },
      [](const Region& r, const std::string& code) { return r.code == code; });
}

Result<const Departement*> find_departement(const std::vector<Departement>& departements, std::string_view query) {
  return find_named(
      departements, query, "département", [](const Departement& d) { return std::vector<std::string>{d.name}; },
      [](const Departement& d, const std::string& code) {
        std::string upper = code;
        for (auto& ch : upper) {
          ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        }
        // "1" means "01": users drop the leading zero.
        return d.code == upper || (upper.size() == 1 && d.code == "0" + upper);
      });
}

}  // namespace pilot::domain
