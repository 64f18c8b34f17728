#include "forms/campaign_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "forms/yaml_source.hpp"
#include "util/text.hpp"

namespace pilot::forms {
namespace {

constexpr int k_first_year = 2000;
constexpr int k_last_year = 2100;

bool is_slug(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

std::optional<util::Date> read_date(detail::MapReader& reader, std::string_view key, detail::Diagnostics& diagnostics) {
  const std::string text = reader.text(key, true);
  if (text.empty()) {
    return std::nullopt;
  }
  auto date = util::parse_date(text);
  if (!date) {
    diagnostics.add(reader.where(key), fmt::format("« {} » : {}", key, date.error().message));
    return std::nullopt;
  }
  return *date;
}

// The collectivités a convention type admits: a CIE and a contrat unique are signed by départements only.
std::vector<domain::CollectiviteType> signatories(const std::vector<domain::ConventionType>& types) {
  bool metropole = false;
  for (const auto type : types) {
    metropole = metropole || type == domain::ConventionType::cls;
  }
  if (metropole) {
    return {domain::CollectiviteType::departement, domain::CollectiviteType::metropole};
  }
  return {domain::CollectiviteType::departement};
}

void read_thresholds(const YAML::Node& node, const std::string& shown, detail::Diagnostics& diagnostics,
                     BilanThresholds& thresholds) {
  detail::MapReader reader(node, shown, diagnostics, "« controles_bilan »",
                           {"depassement_budget_pourcent", "ecart_indicateur_pourcent"});
  if (!reader.valid()) {
    return;
  }
  auto percent = [&](std::string_view key, double& out) {
    if (auto value = reader.number(key)) {
      if (*value < 0 || *value > 10'000) {
        diagnostics.add(reader.where(key),
                        fmt::format("« {} » : pourcentage attendu entre 0 et 10 000, pas {}", key, *value));
        return;
      }
      out = *value;
    }
  };
  percent("depassement_budget_pourcent", thresholds.budget_overrun_percent);
  percent("ecart_indicateur_pourcent", thresholds.indicator_gap_percent);
}

std::optional<Campaign> read_campaign(const YAML::Node& node, const std::string& shown,
                                      detail::Diagnostics& diagnostics) {
  detail::MapReader reader(node, shown, diagnostics, "la campagne",
                           {"id", "type", "libelle", "conventions", "collectivites", "annee", "ouverture", "cloture",
                            "delai_mois_apres_fin", "note"});
  if (!reader.valid()) {
    return std::nullopt;
  }
  Campaign campaign;
  campaign.where = reader.where();
  campaign.id = reader.text("id", true);
  if (!campaign.id.empty() && !is_slug(campaign.id)) {
    diagnostics.add(reader.where("id"), fmt::format("« id » : « {} » doit s'écrire en minuscules, chiffres et tirets "
                                                    "(ex. bilan-cls-2025)",
                                                    campaign.id));
  }
  const std::string kind = reader.text("type", true);
  bool kind_known = false;
  if (!kind.empty()) {
    if (auto parsed = parse_campaign_kind(kind)) {
      campaign.kind = *parsed;
      kind_known = true;
    } else {
      diagnostics.add(reader.where("type"), fmt::format("« type » : « {} » inconnu ; attendu « saisie_initiale », "
                                                        "« bilan » ou « mise_a_jour »",
                                                        kind));
    }
  }
  campaign.label = reader.text("libelle", true);
  const auto conventions = reader.texts("conventions");
  if (conventions.empty() && reader.valid()) {
    diagnostics.add(reader.where("conventions"), "« conventions » : indiquez au moins un type (cls, cie, unique)");
  }
  for (const auto& text : conventions) {
    auto type = domain::parse_convention_type(text);
    if (!type) {
      diagnostics.add(reader.where("conventions"),
                      fmt::format("« conventions » : type « {} » inconnu ; attendu cls, cie ou unique", text));
    } else if (std::find(campaign.convention_types.begin(), campaign.convention_types.end(), *type) ==
               campaign.convention_types.end()) {
      campaign.convention_types.push_back(*type);
    }
  }
  for (const auto& text : reader.texts("collectivites")) {
    auto type = domain::parse_collectivite_type(text);
    if (!type) {
      diagnostics.add(reader.where("collectivites"), fmt::format("« collectivites » : {}", type.error().message));
    } else {
      campaign.collectivite_types.push_back(*type);
    }
  }
  if (campaign.collectivite_types.empty()) {
    campaign.collectivite_types = signatories(campaign.convention_types);
  }
  if (auto year = reader.integer("annee")) {
    if (*year < k_first_year || *year > k_last_year) {
      diagnostics.add(reader.where("annee"), fmt::format("« annee » : {} hors des années possibles ({}-{})", *year,
                                                         k_first_year, k_last_year));
    } else {
      campaign.year = static_cast<int>(*year);
    }
  } else if (!reader.has("annee")) {
    diagnostics.add(reader.where(), "la campagne : clé « annee » obligatoire");
  }
  const auto opens = read_date(reader, "ouverture", diagnostics);
  const auto closes = read_date(reader, "cloture", diagnostics);
  if (opens && closes) {
    campaign.opens = *opens;
    campaign.closes = *closes;
    if (*closes < *opens) {
      diagnostics.add(reader.where("cloture"),
                      fmt::format("« cloture » : le {} précède l'ouverture du {}", closes->french(), opens->french()));
    }
    if (kind_known && campaign.kind == CampaignKind::bilan && campaign.year != 0 && opens->year <= campaign.year) {
      diagnostics.add(reader.where("ouverture"),
                      fmt::format("« ouverture » : le bilan de {} porte sur une année écoulée ; il s'ouvre en {} au "
                                  "plus tôt, pas le {}",
                                  campaign.year, campaign.year + 1, opens->french()));
    }
  }
  if (auto months = reader.integer("delai_mois_apres_fin")) {
    if (*months < 0 || *months > 36) {
      diagnostics.add(reader.where("delai_mois_apres_fin"),
                      fmt::format("« delai_mois_apres_fin » : nombre de mois attendu entre 0 et 36, pas {}", *months));
    } else {
      campaign.months_after_end = static_cast<int>(*months);
    }
  }
  campaign.note = reader.text("note");
  return campaign;
}

}  // namespace

std::string_view to_code(CampaignKind kind) {
  switch (kind) {
    case CampaignKind::saisie_initiale: return "saisie_initiale";
    case CampaignKind::bilan: return "bilan";
    case CampaignKind::mise_a_jour: return "mise_a_jour";
  }
  return "bilan";
}

std::string_view to_label(CampaignKind kind) {
  switch (kind) {
    case CampaignKind::saisie_initiale: return "Saisie initiale";
    case CampaignKind::bilan: return "Bilan";
    case CampaignKind::mise_a_jour: return "Mise à jour";
  }
  return "Bilan";
}

std::optional<CampaignKind> parse_campaign_kind(std::string_view text) {
  const std::string key = util::fold_key(text);
  for (const auto kind : {CampaignKind::saisie_initiale, CampaignKind::bilan, CampaignKind::mise_a_jour}) {
    if (key == util::fold_key(to_code(kind)) || key == util::fold_key(to_label(kind))) {
      return kind;
    }
  }
  return std::nullopt;
}

bool Campaign::covers(domain::ConventionType type) const {
  return std::find(convention_types.begin(), convention_types.end(), type) != convention_types.end();
}

const Campaign* CampaignCalendar::find(std::string_view id) const {
  for (const auto& campaign : campaigns) {
    if (campaign.id == id) {
      return &campaign;
    }
  }
  return nullptr;
}

Result<CampaignCalendar> parse_campaign_calendar(std::string_view text, const std::string& shown) {
  auto root = detail::parse_yaml(text, shown);
  if (!root) {
    return std::unexpected(root.error());
  }
  detail::Diagnostics diagnostics;
  CampaignCalendar calendar;
  detail::MapReader reader(*root, shown, diagnostics, "le calendrier", {"controles_bilan", "campagnes"});
  if (reader.valid()) {
    if (reader.has("controles_bilan")) {
      read_thresholds(reader.get("controles_bilan"), shown, diagnostics, calendar.thresholds);
    }
    if (!reader.has("campagnes")) {
      diagnostics.add(reader.where(), "le calendrier : clé « campagnes » obligatoire (la liste des campagnes)");
    }
    std::set<std::string> ids;
    for (const auto& node : reader.maps("campagnes")) {
      auto campaign = read_campaign(node, shown, diagnostics);
      if (!campaign) {
        continue;
      }
      if (!campaign->id.empty() && !ids.insert(campaign->id).second) {
        diagnostics.add(campaign->where, fmt::format("campagne « {} » en double : chaque id est unique", campaign->id));
        continue;
      }
      calendar.campaigns.push_back(std::move(*campaign));
    }
  }
  if (!diagnostics.empty()) {
    const auto messages = diagnostics.messages();
    return fail(ErrorKind::data,
                fmt::format("calendrier des campagnes invalide ({} problème{}) :\n  {}", messages.size(),
                            messages.size() > 1 ? "s" : "", util::join(messages, "\n  ")));
  }
  return calendar;
}

Result<CampaignCalendar> load_campaign_file(const std::filesystem::path& path) {
  const std::string shown = path.string();
  auto text = detail::read_schema_file(path, shown);
  if (!text) {
    return std::unexpected(text.error());
  }
  auto calendar = parse_campaign_calendar(*text, shown);
  if (calendar) {
    calendar->file = path;
  }
  return calendar;
}

}  // namespace pilot::forms
