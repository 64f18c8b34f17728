// pilot campaign list|status, pilot remind, pilot contact add|list|remove
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "campaign/calendar.hpp"
#include "command_env.hpp"
#include "report/campaign_tables.hpp"
#include "service/campaigns.hpp"
#include "util/text.hpp"

namespace pilot::cmd {

void register_campaign(CLI::App& app, CommandEnv& env);
void register_remind(CLI::App& app, CommandEnv& env);
void register_contact(CLI::App& app, CommandEnv& env);
namespace {
const bool k_campaign_registered = add_registrar(60, register_campaign);
const bool k_remind_registered = add_registrar(62, register_remind);
const bool k_contact_registered = add_registrar(64, register_contact);

struct CampaignCommandOptions {
  service::CalendarOptions list_calendar;
  ListingOptions list_output;
  service::CampaignStatusOptions status;
  bool status_detail = false;
  ListingOptions status_output;
};

struct RemindCommandOptions {
  service::RemindOptions remind;
  bool open = false;
  std::string format = "text";
  std::string csv_dialect = "fr";
  std::string sendmail;
  bool plan = false;
  std::string from;
};

struct ContactCommandOptions {
  service::ContactAddOptions add;
  service::ScopeOptions list_scope;
  ListingOptions list_output;
  service::ContactRemoveOptions remove;
  std::optional<std::int64_t> remove_id;
};

void add_calendar_options(CLI::App& command, service::CalendarOptions& options) {
  command.add_option("--today", options.today, "Date du jour à utiliser (JJ/MM/AAAA ou AAAA-MM-JJ)");
  command.add_option("--calendar", options.file, "Calendrier des campagnes (défaut : campaigns.yaml des schémas)");
}

std::string default_sender() {
  if (const char* from = std::getenv("PILOT_MAIL_FROM"); from != nullptr && *from != '\0') {
    return from;
  }
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') {
    return "pilot@localhost";
  }
  return std::string("pilot@") + host;
}

std::vector<std::string> recipients_of(const service::Reminder& reminder) {
  std::vector<std::string> out;
  for (const auto& message : reminder.messages) {
    out.push_back(campaign::display_address(message.to));
  }
  return out;
}

void warn_without_contact(const service::RemindPlan& plan, const CommandEnv& env) {
  if (env.quiet()) {
    return;
  }
  for (const auto& reminder : plan.reminders) {
    if (!reminder.has_contacts) {
      std::cerr << fmt::format(
          "pilot: avertissement : {} doit encore {} élément{} pour « {} » mais n'a aucun contact "
          "(pilot contact add --collectivite « {} » --email …)\n",
          reminder.due.name, reminder.due.items.size(), reminder.due.items.size() > 1 ? "s" : "",
          reminder.definition.label, reminder.due.name);
    }
  }
}

void print_plain(const service::RemindPlan& plan, const RemindCommandOptions& options) {
  if (options.format == "json") {
    util::Json out = util::Json::array();
    for (const auto& reminder : plan.reminders) {
      out.push(report::reminder_json(reminder.definition.id, reminder.due, recipients_of(reminder), reminder.subject));
    }
    std::cout << out.dump(2) << "\n";
    return;
  }
  if (options.format == "csv") {
    report::Table table;
    table.columns = report::owed_items_table("", {}, {}).columns;
    for (const auto& reminder : plan.reminders) {
      auto part = report::owed_items_table(reminder.definition.id, {reminder.due}, {recipients_of(reminder)});
      table.columns = part.columns;
      for (auto& row : part.rows) {
        table.rows.push_back(std::move(row));
      }
    }
    const auto flavor = options.csv_dialect == "rfc4180" ? io::csv::Flavor::rfc4180 : io::csv::Flavor::fr;
    value_or_throw(report::write_csv(table, "-", flavor));
    return;
  }
  for (const auto& reminder : plan.reminders) {
    std::cout << report::reminder_block(reminder.due.name, reminder.definition.label, recipients_of(reminder),
                                        reminder.subject, reminder.body);
  }
}

}  // namespace

