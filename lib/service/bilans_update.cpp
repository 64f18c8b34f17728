// The annual update (avenant): opening a year's revision, dropping actions, editing a year's plan.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "forms/check.hpp"
#include "service/bilans.hpp"
#include "service/bilans_detail.hpp"
#include "service/catalog_access.hpp"
#include "store/action_content.hpp"
#include "store/bilan_store.hpp"
#include "store/campaign_store.hpp"
#include "store/convention_store.hpp"
#include "store/validation_store.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace pilot::service {
namespace {

using namespace bilans_detail;

std::string line_key(const domain::BudgetLine& line) {
  return fmt::format("{}|{}|{}|{}|{}|{}", domain::to_code(line.financer), line.financer_name, line.nature,
                     line.amount_cents ? std::to_string(*line.amount_cents) : std::string(),
                     line.etp ? fmt::format("{}", *line.etp) : std::string(), line.informational);
}

std::string indicator_name(const domain::Indicator& indicator) {
  return indicator.label.empty() ? indicator.code : indicator.label;
}

std::string indicator_identity(const domain::Indicator& indicator) {
  return fmt::format("{}|{}|{}", domain::to_code(indicator.kind), indicator.code,
                     indicator.kind == domain::IndicatorKind::national ? std::string() : util::fold(indicator.label));
}

std::string target_text(const std::optional<double>& target) {
  return target ? util::format_decimal_fr(*target, 2) : std::string("(aucune)");
}

// Budget lines of one year, as sorted keys, and their total.
std::pair<std::vector<std::string>, std::int64_t> year_lines(const domain::Action& action, int year) {
  std::vector<std::string> keys;
  std::int64_t total = 0;
  for (const auto& line : action.budget) {
    if (line.year == year) {
      keys.push_back(line_key(line));
      total += line.informational ? 0 : line.amount_cents.value_or(0);
    }
  }
  std::sort(keys.begin(), keys.end());
  return {keys, total};
}

Result<domain::Convention> convention_of(store::Database& database, std::int64_t id) {
  auto convention = store::find_convention(database, id);
  if (!convention) {
    return fail(ErrorKind::not_found, fmt::format("convention n° {} introuvable", id));
  }
  return *convention;
}

}  // namespace

std::vector<FrozenChange> year_changes(const domain::Action& before, const domain::Action& after,
                                       const std::function<bool(int)>& concerned) {
  std::vector<FrozenChange> changes;
  std::set<int> years;
  for (const auto* action : {&before, &after}) {
    for (const auto& line : action->budget) {
      if (concerned(line.year)) {
        years.insert(line.year);
      }
    }
  }
  for (const int year : years) {
    const auto [old_keys, old_total] = year_lines(before, year);
    const auto [new_keys, new_total] = year_lines(after, year);
    if (old_keys != new_keys) {
      FrozenChange change;
      change.year = year;
      change.description =
          fmt::format("budget {} modifié ({} ligne{}, {} → {} ligne{}, {})", year, old_keys.size(),
                      old_keys.size() > 1 ? "s" : "", util::format_money_fr(old_total), new_keys.size(),
                      new_keys.size() > 1 ? "s" : "", util::format_money_fr(new_total));
      changes.push_back(std::move(change));
    }
  }
  // Targets per (indicator, year) of the frozen years, on both sides.
  using Targets = std::map<std::pair<std::string, int>, std::pair<std::optional<double>, const domain::Indicator*>>;
  Targets old_targets;
  Targets new_targets;
  for (const auto& [action, targets] : {std::pair{&before, &old_targets}, std::pair{&after, &new_targets}}) {
    for (const auto& indicator : action->indicators) {
      for (const auto& year : indicator.years) {
        if (concerned(year.year)) {
          (*targets)[{indicator_identity(indicator), year.year}] = {year.target, &indicator};
        }
      }
    }
  }
  std::set<std::pair<std::string, int>> keys;
  for (const auto& [key, value] : old_targets) {
    keys.insert(key);
  }
  for (const auto& [key, value] : new_targets) {
    keys.insert(key);
  }
  for (const auto& key : keys) {
    const auto old_value = old_targets.find(key);
    const auto new_value = new_targets.find(key);
    const bool old_present = old_value != old_targets.end();
    const bool new_present = new_value != new_targets.end();
    if (old_present && new_present && old_value->second.first == new_value->second.first) {
      continue;
    }
    const domain::Indicator& indicator = *(old_present ? old_value->second.second : new_value->second.second);
    FrozenChange change;
    change.year = key.second;
    change.budget = false;
    change.kind = indicator.kind;
    change.code = indicator.code;
    change.label = indicator.label;
    change.description = fmt::format("cible {} de « {} » : {} → {}", key.second, indicator_name(indicator),
                                     old_present ? target_text(old_value->second.first) : std::string("(absente)"),
                                     new_present ? target_text(new_value->second.first) : std::string("(supprimée)"));
    changes.push_back(std::move(change));
  }
  return changes;
}

