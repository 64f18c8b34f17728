// Campaigns, contacts and reminders: `pilot campaign list|status`, `pilot contact add|list|remove` and
// `pilot remind`. The calendar is schemas/campaigns.yaml (or the file given); "today" is the context's
// unless a command gives --today. Reminders are planned first (what each collectivité owes, one message
// per contact, minus what the send log says was already sent), then sent through a MailTransport, each
// delivery recorded in the send log in one transaction that also keeps concurrent runs apart.
//
// Implementation: campaigns.cpp (calendar, status, contacts), campaigns_remind.cpp (reminders).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "campaign/calendar.hpp"
#include "campaign/mail.hpp"
#include "campaign/owed.hpp"
#include "campaign/sendmail.hpp"
#include "forms/campaign_file.hpp"
#include "service/context.hpp"
#include "service/scope_options.hpp"
#include "store/campaign_store.hpp"

namespace pilot::service {

struct CalendarOptions {
  std::string file;                  // "" = schemas/campaigns.yaml
  std::optional<std::string> today;  // JJ/MM/AAAA or AAAA-MM-JJ; none = context.today
};

// Fails (io) when the file cannot be read, (data) listing its problems.
Result<forms::CampaignCalendar> load_calendar(const Context& context, const CalendarOptions& options);
// Fails (usage) on a date that is not one.
Result<util::Date> effective_today(const Context& context, const CalendarOptions& options);

struct CampaignListing {
  forms::CampaignCalendar calendar;
  util::Date today;
};

Result<CampaignListing> list_campaigns(const Context& context, const CalendarOptions& options);

struct CampaignStatusOptions {
  std::string id;
  CalendarOptions calendar;
  ScopeOptions scope;  // territories and convention types
};

struct CampaignStatus {
  forms::Campaign definition;  // the campaign, as the calendar says it
  util::Date today;
  campaign::CampaignState state = campaign::CampaignState::upcoming;
  std::vector<campaign::CollectiviteDue> dues;  // every collectivité concerned, by name
  std::string scope;
};

// Fails (not_found) for an unknown campaign, with the closest ids.
Result<CampaignStatus> campaign_status(const Context& context, const CampaignStatusOptions& options);

// --- contacts -----------------------------------------------------------------------------------------

struct ContactAddOptions {
  std::string collectivite;  // name, alias, code or département number
  std::string email;
  std::string name;
  std::string role;
};

// Fails (not_found) for an unknown collectivité, (data) for an invalid address or name, (conflict) when
// the collectivité already has the address.
Result<store::Contact> add_contact(const Context& context, const ContactAddOptions& options);

Result<std::vector<store::Contact>> list_contacts(const Context& context, const ScopeOptions& scope);

struct ContactRemoveOptions {
  std::optional<std::int64_t> id;
  std::string collectivite;  // with email, instead of id
  std::string email;
};

Result<store::Contact> remove_contact(const Context& context, const ContactRemoveOptions& options);

// --- reminders ----------------------------------------------------------------------------------------

struct RemindOptions {
  std::optional<std::string> campaign_id;  // none: every campaign open today
  CalendarOptions calendar;
  std::optional<int> days_before;  // only when the deadline is at most this many days away
  ScopeOptions scope;
  campaign::MailAddress from;  // sender of the messages
  bool resend = false;         // ignore the send log
};

struct ReminderMessage {
  campaign::MailAddress to;
  std::string message;                 // RFC 5322 text
  std::optional<std::string> sent_at;  // an earlier sending of this reminder (kept only with resend)
};

struct Reminder {
  forms::Campaign definition;  // the campaign, as the calendar says it
  campaign::CollectiviteDue due;
  std::string subject;
  std::string body;
  std::string stage;                      // « ouverture », « J-15 »
  std::string digest;                     // identifies it in the send log
  std::vector<ReminderMessage> messages;  // one per contact still to be sent; empty without contacts
  bool has_contacts = false;
};

struct RemindPlan {
  util::Date today;
  bool resend = false;
  std::vector<Reminder> reminders;  // collectivités that owe something and were not reminded yet
  std::size_t already_sent = 0;     // messages left out because the send log has them
};

// Fails (usage) for --days-before below 0 or an invalid --from, (not_found) for an unknown campaign. A
// campaign that is not open today gives no reminder.
Result<RemindPlan> plan_reminders(const Context& context, const RemindOptions& options);

struct SentMessage {
  std::string campaign_id;
  std::string collectivite;
  std::string recipient;
  util::Date deadline;
};

struct SendReport {
  std::vector<SentMessage> sent;
  std::optional<Error> failure;  // the delivery that failed (what was sent before it is recorded)
};

// Sends every message of the plan and records each delivery in the send log. Stops at the first failed
// delivery, keeping the record of the messages already handed over.
Result<SendReport> send_reminders(const Context& context, const RemindPlan& plan, campaign::MailTransport& transport);

}  // namespace pilot::service
