// pilot history / pilot restore / pilot check
#include <fmt/format.h>

#include <iostream>

#include "command_env.hpp"
#include "report/action_tables.hpp"
#include "service/actions.hpp"

namespace pilot::cmd {

void register_history(CLI::App& app, CommandEnv& env);
namespace {
const bool k_registered = add_registrar(90, register_history);
}  // namespace

void register_history(CLI::App& app, CommandEnv& env) {
  static service::HistoryOptions history_options;
  static std::optional<std::int64_t> history_action;
  static ListingOptions history_output;
  auto* history = app.add_subcommand("history", "Historique : qui a modifié ou validé quoi, quand, avant → après");
  history->add_option("ACTION_ID", history_action, "Action dont afficher l'historique");
  history->add_option("--convention", history_options.convention_id,
                      "Convention (et toutes ses actions, supprimées comprises)");
  history->add_option("--last", history_options.limit, "Sans action ni convention : les N dernières entrées")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000'000}).description(""))
      ->type_name("ENTIER")
      ->capture_default_str();
  add_listing_options(*history, history_output);
  // The history keeps its dates and operation codes as recorded, in both dialects (man pilot-history).
  history->get_option("--csv-dialect")
      ->description(
          "Dialecte CSV : fr (« ; », en-têtes en français, pour Excel) ou rfc4180 (« , », clés en en-têtes, pour les "
          "scripts) ; dans les deux, dates ISO et codes d'opération tels qu'enregistrés");
  history->callback([&env] {
    history_options.action_id = history_action;
    const auto entries = require(service::history(env.context(), history_options));
    emit_table(report::history_table(entries, history_output.format == "text" ? report::HistoryValues::summarised
                                                                              : report::HistoryValues::whole),
               history_output);
  });

  static std::optional<std::int64_t> restore_action;
  static std::optional<std::int64_t> restore_convention;
  auto* restore = app.add_subcommand("restore", "Restaure une action ou une convention supprimée, telle qu'elle était");
  auto* action_option = restore->add_option("--action", restore_action, "Numéro de l'action supprimée");
  auto* convention_option =
      restore->add_option("--convention", restore_convention, "Numéro de la convention supprimée (avec ses actions)");
  action_option->excludes(convention_option);
  restore->callback([&env] {
    if (!restore_action && !restore_convention) {
      throw PilotException(Error{ErrorKind::usage, "indiquez --action ID ou --convention ID"});
    }
    const bool is_action = restore_action.has_value();
    const auto result = require(
        service::restore(env.context(), is_action ? service::RestoreTarget::action : service::RestoreTarget::convention,
                         is_action ? *restore_action : *restore_convention));
    if (!env.quiet()) {
      std::cout << fmt::format(
          "{} n° {} restaurée{}.\n", is_action ? "Action" : "Convention", result.id,
          !is_action && result.actions > 0 ? fmt::format(" avec {} action(s)", result.actions) : std::string());
    }
  });

  auto* check = app.add_subcommand(
      "check",
      "Vérifie la base : intégrité SQLite, clés étrangères, chaîne de l'historique, contenus validés, "
      "formulaires");
  check->callback([&env] {
    const auto report = require(service::check(env.context()));
    if (!env.quiet()) {
      for (const auto& note : report.notes) {
        std::cout << "ok : " << note << "\n";
      }
    }
    for (const auto& problem : report.problems) {
      std::cerr << "PROBLÈME : " << problem << "\n";
    }
    if (!report.ok()) {
      throw PilotException(Error{ErrorKind::data, fmt::format("{} problème(s) trouvé(s)", report.problems.size())});
    }
  });
}

}  // namespace pilot::cmd
