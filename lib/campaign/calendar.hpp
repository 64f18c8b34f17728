// pilot::campaign — the campaign calendar and the reminders that go with it.
//
// calendar.hpp: where a campaign stands on a given day (upcoming, open, closed), its deadline for one
// convention, which conventions it concerns. owed.hpp: what each collectivité still owes a campaign.
// message.hpp: the reminder a collectivité reads. mail.hpp: that reminder as an RFC 5322 message.
// sendmail.hpp: handing messages to a sendmail-compatible program. Nothing here reads the database:
// the service layer gathers the facts and passes them in, so every rule is testable from values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/convention.hpp"
#include "forms/campaign_file.hpp"
#include "util/date.hpp"
#include "util/error.hpp"

namespace pilot::campaign {

enum class CampaignState { upcoming, open, closed };
std::string_view to_code(CampaignState state);   // "a_venir", "ouverte", "close"
std::string_view to_label(CampaignState state);  // « À venir », « Ouverte », « Close »

CampaignState state_at(const forms::Campaign& campaign, const util::Date& today);

// Signed number of days from `from` to `to` (negative when `to` is past).
std::int64_t days_between(const util::Date& from, const util::Date& to);

// « dans 12 jours », « demain », « aujourd'hui », « dépassée depuis 3 jours ».
std::string days_left_text(std::int64_t days);

// The campaigns open on `today`, in calendar order.
std::vector<const forms::Campaign*> open_campaigns(const forms::CampaignCalendar& calendar, const util::Date& today);

// The campaign with this id; fails (not_found) naming the closest ids.
Result<const forms::Campaign*> find_campaign(const forms::CampaignCalendar& calendar, std::string_view id);

// Whether a convention of this type and period is concerned: its type is listed and its period covers the
// campaign's year.
[[nodiscard]] bool concerns(const forms::Campaign& campaign, domain::ConventionType type, const domain::Period& period);

// The deadline for one convention: the closing date, or its end + months_after_end when that comes first
// (never before the opening).
util::Date deadline_for(const forms::Campaign& campaign, const domain::Period& period);

// Same day N months later, clamped to the month's last day (31/01 + 1 month = 28 or 29/02).
util::Date add_months(const util::Date& date, int months);

}  // namespace pilot::campaign