void register_campaign(CLI::App& app, CommandEnv& env) {
  static CampaignCommandOptions options;
  auto* campaign =
      family(app, "campaign", "Campagnes de saisie : calendrier et ce que chaque collectivité doit encore");

  auto* list = campaign->add_subcommand("list", "Liste les campagnes du calendrier et leur état à la date du jour");
  add_calendar_options(*list, options.list_calendar);
  add_listing_options(*list, options.list_output);
  list->callback([&env] {
    const auto listing = require(service::list_campaigns(env.context(), options.list_calendar));
    std::vector<std::string> states;
    std::size_t open = 0;
    for (const auto& definition : listing.calendar.campaigns) {
      const auto state = campaign::state_at(definition, listing.today);
      open += state == campaign::CampaignState::open ? 1 : 0;
      states.emplace_back(campaign::to_label(state));
    }
    emit_table(report::campaigns_table(listing.calendar.campaigns, states), options.list_output,
               fmt::format("\n{} campagne{}, {} ouverte{} le {}\n", listing.calendar.campaigns.size(),
                           listing.calendar.campaigns.size() > 1 ? "s" : "", open, open > 1 ? "s" : "",
                           listing.today.french()));
  });

  auto* status = campaign->add_subcommand(
      "status", "Ce que chaque collectivité doit encore à une campagne : éléments dus, échéance, jours restants");
  status->add_option("ID", options.status.id, "Identifiant de la campagne (voir « pilot campaign list »)")->required();
  add_calendar_options(*status, options.status.calendar);
  status->add_option("--convention", options.status.scope.convention_id, "Limite à une convention");
  add_scope_options(*status, options.status.scope);
  status->add_flag("--detail", options.status_detail,
                   "Une ligne par élément dû (action, convention) au lieu d'une "
                   "par collectivité");
  add_listing_options(*status, options.status_output);
  status->callback([&env] {
    const auto result = require(service::campaign_status(env.context(), options.status));
    const auto table = options.status_detail ? report::owed_items_table(result.definition.id, result.dues)
                                             : report::campaign_dues_table(result.definition.kind, result.dues);
    if (options.status_output.format == "text" && options.status_output.output == "-") {
      std::cout << report::campaign_heading(result.definition, std::string(campaign::to_label(result.state)),
                                            result.today, result.dues, result.scope)
                << "\n";
    }
    emit_table(table, options.status_output);
  });
}

