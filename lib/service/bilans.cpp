#include "service/bilans.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "forms/check.hpp"
#include "forms/values.hpp"
#include "service/bilan_codec.hpp"
#include "service/bilans_detail.hpp"
#include "service/catalog_access.hpp"
#include "store/convention_store.hpp"
#include "util/text.hpp"

namespace pilot::service {
namespace {

using namespace bilans_detail;

const std::vector<std::string> k_expense_keys = {"financeur", "financeur_nom", "nature", "objet"};
const std::vector<std::string> k_indicator_keys = {"type_indicateur", "code", "libelle"};

FormRecord empty_record(const std::string& reference, int year) {
  FormRecord record;
  record.answers["reference"] = reference;
  record.answers["annee_bilan"] = static_cast<std::int64_t>(year);
  return record;
}

// Applies the command line's changes to the record; value problems go to `problems`.
Result<void> apply_changes(const forms::Form& form, const domain::Action& action, const BilanSetOptions& options,
                           FormRecord& record, std::vector<forms::Problem>& problems) {
  const forms::Group* expenses = expense_group(form);
  const forms::Group* indicators = indicator_group(form);
  for (const auto& name : options.clear) {
    const forms::Group* group = find_group_loosely(form, name);
    if (group == nullptr) {
      std::vector<std::string> keys;
      for (const auto& candidate : form.groups) {
        keys.push_back(candidate.key);
      }
      return fail(ErrorKind::usage,
                  fmt::format("--clear « {} » : groupe inconnu ; attendu {}", name, util::quoted_list(keys)));
    }
    record.groups.erase(group->key);
  }
  for (const auto& assignment : options.sets) {
    const forms::Field* field = find_field_loosely(form.fields, assignment.field);
    if (field == nullptr) {
      return std::unexpected(
          unknown_field(assignment.field, form.fields, fmt::format("dans le formulaire « {} »", form.id)));
    }
    if (field->key == "reference" || field->key == "annee_bilan") {
      return fail(ErrorKind::usage,
                  fmt::format("« {} » ne se modifie pas : c'est l'action et l'année (--year) du bilan", field->label));
    }
    auto parsed = forms::parse_field_value(*field, assignment.value);
    if (parsed.problem) {
      problems.push_back(*parsed.problem);
    } else if (domain::is_empty(parsed.value)) {
      record.answers.erase(field->key);
    } else {
      record.answers[field->key] = std::move(parsed.value);
    }
  }
  auto add_rows = [&](const forms::Group* group, const std::vector<std::string>& texts, const char* option,
                      const std::vector<std::string>& keys, bool indicator) -> Result<void> {
    if (texts.empty()) {
      return {};
    }
    if (group == nullptr) {
      return fail(ErrorKind::usage, fmt::format("{} : le formulaire « {} » n'a pas ce groupe", option, form.id));
    }
    auto& rows = record.groups[group->key];
    GivenRows given;
    for (const auto& text : texts) {
      auto row = parse_row(*group, text, rows.size() + 1, problems);
      if (!row) {
        return std::unexpected(row.error().with_context(option + std::string(" : ")));
      }
      if (!row->values.contains("annee")) {
        row->values["annee"] = static_cast<std::int64_t>(options.year);
      }
      if (indicator) {
        complete_indicator_row(action, row->values, options.year, true);
      }
      if (auto twin = refuse_twin(given, *group, *row, text, option, keys); !twin) {
        return twin;
      }
      put_row(rows, std::move(*row), keys);
    }
    return {};
  };
  if (auto added = add_rows(expenses, options.expenses, "--depense", k_expense_keys, false); !added) {
    return added;
  }
  return add_rows(indicators, options.indicators, "--indicateur", k_indicator_keys, true);
}

}  // namespace

Result<std::vector<FieldAssignment>> parse_row_assignments(std::string_view text) {
  std::vector<FieldAssignment> out;
  for (const auto& piece : util::split_list(text, ";")) {
    const std::size_t equal = piece.find('=');
    if (equal == std::string::npos || equal == 0) {
      return fail(ErrorKind::usage, fmt::format("attendu champ=valeur;champ=valeur, pas « {} »", piece));
    }
    out.push_back({std::string(util::trim(std::string_view(piece).substr(0, equal))),
                   std::string(util::trim(std::string_view(piece).substr(equal + 1)))});
  }
  return out;
}

Result<void> check_bilan_year(const domain::Convention& convention, const domain::Action& action, int year,
                              const util::Date& today) {
  if (year < convention.period.start.year || year > convention.period.end.year) {
    return fail(
        ErrorKind::data,
        fmt::format("bilan {} refusé : l'année {} est hors de la période de la convention n° {} (du {} au {})", year,
                    year, convention.id, convention.period.start.french(), convention.period.end.french()));
  }
  if (year >= today.year) {
    return fail(ErrorKind::data,
                fmt::format("bilan {} refusé : un bilan porte sur une année écoulée ; en {}, le dernier bilan possible "
                            "est celui de {}",
                            year, today.year, today.year - 1));
  }
  if (action.dropped_year && year >= *action.dropped_year) {
    return fail(
        ErrorKind::data,
        fmt::format("bilan {} refusé : l'action n° {} ({}) est abandonnée depuis la mise à jour {} ; ses bilans "
                    "antérieurs restent consultables",
                    year, action.id, action.reference, *action.dropped_year));
  }
  return {};
}

Result<const forms::Form*> bilan_form_for(const forms::Catalog& catalog, const domain::Convention& convention) {
  const auto forms = catalog.forms_for(forms::RecordKind::bilan, convention.type, convention.collectivite_type);
  if (forms.empty()) {
    return fail(ErrorKind::data,
                fmt::format("aucun formulaire de bilan ne s'applique à la convention n° {} ({}, {})", convention.id,
                            domain::to_short_label(convention.type), convention.collectivite_name));
  }
  return forms.front();
}

Result<BilanSetResult> set_bilan(const Context& context, const BilanSetOptions& options) {
  if (options.sets.empty() && options.expenses.empty() && options.indicators.empty() && options.clear.empty()) {
    return fail(ErrorKind::usage,
                "rien à enregistrer : indiquez --set champ=valeur, --depense, --indicateur ou --clear");
  }
  auto forms = catalog(context);
  if (!forms) {
    return std::unexpected(forms.error());
  }
  auto thresholds = bilan_thresholds(context);
  if (!thresholds) {
    return std::unexpected(thresholds.error());
  }
  auto database = open_database(context, store::Access::read_write);
  if (!database) {
    return std::unexpected(database.error());
  }
  store::WriteTransaction transaction(*database, context.actor());
  auto action = store::load_action(transaction.connection(), options.action_id);
  if (!action) {
    return fail(ErrorKind::not_found, fmt::format("action n° {} introuvable", options.action_id));
  }
  const auto convention = store::find_convention(*database, action->action.convention_id);
  if (!convention) {
    return fail(ErrorKind::not_found, fmt::format("convention n° {} introuvable", action->action.convention_id));
  }
  if (auto allowed = check_bilan_year(*convention, action->action, options.year, context.today); !allowed) {
    return std::unexpected(allowed.error());
  }
  auto form = bilan_form_for(**forms, *convention);
  if (!form) {
    return std::unexpected(form.error());
  }
  const auto before = store::load_bilan(transaction.connection(), options.action_id, options.year);
  const FormRecord original = before ? record_from_bilan(**form, *before, action->action.reference)
                                     : empty_record(action->action.reference, options.year);
  FormRecord record = original;
  std::vector<forms::Problem> problems;
  if (auto applied = apply_changes(**form, action->action, options, record, problems); !applied) {
    return std::unexpected(applied.error());
  }
  // Values that did not parse are absent from the record: the check then finds them missing, which is
  // no error for a bilan; everything else it finds is reported with the parse problems.
  for (auto& problem : forms::check_record(**forms, **form, record.answers, record.groups)) {
    if (problem.severity == forms::Severity::error && !is_incompleteness(problem)) {
      problems.push_back(std::move(problem));
    }
  }
  if (!problems.empty()) {
    return fail(ErrorKind::data, fmt::format("bilan {} de l'action n° {} ({}) non enregistré ({} problème{}) :{}",
                                             options.year, options.action_id, action->action.reference, problems.size(),
                                             problems.size() > 1 ? "s" : "", problems_text(**form, problems)));
  }
  BilanSetResult result;
  result.action_id = options.action_id;
  result.year = options.year;
  result.created = !before;
  result.changes = record_changes(**forms, **form, original, record);
  store::Bilan bilan = bilan_from_record(**forms, **form, record, options.action_id, options.year);
  store::BilanWriter writer(transaction);
  result.bilan_id = writer.save(bilan, before);
  transaction.commit();
  bilan.id = result.bilan_id;
  result.completeness = assess_bilan(**forms, **form, *action, bilan, options.year);
  result.warnings = bilan_warnings(**forms, **form, *thresholds, *action, bilan, convention->id);
  return result;
}

Result<BilanView> show_bilan(const Context& context, std::int64_t action_id, int year) {
  auto forms = catalog(context);
  if (!forms) {
    return std::unexpected(forms.error());
  }
  auto thresholds = bilan_thresholds(context);
  if (!thresholds) {
    return std::unexpected(thresholds.error());
  }
  auto database = open_database(context, store::Access::read_only);
  if (!database) {
    return std::unexpected(database.error());
  }
  auto action = store::load_action(database->connection(), action_id);
  if (!action) {
    return fail(ErrorKind::not_found, fmt::format("action n° {} introuvable", action_id));
  }
  BilanView view;
  view.convention = *store::find_convention(*database, action->action.convention_id);
  auto form = bilan_form_for(**forms, view.convention);
  if (!form) {
    return std::unexpected(form.error());
  }
  view.form = *form;
  view.year = year;
  view.years = store::bilan_years(database->connection(), action_id);
  view.bilan = store::load_bilan(database->connection(), action_id, year);
  if (!view.bilan) {
    std::vector<std::string> years;
    for (const int known : view.years) {
      years.push_back(std::to_string(known));
    }
    return fail(ErrorKind::not_found,
                fmt::format("aucun bilan {} pour l'action n° {} ({}){}", year, action_id, action->action.reference,
                            years.empty() ? std::string(" : aucun bilan saisi")
                                          : " ; bilans saisis : " + util::join(years, ", ")));
  }
  view.record = record_from_bilan(**form, *view.bilan, action->action.reference);
  view.completeness = assess_bilan(**forms, **form, *action, view.bilan, year);
  view.warnings = bilan_warnings(**forms, **form, *thresholds, *action, *view.bilan, view.convention.id);
  view.action = std::move(*action);
  return view;
}

}  // namespace pilot::service
