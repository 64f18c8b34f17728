// pilot validate / pilot unvalidate: the double validation.
#include <fmt/format.h>

#include <iostream>

#include "command_env.hpp"
#include "service/actions.hpp"

namespace pilot::cmd {

void register_validate(CLI::App& app, CommandEnv& env);
namespace {
const bool k_registered = add_registrar(40, register_validate);

// `rolled_back`: nothing was recorded (explicit ids, one refusal); the actions that could have been
// validated are said so on stderr, never as validated on stdout.
void print_lines(const service::ValidateResult& result, bool quiet, bool rolled_back = false) {
  for (const auto& line : result.lines) {
    if (rolled_back && line.outcome != service::ValidationOutcome::refused) {
      std::cerr << fmt::format("action n° {} ({}) : non validée (tout ou rien : une autre action est refusée)\n",
                               line.action_id, line.reference);
      continue;
    }
    if (quiet && line.outcome != service::ValidationOutcome::refused) {
      continue;
    }
    auto& out = line.outcome == service::ValidationOutcome::refused ? std::cerr : std::cout;
    out << fmt::format("action n° {} ({}) : {}{}\n", line.action_id, line.reference, line.message,
                       line.outcome == service::ValidationOutcome::refused
                           ? std::string()
                           : fmt::format(" — statut « {} »", domain::to_label(line.status)));
    for (const auto& problem : line.problems) {
      out << fmt::format("  [{}] {}\n", problem.code, problem.message);
    }
  }
}

}  // namespace

void register_validate(CLI::App& app, CommandEnv& env) {
  static service::ValidateOptions validate_options;
  auto* validate = app.add_subcommand(
      "validate",
      "Valide des actions pour un côté (collectivité ou État) ; les deux validations rendent l'action "
      "« Double validée »");
  validate->add_option("--as", validate_options.side, "Côté qui valide : collectivite ou etat")
      ->required()
      ->check(CLI::IsMember({"collectivite", "etat"}));
  validate->add_option("ACTION_ID", validate_options.action_ids, "Numéros des actions à valider");
  validate->add_option(
      "--convention", validate_options.convention_id,
      "Convention dont valider les actions (avec --all) ; avec des numéros, celle à laquelle ils doivent appartenir");
  validate->add_flag("--all", validate_options.all, "Toutes les actions de la convention qui peuvent l'être");
  validate->add_option("--comment", validate_options.comment, "Commentaire enregistré avec la validation");
  validate->callback([&env] {
    const auto result = require(service::validate(env.context(), validate_options));
    print_lines(result, env.quiet(), result.any_refused() && !validate_options.all);
    if (result.any_refused()) {
      if (validate_options.all) {
        std::cerr << "Les actions refusées restent en l'état ; les autres sont validées.\n";
      } else {
        std::cerr << "Aucune validation enregistrée (tout ou rien).\n";
        throw PilotException(Error{ErrorKind::data, "validation refusée"});
      }
    }
  });

  static service::UnvalidateOptions unvalidate_options;
  auto* unvalidate = app.add_subcommand(
      "unvalidate", "Rouvre des actions validées : retour en brouillon, toutes validations annulées (motif requis)");
  unvalidate->add_option("--as", unvalidate_options.side, "Côté qui rouvre : collectivite ou etat")
      ->required()
      ->check(CLI::IsMember({"collectivite", "etat"}));
  unvalidate->add_option("ACTION_ID", unvalidate_options.action_ids, "Numéros des actions à rouvrir")->required();
  unvalidate->add_option("--comment", unvalidate_options.comment, "Motif de la réouverture")->required();
  unvalidate->callback([&env] {
    const auto result = require(service::unvalidate(env.context(), unvalidate_options));
    print_lines(result, env.quiet());
  });
}

}  // namespace pilot::cmd
