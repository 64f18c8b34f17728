#include "campaign/calendar.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "util/text.hpp"

namespace pilot::campaign {

std::string_view to_code(CampaignState state) {
  switch (state) {
    case CampaignState::upcoming: return "a_venir";
    case CampaignState::open: return "ouverte";
    case CampaignState::closed: return "close";
  }
  return "close";
}

std::string_view to_label(CampaignState state) {
  switch (state) {
    case CampaignState::upcoming: return "À venir";
    case CampaignState::open: return "Ouverte";
    case CampaignState::closed: return "Close";
  }
  return "Close";
}

CampaignState state_at(const forms::Campaign& campaign, const util::Date& today) {
  if (today < campaign.opens) {
    return CampaignState::upcoming;
  }
  return today <= campaign.closes ? CampaignState::open : CampaignState::closed;
}

std::int64_t days_between(const util::Date& from, const util::Date& to) {
  return to.days_since_epoch() - from.days_since_epoch();
}

std::string days_left_text(std::int64_t days) {
  if (days > 1) {
    return fmt::format("dans {} jours", days);
  }
  if (days == 1) {
    return "demain";
  }
  if (days == 0) {
    return "aujourd'hui";
  }
  return fmt::format("dépassée depuis {} jour{}", -days, days < -1 ? "s" : "");
}

std::vector<const forms::Campaign*> open_campaigns(const forms::CampaignCalendar& calendar, const util::Date& today) {
  std::vector<const forms::Campaign*> out;
  for (const auto& campaign : calendar.campaigns) {
    if (state_at(campaign, today) == CampaignState::open) {
      out.push_back(&campaign);
    }
  }
  return out;
}

Result<const forms::Campaign*> find_campaign(const forms::CampaignCalendar& calendar, std::string_view id) {
  if (const auto* campaign = calendar.find(util::trim(id))) {
    return campaign;
  }
  std::vector<std::string> ids;
  for (const auto& campaign : calendar.campaigns) {
    ids.push_back(campaign.id);
  }
  const auto close = util::closest_matches(id, ids, 3);
  return fail(ErrorKind::not_found,
              fmt::format("campagne inconnue « {} »{} (voir « pilot campaign list »)", id,
                          close.empty() ? std::string() : " ; vouliez-vous dire " + util::quoted_list(close) + " ?"));
}

bool concerns(const forms::Campaign& campaign, domain::ConventionType type, const domain::Period& period) {
  return campaign.covers(type) && period.start.year <= campaign.year && campaign.year <= period.end.year;
}

util::Date add_months(const util::Date& date, int months) {
  const int index = date.year * 12 + (date.month - 1) + months;
  util::Date out{index / 12, index % 12 + 1, date.day};
  while (!util::is_valid_date(out.year, out.month, out.day)) {
    --out.day;
  }
  return out;
}

util::Date deadline_for(const forms::Campaign& campaign, const domain::Period& period) {
  if (!campaign.months_after_end) {
    return campaign.closes;
  }
  const util::Date due = add_months(period.end, *campaign.months_after_end);
  return std::min(std::max(due, campaign.opens), campaign.closes);
}

}  // namespace pilot::campaign
