#include "service/actions.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "forms/check.hpp"
#include "forms/values.hpp"
#include "service/bilans.hpp"
#include "service/catalog_access.hpp"
#include "store/action_content.hpp"
#include "store/audit_store.hpp"
#include "store/convention_store.hpp"
#include "store/snapshot.hpp"
#include "util/text.hpp"

namespace pilot::service {
namespace {

std::vector<forms::Problem> errors_only(std::vector<forms::Problem> problems) {
  std::erase_if(problems, [](const forms::Problem& p) { return p.severity != forms::Severity::error; });
  return problems;
}

std::string problems_text(const std::vector<forms::Problem>& problems) {
  std::string text;
  for (const auto& problem : problems) {
    text += fmt::format("\n  [{}] {}", problem.code, problem.message);
  }
  return text;
}

Result<const forms::Form*> form_of(const forms::Catalog& catalog, const domain::Action& action) {
  const forms::Form* form = catalog.find_form(action.form_id);
  if (form == nullptr) {
    return fail(ErrorKind::data, fmt::format("l'action n° {} a été saisie avec le formulaire « {} », absent des "
                                             "schémas actuels",
                                             action.id, action.form_id));
  }
  return form;
}

// Finds a main-record field by key, label or alias, accents and case ignored.
const forms::Field* find_field_loosely(const forms::Form& form, std::string_view name) {
  const std::string wanted = util::fold_key(name);
  for (const auto& field : form.fields) {
    if (util::fold_key(field.key) == wanted || util::fold_key(field.label) == wanted) {
      return &field;
    }
    for (const auto& alias : field.aliases) {
      if (util::fold_key(alias) == wanted) {
        return &field;
      }
    }
  }
  return nullptr;
}

// Revokes validations that no longer match what is stored (changed content, or content altered
// outside pilot), so nobody stays bound to something they did not see. Returns the current hash.
std::string reconcile_validations(store::WriteTransaction& transaction, const store::StoredAction& stored) {
  const std::string current = store::action_content_hash(stored.action, stored.answers);
  bool revoked = false;
  if (current != stored.action.content_hash) {
    revoked = store::revoke_validations(transaction, stored.action.id, std::nullopt,
                                        "contenu modifié hors de pilot depuis son dernier enregistrement") > 0;
    store::set_content_hash(transaction, stored.action.id, current);
  }
  for (const auto& validation : store::active_validations(transaction.connection(), stored.action.id)) {
    if (validation.content_hash != current) {
      revoked |= store::revoke_validations(transaction, stored.action.id, validation.side,
                                           "le contenu a changé depuis cette validation") > 0;
    }
  }
  const auto status =
      store::status_from_validations(store::active_validations(transaction.connection(), stored.action.id));
  if (revoked || status != stored.action.status) {
    store::set_action_status(transaction, stored.action.id, status, "validations remises en cohérence avec le contenu");
  }
  return current;
}

// Reopens, in their own committed transaction, the actions whose validated content changed: that
// finding stands even if the command that noticed it then fails or is refused.
void reconcile_before(store::Database& database, const Context& context, const std::vector<std::int64_t>& ids) {
  store::WriteTransaction transaction(database, context.actor());
  for (const std::int64_t id : ids) {
    if (auto stored = store::load_action(transaction.connection(), id)) {
      reconcile_validations(transaction, *stored);
    }
  }
  transaction.commit();
}

std::string side_sentence(domain::Side side) {
  return side == domain::Side::collectivite ? "par la collectivité" : "par l'État";
}

}  // namespace

bool ValidateResult::any_refused() const {
  return std::any_of(lines.begin(), lines.end(),
                     [](const ValidationLine& line) { return line.outcome == ValidationOutcome::refused; });
}

Result<ActionListing> list_actions(const Context& context, const ActionListOptions& options) {
  auto database = open_database(context, store::Access::read_only);
  if (!database) {
    return std::unexpected(database.error());
  }
  auto scope = resolve_scope(*database, options.scope);
  if (!scope) {
    return std::unexpected(scope.error());
  }
  auto forms = catalog(context);
  if (!forms) {
    return std::unexpected(forms.error());
  }
  store::ActionFilter filter;
  filter.search = options.search;
  filter.include_dropped = options.include_dropped;
  if (options.status) {
    auto status = domain::parse_action_status(*options.status);
    if (!status) {
      return std::unexpected(status.error());
    }
    filter.status = *status;
  }
  ActionListing listing;
  // Axe and volet codes and labels come from the forms' choice lists, so `--axe 2` or
  // `--axe "Axe 2"` work as well as the code.
  for (const auto* form : (*forms)->forms()) {
    for (const char* key : {"axe", "volet"}) {
      const forms::Field* field = form->find_field(key);
      if (field == nullptr || field->choice_list == nullptr) {
        continue;
      }
      for (const auto& choice : field->choice_list->choices) {
        listing.axe_labels.emplace_back(choice.code, choice.label);
      }
    }
    if (const forms::Field* field = form->find_field("champs"); field != nullptr && field->choice_list != nullptr) {
      for (const auto& choice : field->choice_list->choices) {
        listing.champ_labels.emplace_back(choice.code, choice.label);
      }
    }
  }
  for (const auto& wanted : options.axes) {
    std::vector<std::string> matches;
    for (const auto& [code, label] : listing.axe_labels) {
      const bool digits_only = wanted.find_first_not_of("0123456789") == std::string::npos;
      if (util::fold_key(code) == util::fold_key(wanted) || util::fold_key(label) == util::fold_key(wanted) ||
          (digits_only && code.ends_with("_" + wanted))) {
        matches.push_back(code);
      }
    }
    if (matches.empty()) {
      return fail(ErrorKind::usage, fmt::format("axe ou volet inconnu « {} » : attendu par exemple « axe_1 », « 2 » "
                                                "ou « volet_2 »",
                                                wanted));
    }
    filter.axes.insert(filter.axes.end(), matches.begin(), matches.end());
  }
  listing.actions = store::list_actions(*database, *scope, filter);
  auto counts = store::count_actions(*database, *scope);
  listing.status_counts = std::move(counts.by_status);
  listing.dropped = counts.dropped;
  return listing;
}

Result<ActionView> show_action(const Context& context, std::int64_t id) {
  auto database = open_database(context, store::Access::read_only);
  if (!database) {
    return std::unexpected(database.error());
  }
  auto forms = catalog(context);
  if (!forms) {
    return std::unexpected(forms.error());
  }
  auto stored = store::load_action(database->connection(), id);
  if (!stored) {
    return fail(ErrorKind::not_found, fmt::format("action n° {} introuvable", id));
  }
  auto form = form_of(**forms, stored->action);
  if (!form) {
    return std::unexpected(form.error());
  }
  ActionView view;
  view.form = *form;
  view.record = record_from_action(**form, *stored);
  view.convention = *store::find_convention(*database, stored->action.convention_id);
  view.validations = store::all_validations(database->connection(), id);
  view.realised = store::bilan_realised_of_action(database->connection(), id);
  view.shown = *stored;
  store::apply_bilan_realised(view.shown.action, view.realised);
  view.stored = std::move(*stored);
  return view;
}

Result<EditResult> edit_action(const Context& context, std::int64_t id, const std::vector<FieldAssignment>& sets) {
  if (sets.empty()) {
    return fail(ErrorKind::usage, "rien à modifier : indiquez au moins un --set champ=valeur");
  }
  auto forms = catalog(context);
  if (!forms) {
    return std::unexpected(forms.error());
  }
  auto database = open_database(context, store::Access::read_write);
  if (!database) {
    return std::unexpected(database.error());
  }
  reconcile_before(*database, context, {id});
  store::WriteTransaction transaction(*database, context.actor());
  auto stored = store::load_action(transaction.connection(), id);
  if (!stored) {
    return fail(ErrorKind::not_found, fmt::format("action n° {} introuvable", id));
  }
  auto form = form_of(**forms, stored->action);
  if (!form) {
    return std::unexpected(form.error());
  }
  if (stored->action.status != domain::ActionStatus::brouillon) {
    return fail(ErrorKind::conflict,
                fmt::format("l'action n° {} est « {} » : seules les actions en brouillon se modifient (rouvrez-la avec "
                            "« pilot unvalidate »)",
                            id, domain::to_label(stored->action.status)));
  }
  FormRecord record = record_from_action(**form, *stored);
  EditResult result;
  result.id = id;
  std::vector<forms::Problem> problems;
  for (const auto& assignment : sets) {
    const forms::Field* field = find_field_loosely(**form, assignment.field);
    if (field == nullptr) {
      std::vector<std::string> names;
      for (const auto& candidate : (*form)->fields) {
        names.push_back(candidate.key);
      }
      const auto suggestions = util::closest_matches(assignment.field, names, 3);
      return fail(ErrorKind::usage,
                  fmt::format("champ inconnu « {} » dans le formulaire « {} »{}", assignment.field, (*form)->id,
                              suggestions.empty() ? std::string()
                                                  : " ; vouliez-vous dire " + util::quoted_list(suggestions) + " ?"));
    }
    auto parsed = forms::parse_field_value(*field, assignment.value);
    if (parsed.problem) {
      problems.push_back(*parsed.problem);
      continue;
    }
    const auto before = record.answers.find(field->key);
    const std::string old_text = before == record.answers.end()
                                     ? std::string("(vide)")
                                     : forms::to_display_text(**forms, *field, before->second);
    const std::string new_text =
        domain::is_empty(parsed.value) ? std::string("(vide)") : forms::to_display_text(**forms, *field, parsed.value);
    if (domain::is_empty(parsed.value)) {
      record.answers.erase(field->key);
    } else {
      record.answers[field->key] = parsed.value;
    }
    if (old_text != new_text) {
      result.changes.emplace_back(field->label, old_text + " → " + new_text);
    }
  }
  if (problems.empty()) {
    problems = errors_only(forms::check_record(**forms, **form, record.answers, record.groups));
  }
  if (!problems.empty()) {
    return fail(ErrorKind::data, fmt::format("action n° {} non modifiée ({} problème{}) :{}", id, problems.size(),
                                             problems.size() > 1 ? "s" : "", problems_text(problems)));
  }
  const domain::Action updated = action_from_record(**forms, **form, record, stored->action.convention_id);
  if (store::action_content_hash(updated, store::encode_answers(updated.answers)) ==
      store::action_content_hash(stored->action, stored->answers)) {
    result.changes.clear();  // the values given are those recorded: nothing to write or to audit
    return result;
  }
  // Whatever an edit may touch, the years a revision froze stay as they are (update set and
  // action import refuse the same way).
  if (auto frozen = refuse_frozen_changes(transaction.connection(), stored->action, updated); !frozen) {
    return std::unexpected(frozen.error());
  }
  if (updated.reference != stored->action.reference) {
    if (auto other = store::find_action_id(transaction.connection(), updated.convention_id, updated.reference);
        other && *other != id) {
      return fail(ErrorKind::conflict,
                  fmt::format("la référence « {} » est déjà celle de l'action n° {}", updated.reference, *other));
    }
    store::set_action_reference(transaction, id, updated.reference);
  }
  store::ActionWriter writer(transaction);
  writer.replace(id, updated, *stored);
  transaction.commit();
  return result;
}

Result<DeleteActionResult> delete_action(const Context& context, std::int64_t id) {
  auto database = open_database(context, store::Access::read_write);
  if (!database) {
    return std::unexpected(database.error());
  }
  store::WriteTransaction transaction(*database, context.actor());
  auto stored = store::load_action(transaction.connection(), id);
  if (!stored) {
    return fail(ErrorKind::not_found, fmt::format("action n° {} introuvable", id));
  }
  if (stored->action.status != domain::ActionStatus::brouillon) {
    return fail(ErrorKind::conflict,
                fmt::format("l'action n° {} est « {} » : rouvrez-la avec « pilot unvalidate » avant de la supprimer",
                            id, domain::to_label(stored->action.status)));
  }
  store::delete_action(transaction, *stored);
  transaction.commit();
  return DeleteActionResult{id, stored->action.reference, stored->action.title};
}

Result<RestoreResult> restore(const Context& context, RestoreTarget target, std::int64_t id) {
  auto database = open_database(context, store::Access::read_write);
  if (!database) {
    return std::unexpected(database.error());
  }
  const std::string entity = target == RestoreTarget::action ? "action" : "convention";
  store::WriteTransaction transaction(*database, context.actor());
  const bool exists = target == RestoreTarget::action ? store::load_action(transaction.connection(), id).has_value()
                                                      : store::find_convention(*database, id).has_value();
  if (exists) {
    return fail(ErrorKind::conflict, fmt::format("{} n° {} existe : rien à restaurer",
                                                 target == RestoreTarget::action ? "l'action" : "la convention", id));
  }
  const auto deletion = store::last_deletion(*database, entity, id);
  if (!deletion) {
    return fail(ErrorKind::not_found, fmt::format("aucune suppression de {} n° {} dans l'historique",
                                                  target == RestoreTarget::action ? "l'action" : "la convention", id));
  }
  auto old_value = util::Json::parse(deletion->old_value);
  const util::Json* snapshot = old_value ? old_value->find("snapshot") : nullptr;
  if (snapshot == nullptr) {
    return fail(ErrorKind::data,
                fmt::format("l'entrée n° {} de l'historique ne contient pas de quoi restaurer", deletion->id));
  }
  if (target == RestoreTarget::action) {
    const util::Json* convention = old_value->find("convention");
    if (convention != nullptr && convention->is_integer() &&
        !store::find_convention(*database, convention->as_integer())) {
      return fail(ErrorKind::conflict, fmt::format("la convention n° {} de cette action a été supprimée : restaurez-la "
                                                   "d'abord (« pilot restore --convention {} »)",
                                                   convention->as_integer(), convention->as_integer()));
    }
  }
  // One restorer for the convention and each of its actions: statements prepared once, not per row.
  store::SnapshotRestorer restorer(transaction.connection());
  if (auto restored = restorer.restore(*snapshot); !restored) {
    return std::unexpected(restored.error());
  }
  RestoreResult result{id, 0};
  if (const util::Json* actions = snapshot->find("actions"); actions != nullptr && actions->is_array()) {
    result.actions = static_cast<std::int64_t>(actions->as_array().size());
  }
  // A convention deleted since pilot deletes its actions one by one lists their own deletion entries.
  if (const util::Json* entries = old_value->find("suppressions_actions"); entries != nullptr && entries->is_array()) {
    for (const util::Json& entry_id : entries->as_array()) {
      const auto entry = entry_id.is_integer() ? store::audit_entry(*database, entry_id.as_integer()) : std::nullopt;
      auto action_value = entry ? util::Json::parse(entry->old_value) : util::Json::parse("null");
      const util::Json* action_snapshot = action_value ? action_value->find("snapshot") : nullptr;
      if (!entry || entry->operation != "delete" || action_snapshot == nullptr) {
        return fail(ErrorKind::data, fmt::format("l'entrée n° {} de l'historique (une action de la convention) ne "
                                                 "contient pas de quoi restaurer",
                                                 entry_id.dump()));
      }
      if (auto restored = restorer.restore(*action_snapshot); !restored) {
        return std::unexpected(restored.error());
      }
      util::Json action_detail = util::Json::object();
      action_detail.set("entree_suppression", entry->id).set("avec_la_convention", id);
      transaction.audit("action", entry->entity_id, "restore", util::Json(), action_detail);
      ++result.actions;
    }
  }
  util::Json detail = util::Json::object();
  detail.set("entree_suppression", deletion->id).set("actions", result.actions);
  transaction.audit(entity, id, "restore", util::Json(), detail);
  transaction.commit();
  return result;
}

Result<ValidateResult> validate(const Context& context, const ValidateOptions& options) {
  auto side = domain::parse_side(options.side);
  if (!side) {
    return std::unexpected(side.error());
  }
  const bool by_ids = !options.action_ids.empty() && !options.all;
  const bool by_convention = options.action_ids.empty() && options.all && options.convention_id;
  if (!options.action_ids.empty() && options.all) {
    return fail(ErrorKind::usage,
                "des numéros d'action ne vont pas avec --all : donnez les numéros, ou --convention ID --all pour "
                "toutes les actions de la convention");
  }
  if (options.all && !options.convention_id) {
    return fail(ErrorKind::usage, "--all valide toutes les actions d'une convention : ajoutez --convention ID");
  }
  if (!by_ids && !by_convention) {
    return fail(ErrorKind::usage, "indiquez des numéros d'action, ou --convention ID --all");
  }
  auto forms = catalog(context);
  if (!forms) {
    return std::unexpected(forms.error());
  }
  auto database = open_database(context, store::Access::read_write);
  if (!database) {
    return std::unexpected(database.error());
  }
  std::vector<std::int64_t> ids = options.action_ids;
  if (options.all) {
    if (!store::find_convention(*database, *options.convention_id)) {
      return fail(ErrorKind::not_found, fmt::format("convention n° {} introuvable", *options.convention_id));
    }
    store::Scope scope;
    scope.convention_id = options.convention_id;
    for (const auto& summary : store::list_actions(*database, scope, {})) {
      ids.push_back(summary.id);
    }
  }
  reconcile_before(*database, context, ids);
  store::WriteTransaction transaction(*database, context.actor());
  ValidateResult result;
  for (const std::int64_t id : ids) {
    ValidationLine line;
    line.action_id = id;
    auto stored = store::load_action(transaction.connection(), id);
    if (!stored) {
      return fail(ErrorKind::not_found, fmt::format("action n° {} introuvable", id));
    }
    // Numbers given with --convention: a number typed for another convention is a mistake to stop.
    if (options.convention_id && stored->action.convention_id != *options.convention_id) {
      return fail(ErrorKind::data,
                  fmt::format("l'action n° {} ({}) relève de la convention n° {}, pas de la n° {} : "
                              "rien n'est validé",
                              id, stored->action.reference, stored->action.convention_id, *options.convention_id));
    }
    line.reference = stored->action.reference;
    auto form = form_of(**forms, stored->action);
    if (!form) {
      line.outcome = ValidationOutcome::refused;
      line.message = form.error().message;
      result.lines.push_back(std::move(line));
      continue;
    }
    const std::string hash = store::action_content_hash(stored->action, stored->answers);
    const FormRecord record = record_from_action(**form, *stored);
    line.problems = errors_only(forms::check_record(**forms, **form, record.answers, record.groups));
    const auto active = store::active_validations(transaction.connection(), id);
    const bool already =
        std::any_of(active.begin(), active.end(), [&](const store::Validation& v) { return v.side == *side; });
    if (!line.problems.empty()) {
      line.outcome = ValidationOutcome::refused;
      line.status = stored->action.status;
      line.message = fmt::format("incomplète ou invalide ({} problème{}) : ne peut pas être validée",
                                 line.problems.size(), line.problems.size() > 1 ? "s" : "");
    } else if (already) {
      line.outcome = ValidationOutcome::already_validated;
      line.status = stored->action.status;
      line.message = fmt::format("déjà validée {} : rien à faire", side_sentence(*side));
    } else {
      store::Validation validation;
      validation.action_id = id;
      validation.side = *side;
      validation.user = context.user;
      validation.at = context.now;
      validation.form_id = (*form)->id;
      validation.form_version = (*form)->version;
      validation.content_hash = hash;
      validation.comment = options.comment;
      store::record_validation(transaction, validation);
      line.status = store::status_from_validations(store::active_validations(transaction.connection(), id));
      store::set_action_status(transaction, id, line.status, fmt::format("validation {}", side_sentence(*side)));
      line.outcome = ValidationOutcome::validated;
      line.message = fmt::format("validée {}", side_sentence(*side));
    }
    result.lines.push_back(std::move(line));
  }
  // Named actions are all or nothing; --all validates what it can and reports the rest.
  if (!result.any_refused() || options.all) {
    transaction.commit();
  }
  return result;
}

Result<ValidateResult> unvalidate(const Context& context, const UnvalidateOptions& options) {
  auto side = domain::parse_side(options.side);
  if (!side) {
    return std::unexpected(side.error());
  }
  if (util::trim(options.comment).empty()) {
    return fail(ErrorKind::usage, "rouvrir une action demande un motif : --comment « ... »");
  }
  if (options.action_ids.empty()) {
    return fail(ErrorKind::usage, "indiquez au moins un numéro d'action");
  }
  auto database = open_database(context, store::Access::read_write);
  if (!database) {
    return std::unexpected(database.error());
  }
  store::WriteTransaction transaction(*database, context.actor());
  ValidateResult result;
  for (const std::int64_t id : options.action_ids) {
    auto stored = store::load_action(transaction.connection(), id);
    if (!stored) {
      return fail(ErrorKind::not_found, fmt::format("action n° {} introuvable", id));
    }
    ValidationLine line;
    line.action_id = id;
    line.reference = stored->action.reference;
    // Reopening sends the action back to draft: both validations go, since the content may now
    // change and neither side may stay bound to something else than what they saw.
    const std::string reason = fmt::format("rouverte par {} : {}", domain::to_label(*side), options.comment);
    const std::size_t revoked = store::revoke_validations(transaction, id, std::nullopt, reason);
    if (revoked == 0) {
      line.outcome = ValidationOutcome::already_validated;
      line.message = "déjà en brouillon : rien à rouvrir";
    } else {
      store::set_action_status(transaction, id, domain::ActionStatus::brouillon, reason);
      line.outcome = ValidationOutcome::validated;
      line.message = fmt::format("rouverte (brouillon), {} validation{} annulée{}", revoked, revoked > 1 ? "s" : "",
                                 revoked > 1 ? "s" : "");
    }
    line.status = domain::ActionStatus::brouillon;
    result.lines.push_back(std::move(line));
  }
  transaction.commit();
  return result;
}

Result<std::vector<store::AuditEntry>> history(const Context& context, const HistoryOptions& options) {
  auto database = open_database(context, store::Access::read_only);
  if (!database) {
    return std::unexpected(database.error());
  }
  if (options.action_id) {
    auto entries = store::action_history(*database, *options.action_id);
    if (entries.empty()) {
      return fail(ErrorKind::not_found, fmt::format("aucun historique pour l'action n° {}", *options.action_id));
    }
    return entries;
  }
  if (options.convention_id) {
    auto entries = store::convention_history(*database, *options.convention_id);
    if (entries.empty()) {
      return fail(ErrorKind::not_found,
                  fmt::format("aucun historique pour la convention n° {}", *options.convention_id));
    }
    return entries;
  }
  return store::recent_history(*database, options.limit);
}

Result<CheckReport> check(const Context& context) {
  auto database = open_database(context, store::Access::read_only);
  if (!database) {
    return std::unexpected(database.error());
  }
  auto forms = catalog(context);
  if (!forms) {
    return std::unexpected(forms.error());
  }
  CheckReport report;
  auto& db = database->connection();
  const auto integrity = database->integrity_problems();
  report.problems.insert(report.problems.end(), integrity.begin(), integrity.end());
  if (integrity.empty()) {
    report.notes.push_back("intégrité SQLite et clés étrangères vérifiées");
  }
  // A broken chain is a problem, never an « ok » line.
  const auto chain = store::verify_audit_chain(*database);
  if (!chain.sound()) {
    report.problems.push_back(chain.problem);
  } else {
    report.notes.push_back(fmt::format("historique : {} entrées, chaîne d'empreintes intacte", chain.entries));
  }
  std::int64_t actions = 0;
  store::ActionLoader loader(db);
  for (const std::int64_t id : store::all_action_ids(db)) {
    auto stored = loader.load(id);
    ++actions;
    const std::string hash = store::action_content_hash(stored->action, stored->answers);
    if (hash != stored->action.content_hash) {
      report.problems.push_back(fmt::format("action n° {} ({}) : contenu modifié hors de pilot (empreinte différente)",
                                            id, stored->action.reference));
    }
    for (const auto& validation : store::active_validations(db, id)) {
      if (validation.content_hash != hash) {
        report.problems.push_back(fmt::format("action n° {} ({}) : la validation {} du {} porte sur un autre contenu",
                                              id, stored->action.reference, side_sentence(validation.side),
                                              validation.at));
      }
    }
    const forms::Form* form = (*forms)->find_form(stored->action.form_id);
    if (form == nullptr) {
      report.problems.push_back(fmt::format("action n° {} ({}) : formulaire « {} » introuvable", id,
                                            stored->action.reference, stored->action.form_id));
      continue;
    }
    const FormRecord record = record_from_action(*form, *stored);
    const auto problems = errors_only(forms::check_record(**forms, *form, record.answers, record.groups));
    if (!problems.empty() && stored->action.status != domain::ActionStatus::brouillon) {
      report.problems.push_back(fmt::format("action n° {} ({}) « {} » mais invalide pour le formulaire actuel :{}", id,
                                            stored->action.reference, domain::to_label(stored->action.status),
                                            problems_text(problems)));
    }
  }
  report.notes.push_back(fmt::format("{} action{} relue{} et vérifiée{} avec {} formulaire{}", actions,
                                     actions > 1 ? "s" : "", actions > 1 ? "s" : "", actions > 1 ? "s" : "",
                                     (*forms)->forms().size(), (*forms)->forms().size() > 1 ? "s" : ""));
  return report;
}

}  // namespace pilot::service
