// pilot action list|show|edit|delete (action import lives in cmd_import.cpp)
#include <fmt/format.h>

#include <iostream>

#include "command_env.hpp"
#include "report/action_tables.hpp"
#include "service/actions.hpp"
#include "service/catalog_access.hpp"

namespace pilot::cmd {

void register_action(CLI::App& app, CommandEnv& env);
namespace {
const bool k_registered = add_registrar(30, register_action);

struct ActionCommandOptions {
  service::ActionListOptions list;
  ListingOptions list_output;
  std::int64_t show_id = 0;
  std::string show_format = "text";
  std::int64_t edit_id = 0;
  std::vector<std::string> sets;
  std::int64_t delete_id = 0;
};

std::vector<service::FieldAssignment> parse_assignments(const std::vector<std::string>& sets) {
  std::vector<service::FieldAssignment> out;
  for (const auto& set : sets) {
    const std::size_t equal = set.find('=');
    if (equal == std::string::npos || equal == 0) {
      throw PilotException(Error{ErrorKind::usage, fmt::format("--set attend champ=valeur, pas « {} »", set)});
    }
    out.push_back({set.substr(0, equal), set.substr(equal + 1)});
  }
  return out;
}

}  // namespace

void register_action(CLI::App& app, CommandEnv& env) {
  static ActionCommandOptions options;
  auto* action = family(app, "action", "Actions : import, liste, consultation, modification, suppression");

  auto* list = action->add_subcommand("list", "Liste les actions (tableau du guide) avec le décompte par statut");
  list->add_option("--convention", options.list.scope.convention_id, "Limite à une convention");
  add_scope_options(*list, options.list.scope);
  list->add_option("--status", options.list.status,
                   "Statut : brouillon, validee_collectivite, validee_etat ou double_validee");
  list->add_option("--axe", options.list.axes, "Axe ou volet : code (axe_1, volet_2), numéro ou libellé ; répétable");
  list->add_option("--search", options.list.search, "Texte cherché dans la référence ou l'intitulé");
  list->add_flag("--include-dropped", options.list.include_dropped,
                 "Montre aussi les actions abandonnées par une mise à jour annuelle (statut « … (abandonnée dès "
                 "N) », budget des années avant l'abandon)");
  add_listing_options(*list, options.list_output);
  list->callback([&env] {
    const auto listing = require(service::list_actions(env.context(), options.list));
    // The status counts are those of the whole scope (the guide's tabs): say so when a filter
    // (--status, --axe, --search) shows fewer actions.
    std::int64_t in_scope = 0;
    for (const auto& [status, count] : listing.status_counts) {
      in_scope += count;
    }
    if (options.list.include_dropped) {
      in_scope += listing.dropped;
    }
    const auto shown = static_cast<std::int64_t>(listing.actions.size());
    // Dropped actions are left out unless asked for: say how many, so that the count meets recap's.
    const auto plural = [](std::int64_t count) { return count > 1 ? "s" : ""; };
    const std::int64_t dropped = listing.dropped;
    const std::string among = options.list.include_dropped && dropped > 0
                                  ? fmt::format(", dont {} abandonnée{}", dropped, plural(dropped))
                                  : std::string();
    const std::string hidden = !options.list.include_dropped && dropped > 0
                                   ? fmt::format(" ; {} action{} abandonnée{} non affichée{} (--include-dropped)",
                                                 dropped, plural(dropped), plural(dropped), plural(dropped))
                                   : std::string();
    emit_table(report::actions_table(listing.actions, listing.axe_labels, listing.champ_labels), options.list_output,
               fmt::format("\n{} action{} affichée{}{}{} — {}{}\n", shown, plural(shown), plural(shown), among,
                           shown == in_scope ? std::string() : fmt::format(" sur {} dans le périmètre", in_scope),
                           report::status_counts_line(listing.status_counts), hidden));
  });

  auto* show = action->add_subcommand("show", "Affiche toutes les réponses d'une action, section par section");
  show->add_option("ID", options.show_id, "Numéro de l'action")->required();
  show->add_option("--format", options.show_format, "text ou json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  show->callback([&env] {
    const auto context = env.context();
    const auto view = require(service::show_action(context, options.show_id));
    const auto* forms = require(service::catalog(context));
    if (options.show_format == "json") {
      std::cout << report::action_detail_json(*forms, *view.form, view.convention, view.stored, view.record.answers,
                                              view.validations, view.realised)
                       .dump(2)
                << "\n";
      return;
    }
    std::cout << report::action_detail_text(*forms, *view.form, view.convention, view.shown, view.record.answers,
                                            view.validations, !view.realised.empty());
  });

  auto* edit = action->add_subcommand("edit", "Modifie une action en brouillon (contrôlée par son formulaire)");
  edit->add_option("ID", options.edit_id, "Numéro de l'action")->required();
  edit->add_option("--set", options.sets,
                   "champ=valeur : le champ par sa clé, son libellé ou un alias ; la valeur comme dans un fichier "
                   "(vide pour effacer) ; répétable")
      ->required();
  edit->callback([&env] {
    const auto result = require(service::edit_action(env.context(), options.edit_id, parse_assignments(options.sets)));
    if (!env.quiet() && result.changes.empty()) {
      std::cout << fmt::format("Action n° {} : rien à modifier (valeurs déjà enregistrées).\n", result.id);
    } else if (!env.quiet()) {
      std::cout << fmt::format("Action n° {} modifiée :\n", result.id);
      for (const auto& [label, change] : result.changes) {
        std::cout << fmt::format("  {} : {}\n", label, change);
      }
    }
  });

  auto* remove = action->add_subcommand(
      "delete", "Supprime une action en brouillon (restaurable avec « pilot restore --action ID »)");
  remove->add_option("ID", options.delete_id, "Numéro de l'action")->required();
  remove->callback([&env] {
    const auto result = require(service::delete_action(env.context(), options.delete_id));
    if (!env.quiet()) {
      std::cout << fmt::format("Action n° {} ({} — {}) supprimée.\n", result.id, result.reference, result.title);
    }
  });
}

}  // namespace pilot::cmd