std::vector<FrozenChange> frozen_changes(const domain::Action& before, const domain::Action& after, int open_year) {
  return year_changes(before, after, [open_year](int year) { return year < open_year; });
}

std::vector<std::string> frozen_year_changes(const domain::Action& before, const domain::Action& after, int open_year) {
  std::vector<std::string> descriptions;
  for (auto& change : frozen_changes(before, after, open_year)) {
    descriptions.push_back(std::move(change.description));
  }
  return descriptions;
}

Result<void> refuse_frozen_changes(SQLite::Database& db, const domain::Action& before, const domain::Action& after) {
  const auto open_year = store::latest_revision_year(db, before.convention_id);
  if (!open_year) {
    return {};
  }
  const auto frozen = frozen_year_changes(before, after, *open_year);
  if (frozen.empty()) {
    return {};
  }
  return fail(ErrorKind::data, fmt::format("action n° {} ({}) non modifiée : les années antérieures à {} sont figées "
                                           "par la mise à jour {} de la convention n° {} :\n  {}",
                                           before.id, before.reference, *open_year, *open_year, before.convention_id,
                                           util::join(frozen, "\n  ")));
}

Result<std::optional<int>> open_revision_year(const Context& context, std::int64_t convention_id) {
  auto database = open_database(context, store::Access::read_only);
  if (!database) {
    return std::unexpected(database.error());
  }
  return store::latest_revision_year(database->connection(), convention_id);
}

Result<UpdateOpenResult> open_update(const Context& context, const UpdateOpenOptions& options) {
  auto database = open_database(context, store::Access::read_write);
  if (!database) {
    return std::unexpected(database.error());
  }
  auto convention = convention_of(*database, options.convention_id);
  if (!convention) {
    return std::unexpected(convention.error());
  }
  const int year = options.year;
  const auto& period = convention->period;
  if (year < period.start.year || year > period.end.year) {
    return fail(ErrorKind::data, fmt::format("mise à jour {} refusée : l'année est hors de la période de la convention "
                                             "n° {} (du {} au {})",
                                             year, convention->id, period.start.french(), period.end.french()));
  }
  if (year == period.start.year) {
    return fail(ErrorKind::data, fmt::format("mise à jour {} refusée : {} est la première année de la convention n° {} "
                                             "; ses valeurs se saisissent à la saisie initiale",
                                             year, year, convention->id));
  }
  if (year < context.today.year) {
    return fail(ErrorKind::data, fmt::format("mise à jour {} refusée : l'année {} est écoulée ; l'avenant de l'année N "
                                             "se fait en année N",
                                             year, year));
  }
  // Opening N+1 would freeze year N while its own update campaign may still be running, for good.
  if (year > context.today.year) {
    return fail(ErrorKind::data, fmt::format("mise à jour {} refusée : l'avenant de l'année N se fait en année N ; en "
                                             "{}, seule la mise à jour {} s'ouvre (celle de {} à partir du 01/01/{})",
                                             year, context.today.year, context.today.year, year, year));
  }
  store::WriteTransaction transaction(*database, context.actor());
  auto& db = transaction.connection();
  for (const auto& revision : store::list_revisions(db, convention->id)) {
    if (revision.year == year) {
      return fail(ErrorKind::conflict,
                  fmt::format("la mise à jour {} de la convention n° {} est déjà ouverte (le {} par "
                              "{})",
                              year, convention->id, util::format_timestamp_fr(revision.opened_at), revision.opened_by));
    }
    if (revision.year > year) {
      return fail(ErrorKind::conflict, fmt::format("la mise à jour {} de la convention n° {} est déjà ouverte : une "
                                                   "mise à jour ne revient pas sur une année antérieure",
                                                   revision.year, convention->id));
    }
  }
  store::insert_revision(transaction, store::Revision{convention->id, year, context.now, context.user});
  UpdateOpenResult result;
  result.convention = *convention;
  result.year = year;
  const std::string reason = fmt::format("mise à jour annuelle {}", year);
  for (const auto& action : store::actions_of_convention(db, convention->id)) {
    if (action.dropped_year && *action.dropped_year <= year) {
      ++result.dropped;
      continue;
    }
    const std::size_t revoked = store::revoke_validations(transaction, action.id, std::nullopt, reason);
    if (revoked == 0 && action.status == domain::ActionStatus::brouillon) {
      ++result.drafts;
      continue;
    }
    store::set_action_status(transaction, action.id, domain::ActionStatus::brouillon, reason);
    result.reopened.push_back(ReopenedAction{action.id, action.reference, action.status, revoked});
  }
  transaction.commit();
  return result;
}

