// The campaign calendar (schemas/campaigns.yaml): which collection campaign (saisie initiale, bilan,
// mise à jour) runs for which convention types, on which year, between which dates, and the thresholds
// of the bilans' consistency warnings. Users edit the file; loading checks it whole and reports every
// problem with file:line:column. The calendar logic itself (open or not, deadlines, what is owed) is
// in lib/campaign.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/convention.hpp"
#include "forms/location.hpp"
#include "util/date.hpp"
#include "util/error.hpp"

namespace pilot::forms {

enum class CampaignKind { saisie_initiale, bilan, mise_a_jour };
std::string_view to_code(CampaignKind kind);   // "saisie_initiale", "bilan", "mise_a_jour"
std::string_view to_label(CampaignKind kind);  // « Saisie initiale », « Bilan », « Mise à jour »
std::optional<CampaignKind> parse_campaign_kind(std::string_view text);

struct Campaign {
  std::string id;
  CampaignKind kind = CampaignKind::bilan;
  std::string label;
  std::vector<domain::ConventionType> convention_types;
  // Who must sign (missing conventions of a saisie initiale); defaults to the types the conventions admit.
  std::vector<domain::CollectiviteType> collectivite_types;
  int year = 0;  // first year covered, year reported on (bilan), year of the avenant (mise à jour)
  util::Date opens;
  util::Date closes;                    // included
  std::optional<int> months_after_end;  // a convention's deadline: its end + N months, if before `closes`
  std::string note;
  SourceLocation where;

  [[nodiscard]] bool covers(domain::ConventionType type) const;
};

// Thresholds of the bilans' consistency warnings, in percent.
struct BilanThresholds {
  double budget_overrun_percent = 20;
  double indicator_gap_percent = 50;
};

struct CampaignCalendar {
  std::vector<Campaign> campaigns;  // in file order
  BilanThresholds thresholds;
  std::filesystem::path file;

  [[nodiscard]] const Campaign* find(std::string_view id) const;  // nullptr if unknown
};

// Reads and checks a calendar file: unknown keys (with a suggestion), duplicate ids, unknown kinds or
// convention types, invalid dates, a closing before the opening, a bilan opening before the end of the
// year it reports on. Fails (io) when the file cannot be read, (data) listing every problem otherwise.
Result<CampaignCalendar> load_campaign_file(const std::filesystem::path& path);

// The same from text (tests); `shown` names the file in messages.
Result<CampaignCalendar> parse_campaign_calendar(std::string_view text, const std::string& shown);

}  // namespace pilot::forms
