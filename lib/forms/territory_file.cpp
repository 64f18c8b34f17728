#include "forms/territory_file.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <set>

namespace pilot::forms {
namespace {

std::string where(const std::filesystem::path& path, const YAML::Node& node) {
  return fmt::format("{}:{}", path.string(), node.Mark().line + 1);
}

std::string required_text(const std::filesystem::path& path, const YAML::Node& node, const char* key) {
  const YAML::Node value = node[key];
  if (!value || !value.IsScalar()) {
    throw PilotException(Error{ErrorKind::data, fmt::format("{}: clé « {} » manquante", where(path, node), key)});
  }
  return value.as<std::string>();
}

std::vector<std::string> text_list(const YAML::Node& node, const char* key) {
  std::vector<std::string> out;
  if (const YAML::Node list = node[key]; list && list.IsSequence()) {
    for (const auto& item : list) {
      out.push_back(item.as<std::string>());
    }
  }
  return out;
}

}  // namespace

Result<domain::TerritoryReference> load_territory_file(const std::filesystem::path& path) {
  try {
    const YAML::Node root = YAML::LoadFile(path.string());
    domain::TerritoryReference reference;
    std::set<std::string> region_codes;
    std::set<std::string> departement_codes;
    for (const auto& node : root["regions"]) {
      reference.regions.push_back({required_text(path, node, "code"), required_text(path, node, "nom")});
      region_codes.insert(reference.regions.back().code);
    }
    for (const auto& node : root["departements"]) {
      domain::Departement departement;
      departement.code = required_text(path, node, "code");
      departement.name = required_text(path, node, "nom");
      if (const YAML::Node region = node["region"]; region && !region.IsNull()) {
        departement.region_code = region.as<std::string>();
        if (!region_codes.contains(*departement.region_code)) {
          return fail(ErrorKind::data,
                      fmt::format("{}: région inconnue « {} »", where(path, node), *departement.region_code));
        }
      }
      departement.overseas = node["outre_mer"] && node["outre_mer"].as<bool>();
      departement_codes.insert(departement.code);
      reference.departements.push_back(std::move(departement));
    }
    for (const auto& node : root["collectivites"]) {
      domain::Collectivite collectivite;
      collectivite.code = required_text(path, node, "code");
      collectivite.name = required_text(path, node, "nom");
      auto type = domain::parse_collectivite_type(required_text(path, node, "type"));
      if (!type) {
        return std::unexpected(type.error().with_context(where(path, node) + ": "));
      }
      collectivite.type = *type;
      collectivite.departement_code = required_text(path, node, "departement");
      collectivite.aliases = text_list(node, "alias");
      collectivite.covered_departements = text_list(node, "departements_couverts");
      collectivite.special_status = node["statut_particulier"] && node["statut_particulier"].as<bool>();
      std::vector<std::string> referenced = collectivite.covered_departements;
      referenced.push_back(collectivite.departement_code);
      for (const auto& code : referenced) {
        if (!departement_codes.contains(code)) {
          return fail(ErrorKind::data, fmt::format("{}: département inconnu « {} »", where(path, node), code));
        }
      }
      reference.collectivites.push_back(std::move(collectivite));
    }
    if (reference.regions.empty() || reference.departements.empty() || reference.collectivites.empty()) {
      return fail(
          ErrorKind::data,
          fmt::format("{} : il faut des listes « regions », « departements » et « collectivites »", path.string()));
    }
    return reference;
  } catch (const YAML::Exception& error) {
    return fail(ErrorKind::data, fmt::format("{}:{}:{}: YAML invalide : {}", path.string(), error.mark.line + 1,
                                             error.mark.column + 1, error.msg));
  } catch (const PilotException& error) {
    return std::unexpected(error.error());
  }
}

}  // namespace pilot::forms