Result<UpdateDropResult> drop_action(const Context& context, const UpdateDropOptions& options) {
  auto database = open_database(context, store::Access::read_write);
  if (!database) {
    return std::unexpected(database.error());
  }
  store::WriteTransaction transaction(*database, context.actor());
  auto& db = transaction.connection();
  const auto action = store::load_action(db, options.action_id);
  if (!action) {
    return fail(ErrorKind::not_found, fmt::format("action n° {} introuvable", options.action_id));
  }
  if (action->action.dropped_year) {
    return fail(ErrorKind::conflict, fmt::format("l'action n° {} ({}) est déjà abandonnée depuis {}", options.action_id,
                                                 action->action.reference, *action->action.dropped_year));
  }
  const auto revisions = store::list_revisions(db, action->action.convention_id);
  const bool open = std::any_of(revisions.begin(), revisions.end(),
                                [&](const store::Revision& revision) { return revision.year == options.year; });
  if (!open) {
    return fail(ErrorKind::data,
                fmt::format("abandon refusé : la mise à jour {} de la convention n° {} n'est pas "
                            "ouverte (pilot update open --convention {} --year {})",
                            options.year, action->action.convention_id, action->action.convention_id, options.year));
  }
  const auto latest = store::latest_revision_year(db, action->action.convention_id);
  if (latest && *latest > options.year) {
    return fail(ErrorKind::data, fmt::format("abandon refusé : la mise à jour {} est ouverte depuis ; abandonnez "
                                             "l'action avec --year {}",
                                             *latest, *latest));
  }
  const std::string comment(util::trim(options.comment));
  store::set_dropped_year(transaction, options.action_id, options.year,
                          comment.empty()
                              ? fmt::format("abandonnée lors de la mise à jour {}", options.year)
                              : fmt::format("abandonnée lors de la mise à jour {} : {}", options.year, comment));
  UpdateDropResult result{options.action_id, action->action.reference, action->action.title, options.year,
                          store::count_bilans(db, options.action_id)};
  transaction.commit();
  return result;
}

