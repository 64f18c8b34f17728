#include "service/dashboard.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "forms/catalog.hpp"
#include "service/catalog_access.hpp"
#include "store/dashboard_store.hpp"
#include "util/text.hpp"

namespace pilot::service {
namespace {

namespace fields = report::dashboard_fields;

constexpr int k_first_year = 2000;
constexpr int k_last_year = 2100;

// The action forms' ids per family and the labels of the charted choice fields. A field offered by
// several forms of a family lists the union of their choices, in the order of the shared list.
struct FormFacts {
  std::vector<std::string> cls_forms;
  std::vector<std::string> cie_forms;
  report::DashboardLabels labels;
};

void add_labels(report::DashboardLabels& labels, const std::string& key, const std::vector<const forms::Form*>& forms,
                std::string_view field_key) {
  std::set<std::string> offered;
  const forms::ChoiceList* list = nullptr;
  for (const auto* form : forms) {
    const forms::Field* field = form->find_field(field_key);
    if (field == nullptr || !field->choice_list) {
      continue;
    }
    list = list == nullptr ? field->choice_list.get() : list;
    for (const auto* choice : field->offered_choices()) {
      offered.insert(choice->code);
    }
  }
  if (list == nullptr) {
    return;
  }
  auto& out = labels.fields[key];
  for (const auto& choice : list->choices) {
    if (offered.contains(choice.code)) {
      out.push_back({choice.code, choice.label});
    }
  }
}

FormFacts form_facts(const forms::Catalog& catalog) {
  FormFacts facts;
  std::vector<const forms::Form*> cls;
  std::vector<const forms::Form*> cie;
  std::vector<const forms::Form*> all;
  for (const auto* form : catalog.forms()) {
    if (form->record != forms::RecordKind::action) {
      continue;
    }
    all.push_back(form);
    // The form says which family its actions feed: CLS forms ask the axe, CIE forms the volet.
    if (form->find_field(fields::axe) != nullptr) {
      facts.cls_forms.push_back(form->id);
      cls.push_back(form);
    } else if (form->find_field(fields::volet) != nullptr) {
      facts.cie_forms.push_back(form->id);
      cie.push_back(form);
    }
  }
  add_labels(facts.labels, std::string(fields::axe), cls, fields::axe);
  add_labels(facts.labels, std::string(fields::volet), cie, fields::volet);
  add_labels(facts.labels, fmt::format("{}@cls", fields::type_action), cls, fields::type_action);
  add_labels(facts.labels, fmt::format("{}@cie", fields::type_action), cie, fields::type_action);
  for (const auto field : {fields::nature, fields::champs, fields::publics}) {
    add_labels(facts.labels, std::string(field), all, field);
  }
  return facts;
}

}  // namespace

Result<report::Dashboard> dashboard_stats(const Context& context, const DashboardOptions& options) {
  auto status = store::parse_status_filter(options.status);
  if (!status) {
    return fail(ErrorKind::usage, "--status : " + status.error().message);
  }
  if (options.year && (*options.year < k_first_year || *options.year > k_last_year)) {
    return fail(ErrorKind::usage, fmt::format("--year : année invalide « {} » (attendu entre {} et {})", *options.year,
                                              k_first_year, k_last_year));
  }
  if (auto checked = report::check_chart_ids(options.only); !checked) {
    return std::unexpected(checked.error());
  }
  // Read-write so that the summaries of changed conventions are stored for the next dashboards; a
  // write-protected file opens read-only all the same, and the summaries are then computed only.
  auto database = open_database(context, store::Access::read_write);
  if (!database) {
    return std::unexpected(database.error());
  }
  auto scope = resolve_scope(*database, options.scope);
  if (!scope) {
    return std::unexpected(scope.error());
  }

  report::DashboardContext dashboard_context;
  dashboard_context.scope = describe_scope(*database, options.scope);
  dashboard_context.status = *status;
  dashboard_context.year = options.year;
  // Bilans are made in year N about year N-1: without --year, the last closed year.
  dashboard_context.bilan_year = options.year.value_or(context.today.year - 1);
  dashboard_context.types = scope->convention_types;
  dashboard_context.data_date = database->data_timestamp();

  store::DashboardQuery query;
  query.scope = *scope;
  query.status = *status;
  query.year = options.year;
  query.bilan_year = dashboard_context.bilan_year;
  report::prepare_query(query, options.only);

  FormFacts forms;
  if (auto loaded = catalog(context); loaded) {
    forms = form_facts(**loaded);
  } else {
    // The figures do not depend on the forms: show codes rather than nothing, and say why.
    forms.cls_forms = {"action-cls-departement", "action-cls-metropole"};
    forms.cie_forms = {"action-cie"};
    const std::string& message = loaded.error().message;
    dashboard_context.notes.push_back("Libellés des choix indisponibles, codes affichés : " +
                                      message.substr(0, message.find('\n')));
  }
  query.cls_forms = forms.cls_forms;
  query.cie_forms = forms.cie_forms;

  store::tune_for_scans(*database);
  const auto facts = store::query_dashboard(*database, query);
  if (facts.summaries_computed > 0) {
    dashboard_context.notes.push_back(fmt::format(
        "Base en lecture seule ou occupée par une autre commande : les résumés de {} convention(s) modifiée(s) "
        "ont été recalculés pour ce tableau sans être enregistrés.",
        facts.summaries_computed));
  }
  return report::build_dashboard(facts, forms.labels, dashboard_context, options.only);
}

}  // namespace pilot::service
