// The reminder a collectivité reads: a subject line and a plain-text French body listing what it still
// owes a campaign, convention by convention, with the deadline and the days left; and the digest that
// identifies one reminder in the send log.
#pragma once

#include <string>

#include "campaign/owed.hpp"
#include "forms/campaign_file.hpp"
#include "util/date.hpp"

namespace pilot::campaign {

struct ReminderText {
  std::string subject;
  std::string body;  // lines end with "\n"
};

ReminderText reminder_text(const forms::Campaign& campaign, const CollectiviteDue& due, const util::Date& today);

// Identifies a reminder in the send log: the campaign, the collectivité, its deadline and the stage of
// the reminder (« ouverture », « J-15 »...). What is owed is left out on purpose: a collectivité that
// completes one bilan is not sent the same reminder again within the hour.
std::string reminder_digest(const forms::Campaign& campaign, const CollectiviteDue& due, const std::string& stage);

}  // namespace pilot::campaign