Result<UpdateSetResult> update_action_year(const Context& context, const UpdateSetOptions& options) {
  if (options.budget.empty() && options.indicators.empty() && options.clear.empty()) {
    return fail(ErrorKind::usage, "rien à modifier : indiquez --budget, --indicateur ou --clear");
  }
  auto forms = catalog(context);
  if (!forms) {
    return std::unexpected(forms.error());
  }
  auto database = open_database(context, store::Access::read_write);
  if (!database) {
    return std::unexpected(database.error());
  }
  store::WriteTransaction transaction(*database, context.actor());
  auto& db = transaction.connection();
  const auto stored = store::load_action(db, options.action_id);
  if (!stored) {
    return fail(ErrorKind::not_found, fmt::format("action n° {} introuvable", options.action_id));
  }
  const auto& action = stored->action;
  auto convention = convention_of(*database, action.convention_id);
  if (!convention) {
    return std::unexpected(convention.error());
  }
  const auto open_year = store::latest_revision_year(db, action.convention_id);
  if (!open_year) {
    return fail(ErrorKind::data, fmt::format("aucune mise à jour ouverte pour la convention n° {} : pilot update open "
                                             "--convention {} --year ANNÉE",
                                             action.convention_id, action.convention_id));
  }
  if (options.year < *open_year) {
    return fail(ErrorKind::data, fmt::format("l'année {} est figée : la mise à jour {} ne modifie que {} et les années "
                                             "suivantes",
                                             options.year, *open_year, *open_year));
  }
  if (options.year > convention->period.end.year) {
    return fail(ErrorKind::data,
                fmt::format("l'année {} est hors de la période de la convention n° {} (du {} au {})", options.year,
                            convention->id, convention->period.start.french(), convention->period.end.french()));
  }
  if (action.dropped_year && options.year >= *action.dropped_year) {
    return fail(ErrorKind::data, fmt::format("l'action n° {} ({}) est abandonnée depuis {}", action.id,
                                             action.reference, *action.dropped_year));
  }
  if (action.status != domain::ActionStatus::brouillon) {
    return fail(ErrorKind::conflict, fmt::format("l'action n° {} est « {} » : seules les actions en brouillon se "
                                                 "modifient (rouvrez-la avec « pilot unvalidate »)",
                                                 action.id, domain::to_label(action.status)));
  }
  const forms::Form* form = (*forms)->find_form(action.form_id);
  if (form == nullptr) {
    return fail(ErrorKind::data,
                fmt::format("l'action n° {} a été saisie avec le formulaire « {} », absent des schémas "
                            "actuels",
                            action.id, action.form_id));
  }
  const FormRecord original = record_from_action(*form, *stored);
  FormRecord record = original;
  const forms::Group* budget = form->find_group_of_kind(forms::GroupKind::budget);
  const forms::Group* indicators = form->find_group_of_kind(forms::GroupKind::indicators);
  const auto year_value = static_cast<std::int64_t>(options.year);
  auto of_year = [&](const domain::GroupRow& row) {
    const auto found = row.values.find("annee");
    return found != row.values.end() && found->second == domain::Value{year_value};
  };
  for (const auto& name : options.clear) {
    const forms::Group* group = find_group_loosely(*form, name);
    if (group == nullptr || (group != budget && group != indicators)) {
      return fail(ErrorKind::usage, fmt::format("--clear « {} » : attendu « budget » ou « indicateurs »", name));
    }
    std::erase_if(record.groups[group->key], of_year);
  }
  std::vector<forms::Problem> problems;
  auto add_rows = [&](const forms::Group* group, const std::vector<std::string>& texts, const char* option,
                      const std::vector<std::string>& keys, bool indicator) -> Result<void> {
    if (texts.empty()) {
      return {};
    }
    if (group == nullptr) {
      return fail(ErrorKind::usage, fmt::format("{} : le formulaire « {} » n'a pas ce groupe", option, form->id));
    }
    auto& rows = record.groups[group->key];
    GivenRows given;
    MergedRows merged;
    for (const auto& text : texts) {
      std::set<std::string> named;
      auto row = parse_row(*group, text, rows.size() + 1, problems, &named);
      if (!row) {
        return std::unexpected(row.error().with_context(option + std::string(" : ")));
      }
      if (auto found = row->values.find("annee");
          found != row->values.end() && found->second != domain::Value{year_value}) {
        return fail(ErrorKind::usage, fmt::format("{} « {} » : la ligne porte sur une autre année que --year {}",
                                                  option, text, options.year));
      }
      row->values["annee"] = year_value;
      if (indicator) {
        complete_indicator_row(action, row->values, options.year, false);
      }
      if (auto twin = refuse_twin(given, *group, *row, text, option, keys); !twin) {
        return twin;
      }
      if (auto put = merge_row(rows, std::move(*row), named, **forms, *group, keys, text, option, merged); !put) {
        return put;
      }
    }
    return {};
  };
  // The form's keys of a line: what the base tells lines apart by (a CIE line by its object too).
  // Without a budget group, add_rows refuses any --budget before using them.
  const std::vector<std::string> budget_keys = budget != nullptr ? budget->key_fields : std::vector<std::string>{};
  if (auto added = add_rows(budget, options.budget, "--budget", budget_keys, false); !added) {
    return std::unexpected(added.error());
  }
  if (auto added = add_rows(indicators, options.indicators, "--indicateur",
                            {"annee", "type_indicateur", "code", "libelle"}, true);
      !added) {
    return std::unexpected(added.error());
  }
  follow_declared_totals(*form, original, record, {});
  const bool parsed = problems.empty();
  for (auto& problem : forms::check_record(**forms, *form, record.answers, record.groups)) {
    // A value that did not parse is absent: its « missing » would only repeat the parse problem.
    if (problem.severity == forms::Severity::error && (parsed || !is_incompleteness(problem))) {
      problems.push_back(std::move(problem));
    }
  }
  if (!problems.empty()) {
    return fail(ErrorKind::data,
                fmt::format("action n° {} non modifiée ({} problème{}) :{}", action.id, problems.size(),
                            problems.size() > 1 ? "s" : "", problems_text(*form, problems)));
  }
  const domain::Action updated = action_from_record(**forms, *form, record, action.convention_id);
  if (store::action_content_hash(updated, store::encode_answers(updated.answers)) ==
      store::action_content_hash(stored->action, stored->answers)) {
    // The lines given are those recorded: nothing to write or to audit (as pilot action edit).
    return UpdateSetResult{action.id, options.year, {}};
  }
  if (auto frozen = refuse_frozen_changes(db, action, updated); !frozen) {
    return std::unexpected(frozen.error());
  }
  UpdateSetResult result{action.id, options.year, record_changes(**forms, *form, original, record)};
  store::ActionWriter writer(transaction);
  writer.replace(action.id, updated, *stored);
  transaction.commit();
  return result;
}

}  // namespace pilot::service