void register_remind(CLI::App& app, CommandEnv& env) {
  static RemindCommandOptions options;
  auto* remind = app.add_subcommand(
      "remind",
      "Relance les collectivités qui doivent encore quelque chose aux campagnes ouvertes (pour cron) : rien "
      "à dire ⇒ aucune sortie");
  auto* campaign_option = remind->add_option("--campaign", options.remind.campaign_id, "Une seule campagne (son id)");
  remind->add_flag("--open", options.open, "Toutes les campagnes ouvertes à la date du jour (par défaut)")
      ->excludes(campaign_option);
  add_calendar_options(*remind, options.remind.calendar);
  remind->add_option("--days-before", options.remind.days_before,
                     "Ne relance que si l'échéance est à N jours ou moins (une relance par palier : --days-before 15 "
                     "puis --days-before 3)");
  remind
      ->add_option("--format", options.format,
                   "text (lisible), csv (un élément dû par ligne), json, ou mail (messages RFC 5322 en mbox)")
      ->check(CLI::IsMember({"text", "csv", "json", "mail"}))
      ->capture_default_str();
  remind->add_option("--csv-dialect", options.csv_dialect, "Dialecte CSV : fr ou rfc4180")
      ->check(CLI::IsMember({"fr", "rfc4180"}))
      ->capture_default_str();
  auto* sendmail = remind->add_option(
      "--sendmail", options.sendmail,
      "Envoie chaque message à ce programme compatible sendmail (« CHEMIN -t -i ») et l'inscrit au journal des envois");
  remind->add_flag("--plan", options.plan, "Avec --sendmail : affiche ce qui partirait, sans rien envoyer ni inscrire")
      ->needs(sendmail);
  remind->add_flag("--resend", options.remind.resend,
                   "Ignore le journal des envois : renvoie même ce qui est déjà parti");
  remind->add_option("--from", options.from,
                     "Adresse de l'expéditeur (défaut : $PILOT_MAIL_FROM, sinon pilot@machine)");
  remind->add_option("--convention", options.remind.scope.convention_id, "Limite à une convention");
  add_scope_options(*remind, options.remind.scope);
  remind->callback([&env] {
    const auto context = env.context();
    options.remind.from = campaign::MailAddress{"pilot", options.from.empty() ? default_sender() : options.from};
    std::optional<campaign::SendmailTransport> transport;
    if (!options.sendmail.empty()) {
      transport = require(campaign::SendmailTransport::create(options.sendmail));
    }
    const auto plan = require(service::plan_reminders(context, options.remind));
    if (plan.reminders.empty() && (transport || (options.format != "json" && options.format != "csv"))) {
      return;  // nothing owed, or everything already sent: no output, for cron
    }
    // JSON and CSV are read by programs: an empty list (« [] », the header) rather than nothing.
    if (!transport) {
      if (options.format == "mail") {
        std::vector<std::string> messages;
        for (const auto& reminder : plan.reminders) {
          for (const auto& message : reminder.messages) {
            messages.push_back(message.message);
          }
        }
        warn_without_contact(plan, env);
        std::cout << campaign::to_mbox(messages, options.remind.from.email, context.now);
        return;
      }
      print_plain(plan, options);
      return;
    }
    warn_without_contact(plan, env);
    if (options.plan) {
      for (const auto& reminder : plan.reminders) {
        for (const auto& message : reminder.messages) {
          std::cout << fmt::format("à envoyer : {} — {} — {} (échéance {}){}\n", message.to.email, reminder.due.name,
                                   reminder.definition.id, reminder.due.deadline.french(),
                                   message.sent_at ? " — déjà envoyée le " + *message.sent_at : std::string());
        }
      }
      return;
    }
    const auto report = require(service::send_reminders(context, plan, *transport));
    if (!env.quiet()) {
      for (const auto& sent : report.sent) {
        std::cout << fmt::format("envoyée : {} — {} — {} (échéance {})\n", sent.recipient, sent.collectivite,
                                 sent.campaign_id, sent.deadline.french());
      }
    }
    if (report.failure) {
      throw PilotException(*report.failure);
    }
  });
}

void register_contact(CLI::App& app, CommandEnv& env) {
  static ContactCommandOptions options;
  auto* contact = family(app, "contact", "Contacts des collectivités : destinataires des relances");

  auto* add = contact->add_subcommand("add", "Ajoute un destinataire des relances à une collectivité");
  add->add_option("--collectivite", options.add.collectivite, "Collectivité (nom, alias, code ou n° de département)")
      ->required();
  add->add_option("--email", options.add.email, "Adresse électronique")->required();
  add->add_option("--name", options.add.name, "Nom de la personne ou du service");
  add->add_option("--role", options.add.role, "Rôle (ex. « référent CLS »)");
  add->callback([&env] {
    const auto added = require(service::add_contact(env.context(), options.add));
    if (!env.quiet()) {
      std::cout << fmt::format("Contact n° {} ajouté : {} ({})\n", added.id,
                               campaign::display_address({added.name, added.email}), added.collectivite);
    }
  });

  auto* list = contact->add_subcommand("list", "Liste les contacts");
  add_scope_options(*list, options.list_scope);
  add_listing_options(*list, options.list_output);
  list->callback([&env] {
    const auto contacts = require(service::list_contacts(env.context(), options.list_scope));
    emit_table(report::contacts_table(contacts), options.list_output,
               fmt::format("\n{} contact{}\n", contacts.size(), contacts.size() > 1 ? "s" : ""));
  });

  auto* remove = contact->add_subcommand("remove", "Retire un contact (par son numéro, ou --collectivite et --email)");
  remove->add_option("ID", options.remove_id, "Numéro du contact");
  remove->add_option("--collectivite", options.remove.collectivite, "Collectivité du contact");
  remove->add_option("--email", options.remove.email, "Adresse du contact");
  remove->callback([&env] {
    options.remove.id = options.remove_id;
    const auto removed = require(service::remove_contact(env.context(), options.remove));
    if (!env.quiet()) {
      std::cout << fmt::format("Contact n° {} retiré : {} ({})\n", removed.id,
                               campaign::display_address({removed.name, removed.email}), removed.collectivite);
    }
  });
}

}  // namespace pilot::cmd
