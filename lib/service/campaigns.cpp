#include "service/campaigns.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "service/bilans.hpp"
#include "service/campaigns_detail.hpp"
#include "service/catalog_access.hpp"
#include "store/bilan_store.hpp"
#include "store/convention_store.hpp"
#include "store/territory_store.hpp"
#include "util/text.hpp"

namespace pilot::service {
namespace campaigns_detail {
namespace {

bool in_scope(const domain::Collectivite& collectivite, const store::Scope& scope,
              const std::map<std::string, std::string>& region_of) {
  if (!scope.collectivite_ids.empty() && std::find(scope.collectivite_ids.begin(), scope.collectivite_ids.end(),
                                                   collectivite.id) == scope.collectivite_ids.end()) {
    return false;
  }
  std::vector<std::string> departements = collectivite.covered_departements;
  departements.push_back(collectivite.departement_code);
  auto any_listed = [&](const std::vector<std::string>& wanted, bool region) {
    return std::any_of(departements.begin(), departements.end(), [&](const std::string& code) {
      const auto region_code = region_of.find(code);
      const std::string key = region ? (region_code == region_of.end() ? std::string() : region_code->second) : code;
      return std::find(wanted.begin(), wanted.end(), key) != wanted.end();
    });
  };
  if (!scope.departement_codes.empty() && !any_listed(scope.departement_codes, false)) {
    return false;
  }
  return scope.region_codes.empty() || any_listed(scope.region_codes, true);
}

}  // namespace

Result<std::vector<campaign::CollectiviteDue>> dues_for(store::Database& database, const forms::Catalog& catalog,
                                                        const forms::Campaign& campaign, const store::Scope& scope,
                                                        const util::Date& today) {
  auto& db = database.connection();
  const auto territories = store::read_territories(database);
  std::map<std::string, std::string> region_of;
  for (const auto& departement : territories.departements) {
    region_of[departement.code] = departement.region_code.value_or("");
  }
  std::vector<domain::ConventionType> types;
  for (const auto type : campaign.convention_types) {
    if (scope.convention_types.empty() ||
        std::find(scope.convention_types.begin(), scope.convention_types.end(), type) != scope.convention_types.end()) {
      types.push_back(type);
    }
  }
  if (types.empty()) {
    return std::vector<campaign::CollectiviteDue>{};
  }
  std::map<std::int64_t, std::vector<store::CampaignConvention>> by_collectivite;
  for (const auto& convention : store::conventions_covering(db, types, campaign.year)) {
    if (!scope.convention_id || *scope.convention_id == convention.id) {
      by_collectivite[convention.collectivite_id].push_back(convention);
    }
  }
  std::vector<const domain::Collectivite*> collectivites;
  for (const auto& collectivite : territories.collectivites) {
    if (in_scope(collectivite, scope, region_of) &&
        (!scope.convention_id || by_collectivite.contains(collectivite.id))) {
      collectivites.push_back(&collectivite);
    }
  }
  std::sort(collectivites.begin(), collectivites.end(),
            [](const auto* a, const auto* b) { return util::fold(a->name) < util::fold(b->name); });
  std::vector<campaign::CollectiviteFacts> facts;
  for (const auto* collectivite : collectivites) {
    campaign::CollectiviteFacts entry{collectivite->id, collectivite->code, collectivite->name, collectivite->type, {}};
    for (const auto& stored : by_collectivite[collectivite->id]) {
      campaign::ConventionFacts convention{stored.id, stored.type, stored.period, false, {}};
      const auto revision = store::latest_revision_year(db, stored.id);
      convention.revision_open = revision && *revision >= campaign.year;
      const forms::Form* bilan_form = nullptr;
      if (campaign.kind == forms::CampaignKind::bilan) {
        domain::Convention shape;
        shape.id = stored.id;
        shape.type = stored.type;
        shape.collectivite_type = collectivite->type;
        shape.collectivite_name = collectivite->name;
        auto form = bilan_form_for(catalog, shape);
        if (!form) {
          return std::unexpected(form.error());
        }
        bilan_form = *form;
      }
      for (const auto& action : store::actions_of_convention(db, stored.id)) {
        campaign::ActionFacts fact{action.id,
                                   action.reference,
                                   action.title,
                                   action.status,
                                   action.dropped_year,
                                   action.first_planned_year,
                                   campaign::BilanState::missing,
                                   {}};
        if (bilan_form != nullptr && campaign::action_live_in(fact, campaign.year)) {
          const auto loaded = store::load_action(db, action.id);
          const auto bilan = store::load_bilan(db, action.id, campaign.year);
          const BilanCompleteness completeness = assess_bilan(catalog, *bilan_form, *loaded, bilan, campaign.year);
          fact.bilan = completeness.state;
          fact.bilan_lacks = completeness.lacks;
        }
        convention.actions.push_back(std::move(fact));
      }
      entry.conventions.push_back(std::move(convention));
    }
    facts.push_back(std::move(entry));
  }
  return campaign::compute_due(campaign, facts, today);
}

}  // namespace campaigns_detail

Result<forms::CampaignCalendar> load_calendar(const Context& context, const CalendarOptions& options) {
  const std::filesystem::path path =
      options.file.empty() ? context.schemas_dir / "campaigns.yaml" : std::filesystem::path(options.file);
  return forms::load_campaign_file(path);
}

Result<util::Date> effective_today(const Context& context, const CalendarOptions& options) {
  if (!options.today) {
    return context.today;
  }
  auto date = util::parse_date(*options.today);
  if (!date) {
    return fail(ErrorKind::usage, "--today : " + date.error().message);
  }
  return *date;
}

Result<CampaignListing> list_campaigns(const Context& context, const CalendarOptions& options) {
  auto today = effective_today(context, options);
  if (!today) {
    return std::unexpected(today.error());
  }
  auto calendar = load_calendar(context, options);
  if (!calendar) {
    return std::unexpected(calendar.error());
  }
  return CampaignListing{std::move(*calendar), *today};
}

Result<CampaignStatus> campaign_status(const Context& context, const CampaignStatusOptions& options) {
  auto today = effective_today(context, options.calendar);
  if (!today) {
    return std::unexpected(today.error());
  }
  auto calendar = load_calendar(context, options.calendar);
  if (!calendar) {
    return std::unexpected(calendar.error());
  }
  auto found = campaign::find_campaign(*calendar, options.id);
  if (!found) {
    return std::unexpected(found.error());
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
  auto dues = campaigns_detail::dues_for(*database, **forms, **found, *scope, *today);
  if (!dues) {
    return std::unexpected(dues.error());
  }
  CampaignStatus status;
  status.definition = **found;
  status.today = *today;
  status.state = campaign::state_at(**found, *today);
  status.dues = std::move(*dues);
  status.scope = describe_scope(*database, options.scope);
  return status;
}

Result<store::Contact> add_contact(const Context& context, const ContactAddOptions& options) {
  const std::string email(util::trim(options.email));
  if (auto checked = campaign::check_email(email); !checked) {
    return std::unexpected(checked.error());
  }
  const std::string name(util::trim(options.name));
  const std::string role(util::trim(options.role));
  for (const auto* text : {&name, &role}) {
    if (auto checked = campaign::check_display_name(*text); !checked) {
      return std::unexpected(checked.error());
    }
  }
  auto database = open_database(context, store::Access::read_write);
  if (!database) {
    return std::unexpected(database.error());
  }
  const auto territories = store::read_territories(*database);
  auto collectivite = domain::find_collectivite(territories.collectivites, options.collectivite);
  if (!collectivite) {
    return std::unexpected(collectivite.error());
  }
  store::WriteTransaction transaction(*database, context.actor());
  store::Contact contact{0, (*collectivite)->id, (*collectivite)->name, name, email, role};
  auto id = store::insert_contact(transaction, contact);
  if (!id) {
    return std::unexpected(id.error());
  }
  transaction.commit();
  contact.id = *id;
  return contact;
}

Result<std::vector<store::Contact>> list_contacts(const Context& context, const ScopeOptions& scope) {
  auto database = open_database(context, store::Access::read_only);
  if (!database) {
    return std::unexpected(database.error());
  }
  auto resolved = resolve_scope(*database, scope);
  if (!resolved) {
    return std::unexpected(resolved.error());
  }
  const auto territories = store::read_territories(*database);
  std::map<std::string, std::string> region_of;
  for (const auto& departement : territories.departements) {
    region_of[departement.code] = departement.region_code.value_or("");
  }
  std::set<std::int64_t> wanted;
  for (const auto& collectivite : territories.collectivites) {
    if (campaigns_detail::in_scope(collectivite, *resolved, region_of)) {
      wanted.insert(collectivite.id);
    }
  }
  if (!resolved->convention_types.empty() || resolved->convention_id) {
    // Contacts belong to a collectivité: --type or --convention keep those that signed such a
    // convention.
    std::set<std::int64_t> signatories;
    for (const auto& convention : store::list_conventions(*database, *resolved)) {
      signatories.insert(convention.collectivite_id);
    }
    std::erase_if(wanted, [&](std::int64_t id) { return !signatories.contains(id); });
  }
  std::vector<store::Contact> out;
  for (auto& contact : store::list_contacts(database->connection())) {
    if (wanted.contains(contact.collectivite_id)) {
      out.push_back(std::move(contact));
    }
  }
  return out;
}

Result<store::Contact> remove_contact(const Context& context, const ContactRemoveOptions& options) {
  auto database = open_database(context, store::Access::read_write);
  if (!database) {
    return std::unexpected(database.error());
  }
  store::WriteTransaction transaction(*database, context.actor());
  std::optional<store::Contact> contact;
  if (options.id) {
    contact = store::find_contact(transaction.connection(), *options.id);
    if (!contact) {
      return fail(ErrorKind::not_found,
                  fmt::format("contact n° {} introuvable (voir « pilot contact list »)", *options.id));
    }
  } else {
    if (options.collectivite.empty() || options.email.empty()) {
      return fail(ErrorKind::usage, "indiquez le numéro du contact, ou --collectivite et --email");
    }
    const auto territories = store::read_territories(*database);
    auto collectivite = domain::find_collectivite(territories.collectivites, options.collectivite);
    if (!collectivite) {
      return std::unexpected(collectivite.error());
    }
    const std::string email(util::trim(options.email));
    contact = store::find_contact(transaction.connection(), (*collectivite)->id, email);
    if (!contact) {
      return fail(ErrorKind::not_found, fmt::format("« {} » n'est pas un contact de {}", email, (*collectivite)->name));
    }
  }
  store::delete_contact(transaction, *contact);
  transaction.commit();
  return *contact;
}

}  // namespace pilot::service
