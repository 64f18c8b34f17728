// `pilot remind`: what each collectivité owes the open campaigns, as one message per contact, and the
// send log that keeps cron from sending the same reminder twice.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "campaign/message.hpp"
#include "service/campaigns.hpp"
#include "service/campaigns_detail.hpp"
#include "service/catalog_access.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace pilot::service {
namespace {

std::string lower_ascii(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
  return text;
}

std::string domain_of(const std::string& email) {
  const std::size_t at = email.rfind('@');
  return at == std::string::npos ? std::string("localhost") : email.substr(at + 1);
}

std::string compact_time(const std::string& iso) {
  std::string out;
  for (const char c : iso) {
    if (c >= '0' && c <= '9') {
      out += c;
    }
  }
  return out;
}

}  // namespace

Result<RemindPlan> plan_reminders(const Context& context, const RemindOptions& options) {
  if (options.days_before && *options.days_before < 0) {
    return fail(ErrorKind::usage,
                fmt::format("--days-before {} : nombre de jours attendu (0 ou plus)", *options.days_before));
  }
  if (auto checked = campaign::check_email(options.from.email); !checked) {
    return fail(ErrorKind::usage, "--from : " + checked.error().message);
  }
  if (auto checked = campaign::check_display_name(options.from.name); !checked) {
    return fail(ErrorKind::usage, "--from : " + checked.error().message);
  }
  auto date = campaign::rfc5322_date(context.now);
  if (!date) {
    return std::unexpected(date.error());
  }
  auto today = effective_today(context, options.calendar);
  if (!today) {
    return std::unexpected(today.error());
  }
  auto calendar = load_calendar(context, options.calendar);
  if (!calendar) {
    return std::unexpected(calendar.error());
  }
  std::vector<const forms::Campaign*> campaigns;
  if (options.campaign_id) {
    auto found = campaign::find_campaign(*calendar, *options.campaign_id);
    if (!found) {
      return std::unexpected(found.error());
    }
    campaigns.push_back(*found);
  } else {
    campaigns = campaign::open_campaigns(*calendar, *today);
  }
  auto forms = catalog(context);
  if (!forms) {
    return std::unexpected(forms.error());
  }
  auto database = open_database(context, store::Access::read_only);
  if (!database) {
    return std::unexpected(database.error());
  }
  auto scope = resolve_scope(*database, options.scope);
  if (!scope) {
    return std::unexpected(scope.error());
  }
  RemindPlan plan;
  plan.today = *today;
  plan.resend = options.resend;
  auto& db = database->connection();
  const std::string stage = options.days_before ? fmt::format("J-{}", *options.days_before) : std::string("ouverture");
  for (const auto* definition : campaigns) {
    if (campaign::state_at(*definition, *today) != campaign::CampaignState::open) {
      continue;
    }
    auto dues = campaigns_detail::dues_for(*database, **forms, *definition, *scope, *today);
    if (!dues) {
      return std::unexpected(dues.error());
    }
    std::vector<std::int64_t> ids;
    for (const auto& due : *dues) {
      ids.push_back(due.collectivite_id);
    }
    std::map<std::int64_t, std::vector<store::Contact>> contacts;
    for (auto& contact : ids.empty() ? std::vector<store::Contact>{} : store::list_contacts(db, ids)) {
      contacts[contact.collectivite_id].push_back(std::move(contact));
    }
    for (auto& due : *dues) {
      if (!due.owes() || (options.days_before && due.days_left > *options.days_before)) {
        continue;
      }
      Reminder reminder;
      reminder.definition = *definition;
      const auto text = campaign::reminder_text(*definition, due, *today);
      reminder.subject = text.subject;
      reminder.body = text.body;
      reminder.stage = stage;
      reminder.digest = campaign::reminder_digest(*definition, due, stage);
      const auto& recipients = contacts[due.collectivite_id];
      reminder.has_contacts = !recipients.empty();
      for (const auto& contact : recipients) {
        const std::string address = lower_ascii(contact.email);
        const auto sent_at = store::reminder_sent_at(db, definition->id, due.collectivite_id, address, reminder.digest);
        if (sent_at && !options.resend) {
          ++plan.already_sent;
          continue;
        }
        campaign::MailMessage message;
        message.from = options.from;
        message.to = campaign::MailAddress{contact.name, contact.email};
        message.subject = reminder.subject;
        message.body = reminder.body;
        message.date = *date;
        // Unique per reminder, recipient and sending; short enough for a 78-column header line.
        message.message_id =
            fmt::format("{}{}.{}@{}", reminder.digest.substr(0, 16), util::sha256_hex(address).substr(0, 8),
                        compact_time(context.now), domain_of(options.from.email));
        message.extra_headers = {{"X-Pilot-Campaign", definition->id},
                                 {"X-Pilot-Collectivite", due.code},
                                 {"X-Pilot-Deadline", due.deadline.iso()}};
        reminder.messages.push_back(ReminderMessage{message.to, campaign::render_message(message), sent_at});
      }
      if (reminder.has_contacts && reminder.messages.empty()) {
        continue;  // every contact already had it
      }
      reminder.due = std::move(due);
      plan.reminders.push_back(std::move(reminder));
    }
  }
  return plan;
}

Result<SendReport> send_reminders(const Context& context, const RemindPlan& plan, campaign::MailTransport& transport) {
  auto database = open_database(context, store::Access::read_write);
  if (!database) {
    return std::unexpected(database.error());
  }
  // One short transaction (BEGIN IMMEDIATE) per message: checking the log, handing the message to
  // the sending program and recording it go together. A second run started meanwhile (cron
  // overlapping itself) waits for each message in turn and never sends one twice; a run killed
  // half-way has recorded every message it handed over, except at most the one in flight.
  SendReport report;
  for (const auto& reminder : plan.reminders) {
    for (const auto& message : reminder.messages) {
      const std::string address = lower_ascii(message.to.email);
      store::WriteTransaction transaction(*database, context.actor());
      if (!plan.resend && store::reminder_sent_at(transaction.connection(), reminder.definition.id,
                                                  reminder.due.collectivite_id, address, reminder.digest)) {
        continue;
      }
      if (auto sent = transport.send(message.message); !sent) {
        report.failure = sent.error().with_context(
            fmt::format("relance de {} ({}) à {} : ", reminder.due.name, reminder.definition.id, message.to.email));
        return report;
      }
      store::record_reminder(transaction, reminder.definition.id, reminder.due.collectivite_id, address,
                             reminder.digest);
      transaction.commit();
      report.sent.push_back(
          SentMessage{reminder.definition.id, reminder.due.name, message.to.email, reminder.due.deadline});
    }
  }
  return report;
}

}  // namespace pilot::service
